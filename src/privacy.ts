import { DAY, HOUR, MINUTE } from "./core/clock.js";
import { purgeFinishedJobs } from "./core/jobs/queue.js";
import { mailPrivacy, purgeOutbox } from "./core/mail/privacy.js";
import type { PersonalDataProvider, RetentionRule } from "./core/privacy.js";
import { cleanupRateLimits } from "./core/ratelimit/limiter.js";
import type { Env } from "./env.js";
import { auditPrivacy, purgeAudit } from "./features/audit/privacy.js";
import { authPrivacy, purgeSessions, purgeSignInTokens } from "./features/auth/privacy.js";
import { TOKEN_TTL_MS } from "./features/auth/service.js";
import { contactPrivacy } from "./features/confidential-contact/privacy.js";
import { purgeExpiredConversations } from "./features/confidential-contact/service.js";
import { invitationsPrivacy, purgeFinishedInvitations } from "./features/invitations/privacy.js";
import { keyFiguresPrivacy, purgeEndedKeyFigures } from "./features/key-figures/privacy.js";
import { campaignDeliveriesPrivacy } from "./features/mailing-campaigns/privacy.js";
import { mailingPrivacy } from "./features/mailing-list/privacy.js";
import { PENDING_DAYS, purgeSubscriptions } from "./features/mailing-list/service.js";
import { officeAccountsPrivacy } from "./features/office-accounts/privacy.js";
import { officeContactPrivacy } from "./features/office-contact/privacy.js";
import { purgeClosedConversations } from "./features/office-contact/service.js";
import { orgRequestsPrivacy, purgeDecidedRequests } from "./features/org-requests/privacy.js";
import { organisationsPrivacy } from "./features/organisations/privacy.js";
import { eraseSteppedDownProfiles, listenerProfilesPrivacy } from "./features/peer-listeners/privacy.js";
import { printOrdersPrivacy, removeFinishedOrdersPersonalData } from "./features/roadmap-print/privacy.js";
import { CONFIRM_TTL_MS, purgeUnconfirmedOrders } from "./features/roadmap-print/service.js";
import { socialSafetyPrivacy } from "./features/social-safety/privacy.js";
import { purgeSubsidyApplications, subsidiesPrivacy } from "./features/subsidies/privacy.js";
import { purgeTrainingPersonalData, trainingsPrivacy } from "./features/training-registrations/privacy.js";

/**
 * One part of the download made of several providers: `outer`'s own data, with each of `inner`'s
 * under its name. Erasing and the blockers run every provider, `outer` first.
 */
function nested(outer: PersonalDataProvider, inner: PersonalDataProvider[]): PersonalDataProvider {
  const all = [outer, ...inner];
  return {
    name: outer.name,
    async export(db, who) {
      const part = { ...((await outer.export(db, who)) as Record<string, unknown>) };
      for (const p of inner) part[p.name] = await p.export(db, who);
      return part;
    },
    async erase(db, who, now) {
      for (const p of all) await p.erase(db, who, now);
    },
    async blockers(db, who, today) {
      const found = [];
      for (const p of all) if (p.blockers) found.push(...(await p.blockers(db, who, today)));
      return found;
    },
  };
}

/** Finished jobs hold no personal data (only ids); they are kept this long for troubleshooting. */
export const JOB_RETENTION_MS = 30 * DAY;

/**
 * The one place that lists every kind of personal data the portal keeps, how long, and who
 * exports and erases it:
 * - `rules` are applied by the hourly `retention.cleanup` job (src/jobs.ts) and quoted, with
 *   the same values, by the privacy page;
 * - `providers` make up the "my account" data download and account deletion, in this order
 *   (the account row itself is deleted last, by the account feature).
 * A new capability that stores personal data adds its rule(s) and its provider here.
 */
