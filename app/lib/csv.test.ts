import { describe, expect, it } from "vitest";
import { csvCell } from "./api.server.ts";

describe("CSV cells", () => {
  it("defuses values a spreadsheet would run as formulas", () => {
    for (const value of ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd"])
      expect(csvCell(value).replace(/^"/, "")[0]).toBe("'");
  });
  it("quotes commas, quotes and line breaks, and leaves plain text and numbers alone", () => {
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvCell("Алматы")).toBe("Алматы");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });
});
