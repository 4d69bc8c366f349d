import { describe, expect, it } from "vitest";
import { shareImageSvg, wrap } from "./share-image.server.ts";

describe("share image", () => {
  it("wraps long titles into at most three lines, ending with an ellipsis", () => {
    const lines = wrap(
      "Әр учаскенің хаттамасы интернетте жариялансын және барлық сайлау комиссияларының шешімдері ашық болсын",
      34,
      3,
    );
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.length <= 34)).toBe(true);
    expect(lines[2].endsWith("…")).toBe(true);
  });

  it("escapes the title and shows the count in the page's language", () => {
    const svg = shareImageSvg({
      locale: "ru",
      title: '<script>"x"</script>',
      confirmed: 21,
      goal: 100,
      updatedAt: new Date("2026-11-21T20:30:00Z"),
      host: "dauys.kz",
    });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("21 подпись");
  });
});
