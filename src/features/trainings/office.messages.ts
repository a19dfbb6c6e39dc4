/** The office's pages for offerings and sessions (editing), part of `t.trainings.office`. */
const nl = {
  nav: "Trainingen",
};

const en: typeof nl = {
  nav: "Trainings",
};

export const trainingOfficeMessages = { nl, en };
