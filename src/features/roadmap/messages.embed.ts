// Catalog section `t.embed` (nl and en with the same keys; the catalog test checks them).
const nl = {
  title: "embed",
};

const en: typeof nl = {
  title: "embed",
};

export const embedMessages = { nl, en };
