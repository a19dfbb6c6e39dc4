import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, type Lang, type Localized, otherLang, pick } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ActionButton, CsrfField, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import type { BoardApplication, BudgetLine } from "../subsidies/applications.js";
import { CRITERIA, type Criterion, type Verdict } from "../subsidies/eligibility.js";
import type { Application, Limits, SubsidyStatus } from "../subsidies/service.js";
import { lineRows } from "./forms.js";

type Org = { id: string; name: string };
type FormProps = { values?: FormValues; errors?: FieldErrors };

/** An amount in euros as people read it ("€ 1.000,00", "€1,000.00"). */
export const money = (lang: Lang, cents: number) =>
  new Intl.NumberFormat(lang === "nl" ? "nl-NL" : "en-GB", { style: "currency", currency: "EUR" }).format(cents / 100);

/** Text typed by people, its line breaks kept. */
function Multiline({ text }: { text: string }) {
  return <p>{text.split("\n").flatMap((line, i) => (i ? [<br />, line] : [line]))}</p>;
}

const yearLabel = (year: number) => `${year}–${year + 1}`;

/** The office's text, paragraphs split by a blank line, marked with its language when it is the other one. */
function Paragraphs({ v }: { v: Localized }) {
  const { lang } = usePage();
  const p = pick(v, lang);
  if (!p.text.trim()) return null;
  return (
    <div lang={p.fallback ? otherLang(lang) : undefined}>
      {p.text
        .split(/\n\s*\n/)
        .filter((s) => s.trim())
        .map((s) => (
          <p>{s.trim()}</p>
        ))}
    </div>
  );
}

function Amounts({ limits }: { limits: Limits }) {
  const { t, lang } = usePage();
  const s = t.subsidies;
  return (
    <section aria-labelledby="sub-amounts">
      <h2 id="sub-amounts">{s.amounts(yearLabel(limits.year))}</h2>
      <dl class="details">
        <dt>{s.maxPerApplication}</dt>
        <dd>{money(lang, limits.maxPerApplicationCents)}</dd>
        <dt>{s.maxPerOrganisation}</dt>
        <dd>{money(lang, limits.maxPerOrganisationCents)}</dd>
      </dl>
    </section>
  );
}

/** The public criteria page: the office's text, the year's amounts, the link to the check. */
export function CriteriaPage({ body, limits }: { body: Localized; limits: Limits }) {
  const { t, lang } = usePage();
  const s = t.subsidies;
  return (
    <div class="narrow">
      <h1>{s.title}</h1>
      <p>{s.intro}</p>
      <Paragraphs v={body} />
      <Amounts limits={limits} />
      <p>
        <a href={url(lang, "subsidyCheck")}>{s.checkLink}</a>
      </p>
      <p>{s.applyLink}</p>
    </div>
  );
}

