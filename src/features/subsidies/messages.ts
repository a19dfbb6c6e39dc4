/**
 * Texts of the subsidies shared by the board's and the office's pages and mails: the statuses as
 * people read them. (The board's pages add their texts here; the office's pages have their own
 * `subsidies-office/messages.ts`.)
 */
const nl = {
  status: {
    draft: "Concept",
    submitted: "Ingediend",
    in_review: "In behandeling",
    info_requested: "Meer informatie gevraagd",
    approved: "Toegekend",
    declined: "Afgewezen",
    withdrawn: "Ingetrokken",
    held: "Activiteit gehouden",
    report_submitted: "Verslag ingediend",
    paid: "Uitbetaald",
    closed: "Afgesloten",
  },
};

const en: typeof nl = {
  status: {
    draft: "Draft",
    submitted: "Submitted",
    in_review: "In review",
    info_requested: "More information requested",
    approved: "Approved",
    declined: "Declined",
    withdrawn: "Withdrawn",
    held: "Activity held",
    report_submitted: "Report submitted",
    paid: "Paid",
    closed: "Closed",
  },
};

export const subsidyMessages = { nl, en };
