import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Resvg } from "@resvg/resvg-wasm";
import { describe, expect, it } from "vitest";
import { demoPublications } from "~/demo/publications.ts";
import { HEIGHT, WIDTH, measureText, renderShareImage, shareImageSvg, wrapTitle } from "./share-image.server.ts";

type Box = { text: string; left: number; right: number; top: number; bottom: number };

/** Every text of the image drawn alone, where the image draws it: the boxes its ink covers. */
async function inkBoxes(svg: string): Promise<Box[]> {
  await measureText("x", 10); // loads the renderer and fonts
  const boxes: Box[] = [];
  for (const match of svg.matchAll(/<text [^>]*>[^<]*<\/text>/g)) {
    const alone = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">${match[0]}</svg>`;
    const image = new Resvg(alone, {
      font: { fontBuffers: await fontBuffers(), loadSystemFonts: false, defaultFontFamily: "DejaVu Sans" },
    });
    const box = image.getBBox();
    image.free();
    expect(box, match[0]).toBeTruthy();
    const text = match[0].replace(/<[^>]+>/g, "");
    boxes.push({ text, left: box!.x, right: box!.x + box!.width, top: box!.y, bottom: box!.y + box!.height });
  }
  return boxes;
}

async function fontBuffers() {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  return ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map(
    (file) => new Uint8Array(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))),
  );
}

const longestReal = (locale: "kk" | "ru") =>
  demoPublications
    .map((publication) => (locale === "kk" ? publication.titleKk : publication.titleRu))
    .sort((a, b) => b.length - a.length)[0];

const cases = (["kk", "ru"] as const).flatMap((locale) => [
  { name: `${locale}-longest-demo-title`, locale, title: longestReal(locale) },
  {
    name: `${locale}-200-characters`,
    locale,
    title:
      locale === "kk"
        ? "Әр учаскенің хаттамасы интернетте жариялансын және барлық сайлау комиссияларының шешімдері ашық болсын: бақылаушылардың құқықтары толық қорғалсын, ал хаттамалардың көшірмелері сол күні беріл"
        : "Протокол каждого участка — в интернет, решения всех избирательных комиссий — открыто: права наблюдателей защищены полностью, а копии протоколов выдаются в тот же день каждому наблюдателю",
  },
]);

describe("share image", () => {
  it.each(cases)("$name: no text overflows the card or runs into another (7-digit count, paper, goal)", async (c) => {
    const svg = await shareImageSvg({
      locale: c.locale,
      title: c.title,
      confirmed: 1_234_567,
      paper: 12_345,
      goal: 2_000_000,
      updatedAt: new Date("2026-11-21T17:14:00Z"),
      host: "dauys.example.kz",
    });
    const boxes = await inkBoxes(svg);
    expect(boxes.length).toBeGreaterThanOrEqual(8);
    for (const box of boxes) {
      expect(box.left, box.text).toBeGreaterThanOrEqual(60);
      expect(box.right, box.text).toBeLessThanOrEqual(WIDTH - 60);
      expect(box.top, box.text).toBeGreaterThanOrEqual(0);
      expect(box.bottom, box.text).toBeLessThanOrEqual(HEIGHT);
    }
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        expect(apart, `"${a.text}" overlaps "${b.text}"`).toBe(true);
      }
    const dir = join(tmpdir(), "dauys-share-images");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${c.name}.png`), await renderShareImage(svg));
  });

  it("says the count and the paper signatures apart, in the page's language", async () => {
    const svg = await shareImageSvg({
      locale: "ru",
      title: '<script>"x"</script>',
      confirmed: 21,
      paper: 5,
      goal: 100,
      updatedAt: new Date("2026-11-21T20:30:00Z"),
      host: "dauys.kz",
    });
    expect(svg).not.toContain("<script>");
    expect(svg).toContain(">21 подпись<");
    expect(svg).toContain("Подписи на бумаге: 5 (учитываются отдельно)");
    expect(svg).toContain("по состоянию на 22 ноября 2026");
  });

  it("cuts a title too long for three lines with an ellipsis", async () => {
    const { lines } = await wrapTitle("сөз ".repeat(120).trim());
    expect(lines).toHaveLength(3);
    expect(lines[2].endsWith("…")).toBe(true);
  });
});