/** The eligibility check: a GET form of yes/no questions; the answer above it once anything is answered. */
export function CheckPage({ answers, verdict, limits }: { answers: Partial<Record<Criterion, string>>; verdict: Verdict; limits: Limits }) {
  const { t, lang } = usePage();
  const c = t.subsidies.check;
  const perApp = money(lang, limits.maxPerApplicationCents);
  const perOrg = money(lang, limits.maxPerOrganisationCents);
  const question = (k: Criterion) => (k === "withinLimits" ? c.questions.withinLimits(perApp, perOrg) : c.questions[k]);
  const why = (k: Criterion) => (k === "withinLimits" ? c.why.withinLimits(perApp, perOrg) : c.why[k]);
  const answered = CRITERIA.length - verdict.unanswered.length;
  return (
    <div class="narrow">
      <h1>{c.title}</h1>
      <p>{c.lead}</p>
      {answered > 0 && (
        <section aria-labelledby="check-answer" class={verdict.outcome === "eligible" ? "notice" : "warning"} role="status">
          <h2 id="check-answer">{c.answerTitle}</h2>
          {verdict.outcome === "eligible" && <p>{c.eligible}</p>}
          {verdict.unmet.length > 0 && (
            <>
              <p>{c.notEligible}</p>
              <ul>
                {verdict.unmet.map((u) => (
                  <li>
                    <strong>{question(u.criterion)}</strong> {why(u.criterion)}
                  </li>
                ))}
              </ul>
            </>
          )}
          {verdict.unanswered.length > 0 && <p>{c.incomplete(verdict.unanswered.length)}</p>}
          {verdict.outcome === "eligible" && (
            <p>
              <a href={url(lang, "dashboard")}>{c.apply}</a>
            </p>
          )}
        </section>
      )}
      <form method="get" action={url(lang, "subsidyCheck")} class="form">
        {CRITERIA.map((k) => (
          <fieldset class="field">
            <legend>{question(k)}</legend>
            {(["yes", "no"] as const).map((v) => (
              <div class="checkbox">
                <input type="radio" id={`f-${k}-${v}`} name={k} value={v} checked={answers[k] === v} />
                <label for={`f-${k}-${v}`}>{v === "yes" ? c.yes : c.no}</label>
              </div>
            ))}
          </fieldset>
        ))}
        <Submit label={c.submit} />
      </form>
      <p>
        <a href={url(lang, "subsidies")}>{t.subsidies.board.criteria}</a>
      </p>
    </div>
  );
}

/** The organisation page's section: what the subsidy is, with the link to the organisation's applications. */
export function SubsidiesSection({ orgId }: { orgId: string }) {
  const { t, lang } = usePage();
  const b = t.subsidies.board;
  return (
    <section aria-labelledby="subsidies-section">
      <h2 id="subsidies-section">{b.section}</h2>
      <p class="narrow">{b.sectionLead}</p>
      <p>
        <a href={url(lang, "orgSubsidies", { id: orgId })}>{b.sectionLink}</a>
      </p>
    </section>
  );
}

export type ListRow = Pick<Application, "id" | "reference" | "title" | "status" | "startsOn" | "requestedCents">;

