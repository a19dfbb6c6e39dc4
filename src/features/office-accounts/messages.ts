/** Office accounts' part of the catalogs (`t.accounts`); merged in src/catalogs.ts. */
const nl = {
  nav: "Medewerkers",
  title: "Medewerkers",
  intro: "Iedereen met toegang tot het kantoor. Beheerders kunnen ook medewerkers toevoegen, hun rol wijzigen en hun toegang intrekken.",
  email: "E-mailadres",
  name: "Naam",
  role: "Rol",
  roles: { staff: "Medewerker", admin: "Beheerder" },
  you: "(jij)",
  add: "Medewerker toevoegen",
  added: "De medewerker is toegevoegd.",
  accountTitle: (who: string) => `Medewerker ${who}`,
  changeRole: "Rol wijzigen",
  roleHint: "Wie geen beheerder meer is, wordt overal uitgelogd.",
  roleChanged: "De rol is gewijzigd.",
  removeTitle: "Toegang tot het kantoor intrekken",
  removeBody:
    "Deze persoon kan het kantoor daarna niet meer gebruiken en wordt overal uitgelogd. Een plek in het bestuur van een organisatie blijft bestaan.",
  remove: "Toegang intrekken",
  removed: (email: string) => `${email} heeft geen toegang meer tot het kantoor.`,
  auditActions: {
    "staff.set_role": "rol op het kantoor ingesteld",
    "staff.add": "medewerker toegevoegd",
    "staff.role": "rol gewijzigd",
    "staff.remove": "toegang tot het kantoor ingetrokken",
  } as Record<string, string>,
};

const en: typeof nl = {
  nav: "Staff",
  title: "Staff",
  intro: "Everyone with access to the office. Administrators can also add staff, change their role and revoke their access.",
  email: "Email address",
  name: "Name",
  role: "Role",
  roles: { staff: "Staff", admin: "Administrator" },
  you: "(you)",
  add: "Add staff member",
  added: "The staff member has been added.",
  accountTitle: (who: string) => `Staff member ${who}`,
  changeRole: "Change role",
  roleHint: "Whoever stops being an administrator is signed out everywhere.",
  roleChanged: "The role has been changed.",
  removeTitle: "Revoke access to the office",
  removeBody: "This person can no longer use the office and is signed out everywhere. A seat on an organisation's board stays as it is.",
  remove: "Revoke access",
  removed: (email: string) => `${email} no longer has access to the office.`,
  auditActions: {
    "staff.set_role": "office role set",
    "staff.add": "staff member added",
    "staff.role": "role changed",
    "staff.remove": "access to the office revoked",
  },
};

export const accountsMessages = { nl, en };
