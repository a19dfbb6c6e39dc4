/**
 * The message catalogs, composed here from core's part and each feature's `messages.ts`: core
 * knows no feature, and a feature knows only its own part. A new capability adds its
 * `messages.ts` (`export const xMessages = { nl, en }`, `en` typed from `nl`) and one line per
 * language below. The English catalog has the type of the Dutch one, so a missing or extra key
 * fails the typecheck; `src/core/i18n/catalog.test.ts` also compares them at run time. A feature's
 * form errors (`xErrors`, also `{ nl, en }`) join core's in the one `errors` section.
 */
import { type Catalogs, composeErrors, coreMessages } from "./core/i18n/index.js";
import { accountErrors, accountMessages } from "./features/account/messages.js";
import { authMessages } from "./features/auth/messages.js";
import { contactErrors, contactMessagesCatalog } from "./features/confidential-contact/messages.js";
import { devMessages } from "./features/dev/messages.js";
import { invitationMessages } from "./features/invitations/messages.js";
import { keyFigureErrors, keyFigureMessages } from "./features/key-figures/messages.js";
import { guidanceErrors, guidanceMessages } from "./features/listener-guidance/messages.js";
import { mailingCampaignErrors, mailingCampaignMessages } from "./features/mailing-campaigns/messages.js";
import { mailingListErrors, mailingListMessages } from "./features/mailing-list/messages.js";
import { accountsMessages } from "./features/office-accounts/messages.js";
import { officeContactErrors, officeContactMessages } from "./features/office-contact/messages.js";
import { requestMessages } from "./features/org-requests/messages.js";
import { orgMessages } from "./features/organisations/messages.js";
import { pagesMessages } from "./features/pages/messages.js";
import { peerListenerErrors, peerListenerMessages } from "./features/peer-listeners/messages.js";
import { roadmapErrors, roadmapMessages } from "./features/roadmap/messages.js";
import { roadmapEditingMessages } from "./features/roadmap-editing/messages.js";
import { embedMessages } from "./features/roadmap-embed/messages.js";
import { ordersErrors, ordersMessages } from "./features/roadmap-print/messages.js";
import { safetyErrors, safetyMessages } from "./features/social-safety/messages.js";
import { subsidyErrors, subsidyMessages } from "./features/subsidies/messages.js";
import { subsidiesOfficeErrors, subsidiesOfficeMessages } from "./features/subsidies-office/messages.js";
import { registrationErrors, registrationMessages } from "./features/training-registrations/messages.js";
import { registrationOfficeErrors, registrationOfficeMessages } from "./features/training-registrations-office/messages.js";
import { trainingErrors, trainingMessages } from "./features/trainings/messages.js";
import { trainingOfficeErrors, trainingOfficeMessages } from "./features/trainings-office/office.messages.js";

const nl = {
  ...coreMessages.nl,
  errors: composeErrors(
    coreMessages.nl.errors,
    accountErrors.nl,
    roadmapErrors.nl,
    ordersErrors.nl,
    trainingErrors.nl,
    registrationErrors.nl,
    keyFigureErrors.nl,
    trainingOfficeErrors.nl,
    registrationOfficeErrors.nl,
    peerListenerErrors.nl,
    guidanceErrors.nl,
    contactErrors.nl,
    safetyErrors.nl,
    subsidiesOfficeErrors.nl,
    subsidyErrors.nl,
    officeContactErrors.nl,
    mailingCampaignErrors.nl,
    mailingListErrors.nl,
  ),
  pages: pagesMessages.nl,
  auth: authMessages.nl,
  dev: devMessages.nl,
  org: orgMessages.nl,
  requests: requestMessages.nl,
  invitations: invitationMessages.nl,
  keyFigures: keyFigureMessages.nl,
  ...accountMessages.nl,
  accounts: accountsMessages.nl,
  roadmap: roadmapMessages.nl,
  roadmapEditing: roadmapEditingMessages.nl,
  orders: ordersMessages.nl,
  embed: embedMessages.nl,
  trainings: { ...trainingMessages.nl, office: trainingOfficeMessages.nl },
  registrations: { ...registrationMessages.nl, office: registrationOfficeMessages.nl },
  listeners: peerListenerMessages.nl,
  guidance: guidanceMessages.nl,
  contact: contactMessagesCatalog.nl,
  safety: safetyMessages.nl,
  subsidies: subsidyMessages.nl,
  subsidiesOffice: subsidiesOfficeMessages.nl,
  officeContact: officeContactMessages.nl,
  mailingCampaigns: mailingCampaignMessages.nl,
  mailingList: mailingListMessages.nl,
};

/** The type of the whole catalog. */
export type AppMessages = typeof nl;

const en: AppMessages = {
  ...coreMessages.en,
  errors: composeErrors(
    coreMessages.en.errors,
    accountErrors.en,
    roadmapErrors.en,
    ordersErrors.en,
    trainingErrors.en,
    registrationErrors.en,
    keyFigureErrors.en,
    trainingOfficeErrors.en,
    registrationOfficeErrors.en,
    peerListenerErrors.en,
    guidanceErrors.en,
    contactErrors.en,
    safetyErrors.en,
    subsidiesOfficeErrors.en,
    subsidyErrors.en,
    officeContactErrors.en,
    mailingCampaignErrors.en,
    mailingListErrors.en,
  ),
  pages: pagesMessages.en,
  auth: authMessages.en,
  dev: devMessages.en,
  org: orgMessages.en,
  requests: requestMessages.en,
  invitations: invitationMessages.en,
  keyFigures: keyFigureMessages.en,
  ...accountMessages.en,
  accounts: accountsMessages.en,
  roadmap: roadmapMessages.en,
  roadmapEditing: roadmapEditingMessages.en,
  orders: ordersMessages.en,
  embed: embedMessages.en,
  trainings: { ...trainingMessages.en, office: trainingOfficeMessages.en },
  registrations: { ...registrationMessages.en, office: registrationOfficeMessages.en },
  listeners: peerListenerMessages.en,
  guidance: guidanceMessages.en,
  contact: contactMessagesCatalog.en,
  safety: safetyMessages.en,
  subsidies: subsidyMessages.en,
  subsidiesOffice: subsidiesOfficeMessages.en,
  officeContact: officeContactMessages.en,
  mailingCampaigns: mailingCampaignMessages.en,
  mailingList: mailingListMessages.en,
};

declare module "./core/i18n/index.js" {
  // Core's `Messages` (the type of `c.var.t` and of mail templates' `t`) is the whole catalog.
  interface Messages extends AppMessages {
    // Core's form errors and the features' (composeErrors): the features' keys are typed too.
    errors: AppMessages["errors"];
  }
}

export const catalogs: Catalogs = { nl, en };
