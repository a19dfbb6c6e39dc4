import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, formatDateTime, type Localized } from "../../core/i18n/index.js";
import type { AuditRow } from "../../core/office/audit.js";
import { AuditTable } from "../../core/office/views.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { DataTable } from "../../core/views/table.js";
import { L } from "../../core/views/text.js";
import { UrgentBar } from "../../core/views/urgent.js";
import { url } from "../../routes.js";
import { formatReceipt } from "./crypto.js";
import type { ConversationStatus, FullConversation, ShownMessage } from "./service.js";

/** Urgent help, the roadmap and the office: on every page of the student's flow. */
export function HelpLinks() {
  const { t, lang, env } = usePage();
  return (
    <>
      <UrgentBar />
      <p class="help-links">
        <a href={url(lang, "roadmap")}>{t.contact.help.roadmap}</a> {t.contact.help.office(env.OFFICE_EMAIL)}
      </p>
    </>
  );
}

/** No listener left: said plainly, with the way to the office's confidential contact and the roadmap. */
function NoListeners({ text }: { text: string }) {
  const { t, lang, env } = usePage();
  return (
    <div class="notice" role="status">
      <p>{text}</p>
      <ul class="plain-list">
        <li>
          <a href={`mailto:${env.OFFICE_EMAIL}`}>{t.contact.help.adviser(env.OFFICE_EMAIL)}</a>
        </li>
        <li>
          <a href={url(lang, "roadmapGuide")}>{t.contact.help.guide}</a>
        </li>
      </ul>
    </div>
  );
}

function Messages({ messages, names }: { messages: ShownMessage[]; names?: Map<string, string> }) {
  const { t, lang, env } = usePage();
  return (
    <ol class="messages">
      {messages.map((m) => (
        <li class={`message from-${m.author}`}>
          <p class="meta">
            <strong>
              {t.contact.authors[m.author]}
              {m.authorKeyFigureId && names?.get(m.authorKeyFigureId) ? ` (${names.get(m.authorKeyFigureId)})` : ""}
            </strong>{" "}
            · <time datetime={m.createdAt.toISOString()}>{formatDateTime(lang, m.createdAt, env.TIME_ZONE)}</time>
          </p>
          {m.body.split(/\n{2,}/).map((p) => (
            <p class="body">{p}</p>
          ))}
        </li>
      ))}
    </ol>
  );
}

type Referral = { resource: { slug: string; name: Localized } | null; note: string | null } | null;

function ReferralLine({ referral }: { referral: Referral }) {
  const { t, lang } = usePage();
  if (!referral) return null;
  return (
    <div class="notice">
      <p>
        {t.contact.thread.referral}:{" "}
        {referral.resource && (
          <a href={url(lang, "roadmapResource", { slug: referral.resource.slug })}>
            <L v={referral.resource.name} />
          </a>
        )}
        {referral.resource && referral.note ? ". " : ""}
        {referral.note}
      </p>
    </div>
  );
}

// ---------- the student ----------

export function WritePage(p: {
  org: { id: string; name: string };
  hasListeners: boolean;
  listeners: { keyFigureId: string; displayName: string }[];
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang } = usePage();
  const w = t.contact.write;
  const labels = { message: w.message, listener: w.listener, name: w.name, lang: w.lang, email: w.email, consent: w.consent };
  return (
    <div class="narrow">
      <HelpLinks />
      <h1>{w.title(p.org.name)}</h1>
      {!p.hasListeners ? (
        <NoListeners text={w.noListeners} />
      ) : (
        <>
          <p>{w.intro}</p>
          <ErrorSummary errors={p.errors} labels={labels} />
          <Form action={url(lang, "contactListeners", { orgId: p.org.id })}>
            <TextArea name="message" label={w.message} hint={w.messageHint} rows={8} required values={p.values} errors={p.errors} />
            {p.listeners.length > 0 && (
              <Select
                name="listener"
                label={w.listener}
                options={[{ value: "", label: w.team }, ...p.listeners.map((l) => ({ value: l.keyFigureId, label: l.displayName }))]}
                values={p.values}
                errors={p.errors}
              />
            )}
            <Input name="name" label={w.name} hint={w.nameHint} autocomplete="off" width="m" values={p.values} errors={p.errors} />
            <Select
              name="lang"
              label={w.lang}
              required
              options={[
                { value: "nl", label: "Nederlands" },
                { value: "en", label: "English" },
              ]}
              value={lang}
              values={p.values}
              errors={p.errors}
            />
            <Input name="email" type="email" label={w.email} hint={w.emailHint} autocomplete="email" values={p.values} errors={p.errors} />
            <div class="field checkbox">
              <input type="checkbox" id="f-consent" name="consent" checked={p.values?.consent === "on"} aria-describedby="f-consent-hint" />
              <label for="f-consent">{w.consent}</label>
              <p class="hint" id="f-consent-hint">
                {w.consentHint}
              </p>
            </div>
            <Submit label={w.send} />
          </Form>
        </>
      )}
      <p>
        <a href={url(lang, "contactReturn")}>{w.alreadyWrote}</a>
      </p>
    </div>
  );
}

