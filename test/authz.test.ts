import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { catalogs } from "../src/catalogs.js";
import { randomToken } from "../src/core/crypto.js";
import { LANGS, type Lang } from "../src/core/i18n/index.js";
import { users } from "../src/features/auth/schema.js";
import { createSession } from "../src/features/auth/service.js";
import { encrypt, keyRing } from "../src/features/confidential-contact/crypto.js";
import { confidentialAdvisers, contactConversations, contactMessages } from "../src/features/confidential-contact/schema.js";
import { NEXT_BOARD_ROWS } from "../src/features/invitations/forms.js";
import { boardInvitations } from "../src/features/invitations/schema.js";
import { keyFigures } from "../src/features/key-figures/schema.js";
import { guidancePages } from "../src/features/listener-guidance/schema.js";
import { mailingCampaigns } from "../src/features/mailing-campaigns/schema.js";
import { mailingSubscriptions } from "../src/features/mailing-list/schema.js";
import { officeCanned, officeConversations } from "../src/features/office-contact/schema.js";
import { orgRequests } from "../src/features/org-requests/schema.js";
import { boardMembers, boards, organisations } from "../src/features/organisations/schema.js";
import { listenerProfiles } from "../src/features/peer-listeners/schema.js";
import { resources, topics } from "../src/features/roadmap/schema.js";
import { printOrders } from "../src/features/roadmap-print/schema.js";
import { subsidyApplications, subsidyAttachments, subsidyBudgetLines, subsidyTemplates } from "../src/features/subsidies/schema.js";
import { trainingRegistrations, trainingRequests } from "../src/features/training-registrations/schema.js";
import { trainingOfferings, trainingSessions } from "../src/features/trainings/schema.js";
import { type Params, ROUTES, type RouteKey, url } from "../src/routes.js";
import { Client, setupApp } from "./helpers/app.js";

const ctx = setupApp();
const T = catalogs;

/**
 * The authorisation matrix. Every key of ROUTES is either public, a development helper, or has a
 * row below saying who may use it; a new route without a row fails the first test. The methods
 * tried per key are the ones the app actually registers, so a new POST on an old key is covered too.
 */
const PUBLIC = [
  "home",
  "contact",
  "privacy",
  "accessibility",
  "signIn",
  "signInSent",
  "signInLink",
  "signOut",
  "accountDeleted",
  "roadmap",
  "roadmapSearch",
  "roadmapGuide",
  "roadmapPdf",
  "roadmapQr",
  "roadmapTopic",
  "roadmapResource",
  "roadmapOrder",
  "roadmapOrderSent",
  "roadmapOrderConfirm",
  // Token-based: the link in the order's receipt opens it, and it only shows (see orders.test.ts).
  "roadmapOrderStatus",
  // Token-based: the link mailed to the invited address opens it (see organisations.test.ts).
  "invitation",
  // Token-based, as the board invitation (see key-figures.test.ts).
  "keyFigureInvitation",
  // The trainings' catalogue, an offering's page and the calendar feeds (see trainings/public.test.ts).
  "trainings",
  "trainingsFeed",
  "training",
  "trainingFeed",
  // The public "find a peer listener" page and the guidance for boards (see peer-listeners.test.ts, guidance.test.ts).
  "peerListeners",
  "guidance",
  "guidancePage",
  // The confidential contact's student side: no account; the receipt opens a conversation (see confidential-contact/contact.test.ts).
  "contactListeners",
  "contactReturn",
  // The subsidy's criteria page and eligibility check (see subsidy-boards/board.test.ts).
  "subsidies",
  "subsidyCheck",
  // The mailing list: the subscribe form, and the pages its mails' links open (token-based; see mailing-list/mailing-list.test.ts).
  "mailingSubscribe",
  "mailingConfirm",
  "mailingPreferences",
  "mailingUnsubscribe",
  "mailingExport",
  "mailingErase",
] as const satisfies readonly RouteKey[];
const DEV = ["devMail", "devMailItem", "devSignIn"] as const satisfies readonly RouteKey[];

type Role = "anonymous" | "boardB" | "staff" | "admin" | "keyFigureA" | "boardA";
/** Board A acts last: its successful POSTs must not spoil the attempts of the others. */
const ROLES: Role[] = ["anonymous", "boardB", "staff", "admin", "keyFigureA", "boardA"];
/**
 * user: any signed-in person; board: the current board of organisation A; boardOrStaff: that board
 * or the office (changes to A's board members); staff: office; admin: administrators; keyFigure:
 * an active key figure of organisation A (who is not on its board, and never gets the board's pages);
 * listener: a current peer listener of A (the key figure of A has that role); adviser: an office
 * account named confidential adviser (the administrator, in the fixture).
 */
type Scope = "user" | "board" | "boardOrStaff" | "staff" | "admin" | "keyFigure" | "listener" | "adviser";
type Fx = Awaited<ReturnType<typeof fixture>>;
type User = typeof users.$inferSelect;
type Row = {
  scope: Scope;
  params?: (fx: Fx, role: Role, lang: Lang) => Params;
  /** The form a POST sends (valid where it matters, so a missing check would show as a change). */
  form?: (fx: Fx, role: Role, lang: Lang) => Record<string, string>;
  /** Statuses an authorised POST may answer with. */
  postOk?: number[];
  /** An authorised POST ends the poster's sessions: they get a new one before the next attempt. */
  endsSessions?: boolean;
};

const orgA = (fx: Fx) => ({ id: fx.orgA.id });
const orgFields = (name: string) => ({
  name,
  kind: "other",
  faculty: "",
  website: "",
  contactUrl: "",
  email: "",
  lang: "nl",
  memberCount: "",
});

/** A valid offering form of the office (the title names who sent it). */
const offeringFields = (title: string) => ({
  title_nl: title,
  title_en: title,
  kind: "workshop",
  audiences: "board_members",
  provider: "university",
  lang: "nl",
  cost: "0",
  format: "single",
  registration: "portal",
  capacityUnit: "organisations",
  capacity: "25",
  maxPerOrganisation: "3",
  cancelHoursBefore: "48",
  waitingList: "on",
  offerHours: "48",
  status: "published",
});
const offeringParams = (fx: Fx) => ({ id: fx.offering.id });
const sessionParams = (fx: Fx) => ({ id: fx.offering.id, sessionId: fx.trainingSession.id });
const dateFields = { date: "2026-12-17", startTime: "11:30", endTime: "16:00", location_nl: "Leiden", location_en: "Leiden" };

