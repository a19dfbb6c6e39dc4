// Catalog section `t.orders` (nl and en with the same keys; the catalog test checks them).
const nl = {
  title: "orders",
};

const en: typeof nl = {
  title: "orders",
};

export const ordersMessages = { nl, en };
