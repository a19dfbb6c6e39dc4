import { usePage } from "./context.js";

/** How many pages `total` rows fill (at least one, so "page 1 of 1" reads right for an empty list). */
export const pageCount = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));

/**
 * Previous / "page p of n" / next, for a list the office must be able to see to its end. Renders
 * nothing for a single page. `href(p)` builds the link to page p with the list's other parameters.
 */
export function Pagination({ page, pages, href, label }: { page: number; pages: number; href: (page: number) => string; label?: string }) {
  const { t } = usePage();
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={label ?? t.common.pagination}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          {t.common.previous}
        </a>
      )}
      <span aria-current="page">{t.common.pageOf(Math.min(page, pages), pages)}</span>
      {page < pages && (
        <a href={href(page + 1)} rel="next">
          {t.common.next}
        </a>
      )}
    </nav>
  );
}