/** Shown once, right after sending: the receipt as selectable text, a copy button (with the script) and the deletion date. */
export function ReceiptPage({ receipt, deleteAfter }: { receipt: string; deleteAfter: Date }) {
  const { t, lang, env } = usePage();
  const r = t.contact.receipt;
  return (
    <div class="narrow">
      <HelpLinks />
      <h1>{r.title}</h1>
      <p>
        <label for="receipt-code">{r.yourCode}</label>
      </p>
      <p>
        <input id="receipt-code" class="input code w-m" readonly value={formatReceipt(receipt)} aria-describedby="receipt-save" />{" "}
        <button type="button" class="button secondary" data-copy="receipt-code" data-copied={r.copied} hidden>
          {r.copy}
        </button>
      </p>
      <script src="/static/copy.js" defer />
      <p id="receipt-save">
        <strong>{r.save}</strong>
      </p>
      <p>{r.deleted(formatDate(lang, deleteAfter, env.TIME_ZONE))}</p>
      <p>
        <a href={url(lang, "contactReturn")}>{r.returnLink}</a>
      </p>
    </div>
  );
}

export function ReturnPage({ values, errors, notFound }: { values?: FormValues; errors?: FieldErrors; notFound?: boolean }) {
  const { t, lang } = usePage();
  const b = t.contact.back;
  return (
    <div class="narrow">
      <HelpLinks />
      <h1>{notFound ? b.notFoundTitle : b.title}</h1>
      {notFound ? <p role="alert">{b.notFound}</p> : <p>{b.intro}</p>}
      <ErrorSummary errors={errors} labels={{ receipt: b.receipt }} />
      <Form action={url(lang, "contactReturn")}>
        <input type="hidden" name="step" value="open" />
        <Input
          name="receipt"
          label={b.receipt}
          hint={b.receiptHint}
          required
          inputmode="numeric"
          autocomplete="off"
          width="m"
          values={values}
          errors={errors}
        />
        <Submit label={b.open} />
      </Form>
    </div>
  );
}

export type StudentThread = {
  orgName: string;
  hasListeners: boolean;
  status: ConversationStatus;
  blocked: boolean;
  consent: boolean;
  deleteAfter: Date;
  messages: ShownMessage[];
  referral: Referral;
};

/** The conversation as the student reads it; the receipt travels in hidden fields of its forms (never in a URL). */
export function ThreadPage(p: {
  receipt: string;
  thread: StudentThread;
  notice?: string | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang, env } = usePage();
  const th = t.contact.thread;
  const canWrite = !p.thread.blocked && p.thread.hasListeners;
  return (
    <div class="narrow">
      <HelpLinks />
      <h1>{th.title}</h1>
      <p>{th.with(p.thread.orgName)}</p>
      <Notice text={p.notice} />
      <p>{th.deleted(formatDate(lang, p.thread.deleteAfter, env.TIME_ZONE))}</p>
      {p.thread.blocked && (
        <div class="notice" role="status">
          <p>{th.blocked}</p>
        </div>
      )}
      {!p.thread.blocked && !p.thread.hasListeners && <NoListeners text={th.noListeners} />}
      <ReferralLine referral={p.thread.referral} />
      <h2>{th.messages}</h2>
      <Messages messages={p.thread.messages} />
      {canWrite && (
        <>
          <h2>{th.more}</h2>
          <ErrorSummary errors={p.errors} labels={{ message: t.contact.write.message }} />
          <Form action={url(lang, "contactReturn")}>
            <input type="hidden" name="receipt" value={p.receipt} />
            <input type="hidden" name="step" value="write" />
            <TextArea
              name="message"
              label={t.contact.write.message}
              hint={t.contact.write.messageHint}
              rows={6}
              required
              values={p.values}
              errors={p.errors}
            />
            <Submit label={t.contact.write.send} />
          </Form>
        </>
      )}
      {p.thread.status === "handed_over" ? (
        <p>{th.handedOver}</p>
      ) : (
        <>
          <p>{p.thread.consent ? th.consentOn : th.consentOff}</p>
          <ActionButton
            action={url(lang, "contactReturn")}
            label={p.thread.consent ? th.withdrawConsent : th.giveConsent}
            fields={{ receipt: p.receipt, step: "consent", consent: p.thread.consent ? "no" : "yes" }}
          />
        </>
      )}
    </div>
  );
}

