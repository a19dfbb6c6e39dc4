import type { CsvCell } from "../../core/csv.js";
import type { FormValues } from "../../core/forms.js";
import { formatDate, type Lang, localDate, type Messages } from "../../core/i18n/index.js";
import { usePage } from "../../core/views/context.js";
import { Select } from "../../core/views/forms.js";
import { Pagination } from "../../core/views/pagination.js";
import { url } from "../../routes.js";
import { SAFETY_FILTERS, type SafetyStatus, share, TREND_SERIES, type TrendYear } from "./service.js";

type Query = { filter?: string; page: number };

/** A short cell per item for the office's table and CSV. */
function cells(t: Messages, lang: Lang, s: SafetyStatus, timeZone: string, policyOld: boolean) {
  const o = t.safety.office;
  const date = (d: string | Date | null | undefined) => (d ? formatDate(lang, d, timeZone) : "");
  return {
    code: s.code ? (s.code.adopted ? `${t.safety.yes}${s.code.on ? `, ${date(s.code.on)}` : ""}` : t.safety.no) : o.none,
    policy: s.policy
      ? `${t.safety.policies[s.policy.status]}${s.policy.updatedOn ? `, ${date(s.policy.updatedOn)}` : ""}${policyOld ? ` (${o.oldShort})` : ""}`
      : o.none,
    listeners: o.listenersShort(s.listeners.appointed, s.listeners.trained),
    board: o.boardShort(s.board.members, s.board.trained),
    programme:
      t.safety.programmes[s.programme.state] +
      (s.programme.state === "in_progress" || s.programme.state === "completed" ? ` (${s.programme.attended}/${s.programme.total})` : ""),
    workshop: s.workshop.year !== null ? t.org.year(s.workshop.year) : t.safety.no,
  };
}

/** The CSV: a header and a row per organisation (every matching one, not just the page). */
export function safetyCsvRows(t: Messages, rows: SafetyStatus[], timeZone: string): CsvCell[][] {
  const day = (d: Date | undefined) => (d ? localDate(d, timeZone) : "");
  return [
    [...t.safety.office.csvHeader],
    ...rows.map((s) => [
      s.name,
      s.code ? (s.code.adopted ? t.safety.yes : t.safety.no) : "",
      s.code?.on ?? "",
      day(s.code?.said.at),
      s.policy ? t.safety.policies[s.policy.status] : "",
      s.policy?.updatedOn ?? "",
      day(s.policy?.said.at),
      s.listeners.appointed,
      s.listeners.trained,
      s.board.members,
      s.board.trained,
      t.safety.programmes[s.programme.state],
      s.programme.attended,
      s.programme.total,
      s.workshop.year !== null ? t.org.year(s.workshop.year) : "",
    ]),
  ];
}

/**
 * The chart: one panel of bars per item (no colour to tell series apart), a bar per academic year
 * with its percentage and year written beside it. An image to assistive technology, named by its
 * <title> and summed up by its <desc>; the table next to it holds the numbers.
 */