const TABLE = {
  dashboard: { scope: "user" },
  account: { scope: "user", form: (_fx, role, lang) => ({ name: `Renamed ${role}`, lang }), postOk: [303] },
  accountExport: { scope: "user" },
  // Someone else's or an unknown session: nothing ends, the answer is the same.
  accountSessionEnd: { scope: "user", params: () => ({ id: "00000000-0000-4000-8000-000000000000" }), postOk: [303] },
  accountSignOutAll: { scope: "user", postOk: [303], endsSessions: true },
  // Unconfirmed in Dutch (422); confirmed in English: deleted (303), or refused for board B's only member (409).
  accountDelete: { scope: "user", form: (_fx, _role, lang) => ({ confirm: lang === "en" ? "on" : "" }), postOk: [303, 409, 422] },
  orgRegister: {
    scope: "user",
    form: (_fx, role, lang) => ({ ...orgFields(`Registered by ${role} ${lang}`), position: "chair", message: "" }),
    postOk: [303],
  },
  orgJoin: {
    scope: "user",
    // One open request per person and organisation: each language asks to join another one.
    form: (fx, _role, lang) => ({ organisationId: (lang === "nl" ? fx.orgB : fx.orgA).id, position: "other", message: "" }),
    postOk: [303],
  },
  org: { scope: "board", params: orgA },
  orgEdit: { scope: "board", params: orgA, form: (_fx, role, lang) => orgFields(`Alpha edited by ${role} ${lang}`), postOk: [303] },
  orgInvite: {
    scope: "board",
    params: orgA,
    form: (fx, role, lang) => ({ boardId: fx.boardA.id, email: `invited-by-${role}-${lang}@example.org`, name: "", position: "other" }),
    postOk: [303],
  },
  orgNextBoard: {
    scope: "board",
    params: orgA,
    form: (_fx, role, lang) => {
      const rows: Record<string, string> = { startsOn: lang === "nl" ? "2027-09-01" : "2028-09-01" };
      for (let i = 1; i <= NEXT_BOARD_ROWS; i++) Object.assign(rows, { [`email_${i}`]: "", [`name_${i}`]: "", [`position_${i}`]: "" });
      return { ...rows, email_1: `next-${role}-${lang}@example.org`, position_1: "chair" };
    },
    postOk: [303],
  },
  orgMemberRemove: {
    scope: "boardOrStaff",
    params: (fx, role, lang) => ({ id: fx.orgA.id, memberId: fx.fellows[`${role}-${lang}`]! }),
    postOk: [303],
  },
  orgMemberPosition: {
    scope: "boardOrStaff",
    params: (fx, role, lang) => ({ id: fx.orgA.id, memberId: fx.fellows[`${role}-${lang}`]! }),
    form: () => ({ position: "treasurer" }),
    postOk: [303],
  },
  orgInvitationWithdraw: {
    scope: "boardOrStaff",
    params: (fx, role, lang) => ({ id: fx.orgA.id, invitationId: fx.invitations[`${role}-${lang}`]! }),
    postOk: [303],
  },
  staffHome: { scope: "staff" },
  staffOrgs: { scope: "staff" },
  staffOrgsCsv: { scope: "staff" },
  staffOrgNew: {
    scope: "staff",
    form: (_fx, role, lang) => ({ ...orgFields(`Created by ${role} ${lang}`), status: "active" }),
    postOk: [303],
  },
  staffOrg: { scope: "staff", params: orgA },
  staffOrgEdit: {
    scope: "staff",
    params: orgA,
    form: (_fx, role, lang) => ({ ...orgFields(`Alpha ${role} ${lang}`), status: "active" }),
    postOk: [303],
  },
  staffOrgInvite: {
    scope: "staff",
    params: orgA,
    form: (fx, role, lang) => ({ boardId: fx.boardA.id, email: `office-invite-${role}-${lang}@example.org`, name: "", position: "other" }),
    postOk: [303],
  },
  staffRequests: { scope: "staff" },
  staffRequest: {
    scope: "staff",
    params: (fx, role, lang) => ({ id: fx.requests[`${role}-${lang}`]! }),
    form: () => ({ decision: "approve", reason: "" }),
    postOk: [303],
  },
  staffHandovers: { scope: "staff" },
  staffUsers: {
    scope: "admin",
    // Whoever else posts tries to make themselves an administrator; the administrator adds someone new.
    form: (fx, role, lang) => ({
      email: role === "admin" ? `added-${lang}@office.example.org` : (fx.emails[role] ?? "nobody@example.org"),
      name: "",
      role: "admin",
    }),
    postOk: [303],
  },
  // An office account's page and role change: the target is a staff member (one per language).
  staffUser: { scope: "admin", params: (fx, _role, lang) => ({ id: fx.colleagues[lang] }), form: () => ({ role: "admin" }), postOk: [303] },
  staffUserRemove: { scope: "admin", params: (fx, _role, lang) => ({ id: fx.colleagues[lang] }), postOk: [303] },
  roadmapEmbedBuilder: { scope: "user" },
  staffRoadmap: { scope: "staff" },
  staffResourceNew: { scope: "staff" },
  staffResource: { scope: "staff", params: (fx) => ({ id: fx.resourceId }) },
  staffResourceStatus: { scope: "staff", params: (fx) => ({ id: fx.resourceId }), form: () => ({ status: "hidden" }) },
  staffResourceReviewed: { scope: "staff", params: (fx) => ({ id: fx.resourceId }) },
  staffTopicNew: { scope: "staff" },
  staffTopic: { scope: "staff", params: (fx) => ({ id: fx.topicId }) },
  staffOrders: { scope: "staff" },
  staffOrdersCsv: { scope: "staff" },
  staffOrder: { scope: "staff", params: (fx) => ({ id: fx.orderId }) },
  orgTrainings: { scope: "board", params: orgA },
  // Board A registers in Dutch (303); in English it is registered already (422). Anyone else must leave no registration behind.
  orgTrainingRegister: {
    scope: "board",
    params: (fx) => ({ id: fx.orgA.id, offeringId: fx.openOffering.id }),
    form: (_fx, role, lang) => ({
      rows: "1",
      key: `key-${role}-${lang}-0123456789`,
      name_1: `Person ${role}`,
      email_1: `p-${role}-${lang}@example.org`,
      role_1: "",
    }),
    postOk: [303, 422],
  },
  // Board A asks in Dutch (303); in English its request is open already (422).
  orgTrainingRequest: {
    scope: "board",
    params: (fx) => ({ id: fx.orgA.id, offeringId: fx.workshop.id }),
    form: () => ({ preferredDates: "March", groupSize: "10", wishes: "" }),
    postOk: [303, 422],
  },
  orgTrainingRegistration: { scope: "board", params: (fx) => ({ id: fx.orgA.id, registrationId: fx.registration.id }) },
  orgTrainingRegistrationIcs: { scope: "board", params: (fx) => ({ id: fx.orgA.id, registrationId: fx.registration.id }) },
  // Confirmed already: accepting again leaves it as it is.
  orgTrainingAccept: { scope: "board", params: (fx) => ({ id: fx.orgA.id, registrationId: fx.registration.id }), postOk: [303] },
  // Board A cancels in Dutch; in English it is cancelled already.
  orgTrainingCancel: { scope: "board", params: (fx) => ({ id: fx.orgA.id, registrationId: fx.registration.id }), postOk: [303] },
  orgKeyFigures: {
    scope: "board",
    params: orgA,
    form: (_fx, role, lang) => ({ email: `key-${role}-${lang}@example.org`, name: "", role: "peer_listener", note: "" }),
    postOk: [303],
  },
  // One open invitation per language: board A withdraws it last.
  orgKeyFigureWithdraw: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, keyFigureId: fx.keyFigureInvites[lang] }),
    postOk: [303],
  },
  // One active key figure per language: board A is asked, then removes them last.
  orgKeyFigureRemove: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, keyFigureId: fx.keyFigureActive[lang] }),
    postOk: [303],
  },
  // The key figure registers themselves in Dutch (303); in English the organisation is registered already (422).
  keyFigureTrainingRegister: {
    scope: "keyFigure",
    params: (fx) => ({ orgId: fx.orgA.id, offeringId: fx.keyFigureOffering.id }),
    form: (_fx, role, lang) => ({ session: "", key: `key-${role}-${lang}-0123456789abcdef` }),
    postOk: [303, 422],
  },
  orgListeners: { scope: "board", params: orgA },
  // The listener's own pages: only key figure A's own role (a peer listener), never the board's or anyone else's.
  listenerProfile: {
    scope: "keyFigure",
    params: (fx) => ({ keyFigureId: fx.keyFigureA }),
    form: (_fx, role, lang) => ({
      displayName: `Kim ${role} ${lang}`,
      languages: "nl",
      introduction: "",
      responseTime: "week",
      listed: "on",
    }),
    postOk: [303],
  },
  listenerStatus: {
    scope: "keyFigure",
    params: (fx) => ({ keyFigureId: fx.keyFigureA }),
    form: () => ({ status: "paused" }),
    postOk: [303],
  },
  // Unconfirmed in Dutch (422); confirmed in English: stepped down (200, a page saying so).
  listenerStepDown: {
    scope: "keyFigure",
    params: (fx) => ({ keyFigureId: fx.keyFigureA }),
    form: (_fx, _role, lang): Record<string, string> => (lang === "en" ? { confirm: "on" } : {}),
    postOk: [200, 422],
  },
  staffGuidance: {
    scope: "staff",
    form: (_fx, role, lang) => ({ slug: `new-${role}-${lang}`, sort: "5", title_nl: "Nieuw", title_en: "New" }),
    postOk: [303],
  },
  staffGuidancePage: {
    scope: "staff",
    params: (fx) => ({ id: fx.guidance.id }),
    form: (_fx, role, lang) => ({
      slug: "why",
      sort: "1",
      title_nl: `Waarom ${role} ${lang}`,
      title_en: "Why",
      body_nl: "Tekst.",
      body_en: "Text.",
    }),
    postOk: [303],
  },
  // Adds the missing model pages (none the first time round after the fixture's page, then none missing).
  staffGuidanceModels: { scope: "staff", postOk: [303] },
  staffTrainings: { scope: "staff" },
  staffTrainingNew: { scope: "staff", form: (_fx, role, lang) => offeringFields(`New by ${role} ${lang}`), postOk: [303] },
  staffTraining: {
    scope: "staff",
    params: offeringParams,
    form: (_fx, role, lang) => offeringFields(`Edited by ${role} ${lang}`),
    postOk: [303],
  },
  staffTrainingRegistrations: { scope: "staff", params: offeringParams },
  staffTrainingCsv: { scope: "staff", params: offeringParams },
  // Board B's organisation added above the cap: the first time (303), then refused as already registered (422).
  staffTrainingAdd: {
    scope: "staff",
    params: offeringParams,
    form: (fx) => ({
      organisationId: fx.orgB.id,
      sessionId: fx.trainingSession.id,
      name_1: "Bea",
      email_1: "bea@example.org",
      reason: "Agreed",
    }),
    postOk: [303, 422],
  },
  staffTrainingSessionNew: { scope: "staff", params: offeringParams, form: () => dateFields, postOk: [303] },
  staffTrainingSession: { scope: "staff", params: sessionParams, form: () => dateFields, postOk: [303] },
  staffTrainingSessionCancel: { scope: "staff", params: sessionParams, form: () => ({ reason: "The trainer is ill" }), postOk: [303] },
  // The date has not begun: attendance is refused (409) until it has.
  staffTrainingAttendance: { scope: "staff", params: sessionParams, postOk: [409] },
  staffTrainingMessage: {
    scope: "staff",
    params: sessionParams,
    form: () => ({ subject_nl: "Hallo", subject_en: "Hello", body_nl: "Tot dan.", body_en: "See you.", confirmed: "yes" }),
    postOk: [303],
  },
  staffTrainingRegistration: {
    scope: "staff",
    params: (fx) => ({ id: fx.registration.id }),
    form: () => ({ action: "cancel", cancelReason: "Registered twice" }),
    postOk: [303],
  },
  // The board's social-safety report: a valid form, saved as a new row (303); anyone else writes nothing.
  orgSafety: {
    scope: "board",
    params: orgA,
    form: () => ({ codeAdopted: "yes", codeAdoptedOn: "2026-01-15", codeUrl: "", policy: "adopted", policyUpdatedOn: "2026-02-01" }),
    postOk: [303],
  },
  // Subsidies, the board's side (see subsidy-boards/board.test.ts): A's applications; each language acts on its own where a POST changes one.
  orgSubsidies: { scope: "board", params: orgA, form: (_fx, role, lang) => ({ key: `new-${role}-${lang}-0123456789` }), postOk: [303] },
  orgSubsidy: { scope: "board", params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.draft[lang] }) },
  orgSubsidyEdit: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.draft[lang] }),
    form: (_fx, role) => ({ title: `Saved by ${role}`, rows: "3", action: "save" }),
    postOk: [303],
  },
  // Answered in Dutch (303); in English it waits for the office again (422).
  orgSubsidyAnswer: {
    scope: "board",
    params: (fx) => ({ id: fx.orgA.id, applicationId: fx.subsidy.info }),
    form: () => ({ answer: "Our answer" }),
    postOk: [303, 422],
  },
  orgSubsidyWithdraw: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.draft[lang] }),
    postOk: [303],
  },
  orgSubsidyReport: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.approved[lang] }),
    form: () => ({ reportText: "Done", reportParticipants: "20", reportEvaluation: "Good", rows: "3", item_1: "Hall", amount_1: "100" }),
    postOk: [303],
  },
  // A form without a file: 422 (the uploads themselves are in board.test.ts, as multipart).
  orgSubsidyFiles: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.draft[lang] }),
    form: () => ({ kind: "quote" }),
    postOk: [422],
  },
  orgSubsidyFile: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.draft[lang], attachmentId: fx.subsidy.file[lang] }),
  },
  orgSubsidyFileRemove: {
    scope: "board",
    params: (fx, _role, lang) => ({ id: fx.orgA.id, applicationId: fx.subsidy.draft[lang], attachmentId: fx.subsidy.file[lang] }),
    postOk: [303],
  },
  staffSafety: { scope: "staff" },
  staffSafetyCsv: { scope: "staff" },
  staffTrainingRequests: { scope: "staff" },
  staffTrainingRequest: {
    scope: "staff",
    params: (fx) => ({ id: fx.trainingRequest.id }),
    form: () => ({ action: "decline", declineReason: "No trainer available" }),
    postOk: [303],
  },
  // The confidential contact: A's listener team (the key figure of A) reads and answers; nobody else finds the inbox.
  listenerInbox: { scope: "listener", params: (fx) => ({ orgId: fx.orgA.id }) },
  listenerConversation: { scope: "listener", params: (fx) => fx.conversation, form: () => ({ message: "An answer" }), postOk: [303] },
  listenerConversationStatus: { scope: "listener", params: (fx) => fx.conversation, form: () => ({ action: "close" }), postOk: [303] },
  listenerReferral: {
    scope: "listener",
    params: (fx) => fx.conversation,
    form: (fx) => ({ resource: fx.resourceId, note: "See them" }),
    postOk: [303],
  },
  // The student consented: handed over in Dutch, and in English it is handed over already.
  listenerHandover: { scope: "listener", params: (fx) => fx.conversation, postOk: [303] },
  staffContactCounts: { scope: "staff" },
  staffAdvisers: { scope: "admin", form: (fx) => ({ account: fx.accounts.staff!.id }), postOk: [303] },
  // One named adviser per language, for the administrator to remove.
  staffAdviserRemove: { scope: "admin", params: (fx, _role, lang) => ({ id: fx.colleagues[lang] }), postOk: [303] },
  adviserInbox: { scope: "adviser" },
  adviserConversation: {
    scope: "adviser",
    params: (fx) => ({ id: fx.handedOver }),
    form: () => ({ message: "The adviser answers" }),
    postOk: [303],
  },
  // Subsidies, the office's side: staff review; administrators decide money (approve, decline, pay, the budget).
  // The application is submitted: the first step taken moves it on, so the next attempt may be refused (422).
  staffSubsidies: { scope: "staff" },
  staffSubsidiesCsv: { scope: "staff" },
  staffSubsidyBudget: {
    scope: "admin",
    form: () => ({ year: "2026", total: "20000", maxApplication: "1000", maxOrganisation: "2000" }),
    postOk: [303],
  },
  staffSubsidyTemplates: {
    scope: "staff",
    form: (_fx, role, lang) => ({ kind: "info", name: `By ${role} ${lang}`, body_nl: "Vraag", body_en: "Question" }),
    postOk: [303],
  },
  staffSubsidyTemplate: {
    scope: "staff",
    params: (fx) => ({ id: fx.subsidyTemplate }),
    form: (_fx, role, lang) => ({ kind: "decline", name: `By ${role} ${lang}`, body_nl: "Nee", body_en: "No" }),
    postOk: [303],
  },
  // Deleted by the first office account to try; gone (404) for the next.
  staffSubsidyTemplateDelete: { scope: "staff", params: (fx) => ({ id: fx.subsidyTemplate }), postOk: [303, 404] },
  staffSubsidyCriteria: { scope: "staff", form: () => ({ body_nl: "Criteria", body_en: "Criteria" }), postOk: [303] },
  staffSubsidyOverview: { scope: "staff" },
  staffSubsidy: { scope: "staff", params: (fx) => ({ id: fx.officeSubsidy }) },
  staffSubsidyAssign: { scope: "staff", params: (fx) => ({ id: fx.officeSubsidy }), form: () => ({ reviewer: "" }), postOk: [303] },
  staffSubsidyComment: {
    scope: "staff",
    params: (fx) => ({ id: fx.officeSubsidy }),
    form: () => ({ body: "Internal note" }),
    postOk: [303],
  },
  staffSubsidyScores: {
    scope: "staff",
    params: (fx) => ({ id: fx.officeSubsidy }),
    form: () => Object.fromEntries(["byStudents", "wellBeing", "reach", "costs", "feasibility"].map((k) => [`score_${k}`, "2"])),
    postOk: [303],
  },
  staffSubsidyStep: { scope: "staff", params: (fx) => ({ id: fx.officeSubsidy }), form: () => ({ step: "review" }), postOk: [303, 422] },
  staffSubsidyInfo: {
    scope: "staff",
    params: (fx) => ({ id: fx.officeSubsidy }),
    form: () => ({ question: "Which venue?" }),
    postOk: [303, 422],
  },
  staffSubsidyApprove: {
    scope: "admin",
    params: (fx) => ({ id: fx.officeSubsidy }),
    form: () => ({ granted: "100", conditions: "" }),
    postOk: [303, 422],
  },
  staffSubsidyDecline: {
    scope: "admin",
    params: (fx) => ({ id: fx.officeSubsidy }),
    form: () => ({ reasons: "Out of scope" }),
    postOk: [303, 422],
  },
  // Not approved: nothing to pay (422), but only an administrator gets that far.
  staffSubsidyFile: { scope: "staff", params: (fx) => ({ id: fx.officeSubsidy, attachmentId: fx.officeFile }) },
  staffSubsidyPaid: { scope: "admin", params: (fx) => ({ id: fx.officeSubsidy }), form: () => ({ paid: "100" }), postOk: [422] },
  // The office's contact messages (office-contact): a conversation to reply to, note, close; canned answers to add and edit.
  staffContact: { scope: "staff" },
  staffContactConversation: {
    scope: "staff",
    params: (fx) => ({ id: fx.officeContact }),
    form: () => ({ body: "Thank you." }),
    postOk: [303],
  },
  staffContactNote: { scope: "staff", params: (fx) => ({ id: fx.officeContact }), form: () => ({ note: "Phoned them." }), postOk: [303] },
  staffContactManage: {
    scope: "staff",
    params: (fx) => ({ id: fx.officeContact }),
    form: () => ({ status: "closed", assignee: "" }),
    postOk: [303],
  },
  staffContactCanned: {
    scope: "staff",
    form: (_fx, role, lang) => ({ title_nl: `Dank ${role} ${lang}`, title_en: "Thanks", body_nl: "Dank je.", body_en: "Thank you." }),
    postOk: [303],
  },
  staffContactCannedItem: {
    scope: "staff",
    params: (fx) => ({ id: fx.canned }),
    form: (_fx, role, lang) => ({ title_nl: `Dank ${role} ${lang}`, title_en: "Thanks", body_nl: "Dank je.", body_en: "Thank you." }),
    postOk: [303],
  },
  // Mailing-list campaigns (mailing-campaigns): each role and language acts on its own campaign (a draft, or one being sent).
  staffCampaigns: { scope: "staff" },
  staffCampaignNew: { scope: "staff", form: (_fx, role, lang) => campaignFields(`${role} ${lang}`), postOk: [303] },
  staffCampaignAnnounce: { scope: "staff", form: (fx) => ({ offering: fx.offering.id }), postOk: [303] },
  staffCampaign: { scope: "staff", params: campaign("draft"), form: (_fx, role, lang) => campaignFields(`${role} ${lang}`), postOk: [303] },
  staffCampaignPreview: { scope: "staff", params: campaign("draft") },
  staffCampaignTest: { scope: "staff", params: campaign("draft"), form: () => ({ lang: "en" }), postOk: [303] },
  staffCampaignSchedule: { scope: "staff", params: campaign("draft"), form: () => ({ scheduledAt: "2027-01-10T10:00" }), postOk: [303] },
  staffCampaignSend: { scope: "staff", params: campaign("draft"), postOk: [303] },
  staffCampaignPause: { scope: "staff", params: campaign("sending"), postOk: [303] },
  staffCampaignCancel: { scope: "staff", params: campaign("sending"), postOk: [303] },
  staffCampaignDeliveries: { scope: "staff", params: campaign("sending") },
  // The mailing list: the office's subscribers and its bounce action; board A's hand-over of its update address.
  staffMailing: { scope: "staff" },
  staffMailingBounce: { scope: "staff", params: (fx) => ({ id: fx.mailing }), form: () => ({ kind: "soft" }), postOk: [303] },
  orgMailingConfirm: { scope: "board", params: (fx) => ({ id: fx.orgA.id, subscriptionId: fx.mailing }), postOk: [303] },
  orgMailingChange: {
    scope: "board",
    params: (fx) => ({ id: fx.orgA.id, subscriptionId: fx.mailing }),
    form: () => ({ email: "updates@alpha.example.org" }),
    postOk: [303],
  },
} satisfies Record<Exclude<RouteKey, (typeof PUBLIC)[number] | (typeof DEV)[number]>, Row>;

