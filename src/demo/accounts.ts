/** Demo accounts. They exist only outside production; all addresses are on example.org, all names invented. */
export const DEMO_ACCOUNTS = {
  admin: { email: "office-admin@example.org", name: "Anouk de Vries (office admin)" },
  staff: { email: "office@example.org", name: "Sam Jansen (office staff)" },
  board: { email: "chair@kompas.example.org", name: "Lotte Bakker" },
  /** An active key figure of the same organisation (Kompas): a confidential peer listener. */
  keyFigure: { email: "luisteraar@kompas.example.org", name: "Yara Willems" },
};
