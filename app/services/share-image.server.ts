// Share images (Open Graph / Twitter): 1200×630 PNG per petition and language with the current
// count. Drawn as SVG and rasterised by resvg (WebAssembly, no native binary) with DejaVu Sans,
// which covers Kazakh and Russian letters; fonts come from the dejavu-fonts-ttf npm package.
// Every text is measured with the same renderer before it is placed, so no title, count or
// language can overflow the card or run into the next line: each has a band of its own.
import { Resvg, initWasm } from "@resvg/resvg-wasm";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Locale } from "~/i18n.ts";
import { serverT } from "~/i18n.server.ts";
import { formatDateTime, formatNumber, formatPercent } from "~/lib/format.ts";
import { escapeXml } from "~/lib/html.ts";

const require = createRequire(import.meta.url);
let ready: Promise<Uint8Array[]> | undefined;

function prepare() {
  ready ??= (async () => {
    await initWasm(readFileSync(require.resolve("@resvg/resvg-wasm/index_bg.wasm")));
    return ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map(
      (file) => new Uint8Array(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`))),
    );
  })();
  return ready;
}

const fontOptions = (fontBuffers: Uint8Array[]) => ({
  fontBuffers,
  loadSystemFonts: false,
  defaultFontFamily: "DejaVu Sans",
  sansSerifFamily: "DejaVu Sans",
});

export const WIDTH = 1200;
export const HEIGHT = 630;
const LEFT = 72;
const TEXT_WIDTH = WIDTH - 2 * LEFT;

/** The drawn box of one text: where its ink is, in the image's pixels. */
export async function measureText(text: string, size: number, bold = false) {
  const fonts = await prepare();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH * 4}" height="${size * 3}"><text x="0" y="${size * 2}" font-size="${size}"${bold ? ' font-weight="bold"' : ""}>${escapeXml(text)}</text></svg>`;
  const image = new Resvg(svg, { font: fontOptions(fonts) });
  try {
    const box = image.getBBox();
    return box ? { left: box.x, width: box.width, top: box.y - size * 2, bottom: box.y + box.height - size * 2 } : null;
  } finally {
    image.free();
  }
}

const widthOf = async (text: string, size: number, bold: boolean) => (await measureText(text, size, bold))?.width ?? 0;

/** The largest of `sizes` at which the text fits on one line, or the smallest. */
async function fitSize(text: string, sizes: number[], bold = false, width = TEXT_WIDTH) {
  for (const size of sizes) if ((await widthOf(text, size, bold)) <= width) return size;
  return sizes[sizes.length - 1];
}

const wrapped = new Map<string, { size: number; lines: string[] }>();

/**
 * Breaks a title into at most `maxLines` measured lines, at the largest size that holds it
 * whole; a title longer than that is cut with an ellipsis at the smallest size. Kept per title.
 */
export async function wrapTitle(title: string, sizes = [54, 46, 40], maxLines = 3) {
  const key = `${sizes.join(",")}:${maxLines}:${title}`;
  const known = wrapped.get(key);
  if (known) return known;
  let result: { size: number; lines: string[] } | null = null;
  for (const size of sizes) {
    const lines = await breakLines(title, size, maxLines + 1);
    if (lines.length <= maxLines) {
      result = { size, lines };
      break;
    }
  }
  if (!result) {
    const size = sizes[sizes.length - 1];
    const lines = (await breakLines(title, size, maxLines + 1)).slice(0, maxLines);
    let last = lines[maxLines - 1];
    while (last && (await widthOf(`${last}…`, size, true)) > TEXT_WIDTH) last = last.slice(0, -1).trimEnd();
    lines[maxLines - 1] = `${last}…`;
    result = { size, lines };
  }
  if (wrapped.size > 500) wrapped.delete(wrapped.keys().next().value!);
  wrapped.set(key, result);
  return result;
}

async function breakLines(text: string, size: number, limit: number) {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && (await widthOf(candidate, size, true)) > TEXT_WIDTH) {
      lines.push(line);
      line = word;
      if (lines.length >= limit) return lines;
    } else line = candidate;
    // One word wider than the card (a long URL in a title): cut it where it stops fitting.
    while ((await widthOf(line, size, true)) > TEXT_WIDTH && line.length > 1) {
      let cut = line.length - 1;
      while (cut > 1 && (await widthOf(line.slice(0, cut), size, true)) > TEXT_WIDTH) cut--;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
      if (lines.length >= limit) return lines;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export async function shareImageSvg(input: {
  locale: Locale;
  title: string;
  confirmed: number;
  paper?: number;
  goal: number | null;
  updatedAt: Date;
  host: string;
}) {
  const t = serverT(input.locale);
  const ts = serverT(input.locale, "share");
  const count = t("count.signatures", {
    count: input.confirmed,
    formatted: formatNumber(input.locale, input.confirmed),
  });
  const paper = input.paper ?? 0;
  const ratio = input.goal ? Math.min(1, input.confirmed / input.goal) : 0;
  const title = await wrapTitle(input.title);
  const lineHeight = Math.round(title.size * 1.18);
  const titleLines = title.lines
    .map(
      (line, index) =>
        `<text x="${LEFT}" y="${166 + index * lineHeight}" font-size="${title.size}" font-weight="bold" fill="#06374f">${escapeXml(line)}</text>`,
    )
    .join("");
  const asOf = t("count.asOf", { time: formatDateTime(input.locale, input.updatedAt) });
  const paperText = paper ? ts("paper", { count: paper, formatted: formatNumber(input.locale, paper) }) : "";
  const goalText = input.goal
    ? `${t("count.goal", { goal: formatNumber(input.locale, input.goal) })} · ${formatPercent(input.locale, input.confirmed / input.goal)}`
    : "";
  const note = t("count.verifiedNote");
  // Bands from the top: title (3 lines at most), count, its time, paper (apart), goal, note.
  const [countSize, asOfSize, paperSize, goalSize, noteSize, hostSize] = await Promise.all([
    fitSize(count, [72, 64, 56], true),
    fitSize(asOf, [26, 22]),
    paperText ? fitSize(paperText, [26, 22]) : 26,
    goalText ? fitSize(goalText, [28, 24]) : 28,
    fitSize(note, [22, 18]),
    fitSize(input.host, [26, 20, 16], false, 700),
  ]);
  const goal = input.goal
    ? `<rect x="${LEFT}" y="510" width="${TEXT_WIDTH}" height="20" rx="10" fill="#d5e9f5"/><rect x="${LEFT}" y="510" width="${Math.max(20, TEXT_WIDTH * ratio)}" height="20" rx="10" fill="#d9a21b"/>` +
      `<text x="${LEFT}" y="562" font-size="${goalSize}" fill="#1a1a1a">${escapeXml(goalText)}</text>`
    : "";
  const paperLine = paperText
    ? `<rect x="${LEFT}" y="466" width="6" height="30" fill="#d9a21b"/><text x="${LEFT + 16}" y="490" font-size="${paperSize}" font-weight="bold" fill="#1e293b">${escapeXml(paperText)}</text>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}">
<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/><rect width="${WIDTH}" height="96" fill="#0b5f8a"/>
<text x="${LEFT}" y="64" font-size="40" font-weight="bold" fill="#ffffff">Дауыс</text>
<text x="${WIDTH - LEFT}" y="62" font-size="${hostSize}" fill="#d5e9f5" text-anchor="end">${escapeXml(input.host)}</text>
${titleLines}
<text x="${LEFT}" y="406" font-size="${countSize}" font-weight="bold" fill="#084a6c">${escapeXml(count)}</text>
<text x="${LEFT}" y="448" font-size="${asOfSize}" fill="#334155">${escapeXml(asOf)}</text>
${paperLine}
${goal}
<text x="${LEFT}" y="610" font-size="${noteSize}" fill="#475569">${escapeXml(note)}</text>
</svg>`;
}

export async function renderShareImage(svg: string) {
  const fontBuffers = await prepare();
  const image = new Resvg(svg, { font: fontOptions(fontBuffers) });
  try {
    return image.render().asPng();
  } finally {
    image.free();
  }
}
