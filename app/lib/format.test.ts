import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatNumber, formatPercent } from "./format.ts";

describe("formatting (identical on server and browser)", () => {
  it("groups long numbers with no-break spaces and keeps four digits together", () => {
    expect(formatNumber("ru", 5000)).toBe("5000");
    expect(formatNumber("kk", 12345)).toBe("12\u00a0345");
    expect(formatNumber("ru", 1234567)).toBe("1\u00a0234\u00a0567");
  });

  it("writes percentages the way each language does", () => {
    expect(formatPercent("kk", 0.1234)).toBe("12,3%");
    expect(formatPercent("ru", 0.5)).toBe("50\u00a0%");
    expect(formatPercent("kk", 0.00012)).toBe("<0,1%");
    expect(formatPercent("kk", 0)).toBe("0%");
  });

  it("shows dates and times in Kazakhstan's time zone (UTC+5)", () => {
    const at = "2026-11-21T20:30:00Z";
    expect(formatDate("ru", at)).toBe("22 ноября 2026\u00a0г.");
    expect(formatDate("kk", at)).toBe("2026\u00a0ж. 22 қараша");
    expect(formatDateTime("ru", at)).toBe("22 ноября 2026\u00a0г., 01:30 (UTC+5)");
  });
});