const ROWS = TABLE as Record<string, Row>;

function campaignFields(subject: string) {
  return { subject_nl: subject, subject_en: subject, body_nl: "Hallo", body_en: "Hello", topics: "news", audience: "all" };
}
function campaign(kind: "draft" | "sending") {
  return (fx: Fx, role: Role, lang: Lang) => ({ id: fx.campaigns[`${kind} ${role} ${lang}`]! });
}

// ---------- fixtures ----------

async function fixture() {
  // Plain batch inserts: this runs once per route key, so it is kept to a dozen queries.
  const [orgA, orgB] = await ctx.db
    .insert(organisations)
    .values([
      { name: "Alpha Association", nameKey: "alphaassociation", kind: "sports" },
      { name: "Beta Club", nameKey: "betaclub", kind: "cultural" },
    ])
    .returning();
  const [boardA, boardB] = await ctx.db
    .insert(boards)
    .values([
      { organisationId: orgA!.id, year: 2026, startsOn: "2026-09-01" },
      { organisationId: orgB!.id, year: 2026, startsOn: "2026-09-01" },
    ])
    .returning();
  const people = await ctx.db
    .insert(users)
    .values([
      { email: "a@alpha.example.org" },
      { email: "b@beta.example.org" },
      { email: "staff@office.example.org", staffRole: "staff" },
      { email: "admin@office.example.org", staffRole: "admin" },
      { email: "colleague-nl@office.example.org", staffRole: "staff" },
      { email: "colleague-en@office.example.org", staffRole: "staff" },
    ])
    .returning();
  const [a, b, staff, admin, cnl, cen] = people as [User, User, User, User, User, User];
  const keys = ROLES.flatMap((role) => LANGS.map((lang) => `${role}-${lang}`));
  // A fellow member of board A per role and language, for each to remove or change on their own.
  const fellowUsers = await ctx.db
    .insert(users)
    .values(keys.map((k) => ({ email: `fellow-${k}@alpha.example.org` })))
    .returning();
  // A student with a pending request per role and language (one open request per person and organisation).
  const students = await ctx.db
    .insert(users)
    .values(keys.map((k) => ({ email: `student-${k}@example.org` })))
    .returning();
  // A CSRF cookie as a first page view would set it (saves rendering a page per client).
  const fresh = () => {
    const c = new Client(ctx);
    c.cookies.set("vn_csrf", randomToken());
    return c;
  };
  const client = async (u: User) => {
    const c = fresh();
    c.cookies.set("vn_session", await createSession(ctx.db, u.id, ctx.clock.now()));
    return c;
  };
  const seated = await ctx.db
    .insert(boardMembers)
    .values([
      { boardId: boardA!.id, userId: a.id, position: "chair" as const },
      { boardId: boardB!.id, userId: b.id, position: "chair" as const },
      ...fellowUsers.map((u) => ({ boardId: boardA!.id, userId: u.id, position: "other" as const })),
    ])
    .returning();
  const fellows = Object.fromEntries(keys.map((k, i) => [k, seated[i + 2]!.id]));
  const invited = await ctx.db
    .insert(boardInvitations)
    .values(
      keys.map((k) => ({
        organisationId: orgA!.id,
        boardId: boardA!.id,
        email: `invited-${k}@example.org`,
        position: "other" as const,
        tokenHash: `hash-${k}`,
        expiresAt: new Date(ctx.clock.now().getTime() + 86_400_000),
      })),
    )
    .returning();
  const invitations = Object.fromEntries(keys.map((k, i) => [k, invited[i]!.id]));
  const rows = await ctx.db
    .insert(orgRequests)
    .values(students.map((st) => ({ kind: "join" as const, userId: st.id, organisationId: orgB!.id, position: "other" as const })))
    .returning({ id: orgRequests.id });
  const requests = Object.fromEntries(keys.map((k, i) => [k, rows[i]!.id]));
  const loc = (s: string) => ({ nl: s, en: s });
  const [topic] = await ctx.db
    .insert(topics)
    .values({ slug: "stress", name: loc("Stress"), description: loc("About stress") })
    .returning();
  const [resource] = await ctx.db
    .insert(resources)
    .values({
      slug: "listeners",
      name: loc("Listeners"),
      summary: loc("Peers"),
      description: loc("Peer listeners"),
      scope: "inside",
      provider: "Office",
    })
    .returning();
  const [order] = await ctx.db
    .insert(printOrders)
    .values({
      reference: "WW-TEST1",
      organisationName: "Alpha Association",
      contactName: "A",
      email: "a@alpha.example.org",
      lang: "nl",
      street: "Rapenburg 70",
      postcode: "2311 EZ",
      city: "Leiden",
      status: "new",
    })
    .returning();
  // Trainings: a published offering with one date and orgA's registration for it, and an offering organisations request;
  // one more of each that nobody has registered for or requested yet.
  const [offering, requestable, openOffering, workshop] = await ctx.db
    .insert(trainingOfferings)
    .values([
      {
        slug: "are-you-ok",
        kind: "workshop" as const,
        title: loc("Are you OK?"),
        lang: "nl" as const,
        status: "published" as const,
        capacity: 25,
      },
      {
        slug: "tailor-made",
        kind: "tailor_made" as const,
        title: loc("Tailor-made"),
        lang: "nl" as const,
        status: "published" as const,
        registration: "request" as const,
      },
      { slug: "open-training", kind: "training" as const, title: loc("Open"), lang: "nl" as const, status: "published" as const },
      {
        slug: "member-workshop",
        kind: "workshop" as const,
        title: loc("Workshop"),
        lang: "nl" as const,
        status: "published" as const,
        registration: "request" as const,
      },
    ])
    .returning();
  const [trainingSession] = await ctx.db
    .insert(trainingSessions)
    .values([
      { offeringId: offering!.id, startsAt: new Date("2026-12-10T10:30:00Z"), endsAt: new Date("2026-12-10T15:00:00Z") },
      { offeringId: openOffering!.id, startsAt: new Date("2026-12-17T10:30:00Z"), endsAt: new Date("2026-12-17T15:00:00Z") },
    ])
    .returning();
  const [registration] = await ctx.db
    .insert(trainingRegistrations)
    .values({
      offeringId: offering!.id,
      sessionId: trainingSession!.id,
      scopeId: offering!.id,
      series: false,
      organisationId: orgA!.id,
      year: 2026,
      status: "confirmed",
      lang: "nl",
      registeredBy: a.id,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    })
    .returning();
  const [trainingRequest] = await ctx.db
    .insert(trainingRequests)
    .values({
      offeringId: requestable!.id,
      organisationId: orgA!.id,
      preferredDates: "March",
      groupSize: 12,
      lang: "nl",
      createdAt: ctx.clock.now(),
    })
    .returning();
  // Key figures: an active one of A (who registers for the offering meant for key figures), one
  // active and one invited per language for the board's removal and withdrawal.
  const [kf, kfNl, kfEn] = (await ctx.db
    .insert(users)
    .values([{ email: "kf@alpha.example.org" }, { email: "kf-nl@example.org" }, { email: "kf-en@example.org" }])
    .returning()) as [User, User, User];
  const keyFigureRow = (email: string, status: "active" | "invited", userId: string | null) => ({
    organisationId: orgA!.id,
    email,
    role: "peer_listener" as const,
    status,
    userId,
    tokenHash: `kf-hash-${email}`,
    expiresAt: new Date(ctx.clock.now().getTime() + 86_400_000),
  });
  const kfRows = await ctx.db
    .insert(keyFigures)
    .values([
      keyFigureRow(kf.email, "active", kf.id),
      keyFigureRow(kfNl.email, "active", kfNl.id),
      keyFigureRow(kfEn.email, "active", kfEn.id),
      keyFigureRow("kf-invited-nl@example.org", "invited", null),
      keyFigureRow("kf-invited-en@example.org", "invited", null),
    ])
    .returning({ id: keyFigures.id });
  const [keyFigureOffering] = await ctx.db
    .insert(trainingOfferings)
    .values({
      slug: "for-key-figures",
      kind: "training" as const,
      title: loc("For key figures"),
      audiences: ["key_figures" as const],
      lang: "nl" as const,
      status: "published" as const,
      capacity: 25,
    })
    .returning();
  await ctx.db
    .insert(trainingSessions)
    .values({ offeringId: keyFigureOffering!.id, startsAt: new Date("2026-12-17T10:30:00Z"), endsAt: new Date("2026-12-17T15:00:00Z") });
  // Key figure A listens, with a profile (so pausing has something to pause); a guidance page for the office to edit.
  await ctx.db.insert(listenerProfiles).values({ keyFigureId: kfRows[0]!.id, userId: kf.id, displayName: "Kim", languages: ["nl"] });
  const [guidance] = await ctx.db
    .insert(guidancePages)
    .values({ slug: "why", title: loc("Why"), body: loc("Because.") })
    .returning();
  // The confidential contact: a conversation with A's listeners (the student consented to a hand-over), one
  // handed to the office's confidential adviser (the administrator), and two more advisers to remove.
  const ring = keyRing(ctx.deps.env);
  const convRow = (id: string, status: "open" | "handed_over") => ({
    id,
    organisationId: orgA!.id,
    lang: "nl" as const,
    receiptHash: `receipt-${id}`,
    status,
    handoverConsent: true,
    handedOverAt: status === "handed_over" ? ctx.clock.now() : null,
    createdAt: ctx.clock.now(),
    lastMessageAt: ctx.clock.now(),
    deleteAfter: new Date(ctx.clock.now().getTime() + 90 * 86_400_000),
  });
  const [openConv, handedConv] = [crypto.randomUUID(), crypto.randomUUID()];
  await ctx.db.insert(contactConversations).values([convRow(openConv, "open"), convRow(handedConv, "handed_over")]);
  await ctx.db.insert(contactMessages).values(
    [openConv, handedConv].map((id) => ({
      conversationId: id,
      author: "student" as const,
      body: encrypt(ring, "Hello", id),
      createdAt: ctx.clock.now(),
    })),
  );
  await ctx.db.insert(confidentialAdvisers).values([{ userId: admin.id }, { userId: cnl.id }, { userId: cen.id }]);
  // Subsidies: a draft per language (with a file each), an approved application per language, one waiting for the board's answer.
  const subsidyRow = (status: "draft" | "approved" | "info_requested", title: string) => ({
    organisationId: orgA!.id,
    year: 2026,
    status,
    lang: "nl" as const,
    title,
    description: "Yoga",
    aim: "Calm",
    targetGroup: "Members",
    expectedParticipants: 20,
    startsOn: "2027-01-12",
    endsOn: "2027-01-12",
    place: "Leiden",
    requestedCents: 10000,
    grantedCents: status === "approved" ? 10000 : null,
    contactName: "A",
    contactEmail: "a@alpha.example.org",
    createdAt: ctx.clock.now(),
    updatedAt: ctx.clock.now(),
  });
  const subs = await ctx.db
    .insert(subsidyApplications)
    .values([
      subsidyRow("draft", "Draft nl"),
      subsidyRow("draft", "Draft en"),
      subsidyRow("approved", "Approved nl"),
      subsidyRow("approved", "Approved en"),
      subsidyRow("info_requested", "Asked"),
    ])
    .returning({ id: subsidyApplications.id });
  await ctx.db
    .insert(subsidyBudgetLines)
    .values({ applicationId: subs[4]!.id, kind: "plan", position: 1, item: "Hall", amountCents: 20000 });
  const subFiles = await ctx.db
    .insert(subsidyAttachments)
    .values(
      [0, 1].map((i) => ({
        applicationId: subs[i]!.id,
        kind: "quote" as const,
        filename: "quote.pdf",
        mime: "application/pdf",
        size: 5,
        data: Buffer.from("%PDF-"),
        at: ctx.clock.now(),
      })),
    )
    .returning({ id: subsidyAttachments.id });
  const subsidy = {
    draft: { nl: subs[0]!.id, en: subs[1]!.id } as Record<Lang, string>,
    approved: { nl: subs[2]!.id, en: subs[3]!.id } as Record<Lang, string>,
    info: subs[4]!.id,
    file: { nl: subFiles[0]!.id, en: subFiles[1]!.id } as Record<Lang, string>,
  };
  // Subsidies, the office: a submitted application of A and a decision template.
  const [officeSubsidy] = await ctx.db
    .insert(subsidyApplications)
    .values({
      organisationId: orgA!.id,
      year: 2026,
      status: "submitted",
      lang: "nl",
      reference: "S-2026-001",
      title: "Wellbeing week",
      requestedCents: 50_000,
      startsOn: "2027-02-01",
      endsOn: "2027-02-05",
      submittedAt: ctx.clock.now(),
      decisionDue: "2026-12-21",
      createdBy: a.id,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    })
    .returning();
  const [officeFile] = await ctx.db
    .insert(subsidyAttachments)
    .values({
      applicationId: officeSubsidy!.id,
      kind: "quote",
      filename: "quote.pdf",
      mime: "application/pdf",
      size: 5,
      data: Buffer.from("%PDF-"),
      at: ctx.clock.now(),
    })
    .returning();
  const [subsidyTemplate] = await ctx.db
    .insert(subsidyTemplates)
    .values({ kind: "info", name: "Venue", body: loc("Where?"), updatedAt: ctx.clock.now() })
    .returning();
  // A message to the office through the contact form, and a canned answer.
  const [officeContact] = await ctx.db
    .insert(officeConversations)
    .values({
      reference: "C-2026-ABCDEF",
      replyToken: "0123456789abcdef0123456789abcdef",
      rootMessageId: "<root@vangnet.test>",
      name: "Sam Sender",
      email: "sam@example.org",
      subject: "question",
      lang: "en",
      createdAt: ctx.clock.now(),
      lastActivityAt: ctx.clock.now(),
    })
    .returning();
  const [canned] = await ctx.db
    .insert(officeCanned)
    .values({ title: loc("Thanks"), body: loc("Thank you."), updatedAt: ctx.clock.now() })
    .returning();
  // A draft and a campaign being sent per role and language (the POSTs change their state).
  const campaignRows = await ctx.db
    .insert(mailingCampaigns)
    .values(
      (["draft", "sending"] as const).flatMap((status) =>
        ROLES.flatMap((role) =>
          LANGS.map((lang) => ({
            subject: loc(`${status} ${role} ${lang}`),
            body: loc("Hello"),
            topics: ["news" as const],
            status,
            startedAt: status === "sending" ? ctx.clock.now() : null,
          })),
        ),
      ),
    )
    .returning();
  const campaigns: Record<string, string> = Object.fromEntries(campaignRows.map((c) => [c.subject.en, c.id]));
  // Organisation A's update address on the mailing list.
  const [mailing] = await ctx.db
    .insert(mailingSubscriptions)
    .values({
      email: "updates@alpha.example.org",
      orgId: orgA!.id,
      lang: "nl",
      topics: ["news"],
      status: "confirmed",
      consentVersion: "test",
      confirmedAt: ctx.clock.now(),
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    })
    .returning();
  const clients: Record<Role, Client> = {
    anonymous: fresh(),
    keyFigureA: await client(kf),
    boardA: await client(a),
    boardB: await client(b),
    staff: await client(staff),
    admin: await client(admin),
  };
  const emails: Partial<Record<Role, string>> = {
    boardA: a.email,
    boardB: b.email,
    staff: staff.email,
    admin: admin.email,
    keyFigureA: kf.email,
  };
  const accounts: Partial<Record<Role, User>> = { boardA: a, boardB: b, staff, admin, keyFigureA: kf };
  return {
    orgA: orgA!,
    orgB: orgB!,
    boardA: boardA!,
    clients,
    emails,
    accounts,
    requests,
    fellows: fellows as Record<string, string>,
    invitations: invitations as Record<string, string>,
    colleagues: { nl: cnl.id, en: cen.id } as Record<Lang, string>,
    topicId: topic!.id,
    resourceId: resource!.id,
    orderId: order!.id,
    offering: offering!,
    requestable: requestable!,
    openOffering: openOffering!,
    workshop: workshop!,
    trainingSession: trainingSession!,
    registration: registration!,
    trainingRequest: trainingRequest!,
    keyFigureOffering: keyFigureOffering!,
    keyFigureA: kfRows[0]!.id,
    guidance: guidance!,
    keyFigureActive: { nl: kfRows[1]!.id, en: kfRows[2]!.id } as Record<Lang, string>,
    keyFigureInvites: { nl: kfRows[3]!.id, en: kfRows[4]!.id } as Record<Lang, string>,
    conversation: { orgId: orgA!.id, id: openConv },
    handedOver: handedConv,
    subsidy,
    officeSubsidy: officeSubsidy!.id,
    officeFile: officeFile!.id,
    subsidyTemplate: subsidyTemplate!.id,
    officeContact: officeContact!.id,
    canned: canned!.id,
    campaigns,
    mailing: mailing!.id,
  };
}