/** The organisation's applications, with "new application". */
export function OrgSubsidiesPage({ org, rows, formKey }: { org: Org; rows: ListRow[]; formKey: string }) {
  const { t, lang } = usePage();
  const b = t.subsidies.board;
  return (
    <>
      <h1>{b.title(org.name)}</h1>
      <p>
        <a href={url(lang, "subsidies")}>{b.criteria}</a> · <a href={url(lang, "subsidyCheck")}>{t.subsidies.checkLink}</a>
      </p>
      <Form action={url(lang, "orgSubsidies", { id: org.id })}>
        <input type="hidden" name="key" value={formKey} />
        <Submit label={b.newApplication} />
      </Form>
      {rows.length === 0 ? (
        <p>{b.none}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="sub-list-caption">
          <table class="table">
            <caption id="sub-list-caption">{b.title(org.name)}</caption>
            <thead>
              <tr>
                <th scope="col">{b.activity}</th>
                <th scope="col">{b.reference}</th>
                <th scope="col">{b.starts}</th>
                <th scope="col">{b.requested}</th>
                <th scope="col">{b.status}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={url(lang, "orgSubsidy", { id: org.id, applicationId: r.id })}>{r.title || b.untitled}</a>
                  </th>
                  <td>{r.reference ?? b.noReference}</td>
                  <td>{r.startsOn ? formatDate(lang, r.startsOn) : ""}</td>
                  <td>{r.requestedCents === null ? "" : money(lang, r.requestedCents)}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

function StatusBadge({ status }: { status: SubsidyStatus }) {
  const { t } = usePage();
  const tone = ["approved", "paid", "closed", "report_submitted", "held"].includes(status)
    ? "ok"
    : status === "info_requested"
      ? "warn"
      : "neutral";
  return <span class={`badge ${tone}`}>{t.subsidies.status[status]}</span>;
}

/** Budget rows `item_i`/`amount_i`, as many as the form's `rows`. */
function LineRows({ values, errors, atLeast }: FormProps & { atLeast?: number }) {
  const { t } = usePage();
  const fl = t.subsidies.form.fields;
  const rows = lineRows(values ?? {}, atLeast);
  return (
    <>
      <input type="hidden" name="rows" value={String(rows)} />
      {Array.from({ length: rows }, (_, k) => k + 1).map((i) => (
        <div class="member-row">
          <Input name={`item_${i}`} label={fl.item(i)} values={values} errors={errors} />
          <Input name={`amount_${i}`} label={fl.amount(i)} inputmode="text" width="s" values={values} errors={errors} />
        </div>
      ))}
    </>
  );
}

function lineLabels(t: ReturnType<typeof usePage>["t"], values: FormValues | undefined) {
  const out: Record<string, string> = {};
  for (let i = 1; i <= lineRows(values ?? {}); i++) {
    out[`item_${i}`] = t.subsidies.form.fields.item(i);
    out[`amount_${i}`] = t.subsidies.form.fields.amount(i);
  }
  return out;
}

/** The application form: save as a draft or submit; "add a line" saves and comes back with one more budget row. */
export function EditPage(p: FormProps & { org: Org; app: Application; limits: Limits; notice?: string | null; reviewWeeks: number }) {
  const { t, lang } = usePage();
  const s = t.subsidies.form;
  const fl = s.fields;
  const ids = { id: p.org.id, applicationId: p.app.id };
  const action = url(lang, "orgSubsidyEdit", ids);
  const labels = {
    _form: "",
    title: fl.title,
    description: fl.description,
    aim: fl.aim,
    targetGroup: fl.targetGroup,
    expectedParticipants: fl.expectedParticipants,
    startsOn: fl.startsOn,
    endsOn: fl.endsOn,
    place: fl.place,
    partners: fl.partners,
    ...lineLabels(t, p.values),
    otherIncome: fl.otherIncome,
    requested: fl.requested,
    contactName: fl.contactName,
    contactEmail: fl.contactEmail,
    contactPhone: fl.contactPhone,
  };
  const common = { values: p.values, errors: p.errors };
  const rows = lineRows(p.values ?? {});
  return (
    <div class="narrow">
      <h1>{s.title(p.app.title || t.subsidies.board.untitled)}</h1>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} labels={labels} />
      <p>{s.lead}</p>
      <p>
        {p.app.decisionDue
          ? t.subsidies.page.decisionDue(formatDate(lang, p.app.decisionDue))
          : t.subsidies.page.decisionAfterSubmit(p.reviewWeeks)}
      </p>
      <Form action={action}>
        <fieldset class="field">
          <legend>{s.activity}</legend>
          <Input name="title" label={fl.title} required {...common} />
          <TextArea name="description" label={fl.description} required rows={6} {...common} />
          <TextArea name="aim" label={fl.aim} required {...common} />
          <Input name="targetGroup" label={fl.targetGroup} required {...common} />
          <Input name="expectedParticipants" label={fl.expectedParticipants} required inputmode="numeric" width="s" {...common} />
          <Input name="startsOn" type="date" label={fl.startsOn} required width="m" {...common} />
          <Input name="endsOn" type="date" label={fl.endsOn} hint={s.hints.endsOn} required width="m" {...common} />
          <Input name="place" label={fl.place} required {...common} />
          <TextArea name="partners" label={fl.partners} rows={2} {...common} />
        </fieldset>
        <fieldset class="field">
          <legend>{s.budget}</legend>
          <p class="hint">{s.budgetLead}</p>
          <LineRows {...common} />
          <Input name="otherIncome" label={fl.otherIncome} width="s" {...common} />
          <Input
            name="requested"
            label={fl.requested}
            hint={s.hints.requested(money(lang, p.limits.maxPerApplicationCents))}
            required
            width="s"
            {...common}
          />
        </fieldset>
        <fieldset class="field">
          <legend>{s.contact}</legend>
          <Input name="contactName" label={fl.contactName} required autocomplete="name" {...common} />
          <Input name="contactEmail" type="email" label={fl.contactEmail} required autocomplete="email" {...common} />
          <Input name="contactPhone" type="tel" label={fl.contactPhone} autocomplete="tel" width="m" {...common} />
        </fieldset>
        <div class="form-actions">
          <button type="submit" name="action" value="save" class="button secondary">
            {s.save}
          </button>
          {rows < 20 && (
            <button type="submit" name="action" value="addLine" formaction={`${action}#f-item_${rows + 1}`} class="button secondary">
              {s.addLine}
            </button>
          )}
          {p.app.status === "draft" && (
            <button type="submit" name="action" value="submit" class="button primary">
              {s.submit}
            </button>
          )}
        </div>
      </Form>
      <p>
        <a href={url(lang, "orgSubsidy", ids)}>{t.subsidies.withdraw.cancel}</a>
      </p>
    </div>
  );
}

function Lines({ lines, caption }: { lines: BudgetLine[]; caption: string }) {
  const { t, lang } = usePage();
  const total = lines.reduce((s, l) => s + l.amountCents, 0);
  return (
    <section class="table-wrap" tabindex={0} aria-label={caption}>
      <table class="table">
        <caption>{caption}</caption>
        <tbody>
          {lines.map((l) => (
            <tr>
              <th scope="row">{l.item}</th>
              <td>{money(lang, l.amountCents)}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">{t.subsidies.form.total}</th>
            <td>{money(lang, total)}</td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

export type StatusProps = FormProps & {
  org: Org;
  v: BoardApplication;
  notice?: string | null;
  reviewWeeks: number;
  reportDue: string | null;
};

/** An application's page: where it stands (the timeline in plain words), the decision date, a decision, what the board can do. */
export function StatusPage(p: StatusProps) {
  const { t, lang } = usePage();
  const s = t.subsidies.page;
  const { app } = p.v;
  const ids = { id: p.org.id, applicationId: app.id };
  const editable = app.status === "draft" || app.status === "info_requested";
  const undecided = ["draft", "submitted", "in_review", "info_requested"].includes(app.status);
  const question = app.status === "info_requested" ? [...p.v.events].reverse().find((e) => e.status === "info_requested")?.note : null;
  return (
    <>
      <h1>{s.title(app.reference ?? (app.title || t.subsidies.board.untitled))}</h1>
      <Notice text={p.notice} />
      <ErrorSummary errors={p.errors} labels={{ _form: "", answer: s.answer, kind: s.kind, file: s.file }} />
      <p>
        <StatusBadge status={app.status} />
      </p>
      <p>{app.decisionDue ? s.decisionDue(formatDate(lang, app.decisionDue)) : s.decisionAfterSubmit(p.reviewWeeks)}</p>
      {app.grantedCents !== null && ["approved", "held", "report_submitted", "paid", "closed"].includes(app.status) && (
        <section aria-labelledby="sub-decision" class="notice">
          <h2 id="sub-decision">{s.granted(money(lang, app.grantedCents))}</h2>
          {app.decisionText && (
            <>
              <h3>{s.conditions}</h3>
              <Multiline text={app.decisionText} />
            </>
          )}
          {p.reportDue && ["approved", "held"].includes(app.status) && <p>{s.reportDue(formatDate(lang, p.reportDue))}</p>}
        </section>
      )}
      {app.status === "declined" && app.decisionText && (
        <section aria-labelledby="sub-decision" class="warning">
          <h2 id="sub-decision">{s.reasons}</h2>
          <Multiline text={app.decisionText} />
        </section>
      )}
      {app.status === "info_requested" && (
        <section aria-labelledby="sub-question" class="warning">
          <h2 id="sub-question">{s.question}</h2>
          {question && <Multiline text={question} />}
          <p>{s.answerLead}</p>
          <Form action={url(lang, "orgSubsidyAnswer", ids)}>
            <TextArea name="answer" label={s.answer} required rows={5} values={p.values} errors={p.errors} />
            <Submit label={s.sendAnswer} />
          </Form>
        </section>
      )}
      <ul class="actions plain-list">
        {editable && (
          <li>
            <a class="button secondary" href={url(lang, "orgSubsidyEdit", ids)}>
              {s.edit}
            </a>
          </li>
        )}
        {["approved", "held"].includes(app.status) && (
          <li>
            <a class="button primary" href={url(lang, "orgSubsidyReport", ids)}>
              {s.report}
            </a>
          </li>
        )}
        {undecided && (
          <li>
            <a class="button secondary" href={url(lang, "orgSubsidyWithdraw", ids)}>
              {s.withdraw}
            </a>
          </li>
        )}
      </ul>
      <section aria-labelledby="sub-timeline">
        <h2 id="sub-timeline">{s.timeline}</h2>
        <ol class="timeline">
          {p.v.events.map((e) => (
            <li>
              <strong>{t.subsidies.status[e.status]}</strong> ({formatDate(lang, e.at)}): {s.step[e.status]}
              {e.note && <Multiline text={e.note} />}
            </li>
          ))}
        </ol>
      </section>
      <Details app={app} v={p.v} />
      <Files {...p} />
    </>
  );
}

function Details({ app, v }: { app: Application; v: BoardApplication }) {
  const { t, lang } = usePage();
  const s = t.subsidies.page;
  const fl = t.subsidies.form.fields;
  const dates = app.startsOn
    ? app.endsOn && app.endsOn !== app.startsOn
      ? `${formatDate(lang, app.startsOn)} – ${formatDate(lang, app.endsOn)}`
      : formatDate(lang, app.startsOn)
    : "";
  return (
    <section aria-labelledby="sub-details">
      <h2 id="sub-details">{s.details}</h2>
      <dl class="details">
        <dt>{fl.title}</dt>
        <dd>{app.title}</dd>
        <dt>{fl.description}</dt>
        <dd>
          <Multiline text={app.description} />
        </dd>
        <dt>{fl.aim}</dt>
        <dd>
          <Multiline text={app.aim} />
        </dd>
        <dt>{fl.targetGroup}</dt>
        <dd>{app.targetGroup}</dd>
        <dt>{fl.expectedParticipants}</dt>
        <dd>{app.expectedParticipants ?? ""}</dd>
        <dt>{fl.startsOn}</dt>
        <dd>{dates}</dd>
        <dt>{fl.place}</dt>
        <dd>{app.place}</dd>
        <dt>{fl.partners}</dt>
        <dd>{app.partners}</dd>
        <dt>{s.otherIncome}</dt>
        <dd>{money(lang, app.otherIncomeCents)}</dd>
        <dt>{s.requested}</dt>
        <dd>{app.requestedCents === null ? "" : money(lang, app.requestedCents)}</dd>
        <dt>{fl.contactName}</dt>
        <dd>{[app.contactName, app.contactEmail, app.contactPhone].filter(Boolean).join(", ")}</dd>
      </dl>
      {v.plan.length > 0 && <Lines lines={v.plan} caption={s.plannedBudget} />}
      {v.actual.length > 0 && <Lines lines={v.actual} caption={s.actualCosts} />}
    </section>
  );
}

function Files(p: StatusProps) {
  const { t, lang } = usePage();
  const s = t.subsidies.page;
  const { app } = p.v;
  const ids = { id: p.org.id, applicationId: app.id };
  const undecided = ["draft", "submitted", "in_review", "info_requested"].includes(app.status);
  const open = undecided || app.status === "approved" || app.status === "held";
  return (
    <section aria-labelledby="sub-files">
      <h2 id="sub-files">{s.files}</h2>
      {p.v.attachments.length === 0 ? (
        <p>{s.noFiles}</p>
      ) : (
        <ul class="plain-list">
          {p.v.attachments.map((a) => (
            <li>
              <a href={url(lang, "orgSubsidyFile", { ...ids, attachmentId: a.id })}>{a.filename}</a> ({s.kinds[a.kind]},{" "}
              {Math.max(1, Math.round(a.size / 1024))} KB{a.byOffice ? `, ${s.byOffice}` : ""}){" "}
              {undecided && !a.byOffice && (
                <ActionButton
                  action={url(lang, "orgSubsidyFileRemove", { ...ids, attachmentId: a.id })}
                  label={s.remove}
                  context={a.filename}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <form method="post" action={url(lang, "orgSubsidyFiles", ids)} enctype="multipart/form-data" class="form" novalidate>
          <CsrfField />
          <Select
            name="kind"
            label={s.kind}
            required
            options={(["quote", "receipt", "other"] as const).map((k) => ({ value: k, label: s.kinds[k] }))}
            values={p.values}
            errors={p.errors}
          />
          <FileInput name="file" label={s.file} errors={p.errors} />
          <Submit label={s.upload} />
        </form>
      )}
    </section>
  );
}

function FileInput({ name, label, errors }: { name: string; label: string; errors?: FieldErrors }) {
  const { t } = usePage();
  const error = errors?.[name];
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={`f-${name}`}>{label}</label>
      {error && (
        <p class="field-error" id={`f-${name}-error`}>
          <span class="visually-hidden">{t.errors.prefix} </span>
          {error}
        </p>
      )}
      <input
        type="file"
        id={`f-${name}`}
        name={name}
        accept="application/pdf,image/png,image/jpeg"
        required
        aria-describedby={error ? `f-${name}-error` : undefined}
      />
    </div>
  );
}

/** "Withdraw?": what follows, and the button that does it. */
export function WithdrawPage({ org, app, errors }: { org: Org; app: Application; errors?: FieldErrors }) {
  const { t, lang } = usePage();
  const w = t.subsidies.withdraw;
  const ids = { id: org.id, applicationId: app.id };
  return (
    <div class="narrow">
      <h1>{w.title(app.reference ?? (app.title || t.subsidies.board.untitled))}</h1>
      <ErrorSummary errors={errors} labels={{ _form: "" }} />
      <p>{w.lead}</p>
      <Form action={url(lang, "orgSubsidyWithdraw", ids)}>
        <Submit label={w.confirm} danger secondary={<a href={url(lang, "orgSubsidy", ids)}>{w.cancel}</a>} />
      </Form>
    </div>
  );
}

/** The report after the activity: what happened, participants, evaluation, the actual costs. */
export function ReportPage(p: FormProps & { org: Org; app: Application }) {
  const { t, lang } = usePage();
  const r = t.subsidies.report;
  const ids = { id: p.org.id, applicationId: p.app.id };
  const action = url(lang, "orgSubsidyReport", ids);
  const common = { values: p.values, errors: p.errors };
  const rows = lineRows(p.values ?? {});
  const labels = {
    _form: "",
    reportText: r.fields.reportText,
    reportParticipants: r.fields.reportParticipants,
    reportEvaluation: r.fields.reportEvaluation,
    ...lineLabels(t, p.values),
  };
  return (
    <div class="narrow">
      <h1>{r.title(p.app.reference ?? p.app.title)}</h1>
      <ErrorSummary errors={p.errors} labels={labels} />
      <p>{r.lead}</p>
      <Form action={action}>
        <TextArea name="reportText" label={r.fields.reportText} required rows={6} {...common} />
        <Input name="reportParticipants" label={r.fields.reportParticipants} required inputmode="numeric" width="s" {...common} />
        <TextArea name="reportEvaluation" label={r.fields.reportEvaluation} required rows={4} {...common} />
        <fieldset class="field">
          <legend>{r.costs}</legend>
          <LineRows {...common} />
        </fieldset>
        <div class="form-actions">
          <button type="submit" name="action" value="submit" class="button primary">
            {r.submit}
          </button>
          {rows < 20 && (
            <button type="submit" name="action" value="addLine" formaction={`${action}#f-item_${rows + 1}`} class="button secondary">
              {t.subsidies.form.addLine}
            </button>
          )}
        </div>
      </Form>
      <p>
        <a href={url(lang, "orgSubsidy", ids)}>{t.subsidies.withdraw.cancel}</a>
      </p>
    </div>
  );
}
