/** The trainings' part of the catalogs: offerings, sessions, the catalogue and the office's editing. */
const nl = {
  title: "Trainingen en workshops",
};

const en: typeof nl = {
  title: "Trainings and workshops",
};

export const trainingMessages = { nl, en };

const errorsNl = {
  closesBeforeOpens: "De aanmelding moet sluiten na het moment waarop ze opengaat.",
  endsBeforeStarts: "Het einde moet na het begin liggen.",
};

const errorsEn: typeof errorsNl = {
  closesBeforeOpens: "Registration must close after it opens.",
  endsBeforeStarts: "The end must be after the start.",
};

export const trainingErrors = { nl: errorsNl, en: errorsEn };