let tableNames: string[] | undefined;

/** Everything a denied request must leave alone: row counts of every table, organisation A, requests and roles. */
async function state(fx: Fx) {
  if (!tableNames) {
    const tables = (await ctx.db.execute(
      sql`select tablename from pg_tables where schemaname = 'public' order by tablename`,
    )) as unknown as {
      rows: { tablename: string }[];
    };
    tableNames = tables.rows.map((r) => r.tablename).filter((n) => n !== "sessions" && !n.startsWith("__"));
  }
  const counted = (await ctx.db.execute(
    sql.raw(tableNames.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(" union all ")),
  )) as unknown as { rows: { t: string; n: number }[] };
  return {
    counts: Object.fromEntries(counted.rows.map((r) => [r.t, r.n])),
    orgA: await ctx.db.select().from(organisations).where(eq(organisations.id, fx.orgA.id)),
    requests: (await ctx.db.select({ id: orgRequests.id, status: orgRequests.status }).from(orgRequests)).sort((x, y) =>
      x.id.localeCompare(y.id),
    ),
    roles: (await ctx.db.select({ email: users.email, role: users.staffRole }).from(users)).sort((x, y) => x.email.localeCompare(y.email)),
  };
}

// ---------- what the app registers ----------

const fullPath = (lang: Lang, p: string) => (p === "/" ? `/${lang}` : `/${lang}${p}`);

