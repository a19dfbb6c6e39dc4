import type { FieldErrors, FormValues } from "../../core/forms.js";
import { formatDate, type Lang, type Messages } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { ErrorSummary, Form, Input, Notice, Select, Submit } from "../../core/views/forms.js";
import { url } from "../../routes.js";
import { POLICY_STATUSES } from "./schema.js";
import type { NextStep, reportHistory, SafetyStatus, Said } from "./service.js";

type History = Awaited<ReturnType<typeof reportHistory>>;

/** "Filled in by Ann (ann@example.org) on 3 March 2026", or by a deleted account. */
export const saidText = (t: Messages, lang: Lang, said: Said, timeZone: string) =>
  t.safety.page.said(
    said.by ? (said.by.name ? `${said.by.name} (${said.by.email})` : said.by.email) : t.safety.page.deletedAccount,
    formatDate(lang, said.at, timeZone),
  );

/** The items of a status as text, one per row of the board's table (item, status, source). */
export function statusRows(t: Messages, lang: Lang, s: SafetyStatus, a: { day: string; timeZone: string; policyOld: boolean }) {
  const p = t.safety.page;
  const date = (d: string) => formatDate(lang, d, a.timeZone);
  const fromTrainings = p.fromTrainings;
  const pr = s.programme;
  const programme =
    p.programmeState(t.safety.programmes[pr.state], pr.attended, pr.state === "in_progress" || pr.state === "completed" ? pr.total : null) +
    (pr.state === "registered" && pr.startsAt ? ` (${p.startsOn(formatDate(lang, pr.startsAt, a.timeZone))})` : "");
  return [
    {
      id: "code",
      item: p.code,
      status: s.code ? (s.code.adopted && s.code.on ? p.codeYes(date(s.code.on)) : p.codeNo) : p.notReported,
      link: s.code?.url ?? null,
      source: s.code ? saidText(t, lang, s.code.said, a.timeZone) : null,
      warn: !s.code?.adopted,
    },
    {
      id: "policy",
      item: p.policy,
      status: s.policy
        ? s.policy.updatedOn
          ? p.policySince(t.safety.policies[s.policy.status], date(s.policy.updatedOn)) + (a.policyOld ? ` ${p.policyOld}` : "")
          : t.safety.policies[s.policy.status]
        : p.notReported,
      link: null,
      source: s.policy ? saidText(t, lang, s.policy.said, a.timeZone) : null,
      warn: s.policy?.status !== "adopted" || a.policyOld,
    },
    {
      id: "listeners",
      item: p.listeners,
      status: p.listenersCount(s.listeners.appointed, s.listeners.trained),
      link: null,
      source: fromTrainings,
      warn: s.listeners.trained === 0,
    },
    {
      id: "board",
      item: p.board,
      status: p.boardCount(s.board.members, s.board.trained),
      link: null,
      source: fromTrainings,
      warn: s.board.trained === 0,
    },
    { id: "programme", item: p.programme, status: programme, link: null, source: fromTrainings, warn: pr.state === "not_started" },
    {
      id: "workshop",
      item: p.workshop,
      status: s.workshop.year !== null ? p.workshopYes(t.org.year(s.workshop.year)) : p.workshopNo,
      link: null,
      source: fromTrainings,
      warn: !s.workshop.attended,
    },
  ];
}

/** The organisation page's short section (passed to organisationRoutes by createApp): a sentence and the link. */
export function SafetySection({ orgId }: { orgId: string }) {
  const { t, lang } = usePage();
  const s = t.safety.section;
  return (
    <section aria-labelledby="social-safety">
      <h2 id="social-safety">{s.title}</h2>
      <p class="narrow">{s.intro}</p>
      <p>
        <a href={url(lang, "orgSafety", { id: orgId })}>{s.link}</a>
      </p>
    </section>
  );
}

type PageProps = {
  org: { id: string; name: string };
  status: SafetyStatus;
  steps: NextStep[];
  /** Slugs of the offerings that are published (only those are linked). */
  published: Set<string>;
  policyOld: boolean;
  day: string;
  history: History;
  notice?: string | null;
  values: FormValues;
  errors?: FieldErrors;
};

