import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { isLocale } from "~/i18n.ts";
import { cacheable } from "~/lib/api.server.ts";
import { formatDateTime, formatNumber, formatPercent, isoKazakhstan, monthNames, yearWord } from "~/lib/format.ts";
import { escapeHtml } from "~/lib/html.ts";
import { getCounts } from "~/models/counts.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { getSnapshot } from "~/models/snapshot.server.ts";
import { rememberResponse } from "~/services/read-cache.server.ts";

// The counter other sites put in an iframe: a small static page (no framework on the client, no
// inline script, so it can be cached like the JSON) plus /embed.js for live updates.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  const lang = query.get("lang");
  const locale = isLocale(lang) ? lang : "kk";
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) {
    const message = serverT(locale)("error.notFoundTitle");
    return new Response(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(message)}</title></head><body><p>${escapeHtml(message)}</p></body></html>`,
      {
        status: 404,
        headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
      },
    );
  }
  // ?snapshot={id}: the frozen figures of a citable snapshot (no live updates), else the live count.
  const snapshotId = query.get("snapshot");
  const snapshot = snapshotId ? await getSnapshot(snapshotId) : null;
  if (snapshotId && snapshot?.publication.slug !== petition.slug) throw new Response("Not Found", { status: 404 });
  const counts = snapshot
    ? { confirmed: snapshot.confirmed, totals: snapshot.figures.tiers, updatedAt: snapshot.takenAt }
    : await getCounts(petition.id, petition.publishedAt);
  const live = !snapshot && petition.status === "open";
  const t = serverT(locale);
  const title = locale === "kk" ? petition.titleKk : petition.titleRu;
  const url = snapshot
    ? `${config().publicUrl}/${locale}/s/${snapshot.id}`
    : `${config().publicUrl}/${locale}/p/${petition.slug}`;
  const ratio = petition.goal ? Math.min(1, counts.confirmed / petition.goal) : 0;
  // Every plural form travels with the page, so /embed.js words a new count correctly.
  const forms = ["one", "few", "many", "other"]
    .map(
      (form) =>
        `data-${form}="${escapeHtml(t(`count.signatures_${form}`, { formatted: "#", defaultValue: t("count.signatures_other", { formatted: "#" }) }))}"`,
    )
    .join(" ");
  const html = `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} — Дауыс</title><link rel="stylesheet" href="/embed.css"></head><body>
<main class="embed" data-slug="${escapeHtml(petition.slug)}" data-lang="${locale}" data-live="${live}">
<p class="title"><a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(title)}</a></p>
<p class="label">${escapeHtml(t("count.confirmedLabel"))}</p>
<p class="count" aria-live="polite" ${forms}>${escapeHtml(t("count.signatures", { count: counts.confirmed, formatted: formatNumber(locale, counts.confirmed) }))}</p>
${petition.goal ? `<div class="bar" role="progressbar" aria-label="${escapeHtml(t("count.progressLabel"))}" aria-valuemin="0" aria-valuemax="${petition.goal}" aria-valuenow="${Math.min(counts.confirmed, petition.goal)}"><svg viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true"><rect width="100" height="4" rx="2" fill="#e2e8f0"/><rect class="fill" width="${(ratio * 100).toFixed(2)}" height="4" rx="2" fill="#d9a21b"/></svg></div><p class="goal" data-goal="${petition.goal}">${escapeHtml(`${t("count.goal", { goal: formatNumber(locale, petition.goal) })} · ${formatPercent(locale, counts.confirmed / petition.goal)}`)}</p>` : ""}
${counts.totals.paper !== 0 ? `<p class="paper">${escapeHtml(serverT(locale, "share")("paper", { count: counts.totals.paper, formatted: formatNumber(locale, counts.totals.paper) }))}</p>` : ""}
<p class="asof"><time datetime="${isoKazakhstan(counts.updatedAt)}" data-pattern="${escapeHtml(t("count.asOf", { time: "#" }))}" data-months="${escapeHtml(monthNames(locale).join("|"))}" data-year="${escapeHtml(yearWord(locale))}">${escapeHtml(t("count.asOf", { time: formatDateTime(locale, counts.updatedAt) }))}</time></p>
<p class="links"><a href="${escapeHtml(url)}" target="_blank" rel="noopener">${escapeHtml(t("embed.signHere"))}</a><span>${escapeHtml(t("embed.poweredBy"))}</span></p>
</main><script src="/embed.js" defer></script></body></html>`;
  return rememberResponse(
    request,
    petition.id,
    cacheable(html, "text/html; charset=utf-8", {
      request,
      headers: {
        "Cache-Control": "public, max-age=10",
        "Content-Security-Policy":
          "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; frame-ancestors *",
      },
    }),
  );
}