/** Per route key, the methods the app has handlers for (from Hono's route list). */
function registered() {
  const byPath = new Map<string, RouteKey>();
  for (const [key, paths] of Object.entries(ROUTES) as [RouteKey, Record<Lang, string>][])
    for (const lang of LANGS) byPath.set(fullPath(lang, paths[lang]), key);
  const out = new Map<RouteKey, Set<"GET" | "POST">>();
  const strays: string[] = [];
  for (const r of ctx.app.routes) {
    if (r.method !== "GET" && r.method !== "POST") continue;
    const key = byPath.get(r.path);
    if (!key) {
      // A catch-all ("/en/roadmap/*": the roadmap's own 404 page) is no page of its own.
      if (/^\/(nl|en)(\/|$)/.test(r.path) && !r.path.endsWith("/*")) strays.push(`${r.method} ${r.path}`);
      continue;
    }
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(r.method);
  }
  return { methods: out, strays };
}

type Outcome = "ok" | "signin" | 403 | 404;
function expected(scope: Scope, role: Role): Outcome {
  if (role === "anonymous") return "signin";
  if (scope === "user") return "ok";
  if (scope === "keyFigure" || scope === "listener") return role === "keyFigureA" ? "ok" : 404;
  // Ordinary staff, boards and listeners never read a handed-over conversation.
  if (scope === "adviser") return role === "admin" ? "ok" : 403;
  // A key figure of A is no board member: the board's pages do not exist for them.
  if (scope === "board") return role === "boardA" ? "ok" : 404;
  if (scope === "boardOrStaff") return role === "boardB" || role === "keyFigureA" ? 404 : "ok";
  if (role === "boardA" || role === "boardB" || role === "keyFigureA") return 403;
  if (scope === "admin" && role !== "admin") return 403;
  return "ok";
}