export function privacyPolicy(env: Env): { rules: RetentionRule[]; providers: PersonalDataProvider[] } {
  const days = (n: number) => n * DAY;
  const rules: RetentionRule[] = [
    {
      id: "account",
      describe: (t) => t.privacy.rules.account,
    },
    {
      id: "auth.tokens",
      describe: (t, p) => ({ data: t.privacy.rules.tokens.data, kept: t.privacy.rules.tokens.kept(p(TOKEN_TTL_MS)) }),
      apply: (db, now) => purgeSignInTokens(db, now),
    },
    {
      id: "auth.sessions",
      describe: (t, p) => ({
        data: t.privacy.rules.sessions.data,
        kept: t.privacy.rules.sessions.kept(
          p(env.SESSION_IDLE_BOARD_MINUTES * MINUTE),
          p(env.SESSION_MAX_BOARD_HOURS * HOUR),
          p(env.SESSION_IDLE_STAFF_MINUTES * MINUTE),
          p(env.SESSION_MAX_STAFF_HOURS * HOUR),
        ),
      }),
      apply: (db, now) => purgeSessions(db, env, now),
    },
    {
      id: "mail.outbox",
      describe: (t, p) => ({ data: t.privacy.rules.mail.data, kept: t.privacy.rules.mail.kept(p(days(env.RETENTION_MAIL_DAYS))) }),
      apply: (db, now) => purgeOutbox(db, now, days(env.RETENTION_MAIL_DAYS)),
    },
    {
      id: "orders.unconfirmed",
      describe: (t, p) => ({
        data: t.privacy.rules.unconfirmedOrders.data,
        kept: t.privacy.rules.unconfirmedOrders.kept(p(CONFIRM_TTL_MS)),
      }),
      apply: (db, now) => purgeUnconfirmedOrders(db, now),
    },
    {
      id: "orders.personal",
      describe: (t, p) => ({ data: t.privacy.rules.orders.data, kept: t.privacy.rules.orders.kept(p(days(env.RETENTION_ORDER_DAYS))) }),
      apply: (db, now) => removeFinishedOrdersPersonalData(db, now, days(env.RETENTION_ORDER_DAYS)),
    },
    {
      id: "organisations.requests",
      describe: (t, p) => ({
        data: t.privacy.rules.requests.data,
        kept: t.privacy.rules.requests.kept(p(days(env.RETENTION_REQUEST_DAYS))),
      }),
      apply: (db, now) => purgeDecidedRequests(db, now, days(env.RETENTION_REQUEST_DAYS)),
    },
    {
      id: "trainings.participants",
      describe: (t, p) => ({
        data: t.privacy.rules.trainings.data,
        kept: t.privacy.rules.trainings.kept(p(days(env.RETENTION_TRAINING_DAYS))),
      }),
      apply: (db, now) => purgeTrainingPersonalData(db, now, days(env.RETENTION_TRAINING_DAYS)),
    },
    {
      id: "subsidies.applications",
      describe: (t, p) => ({ data: t.subsidies.privacy.data, kept: t.subsidies.privacy.kept(p(days(env.RETENTION_SUBSIDY_DAYS))) }),
      apply: (db, now) => purgeSubsidyApplications(db, now, days(env.RETENTION_SUBSIDY_DAYS)),
    },
    {
      id: "invitations",
      describe: (t, p) => ({
        data: t.privacy.rules.invitations.data,
        kept: t.privacy.rules.invitations.kept(p(days(env.RETENTION_INVITATION_DAYS))),
      }),
      apply: (db, now) => purgeFinishedInvitations(db, now, days(env.RETENTION_INVITATION_DAYS)),
    },
    {
      id: "keyFigures",
      describe: (t, p) => ({
        data: t.privacy.rules.keyFigures.data,
        kept: t.privacy.rules.keyFigures.kept(p(days(env.RETENTION_INVITATION_DAYS))),
      }),
      apply: (db, now) => purgeEndedKeyFigures(db, now, days(env.RETENTION_INVITATION_DAYS)),
    },
    {
      id: "listeners.steppedDown",
      describe: (t, p) => ({
        data: t.privacy.rules.listenerProfiles.data,
        kept: t.privacy.rules.listenerProfiles.kept(p(days(env.RETENTION_INVITATION_DAYS))),
      }),
      apply: (db, now) => eraseSteppedDownProfiles(db, now, days(env.RETENTION_INVITATION_DAYS)),
    },
    {
      // Each conversation carries its deletion date (its last message plus CONTACT_RETENTION_DAYS), shown to the student.
      id: "contact.conversations",
      describe: (t, p) => ({ data: t.contact.privacy.data, kept: t.contact.privacy.kept(p(days(env.CONTACT_RETENTION_DAYS))) }),
      apply: (db, now) => purgeExpiredConversations(db, now),
    },
    {
      // Contact messages to the office: a conversation goes with its thread once it has been closed this long.
      id: "officeContact.conversations",
      describe: (t, p) => ({
        data: t.officeContact.privacy.data,
        kept: t.officeContact.privacy.kept(p(days(env.RETENTION_OFFICE_CONTACT_DAYS))),
      }),
      apply: (db, now) => purgeClosedConversations(db, now, days(env.RETENTION_OFFICE_CONTACT_DAYS)),
    },
    {
      // The mailing list: subscriptions never confirmed go after PENDING_DAYS, unsubscribed or suspended ones after RETENTION_MAILING_DAYS.
      id: "mailing.subscriptions",
      describe: (t, p) => ({
        data: t.mailingList.privacy.data,
        kept: t.mailingList.privacy.kept(p(days(PENDING_DAYS)), p(days(env.RETENTION_MAILING_DAYS))),
      }),
      apply: (db, now) => purgeSubscriptions(db, now, days(env.RETENTION_MAILING_DAYS)),
    },
    {
      id: "audit",
      describe: (t, p) => ({ data: t.privacy.rules.audit.data, kept: t.privacy.rules.audit.kept(p(days(env.RETENTION_AUDIT_DAYS))) }),
      apply: (db, now) => purgeAudit(db, now, days(env.RETENTION_AUDIT_DAYS)),
    },
    // Who reported an organisation's social-safety status: kept with the report while the organisation exists.
    { id: "socialSafety.reports", describe: (t) => t.safety.privacy },
    { id: "jobs", apply: (db, now) => purgeFinishedJobs(db, now, JOB_RETENTION_MS) },
    // Rate-limit counters are keyed by a keyed hash of the address or IP group, and a row goes as
    // soon as its bucket is full again (at most the rule's window; see core/ratelimit).
    { id: "ratelimit", apply: (db, now) => cleanupRateLimits(db, now) },
  ];
  const providers = [
    officeAccountsPrivacy,
    authPrivacy,
    // Board seats and requests, one part of the download ("organisations": boardMemberships, requests).
    nested(organisationsPrivacy, [orgRequestsPrivacy]),
    invitationsPrivacy,
    // Before the key figures: erasing those deletes the profiles too (a cascade), without bumping the public page.
    listenerProfilesPrivacy,
    keyFiguresPrivacy,
    printOrdersPrivacy,
    trainingsPrivacy,
    subsidiesPrivacy,
    contactPrivacy,
    socialSafetyPrivacy,
    officeContactPrivacy,
    // The subscription with the campaigns sent to it ("mailingList": subscription, campaigns).
    nested(mailingPrivacy, [campaignDeliveriesPrivacy]),
    mailPrivacy,
    auditPrivacy,
  ];
  return { rules, providers };
}
