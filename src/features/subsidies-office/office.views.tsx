import type { Child } from "hono/jsx";
import type { CsvCell } from "../../core/csv.js";
import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, formatDateTime, type Lang, localDate, type Messages } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { BilingualField, ErrorSummary, Form, Input, Notice, Select, Submit, TextArea } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import {
  type BudgetBox,
  canTake,
  euro,
  MAX_SCORE,
  OFFICE_STATUSES,
  type OfficeApplication,
  type OverviewYear,
  type QueueRow,
  SCORE_CRITERIA,
  type scoreSheet,
  type Template,
} from "../subsidies/review.js";
import { centsValue, type QueueQuery } from "./office.forms.js";

type Sheet = Awaited<ReturnType<typeof scoreSheet>>;

/** The links between the office's subsidy pages, the current one marked. */
export function SubsidyLinks({ current }: { current: "queue" | "budget" | "templates" | "criteria" | "overview" }) {
  const { t, lang, user } = usePage();
  const o = t.subsidiesOffice;
  const all = [
    ["queue", "staffSubsidies"],
    ["budget", "staffSubsidyBudget"],
    ["templates", "staffSubsidyTemplates"],
    ["criteria", "staffSubsidyCriteria"],
    ["overview", "staffSubsidyOverview"],
  ] as const;
  // The budget is set by administrators only (staff see it on the queue).
  const items = all.filter(([k]) => k !== "budget" || user?.staffRole === "admin");
  return (
    <nav class="subnav" aria-label={o.nav}>
      <ul class="inline-list">
        {items.map(([k, route]) => (
          <li>
            <a href={url(lang, route)} aria-current={k === current ? "page" : undefined}>
              {o.links[k]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The year's budget: total, committed, paid, remaining, and the limits. */
export function BudgetSummary({ box }: { box: BudgetBox }) {
  const { t, lang } = usePage();
  const b = t.subsidiesOffice.budget;
  const rows: [string, number][] = [
    [b.total, box.totalCents],
    [b.committed, box.committedCents],
    [b.paid, box.paidCents],
    [b.remaining, box.remainingCents],
    [b.maxApplication, box.maxPerApplicationCents],
    [b.maxOrganisation, box.maxPerOrganisationCents],
  ];
  return (
    <section class="card budget-box" aria-labelledby="budget-title">
      <h2 id="budget-title">{b.title(t.subsidiesOffice.year(box.year))}</h2>
      <dl class="details" id="budget">
        {rows.map(([label, cents]) => (
          <>
            <dt>{label}</dt>
            <dd>{euro(lang, cents)}</dd>
          </>
        ))}
      </dl>
      {!box.set && <p class="hint">{b.defaults}</p>}
    </section>
  );
}

type QueueProps = {
  query: QueueQuery & { year: number };
  total: number;
  pages: number;
  rows: QueueRow[];
  budget: BudgetBox;
  years: number[];
  organisations: { id: string; name: string }[];
  reviewers: { id: string; name: string }[];
};

/** The queue: the budget box, the filters (a GET form), the table with its pages and the CSV link. */
export function QueuePage(p: QueueProps) {
  const { t, lang, env } = usePage();
  const o = t.subsidiesOffice;
  const f = o.filters;
  const q = p.query;
  const qs = {
    year: String(q.year),
    status: q.status,
    organisation: q.organisation,
    month: q.month,
    monthOf: q.month ? q.monthOf : undefined,
    assigned: q.assigned,
  };
  const values: FormValues = {
    year: String(q.year),
    status: q.status ?? "",
    organisation: q.organisation ?? "",
    month: q.month ?? "",
    monthOf: q.monthOf,
    assigned: q.assigned ?? "",
  };
  const years = [...new Set([q.year, ...p.years])].sort((a, b) => b - a);
  return (
    <>
      <div class="toolbar">
        <h1>{o.title}</h1>
        <p class="actions">
          <a class="button secondary" href={url(lang, "staffSubsidiesCsv", {}, qs)} download>
            {o.links.csv}
          </a>
        </p>
      </div>
      <SubsidyLinks current="queue" />
      <p class="narrow">{o.intro}</p>
      <BudgetSummary box={p.budget} />
      <form method="get" action={url(lang, "staffSubsidies")} class="filters" aria-label={f.legend}>
        <Select name="year" label={f.year} required options={years.map((y) => ({ value: String(y), label: o.year(y) }))} values={values} />
        <Select
          name="status"
          label={f.status}
          required
          options={[{ value: "", label: f.allStatuses }, ...OFFICE_STATUSES.map((s) => ({ value: s, label: t.subsidies.status[s] }))]}
          values={values}
        />
        <Select
          name="organisation"
          label={f.organisation}
          required
          options={[{ value: "", label: f.allOrganisations }, ...p.organisations.map((x) => ({ value: x.id, label: x.name }))]}
          values={values}
        />
        <Input name="month" label={f.month} values={values} width="s" />
        <Select
          name="monthOf"
          label={f.monthOf}
          required
          options={[
            { value: "submitted", label: f.monthOfSubmitted },
            { value: "activity", label: f.monthOfActivity },
          ]}
          values={values}
        />
        <Select
          name="assigned"
          label={f.assigned}
          required
          options={[
            { value: "", label: f.anyone },
            { value: "none", label: f.nobody },
            ...p.reviewers.map((r) => ({ value: r.id, label: r.name })),
          ]}
          values={values}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{o.results(p.total)}</p>
      {p.rows.length === 0 ? (
        <p>{o.noResults}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="subsidies-caption">
          <table class="table" id="subsidies-table">
            <caption id="subsidies-caption">{o.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{o.col.reference}</th>
                <th scope="col">{o.col.title}</th>
                <th scope="col">{o.col.organisation}</th>
                <th scope="col">{o.col.status}</th>
                <th scope="col">{o.col.requested}</th>
                <th scope="col">{o.col.granted}</th>
                <th scope="col">{o.col.due}</th>
                <th scope="col">{o.col.assigned}</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr>
                  <td>{r.reference}</td>
                  <th scope="row">
                    <a href={url(lang, "staffSubsidy", { id: r.id })}>{r.title || r.reference}</a>
                  </th>
                  <td>{r.organisation}</td>
                  <td>{t.subsidies.status[r.status]}</td>
                  <td>{euro(lang, r.requestedCents)}</td>
                  <td>{euro(lang, r.grantedCents)}</td>
                  <td>{r.decisionDue ? formatDate(lang, r.decisionDue, env.TIME_ZONE) : ""}</td>
                  <td>{r.assignee ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <Pagination page={q.page} pages={p.pages} href={(n) => url(lang, "staffSubsidies", {}, { ...qs, page: String(n) })} />
    </>
  );
}

/** The CSV: applications and their decisions (never internal comments or scores). */
export function applicationCsvRows(t: Messages, lang: Lang, rows: QueueRow[], timeZone: string): CsvCell[][] {
  const amount = (c: number | null) => (c === null ? "" : centsValue(c, lang));
  return [
    [...t.subsidiesOffice.csvHeader],
    ...rows.map((r) => [
      r.reference,
      t.subsidiesOffice.year(r.year),
      r.organisation,
      r.title,
      t.subsidies.status[r.status],
      r.submittedAt ? localDate(r.submittedAt, timeZone) : "",
      r.startsOn,
      r.endsOn,
      amount(r.requestedCents),
      amount(r.grantedCents),
      amount(r.paidCents),
      r.decisionDue,
      r.decidedAt ? localDate(r.decidedAt, timeZone) : "",
      r.decisionText,
    ]),
  ];
}

type AppProps = {
  a: OfficeApplication;
  sheet: Sheet;
  reviewers: { id: string; name: string }[];
  templates: Template[];
  me: { id: string; admin: boolean };
  values: FormValues;
  errors?: FieldErrors;
  notice: string | null;
};

/** Text as typed: its line breaks kept. */
function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((l, i) => (
        <>
          {i > 0 && <br />}
          {l}
        </>
      ))}
    </>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: Child }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** An application in the office: all its fields, budget, attachments, timeline, the next steps, then the internal part. */
export function ApplicationPage({ a, sheet, reviewers, templates, me, values, errors, notice }: AppProps) {
  const { t, lang, env } = usePage();
  const o = t.subsidiesOffice;
  const x = o.app;
  const app = a.app;
  const day = (d: string | null) => (d ? formatDate(lang, d, env.TIME_ZONE) : "");
  const id = app.id;
  const dates = app.startsOn && app.endsOn && app.startsOn !== app.endsOn ? `${day(app.startsOn)} – ${day(app.endsOn)}` : day(app.startsOn);
  const facts: [string, Child][] = [
    [o.col.organisation, a.organisation],
    [o.col.status, t.subsidies.status[app.status]],
    [o.col.requested, euro(lang, app.requestedCents)],
    ...(app.grantedCents !== null ? ([[o.col.granted, euro(lang, app.grantedCents)]] as [string, Child][]) : []),
    ...(app.paidCents !== null ? ([[o.col.paid, euro(lang, app.paidCents)]] as [string, Child][]) : []),
    [x.decisionDue, day(app.decisionDue)],
    ...(app.reportDue ? ([[x.reportDue, day(app.reportDue)]] as [string, Child][]) : []),
    [x.dates, dates],
    [x.place, app.place],
    [x.participants, app.expectedParticipants ?? ""],
    [x.targetGroup, app.targetGroup],
    [x.aim, app.aim],
    [x.description, app.description],
    [x.partners, app.partners],
    [x.otherIncome, euro(lang, app.otherIncomeCents)],
    [x.contact, [app.contactName, app.contactEmail, app.contactPhone].filter(Boolean).join(", ")],
  ];
  const labels: Record<string, string> = {
    step: x.decide,
    question: x.question,
    granted: x.granted,
    conditions: x.conditions,
    reasons: x.reasons,
    paid: x.paidAmount,
    reviewer: x.assign,
    body: x.comment,
    ...Object.fromEntries(
      SCORE_CRITERIA.flatMap((c) => [
        [`score_${c}`, `${o.criteria[c]}: ${x.score}`],
        [`note_${c}`, `${o.criteria[c]}: ${x.note}`],
      ]),
    ),
  };
  const boardLang = app.lang === "nl" ? t.common.inDutch : t.common.inEnglish;
  const steps = (["info", "approve", "decline"] as const).filter((s) => canTake(s, app.status));
  const usable = templates.filter((tpl) => steps.includes(tpl.kind));
  const anyStep = (["review", "info", "approve", "decline", "held", "paid", "close"] as const).some((s) => canTake(s, app.status));
  // A step's error whose form is not shown (the application moved on meanwhile) is told here.
  const shown = {
    step: false,
    question: canTake("info", app.status),
    granted: me.admin && canTake("approve", app.status),
    reasons: me.admin && canTake("decline", app.status),
    paid: me.admin && canTake("paid", app.status),
  };
  const orphans = Object.entries(shown).flatMap(([field, on]) => (!on && errors?.[field] ? [[field, errors[field]!] as const] : []));
  return (
    <>
      <p>
        <a href={url(lang, "staffSubsidies", {}, { year: String(app.year) })}>{o.links.queue}</a>
      </p>
      <h1>
        {app.reference ? `${app.reference}: ` : ""}
        {app.title}
      </h1>
      <Notice text={errors ? null : notice} />
      <ErrorSummary errors={errors} labels={labels} />
      <Section id="details" title={x.details}>
        <dl class="details">
          {facts
            .filter(([, v]) => v !== "" && v !== null)
            .map(([k, v]) => (
              <>
                <dt>{k}</dt>
                <dd>{typeof v === "string" ? <Lines text={v} /> : v}</dd>
              </>
            ))}
        </dl>
      </Section>
      {(["plan", "actual"] as const).map((kind) => {
        const lines = a.lines.filter((l) => l.kind === kind);
        if (!lines.length) return null;
        return (
          <section class="table-wrap" tabindex={0} aria-labelledby={`lines-${kind}`}>
            <table class="table">
              <caption id={`lines-${kind}`}>{kind === "plan" ? x.lines : x.actual}</caption>
              <thead>
                <tr>
                  <th scope="col">{x.item}</th>
                  <th scope="col">{x.amount}</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr>
                    <td>{l.item}</td>
                    <td>{euro(lang, l.amountCents)}</td>
                  </tr>
                ))}
                <tr>
                  <th scope="row">{x.linesTotal}</th>
                  <td>
                    {euro(
                      lang,
                      lines.reduce((s, l) => s + l.amountCents, 0),
                    )}
                  </td>
                </tr>
              </tbody>
            </table>
          </section>
        );
      })}
      {app.reportSubmittedAt && (
        <Section id="report" title={x.report}>
          <p>
            <Lines text={app.reportText ?? ""} />
          </p>
          <dl class="details">
            <dt>{x.reportParticipants}</dt>
            <dd>{app.reportParticipants ?? ""}</dd>
            <dt>{x.reportEvaluation}</dt>
            <dd>
              <Lines text={app.reportEvaluation ?? ""} />
            </dd>
          </dl>
        </Section>
      )}
      <Section id="attachments" title={x.attachments}>
        {a.attachments.length === 0 ? (
          <p>{x.noAttachments}</p>
        ) : (
          <ul id="attachment-list">
            {a.attachments.map((f) => (
              <li>
                <a href={url(lang, "staffSubsidyFile", { id, attachmentId: f.id })} download>
                  {f.filename}
                </a>{" "}
                ({x.kinds[f.kind]}, {Math.ceil(f.size / 1024)} kB, {formatDate(lang, f.at, env.TIME_ZONE)})
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="timeline" title={x.timeline}>
        <ol id="timeline-list">
          {a.events.map((e) => (
            <li>
              <strong>{t.subsidies.status[e.status]}</strong>, {formatDateTime(lang, e.at, env.TIME_ZONE)}
              {e.actorName && ` ${x.by(e.actorName)}`}
              {e.note && (
                <p>
                  <Lines text={e.note} />
                </p>
              )}
            </li>
          ))}
        </ol>
      </Section>
      <Section id="decide" title={x.decide}>
        {orphans.map(([field, msg]) => (
          <div id={`f-${field}`}>
            <p class="field-error" id={`f-${field}-error`}>
              <span class="visually-hidden">{t.errors.prefix} </span>
              {msg}
            </p>
          </div>
        ))}
        {!anyStep && <p>{x.noStep}</p>}
        {anyStep && !me.admin && <p class="hint">{x.adminOnly}</p>}
        {usable.length > 0 && (
          <form method="get" action={url(lang, "staffSubsidy", { id })} class="filters" aria-label={x.template}>
            <Select
              name="template"
              label={x.template}
              hint={x.templateHint(boardLang)}
              required
              options={usable.map((tpl) => ({ value: tpl.id, label: `${o.templates.kinds[tpl.kind]}: ${tpl.name}` }))}
              values={values}
            />
            <div class="form-actions">
              <button type="submit" class="button secondary">
                {x.useTemplate}
              </button>
            </div>
          </form>
        )}
        {canTake("review", app.status) && (
          <Form action={url(lang, "staffSubsidyStep", { id })}>
            <input type="hidden" name="step" value="review" />
            <Submit label={x.startReview} />
          </Form>
        )}
        {canTake("info", app.status) && (
          <Form action={url(lang, "staffSubsidyInfo", { id })}>
            <h3>{x.info}</h3>
            <TextArea name="question" label={x.question} hint={x.mailNote} required rows={5} values={values} errors={errors} />
            <Submit label={x.sendQuestion} />
          </Form>
        )}
        {me.admin && canTake("approve", app.status) && (
          <Form action={url(lang, "staffSubsidyApprove", { id })}>
            <h3>{x.approve}</h3>
            <Input
              name="granted"
              label={x.granted}
              hint={x.grantedHint(euro(lang, app.requestedCents))}
              required
              inputmode="text"
              width="s"
              values={values}
              errors={errors}
            />
            <TextArea name="conditions" label={x.conditions} hint={x.mailNote} rows={5} values={values} errors={errors} />
            <Submit label={x.approve} />
          </Form>
        )}
        {me.admin && canTake("decline", app.status) && (
          <Form action={url(lang, "staffSubsidyDecline", { id })}>
            <h3>{x.decline}</h3>
            <TextArea name="reasons" label={x.reasons} hint={x.mailNote} required rows={5} values={values} errors={errors} />
            <Submit label={x.decline} danger />
          </Form>
        )}
        {canTake("held", app.status) && (
          <Form action={url(lang, "staffSubsidyStep", { id })}>
            <input type="hidden" name="step" value="held" />
            <Submit label={x.held} />
          </Form>
        )}
        {me.admin && canTake("paid", app.status) && (
          <Form action={url(lang, "staffSubsidyPaid", { id })}>
            <h3>{x.paid}</h3>
            <Input
              name="paid"
              label={x.paidAmount}
              hint={x.paidHint(euro(lang, app.grantedCents))}
              required
              width="s"
              values={values}
              errors={errors}
            />
            <Submit label={x.paid} />
          </Form>
        )}
        {canTake("close", app.status) && (
          <Form action={url(lang, "staffSubsidyStep", { id })}>
            <input type="hidden" name="step" value="close" />
            <Submit label={x.close} />
          </Form>
        )}
      </Section>
      <div class="muted-card" id="internal">
        <p class="warning">{x.internal}</p>
        <Section id="assign" title={x.assign}>
          <Form action={url(lang, "staffSubsidyAssign", { id })}>
            <Select
              name="reviewer"
              label={x.assign}
              required
              options={[{ value: "", label: x.nobody }, ...reviewers.map((r) => ({ value: r.id, label: r.name }))]}
              values={{ reviewer: values.reviewer ?? app.assignedTo ?? "" }}
              errors={errors}
            />
            <Submit label={x.assignSave} />
          </Form>
        </Section>
        <Section id="comments" title={x.comments}>
          {a.comments.length === 0 ? (
            <p>{x.noComments}</p>
          ) : (
            <ul class="plain-list" id="comment-list">
              {a.comments.map((c) => (
                <li>
                  <p class="muted">
                    {c.author ?? t.office.system}, {formatDateTime(lang, c.at, env.TIME_ZONE)}
                  </p>
                  <p>
                    <Lines text={c.body} />
                  </p>
                </li>
              ))}
            </ul>
          )}
          <Form action={url(lang, "staffSubsidyComment", { id })}>
            <TextArea name="body" label={x.comment} required rows={3} values={values} errors={errors} />
            <Submit label={x.addComment} />
          </Form>
        </Section>
        <ScoreSection id={id} sheet={sheet} me={me.id} values={values} errors={errors} />
      </div>
    </>
  );
}

function ScoreSection({
  id,
  sheet,
  me,
  values,
  errors,
}: {
  id: string;
  sheet: Sheet;
  me: string;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { t, lang } = usePage();
  const o = t.subsidiesOffice;
  const x = o.app;
  const mine = sheet.reviewers.find((r) => r.reviewer === me);
  const v: FormValues = { ...values };
  for (const c of SCORE_CRITERIA) {
    v[`score_${c}`] ??= mine?.scores[c] ? String(mine.scores[c].score) : "";
    v[`note_${c}`] ??= mine?.scores[c]?.note ?? "";
  }
  const options = Array.from({ length: MAX_SCORE + 1 }, (_, n) => ({ value: String(n), label: String(n) }));
  return (
    <Section id="scores" title={x.scores}>
      {sheet.reviewers.length === 0 ? (
        <p>{x.noScores}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="scores-caption">
          <table class="table" id="scores-table">
            <caption id="scores-caption">{x.scores}</caption>
            <thead>
              <tr>
                <th scope="col">{o.col.assigned}</th>
                {SCORE_CRITERIA.map((c) => (
                  <th scope="col">{o.criteria[c]}</th>
                ))}
                <th scope="col">{x.total}</th>
              </tr>
            </thead>
            <tbody>
              {sheet.reviewers.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  {SCORE_CRITERIA.map((c) => (
                    <td>
                      {r.scores[c]?.score ?? ""}
                      {r.scores[c]?.note && <span class="hint"> ({r.scores[c].note})</span>}
                    </td>
                  ))}
                  <td>{`${r.total} / ${sheet.max}`}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{x.mean}</th>
                {SCORE_CRITERIA.map((c) => (
                  <td>{sheet.mean[c] === null ? "" : new Intl.NumberFormat(t.common.locale).format(sheet.mean[c])}</td>
                ))}
                <td />
              </tr>
            </tbody>
          </table>
        </section>
      )}
      <Form action={url(lang, "staffSubsidyScores", { id })}>
        <p class="hint">{x.scoresIntro}</p>
        {SCORE_CRITERIA.map((c) => (
          <fieldset class="score-row">
            <legend>{o.criteria[c]}</legend>
            <Select name={`score_${c}`} label={x.score} required placeholder="" options={options} values={v} errors={errors} />
            <Input name={`note_${c}`} label={x.note} values={v} errors={errors} />
          </fieldset>
        ))}
        <Submit label={x.saveScores} />
      </Form>
    </Section>
  );
}

/** The budget page: the year's figures and the form for its total and limits. */
export function BudgetPage({
  box,
  values,
  errors,
  notice,
}: {
  box: BudgetBox;
  values: FormValues;
  errors?: FieldErrors;
  notice: string | null;
}) {
  const { t, lang } = usePage();
  const b = t.subsidiesOffice.budget;
  const labels = { total: b.total, maxApplication: b.maxApplication, maxOrganisation: b.maxOrganisation };
  return (
    <>
      <h1>{b.title(t.subsidiesOffice.year(box.year))}</h1>
      <SubsidyLinks current="budget" />
      <Notice text={errors ? null : notice} />
      <BudgetSummary box={box} />
      <h2>{b.edit}</h2>
      <p class="narrow">{b.intro}</p>
      <ErrorSummary errors={errors} labels={labels} />
      <Form action={url(lang, "staffSubsidyBudget", {}, { year: String(box.year) })}>
        <input type="hidden" name="year" value={String(box.year)} />
        <Input name="total" label={b.total} required width="s" values={values} errors={errors} />
        <Input name="maxApplication" label={b.maxApplication} required width="s" values={values} errors={errors} />
        <Input name="maxOrganisation" label={b.maxOrganisation} required width="s" values={values} errors={errors} />
        <Submit label={b.save} />
      </Form>
    </>
  );
}

/** The templates: the list, and the form of a new one (or of the one being edited). */
export function TemplatesPage(p: {
  templates: Template[];
  editing: Template | null;
  values: FormValues;
  errors?: FieldErrors;
  notice: string | null;
}) {
  const { t, lang } = usePage();
  const s = t.subsidiesOffice.templates;
  const labels = { kind: s.kind, name: s.name, body: s.body };
  return (
    <>
      <h1>{p.editing ? s.edit : s.title}</h1>
      <SubsidyLinks current="templates" />
      <Notice text={p.errors ? null : p.notice} />
      {!p.editing && (
        <>
          <p class="narrow">{s.intro}</p>
          {p.templates.length === 0 ? (
            <p>{s.none}</p>
          ) : (
            <ul id="template-list">
              {p.templates.map((tpl) => (
                <li>
                  <a href={url(lang, "staffSubsidyTemplate", { id: tpl.id })}>{tpl.name}</a> ({s.kinds[tpl.kind]})
                </li>
              ))}
            </ul>
          )}
          <h2>{s.new}</h2>
        </>
      )}
      <ErrorSummary errors={p.errors} labels={labels} />
      <Form action={p.editing ? url(lang, "staffSubsidyTemplate", { id: p.editing.id }) : url(lang, "staffSubsidyTemplates")}>
        <Select
          name="kind"
          label={s.kind}
          required
          placeholder=""
          options={(["info", "approve", "decline"] as const).map((k) => ({ value: k, label: s.kinds[k] }))}
          values={p.values}
          errors={p.errors}
        />
        <Input name="name" label={s.name} required values={p.values} errors={p.errors} />
        <BilingualField name="body" label={s.body} area rows={6} values={p.values} errors={p.errors} />
        <Submit label={s.save} />
      </Form>
      {p.editing && (
        <Form action={url(lang, "staffSubsidyTemplateDelete", { id: p.editing.id })} class="inline">
          <button type="submit" class="button danger">
            {s.delete}
          </button>
        </Form>
      )}
    </>
  );
}

/** The criteria page's text, both languages side by side. */
export function CriteriaPage({ values, errors, notice }: { values: FormValues; errors?: FieldErrors; notice: string | null }) {
  const { t, lang } = usePage();
  const s = t.subsidiesOffice.criteriaPage;
  return (
    <>
      <h1>{s.title}</h1>
      <SubsidyLinks current="criteria" />
      <Notice text={errors ? null : notice} />
      <p class="narrow">{s.intro}</p>
      <ErrorSummary errors={errors} labels={{ body: s.body }} />
      <Form action={url(lang, "staffSubsidyCriteria")}>
        <BilingualField name="body" label={s.body} area rows={14} values={values} errors={errors} />
        <Submit label={s.save} />
      </Form>
    </>
  );
}

/**
 * The overview's chart: two panels (amount granted, organisations reached), a bar per academic
 * year with its value and year written beside it; no colour tells anything apart. An image to
 * assistive technology, named by its <title> and summed up by its <desc>; the table holds the numbers.
 */
export function OverviewChart({ years, color }: { years: OverviewYear[]; color: string }) {
  const { t, lang } = usePage();
  const o = t.subsidiesOffice.overview;
  const series = [
    { label: o.granted, value: (y: OverviewYear) => y.grantedCents, text: (y: OverviewYear) => euro(lang, y.grantedCents) },
    { label: o.reached, value: (y: OverviewYear) => y.organisationsReached, text: (y: OverviewYear) => String(y.organisationsReached) },
  ];
  const slot = 96;
  const barW = 44;
  const panelH = 130;
  const plotH = 70;
  const left = 8;
  const width = Math.max(320, left + years.length * slot + 16);
  const desc = o.chartDesc(
    series.map((s) => `${s.label}: ${years.map((y) => `${t.subsidiesOffice.year(y.year)} ${s.text(y)}`).join(", ")}`).join("; "),
  );
  return (
    <figure class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${series.length * panelH}`}
        width={width}
        height={series.length * panelH}
        role="img"
        aria-labelledby="overview-title overview-desc"
        font-family="inherit"
      >
        <title id="overview-title">{o.chartTitle}</title>
        <desc id="overview-desc">{desc}</desc>
        {series.map((s, i) => {
          const top = i * panelH;
          const base = top + 28 + plotH;
          const max = Math.max(1, ...years.map(s.value));
          return (
            <g>
              <text x={left} y={top + 16} font-size="15" font-weight="700" fill="#1a1a1a">
                {s.label}
              </text>
              <line x1={left} x2={width - 8} y1={base} y2={base} stroke="#595959" stroke-width="1" />
              {years.map((y, j) => {
                const h = Math.round((plotH * s.value(y)) / max);
                const x = left + j * slot + (slot - barW) / 2;
                return (
                  <g>
                    <rect x={x} y={base - h} width={barW} height={h} fill={color} />
                    <text x={x + barW / 2} y={base - h - 4} font-size="12" text-anchor="middle" fill="#1a1a1a">
                      {s.text(y)}
                    </text>
                    <text x={x + barW / 2} y={base + 16} font-size="12" text-anchor="middle" fill="#1a1a1a">
                      {t.subsidiesOffice.year(y.year)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <figcaption class="visually-hidden">{o.chartTitle}</figcaption>
    </figure>
  );
}

/** The yearly overview: the years to show, the chart beside its table, then per status and per kind of organisation. */
export function OverviewPage({ years, from, to, choices }: { years: OverviewYear[]; from: number; to: number; choices: number[] }) {
  const { t, lang, env } = usePage();
  const s = t.subsidiesOffice;
  const o = s.overview;
  const options = choices.map((y) => ({ value: String(y), label: s.year(y) }));
  const kinds = [...new Set(years.flatMap((y) => Object.keys(y.perKind)))] as (keyof OverviewYear["perKind"])[];
  const statuses = OFFICE_STATUSES.filter((st) => years.some((y) => y.perStatus[st]));
  return (
    <>
      <h1>{o.title}</h1>
      <SubsidyLinks current="overview" />
      <p class="narrow">{o.intro}</p>
      <form method="get" action={url(lang, "staffSubsidyOverview")} class="filters" aria-label={o.years}>
        <Select name="from" label={o.from} required options={options} values={{ from: String(from) }} />
        <Select name="to" label={o.to} required options={options} values={{ to: String(to) }} />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {o.show}
          </button>
        </div>
      </form>
      {years.every((y) => y.applications === 0) && <p>{o.none}</p>}
      <div class="chart-pair">
        <OverviewChart years={years} color={env.BRAND_COLOR} />
        <section class="table-wrap" tabindex={0} aria-labelledby="overview-caption">
          <table class="table" id="overview-table">
            <caption id="overview-caption">{o.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{s.col.year}</th>
                <th scope="col">{o.applications}</th>
                <th scope="col">{o.requested}</th>
                <th scope="col">{o.granted}</th>
                <th scope="col">{o.paid}</th>
                <th scope="col">{o.reached}</th>
              </tr>
            </thead>
            <tbody>
              {years.map((y) => (
                <tr>
                  <th scope="row">{s.year(y.year)}</th>
                  <td>{y.applications}</td>
                  <td>{euro(lang, y.requestedCents)}</td>
                  <td>{euro(lang, y.grantedCents)}</td>
                  <td>{euro(lang, y.paidCents)}</td>
                  <td>{y.organisationsReached}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      <CountTable
        id="per-status"
        caption={o.perStatus}
        years={years}
        rows={statuses.map((st) => [t.subsidies.status[st], (y) => y.perStatus[st] ?? 0])}
      />
      <CountTable id="per-kind" caption={o.perKind} years={years} rows={kinds.map((k) => [t.org.kinds[k], (y) => y.perKind[k] ?? 0])} />
    </>
  );
}

function CountTable({
  id,
  caption,
  years,
  rows,
}: {
  id: string;
  caption: string;
  years: OverviewYear[];
  rows: [string, (y: OverviewYear) => number][];
}) {
  const { t } = usePage();
  if (!rows.length) return null;
  return (
    <section class="table-wrap" tabindex={0} aria-labelledby={`${id}-caption`}>
      <table class="table" id={id}>
        <caption id={`${id}-caption`}>{caption}</caption>
        <thead>
          <tr>
            <td />
            {years.map((y) => (
              <th scope="col">{t.subsidiesOffice.year(y.year)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, n]) => (
            <tr>
              <th scope="row">{label}</th>
              {years.map((y) => (
                <td>{n(y)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
