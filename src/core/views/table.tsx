import type { Child } from "hono/jsx";

/**
 * A plain data table in its keyboard-scrollable wrapper: the first cell of each row is its row
 * header. Named by `label` (aria-label) or by the id of a heading (`labelledBy`).
 */
export function DataTable({ label, labelledBy, head, rows }: { label?: string; labelledBy?: string; head: string[]; rows: Child[][] }) {
  return (
    <section class="table-wrap" tabindex={0} aria-label={label} aria-labelledby={labelledBy}>
      <table class="table">
        <thead>
          <tr>
            {head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([first, ...rest]) => (
            <tr>
              <th scope="row">{first}</th>
              {rest.map((cell) => (
                <td>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
