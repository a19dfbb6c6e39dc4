import type { Child } from "hono/jsx";
import { url } from "../../routes.js";
import type { Ctx } from "../http/context.js";
import { formatDateTime } from "../i18n/index.js";
import { usePage } from "../views/context.js";
import { type RenderOpts, render } from "../views/render.js";
import { type AuditRow, auditPersonLabel } from "./audit.js";

/** The office navigation: the registered items this user may see; the current section is marked. */
export function OfficeNav() {
  const { t, lang, user, path, office } = usePage();
  const items = office.nav(user);
  if (!items.length) return null;
  const here = path.split("?")[0] ?? "";
  const links = items.map((i) => ({ ...i, href: url(lang, i.route) }));
  // The current section is the item whose address is the longest prefix of this page's.
  const current = links
    .filter((l) => here === l.href || here.startsWith(`${l.href}/`) || here.startsWith(`${l.href}.`))
    .sort((a, b) => b.href.length - a.href.length)[0];
  return (
    <nav class="subnav" aria-label={t.office.home}>
      <ul>
        {links.map((l) => (
          <li>
            <a href={l.href} aria-current={l === current ? "page" : undefined}>
              {l.label(t)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** An office page: the layout, wide, with the office navigation above the body. */
export function renderOffice(c: Ctx, opts: RenderOpts, body: Child) {
  return render(
    c,
    { wide: true, ...opts },
    <>
      <OfficeNav />
      {body}
    </>,
  );
}

/**
 * The history of a record: when, who, what (labels from the features' `auditActions`, changes as
 * sentences from their `auditFields`). `anonymous` names an entry without a person (default: the system).
 */
export function AuditTable({ rows, label, anonymous }: { rows: AuditRow[]; label?: string; anonymous?: string }) {
  const { t, lang, office } = usePage();
  const o = t.office;
  if (!rows.length) return <p>{o.auditEmpty}</p>;
  return (
    <section class="table-wrap" tabindex={0} aria-label={label ?? o.audit}>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t.common.date}</th>
            <th scope="col">{o.auditWho}</th>
            <th scope="col">{o.auditWhat}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const changes = office.auditChanges(t, lang, r);
            return (
              <tr>
                <td>{formatDateTime(lang, r.at)}</td>
                <td>{r.actor ? auditPersonLabel(r.actor, t.common.deletedAccount) : (anonymous ?? o.system)}</td>
                <td>
                  {office.auditAction(t, r.action)}
                  {r.subject && `: ${auditPersonLabel(r.subject, t.common.deletedAccount)}`}
                  {changes.length > 0 && (
                    <ul class="changes">
                      {changes.map((c) => (
                        <li>{c}</li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