// ---------- the tests ----------

describe("the authorisation table", () => {
  it("has a row for every route key that is neither public nor a development helper", () => {
    const covered = [...Object.keys(TABLE), ...PUBLIC, ...DEV].sort();
    expect(covered).toEqual(Object.keys(ROUTES).sort());
    expect(new Set(covered).size).toBe(covered.length);
  });

  it("knows every page the app registers under /nl and /en, and each authenticated key has a handler", () => {
    const { methods, strays } = registered();
    expect(strays).toEqual([]);
    // Guard against the matrix silently testing nothing.
    for (const key of ["dashboard", "org", "orgEdit", "staffOrgs", "staffUsers", "staffRequest"] as RouteKey[])
      expect(methods.get(key)?.size, key).toBeGreaterThan(0);
    expect([...(methods.get("orgEdit") ?? [])].sort()).toEqual(["GET", "POST"]);
  });

  it("keeps public pages public", async () => {
    const { methods } = registered();
    const fx = await fixture();
    const anon = new Client(ctx);
    const params: Partial<Record<RouteKey, Params>> = {
      roadmapTopic: { slug: "stress" },
      roadmapResource: { slug: "listeners" },
      training: { slug: fx.offering.slug },
      trainingFeed: { slug: fx.offering.slug },
      contactListeners: { orgId: fx.orgA.id },
    };
    let tried = 0;
    for (const key of PUBLIC) {
      if (!methods.get(key)?.has("GET")) continue;
      for (const lang of LANGS) {
        const res = await anon.get(url(lang, key, params[key] ?? {}));
        expect(res.headers.get("location") ?? "", `${key} ${lang}`).not.toContain(ROUTES.signIn[lang]);
        expect(res.status, `${key} ${lang}`).toBeLessThan(500);
        tried++;
      }
    }
    expect(tried).toBeGreaterThanOrEqual(12);
    // Development helpers exist outside production (see dev-routes-production.test.ts for production).
    expect((await anon.get(url("nl", "devMail"))).status).toBe(200);
    expect(fx.orgA.name).toBe("Alpha Association");
  });
});

