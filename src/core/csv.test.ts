import { describe, expect, it } from "vitest";
import { csvSeparator, toCsv } from "./csv.js";

describe("toCsv", () => {
  it("starts with a byte order mark and ends every row with CRLF", () => {
    expect(
      toCsv([
        ["a", "b"],
        ["c", "d"],
      ]),
    ).toBe("\uFEFFa,b\r\nc,d\r\n");
  });

  it("quotes separators, quotes and line breaks", () => {
    expect(toCsv([["a,b", 'say "hi"', "line\nbreak", "cr\rhere", null, 3]], ",")).toBe(
      '\uFEFF"a,b","say ""hi""","line\nbreak","cr\rhere",,3\r\n',
    );
    // Both separators are quoted whichever one the file uses.
    expect(toCsv([["x;y", "x,y", "plain"]], ";")).toBe('\uFEFF"x;y";"x,y";plain\r\n');
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    expect(toCsv([["=1+1", "+1", "-2+3", "@SUM(A1)", "\tx", "a=b", "-"]], ",")).toBe("\uFEFF'=1+1,'+1,'-2+3,'@SUM(A1),'\tx,a=b,'-\r\n");
    // The neutralising quote goes inside the CSV quotes when the cell needs quoting too.
    expect(toCsv([['=HYPERLINK("http://x","y")']], ",")).toBe('\uFEFF"\'=HYPERLINK(""http://x"",""y"")"\r\n');
  });

  it("uses semicolons for Dutch and commas for English", () => {
    expect(csvSeparator("nl")).toBe(";");
    expect(csvSeparator("en")).toBe(",");
  });
});
