/** The office's pages for registrations, waiting lists and requests, part of `t.registrations.office`. */
const nl = {
  requestsNav: "Trainingsaanvragen",
};

const en: typeof nl = {
  requestsNav: "Training requests",
};

export const registrationOfficeMessages = { nl, en };