describe("who may use which page", () => {
  it.each(Object.keys(TABLE) as RouteKey[])("%s", async (key) => {
    const row = ROWS[key]!;
    const fx = await fixture();
    const tried = registered().methods.get(key);
    for (const lang of LANGS) {
      if (!tried) {
        // A key in ROUTES whose page is not built yet: nothing to authorise, but it must not exist for anyone.
        for (const role of ROLES) expect((await fx.clients[role].get(url(lang, key, row.params?.(fx, role, lang) ?? {}))).status).toBe(404);
        continue;
      }
      for (const method of ["GET", "POST"] as const) {
        if (!tried.has(method)) continue;
        for (const role of ROLES) {
          const path = url(lang, key, row.params?.(fx, role, lang) ?? {});
          const outcome = expected(row.scope, role);
          const label = `${method} ${path} as ${role}`;
          // GETs never reach a handler when denied; POSTs are checked for leaving everything alone.
          const before = outcome !== "ok" && method === "POST" ? await state(fx) : null;
          const client = fx.clients[role];
          const res = method === "GET" ? await client.get(path) : await client.post(path, row.form?.(fx, role, lang) ?? {});
          if (outcome === "signin") {
            expect(res.status, label).toBe(303);
            expect(res.headers.get("location"), label).toBe(url(lang, "signIn", {}, method === "GET" ? { next: path } : undefined));
          } else if (outcome === "ok") {
            if (method === "GET") expect(res.status, label).toBe(200);
            else expect(row.postOk ?? [303, 422], label).toContain(res.status);
          } else {
            expect(res.status, label).toBe(outcome);
            const html = await res.text();
            expect(html, label).toContain(`<html lang="${lang}">`);
            expect(html, label).toContain(outcome === 404 ? T[lang].http.notFoundTitle : T[lang].http.forbiddenTitle);
            expect(html, label).not.toContain("Alpha Association");
          }
          if (before) expect(await state(fx), `${label} changed nothing`).toEqual(before);
          if (row.endsSessions && outcome === "ok" && fx.accounts[role])
            client.cookies.set("vn_session", await createSession(ctx.db, fx.accounts[role]!.id, ctx.clock.now()));
        }
      }
    }
  });
});

