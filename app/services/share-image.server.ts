// Share images (Open Graph / Twitter): 1200×630 PNG per petition and language with the current
// count. Drawn as SVG and rasterised by resvg (WebAssembly, no native binary) with DejaVu Sans,
// which covers Kazakh and Russian letters; fonts come from the dejavu-fonts-ttf npm package.
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

/** Breaks a title into at most `lines` lines of about `width` characters. */
export function wrap(text: string, width: number, lines: number) {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  if (out.length > lines)
    out.splice(
      lines - 1,
      out.length,
      `${out
        .slice(lines - 1)
        .join(" ")
        .slice(0, width - 1)}…`,
    );
  return out;
}

export function shareImageSvg(input: {
  locale: Locale;
  title: string;
  confirmed: number;
  goal: number | null;
  updatedAt: Date;
  host: string;
}) {
  const t = serverT(input.locale);
  const count = t("count.signatures", {
    count: input.confirmed,
    formatted: formatNumber(input.locale, input.confirmed),
  });
  const ratio = input.goal ? Math.min(1, input.confirmed / input.goal) : 0;
  const titleLines = wrap(input.title, 34, 3)
    .map(
      (line, index) =>
        `<text x="72" y="${190 + index * 64}" font-size="54" font-weight="bold" fill="#06374f">${escapeXml(line)}</text>`,
    )
    .join("");
  const goal = input.goal
    ? `<rect x="72" y="500" width="1056" height="22" rx="11" fill="#d5e9f5"/><rect x="72" y="500" width="${Math.max(22, 1056 * ratio)}" height="22" rx="11" fill="#d9a21b"/>` +
      `<text x="72" y="568" font-size="30" fill="#1a1a1a">${escapeXml(`${t("count.goal", { goal: formatNumber(input.locale, input.goal) })} · ${formatPercent(input.locale, input.confirmed / input.goal)}`)}</text>`
    : "";
  return `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630" viewBox="0 0 1200 630">
<rect width="1200" height="630" fill="#ffffff"/><rect width="1200" height="96" fill="#0b5f8a"/>
<text x="72" y="64" font-size="40" font-weight="bold" fill="#ffffff">Дауыс</text>
<text x="1128" y="62" font-size="26" fill="#d5e9f5" text-anchor="end">${escapeXml(input.host)}</text>
${titleLines}
<text x="72" y="452" font-size="76" font-weight="bold" fill="#084a6c">${escapeXml(count)}</text>
<text x="1128" y="452" font-size="26" fill="#334155" text-anchor="end">${escapeXml(t("count.asOf", { time: formatDateTime(input.locale, input.updatedAt) }))}</text>
${goal}
<text x="72" y="614" font-size="22" fill="#475569">${escapeXml(t("count.verifiedNote"))}</text>
</svg>`;
}

export async function renderShareImage(svg: string) {
  const fontBuffers = await prepare();
  const image = new Resvg(svg, {
    font: { fontBuffers, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
  });
  try {
    return image.render().asPng();
  } finally {
    image.free();
  }
}