// ---------- the listeners and the adviser ----------

type Summary = {
  id: string;
  orgId: string;
  status: ConversationStatus;
  blocked: boolean;
  toMe: boolean;
  lastMessageAt: Date;
  waiting: boolean;
  firstWords: string;
};

/** The conversations, in a wrapper that scrolls sideways on a narrow screen (reachable by keyboard; `label` names it). */
export function InboxTable({ rows, link, label }: { rows: Summary[]; link: (r: Summary) => string; label: string }) {
  const { t, lang, env } = usePage();
  const i = t.contact.inbox;
  if (!rows.length) return <p>{i.none}</p>;
  return (
    <section class="table-wrap" tabindex={0} aria-label={label}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{i.date}</th>
            <th scope="col">{i.status}</th>
            <th scope="col">{i.start}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <td>
                <a href={link(r)}>{formatDateTime(lang, r.lastMessageAt, env.TIME_ZONE)}</a>
              </td>
              <td>
                {t.contact.statuses[r.status]}
                {r.waiting && `, ${i.waiting}`}
                {r.blocked && `, ${i.blocked}`}
                {r.toMe && `, ${i.toYou}`}
              </td>
              <td>{r.firstWords}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function InboxPage({ orgId, orgName, rows }: { orgId: string; orgName: string; rows: Summary[] }) {
  const { t, lang } = usePage();
  return (
    <>
      <h1>{t.contact.inbox.title(orgName)}</h1>
      <p>{t.contact.inbox.intro}</p>
      <InboxTable rows={rows} link={(r) => url(lang, "listenerConversation", { orgId, id: r.id })} label={t.contact.inbox.title(orgName)} />
    </>
  );
}

/** The dashboard's block for a listener: a link to each inbox. */
export function ListenerDashboard({ inboxes }: { inboxes: { orgId: string; orgName: string; open: number }[] }) {
  const { t, lang } = usePage();
  return (
    <section aria-labelledby="listener-inboxes">
      <h2 id="listener-inboxes">{t.contact.inbox.dashboardTitle}</h2>
      <ul>
        {inboxes.map((i) => (
          <li>
            <a href={url(lang, "listenerInbox", { orgId: i.orgId })}>{t.contact.inbox.dashboard(i.orgName, i.open)}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ConversationHead({ conv }: { conv: FullConversation }) {
  const { t, lang, env } = usePage();
  const c = t.contact.conversation;
  return (
    <dl class="facts">
      <dt>{t.contact.inbox.status}</dt>
      <dd>
        {t.contact.statuses[conv.status]}
        {conv.blocked && `, ${t.contact.inbox.blocked}`}
      </dd>
      <dt>{c.name}</dt>
      <dd>{conv.name ?? c.noName}</dd>
      <dt>{c.lang}</dt>
      <dd>{conv.lang === "nl" ? "Nederlands" : "English"}</dd>
      <dt>{c.deleteLabel}</dt>
      <dd>{formatDate(lang, conv.deleteAfter, env.TIME_ZONE)}</dd>
    </dl>
  );
}

export function ListenerConversationPage(p: {
  conv: FullConversation;
  names: Map<string, string>;
  resources: { id: string; name: Localized }[];
  notice?: string | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang } = usePage();
  const c = t.contact.conversation;
  const ids = { orgId: p.conv.orgId, id: p.conv.id };
  const statusAction = (action: "close" | "reopen" | "block" | "unblock", label: string) => (
    <ActionButton action={url(lang, "listenerConversationStatus", ids)} label={label} fields={{ action }} />
  );
  return (
    <>
      <p>
        <a href={url(lang, "listenerInbox", { orgId: p.conv.orgId })}>{c.back}</a>
      </p>
      <h1>{c.title}</h1>
      <Notice text={p.notice} />
      <ConversationHead conv={p.conv} />
      {p.conv.hasReplyEmail && <p>{c.emailGiven}</p>}
      <ReferralLine referral={p.conv.referral} />
      <Messages messages={p.conv.messages} names={p.names} />
      <h2>{c.reply}</h2>
      <ErrorSummary errors={p.errors} labels={{ message: c.reply, resource: c.resource, note: c.note }} />
      <Form action={url(lang, "listenerConversation", ids)}>
        <TextArea name="message" label={c.reply} hint={c.replyHint} rows={6} required values={p.values} errors={p.errors} />
        <Submit label={c.send} />
      </Form>
      <h2>{c.actions}</h2>
      <div class="actions">
        {p.conv.status === "open" && statusAction("close", c.close)}
        {p.conv.status === "closed" && statusAction("reopen", c.reopen)}
        {p.conv.blocked ? statusAction("unblock", c.unblock) : statusAction("block", c.block)}
      </div>
      <h2>{c.referral}</h2>
      <p class="hint">{c.referralHint}</p>
      <Form action={url(lang, "listenerReferral", ids)}>
        <Select
          name="resource"
          label={c.resource}
          options={[{ value: "", label: c.noResource }, ...p.resources.map((r) => ({ value: r.id, label: r.name[lang] || r.name.nl }))]}
          value={p.conv.referralResourceId ?? ""}
          values={p.values}
          errors={p.errors}
        />
        <TextArea name="note" label={c.note} rows={3} value={p.conv.referralNote ?? ""} values={p.values} errors={p.errors} />
        <Submit label={c.saveReferral} />
      </Form>
      <h2>{c.handover}</h2>
      {p.conv.status === "handed_over" ? (
        <p>{c.handedOver}</p>
      ) : p.conv.consent ? (
        <>
          <p>{c.handoverConsent}</p>
          <p>
            <a class="button secondary" href={url(lang, "listenerHandover", ids)}>
              {c.handoverAsk}
            </a>
          </p>
        </>
      ) : (
        <p>{c.handoverNoConsent}</p>
      )}
    </>
  );
}

export function HandoverPage({ orgId, id }: { orgId: string; id: string }) {
  const { t, lang } = usePage();
  const c = t.contact.conversation;
  return (
    <div class="narrow">
      <h1>{c.handoverTitle}</h1>
      <p>{c.handoverBody}</p>
      <div class="actions">
        <ActionButton action={url(lang, "listenerHandover", { orgId, id })} label={c.handoverConfirm} kind="primary" />
        <a href={url(lang, "listenerConversation", { orgId, id })}>{c.cancel}</a>
      </div>
    </div>
  );
}

export function AdviserConversationPage(p: { conv: FullConversation; notice?: string | null; values?: FormValues; errors?: FieldErrors }) {
  const { t, lang } = usePage();
  const c = t.contact.conversation;
  return (
    <>
      <p>
        <a href={url(lang, "adviserInbox")}>{c.back}</a>
      </p>
      <h1>{c.title}</h1>
      <Notice text={p.notice} />
      <ConversationHead conv={p.conv} />
      <ReferralLine referral={p.conv.referral} />
      <Messages messages={p.conv.messages} />
      <h2>{t.contact.adviser.reply}</h2>
      <ErrorSummary errors={p.errors} labels={{ message: c.reply }} />
      <Form action={url(lang, "adviserConversation", { id: p.conv.id })}>
        <TextArea name="message" label={c.reply} hint={c.replyHint} rows={6} required values={p.values} errors={p.errors} />
        <Submit label={c.send} />
      </Form>
    </>
  );
}

export function AdvisersPage(p: {
  accounts: { id: string; email: string; name: string | null; adviser: boolean }[];
  history: AuditRow[];
  notice?: string | null;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang } = usePage();
  const a = t.contact.advisers;
  const named = p.accounts.filter((x) => x.adviser);
  const others = p.accounts.filter((x) => !x.adviser);
  return (
    <>
      <h1>{a.title}</h1>
      <p>{a.intro}</p>
      <Notice text={p.notice} />
      {named.length ? (
        <ul>
          {named.map((x) => (
            <li>
              {x.name ? `${x.name} (${x.email})` : x.email}{" "}
              <ActionButton action={url(lang, "staffAdviserRemove", { id: x.id })} label={a.remove} context={x.email} />
            </li>
          ))}
        </ul>
      ) : (
        <p>{a.none}</p>
      )}
      <ErrorSummary errors={p.errors} labels={{ account: a.account }} />
      <Form action={url(lang, "staffAdvisers")}>
        <Select
          name="account"
          label={a.account}
          required
          placeholder={a.pick}
          options={others.map((x) => ({ value: x.id, label: x.name ? `${x.name} (${x.email})` : x.email }))}
          values={p.values}
          errors={p.errors}
        />
        <Submit label={a.add} />
      </Form>
      <h2>{t.office.audit}</h2>
      <AuditTable rows={p.history} />
    </>
  );
}

export function CountsPage({ rows }: { rows: { month: string; conversations: number; messages: number; handedOver: number }[] }) {
  const { t } = usePage();
  const k = t.contact.counts;
  return (
    <>
      <h1>{k.title}</h1>
      <p>{k.intro}</p>
      {rows.length === 0 ? (
        <p>{k.none}</p>
      ) : (
        <DataTable
          label={k.title}
          head={[k.month, k.conversations, k.messages, k.handedOver]}
          rows={rows.map((r) => [r.month, r.conversations, r.messages, r.handedOver])}
        />
      )}
    </>
  );
}