describe("organisation pages across organisations", () => {
  it("board B cannot reach organisation A's member through its own organisation's URL either", async () => {
    const fx = await fixture();
    const before = await state(fx);
    const res = await fx.clients.boardB.post(url("en", "orgMemberRemove", { id: fx.orgB.id, memberId: fx.fellows["boardA-en"]! }));
    expect(res.status).toBe(404);
    expect(await state(fx)).toEqual(before);
  });

  it("a staff member can see organisation A only through the office pages", async () => {
    const fx = await fixture();
    expect((await fx.clients.staff.get(url("nl", "org", { id: fx.orgA.id }))).status).toBe(404);
    const office = await fx.clients.staff.get(url("nl", "staffOrg", { id: fx.orgA.id }));
    expect(office.status).toBe(200);
    expect(await office.text()).toContain("Alpha Association");
  });

  it("malformed and unknown ids are a 404, not an error", async () => {
    const fx = await fixture();
    for (const id of ["not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      expect((await fx.clients.boardA.get(url("en", "org", { id }))).status).toBe(404);
      expect((await fx.clients.staff.get(url("en", "staffOrg", { id }))).status).toBe(404);
      expect((await fx.clients.staff.post(url("en", "staffRequest", { id }), { decision: "approve", reason: "" })).status).toBe(404);
      expect((await fx.clients.admin.get(url("en", "staffUser", { id }))).status).toBe(404);
      expect((await fx.clients.admin.post(url("en", "staffUser", { id }), { role: "staff" })).status).toBe(404);
      expect((await fx.clients.admin.post(url("en", "staffUserRemove", { id }))).status).toBe(404);
    }
  });
});
