import { stringify } from "csv-stringify/sync";
import type { Ctx } from "./http/context.js";
import type { Lang } from "./i18n/index.js";

export type CsvCell = string | number | null | undefined;

/** A cell a spreadsheet would run as a formula (= + - @, or a leading tab or CR) gets a leading quote. */
const neutralise = (v: CsvCell) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};

/**
 * RFC 4180 CSV (csv-stringify) with a UTF-8 byte order mark, so Excel opens accents correctly;
 * CRLF line ends; formula cells neutralised. Cells with a comma or a semicolon are quoted whatever
 * the separator, so a file opens the same in a spreadsheet set to either; so are cells with a bare
 * CR or LF (csv-stringify by itself quotes only the record delimiter, CRLF).
 */
export function toCsv(rows: CsvCell[][], separator: "," | ";" = ",") {
  return stringify(
    rows.map((r) => r.map(neutralise)),
    { delimiter: separator, bom: true, record_delimiter: "windows", quoted_match: /[,;\r\n]/ },
  );
}

/** Dutch Excel expects semicolons, English Excel commas. */
export const csvSeparator = (lang: Lang) => (lang === "nl" ? ";" : ",");

/** A CSV download in the page's language: `<name>.csv`, never cached. */
export function csvResponse(c: Ctx, name: string, rows: CsvCell[][]) {
  return c.body(toCsv(rows, csvSeparator(c.var.lang)), 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${name}.csv"`,
    "Cache-Control": "private, no-store",
  });
}