/** The board's status page: every item with its source, the next steps, the form, and the earlier reports. */
export function SafetyPage({ org, status, steps, published, policyOld, day, history, notice, values, errors }: PageProps) {
  const { t, lang, env } = usePage();
  const p = t.safety.page;
  const fld = t.safety.fields;
  const rows = statusRows(t, lang, status, { day, timeZone: env.TIME_ZONE, policyOld });
  return (
    <>
      <p>
        <a href={url(lang, "org", { id: org.id })}>{p.back(org.name)}</a>
      </p>
      <h1>{p.title(org.name)}</h1>
      <Notice text={notice} />
      <p class="narrow">{p.intro}</p>
      <h2 id="status-title">{p.statusTitle}</h2>
      <section class="table-wrap" tabindex={0} aria-labelledby="status-title">
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{p.item}</th>
              <th scope="col">{p.status}</th>
              <th scope="col">{p.source}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr id={`item-${r.id}`}>
                <th scope="row">{r.item}</th>
                <td>
                  <span class={`badge ${r.warn ? "neutral" : "ok"}`}>{r.status}</span>
                  {r.link && (
                    <>
                      {" "}
                      <a href={r.link} rel="noopener">
                        {p.readCode}
                      </a>
                    </>
                  )}
                </td>
                <td>{r.source ?? p.notReported}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <h2 id="next-steps">{p.nextTitle}</h2>
      {steps.length === 0 ? (
        <p>{p.noNext}</p>
      ) : (
        <ul class="narrow" aria-labelledby="next-steps">
          {steps.map((s) => (
            <li>
              {p.next[s.key]}
              {s.keyFigures && (
                <>
                  {" "}
                  <a href={url(lang, "orgKeyFigures", { id: org.id })}>{p.listenersGuide}</a>{" "}
                  <a href={url(lang, "guidance")}>{p.guidanceLink}</a>
                </>
              )}
              {s.slug && published.has(s.slug) && (
                <>
                  {" "}
                  <a href={url(lang, "training", { slug: s.slug })}>
                    {p.offeringLink}
                    <span class="visually-hidden">: {p.next[s.key]}</span>
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <div class="narrow">
        <h2 id="report-form">{p.formTitle}</h2>
        <p>{p.formIntro}</p>
        <ErrorSummary
          errors={errors}
          labels={{
            codeAdopted: fld.codeAdopted,
            codeAdoptedOn: fld.codeAdoptedOn,
            codeUrl: fld.codeUrl,
            policy: fld.policy,
            policyUpdatedOn: fld.policyUpdatedOn,
          }}
        />
        <Form action={url(lang, "orgSafety", { id: org.id })}>
          <Select
            name="codeAdopted"
            label={fld.codeAdopted}
            hint={p.codeAdoptedHint}
            required
            placeholder=""
            options={[
              { value: "yes", label: t.safety.yes },
              { value: "no", label: t.safety.no },
            ]}
            values={values}
            errors={errors}
          />
          <Input
            name="codeAdoptedOn"
            type="date"
            label={fld.codeAdoptedOn}
            hint={p.codeDateHint}
            width="s"
            values={values}
            errors={errors}
          />
          <Input name="codeUrl" type="url" label={fld.codeUrl} hint={p.codeUrlHint} values={values} errors={errors} />
          <Select
            name="policy"
            label={fld.policy}
            required
            placeholder=""
            options={POLICY_STATUSES.map((v) => ({ value: v, label: t.safety.policies[v] }))}
            values={values}
            errors={errors}
          />
          <Input
            name="policyUpdatedOn"
            type="date"
            label={fld.policyUpdatedOn}
            hint={p.policyDateHint}
            width="s"
            values={values}
            errors={errors}
          />
          <Submit label={p.submit} />
        </Form>
      </div>
      {history.length > 0 && (
        <>
          <h2 id="history-title">{p.historyTitle}</h2>
          <section class="table-wrap" tabindex={0} aria-labelledby="history-title">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{p.when}</th>
                  <th scope="col">{p.who}</th>
                  <th scope="col">{p.what}</th>
                </tr>
              </thead>
              <tbody>
                {history.map(({ report: r, name, email }) => (
                  <tr>
                    <td>{formatDate(lang, r.reportedAt, env.TIME_ZONE)}</td>
                    <td>{email ? (name ? `${name} (${email})` : email) : p.deletedAccount}</td>
                    <td>
                      {p.code}: {r.codeAdopted && r.codeAdoptedOn ? p.codeYes(formatDate(lang, r.codeAdoptedOn, env.TIME_ZONE)) : p.codeNo}.{" "}
                      {p.policy}:{" "}
                      {r.policyUpdatedOn
                        ? p.policySince(t.safety.policies[r.policy], formatDate(lang, r.policyUpdatedOn, env.TIME_ZONE))
                        : t.safety.policies[r.policy]}
                      .
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
    </>
  );
}

/** The form's values from the latest report (or empty for a first report). */
export function reportValues(s: SafetyStatus): FormValues {
  const r = s.latest;
  if (!r) return { codeAdopted: "", codeAdoptedOn: "", codeUrl: "", policy: "", policyUpdatedOn: "" };
  return {
    codeAdopted: r.codeAdopted ? "yes" : "no",
    codeAdoptedOn: r.codeAdoptedOn ?? "",
    codeUrl: r.codeUrl ?? "",
    policy: r.policy,
    policyUpdatedOn: r.policyUpdatedOn ?? "",
  };
}