export function TrendChart({ years, color }: { years: TrendYear[]; color: string }) {
  const { t } = usePage();
  const o = t.safety.office;
  const slot = 84;
  const barW = 40;
  const panelH = 120;
  const plotH = 70;
  const left = 8;
  const width = Math.max(320, left + years.length * slot + 16);
  const height = TREND_SERIES.length * panelH;
  const desc = o.chartDesc(
    TREND_SERIES.map((k) => `${o.series[k]}: ${years.map((y) => `${t.org.year(y.year)} ${share(y, k)}%`).join(", ")}`).join("; "),
  );
  return (
    <figure class="chart">
      <svg
        xmlns="http://www.w3.org/2000/svg"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        role="img"
        aria-labelledby="trend-title trend-desc"
        font-family="inherit"
      >
        <title id="trend-title">{o.chartTitle}</title>
        <desc id="trend-desc">{desc}</desc>
        {TREND_SERIES.map((k, i) => {
          const top = i * panelH;
          const base = top + 24 + plotH;
          return (
            <g>
              <text x={left} y={top + 16} font-size="15" font-weight="700" fill="#1a1a1a">
                {o.series[k]}
              </text>
              <line x1={left} x2={width - 8} y1={base} y2={base} stroke="#595959" stroke-width="1" />
              {years.map((y, j) => {
                const pct = share(y, k);
                const h = Math.round((plotH * pct) / 100);
                const x = left + j * slot + (slot - barW) / 2;
                return (
                  <g>
                    <rect x={x} y={base - h} width={barW} height={h} fill={color} />
                    <text x={x + barW / 2} y={base - h - 4} font-size="13" text-anchor="middle" fill="#1a1a1a">
                      {`${pct}%`}
                    </text>
                    <text x={x + barW / 2} y={base + 16} font-size="12" text-anchor="middle" fill="#1a1a1a">
                      {t.org.year(y.year)}
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

/** The chart's numbers, as a table: a row per academic year, a column per item. */
export function TrendTable({ years }: { years: TrendYear[] }) {
  const { t } = usePage();
  const o = t.safety.office;
  return (
    <section class="table-wrap" tabindex={0} aria-labelledby="trend-table-caption">
      <table class="table" id="trend-table">
        <caption id="trend-table-caption">{o.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{o.year}</th>
            <th scope="col">{o.organisations}</th>
            {TREND_SERIES.map((k) => (
              <th scope="col">{o.series[k]}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {years.map((y) => (
            <tr>
              <th scope="row">{t.org.year(y.year)}</th>
              <td>{y.organisations}</td>
              {TREND_SERIES.map((k) => (
                <td data-series={k}>{o.cell(share(y, k), y[k])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

type OfficeProps = {
  query: Query;
  total: number;
  pages: number;
  rows: SafetyStatus[];
  oldPolicies: Set<string>;
  years: TrendYear[];
};

/** The office's page: the filter (a GET form), the table with its pages and CSV, then the chart with its table. */
export function SafetyOffice({ query, total, pages, rows, oldPolicies, years }: OfficeProps) {
  const { t, lang, env } = usePage();
  const o = t.safety.office;
  const p = t.safety.page;
  const qs = { filter: query.filter };
  const values: FormValues = { filter: query.filter ?? "" };
  return (
    <>
      <div class="toolbar">
        <h1>{o.title}</h1>
        <p class="actions">
          <a class="button secondary" href={url(lang, "staffSafetyCsv", {}, qs)} download>
            {o.csv}
          </a>
        </p>
      </div>
      <p class="narrow">{o.intro}</p>
      <form method="get" action={url(lang, "staffSafety")} class="filters" aria-label={o.filter}>
        <Select
          name="filter"
          label={o.filter}
          required
          options={[{ value: "", label: o.filters.all }, ...SAFETY_FILTERS.map((f) => ({ value: f, label: o.filters[f] }))]}
          values={values}
        />
        <div class="form-actions">
          <button type="submit" class="button secondary">
            {t.common.filter}
          </button>
        </div>
      </form>
      <p role="status">{o.results(total)}</p>
      {rows.length === 0 ? (
        <p>{o.noResults}</p>
      ) : (
        <section class="table-wrap" tabindex={0} aria-labelledby="safety-caption">
          <table class="table" id="safety-table">
            <caption id="safety-caption">{o.caption}</caption>
            <thead>
              <tr>
                <th scope="col">{o.organisation}</th>
                <th scope="col">{p.code}</th>
                <th scope="col">{p.policy}</th>
                <th scope="col">{p.listeners}</th>
                <th scope="col">{p.board}</th>
                <th scope="col">{p.programme}</th>
                <th scope="col">{p.workshop}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => {
                const c = cells(t, lang, s, env.TIME_ZONE, oldPolicies.has(s.orgId));
                return (
                  <tr>
                    <th scope="row">
                      <a href={url(lang, "staffOrg", { id: s.orgId })}>{s.name}</a>
                    </th>
                    <td>{c.code}</td>
                    <td>{c.policy}</td>
                    <td>{c.listeners}</td>
                    <td>{c.board}</td>
                    <td>{c.programme}</td>
                    <td>{c.workshop}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      )}
      <Pagination page={query.page} pages={pages} href={(n) => url(lang, "staffSafety", {}, { ...qs, page: String(n) })} />
      <h2 id="trend-heading">{o.chartTitle}</h2>
      <p class="narrow">{o.chartIntro}</p>
      <div class="chart-pair">
        <TrendChart years={years} color={env.BRAND_COLOR} />
        <TrendTable years={years} />
      </div>
    </>
  );
}
