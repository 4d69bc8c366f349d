import type { LoaderFunctionArgs } from "@remix-run/node";
import { serverT } from "~/i18n.server.ts";
import { isLocale } from "~/i18n.ts";
import { cacheable } from "~/lib/api.server.ts";
import { formatNumber } from "~/lib/format.ts";
import { escapeXml } from "~/lib/html.ts";
import { getCounts } from "~/models/counts.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { rememberResponse } from "~/services/read-cache.server.ts";

// /badge/<slug>.svg?lang=kk|ru: a small image with the confirmed count, for READMEs and articles.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  if (!file.endsWith(".svg")) throw new Response("Not Found", { status: 404 });
  const lang = new URL(request.url).searchParams.get("lang");
  const locale = isLocale(lang) ? lang : "kk";
  const petition = await findPublicPetition(file.slice(0, -4));
  if (!petition) throw new Response("Not Found", { status: 404 });
  const counts = await getCounts(petition.id, petition.publishedAt);
  const left = "Дауыс";
  const right = serverT(locale)("embed.badgeLabel", {
    count: counts.confirmed,
    formatted: formatNumber(locale, counts.confirmed),
  });
  // Verdana-like widths: about 6.5 px per character at 11 px, plus padding.
  const leftWidth = Math.round(left.length * 6.8 + 12);
  const rightWidth = Math.round(right.length * 6.6 + 12);
  const width = leftWidth + rightWidth;
  const title = escapeXml(`${locale === "kk" ? petition.titleKk : petition.titleRu}: ${right}`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" role="img" aria-label="${title}"><title>${title}</title><rect width="${leftWidth}" height="20" rx="3" fill="#084a6c"/><rect x="${leftWidth}" width="${rightWidth}" height="20" rx="3" fill="#d9a21b"/><rect x="${leftWidth}" width="4" height="20" fill="#d9a21b"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${leftWidth / 2}" y="14">${escapeXml(left)}</text></g><g fill="#1a1a1a" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${leftWidth + rightWidth / 2}" y="14">${escapeXml(right)}</text></g></svg>`;
  return rememberResponse(
    request,
    petition.id,
    cacheable(svg, "image/svg+xml; charset=utf-8", {
      request,
      lastModified: counts.updatedAt,
      headers: { "Cache-Control": "public, max-age=30, stale-while-revalidate=60" },
    }),
  );
}
