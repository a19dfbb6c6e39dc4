import { usePage } from "./context.js";

/** How many pages `total` rows fill (at least one, so "page 1 of 1" reads right for an empty list). */
export const pageCount = (total: number, perPage: number) => Math.max(1, Math.ceil(total / perPage));

/**
 * Previous / "page p of n" / next, for a list the office must be able to see to its end. Renders
 * nothing for a single page. `href(p)` builds the link to page p with the list's other parameters.
 * A list that is not counted (search results) passes `more` instead of `pages`: "page p", and a
 * next link while there is more.
 */
export function Pagination({
  page,
  href,
  label,
  ...count
}: { page: number; href: (page: number) => string; label?: string } & ({ pages: number } | { more: boolean })) {
  const { t } = usePage();
  const pages = "pages" in count ? count.pages : count.more ? page + 1 : page;
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label={label ?? t.common.pagination}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          {t.common.previous}
        </a>
      )}
      <span aria-current="page">{"pages" in count ? t.common.pageOf(Math.min(page, pages), pages) : t.common.page(page)}</span>
      {page < pages && (
        <a href={href(page + 1)} rel="next">
          {t.common.next}
        </a>
      )}
    </nav>
  );
}
