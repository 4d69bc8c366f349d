// Atom feeds of new publications, per language and optionally per kind.
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import { cacheable } from "~/lib/api.server.ts";
import { atomFeed } from "~/lib/atom.server.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { rejectedPetitions } from "~/models/citizen.server.ts";
import {
  collectsSignatures,
  getPublishedPublication,
  listPublications,
  type Kind,
} from "~/models/publication.server.ts";
import { listPublicUpdates } from "~/services/updates.server.ts";

export async function feedResponse(request: Request, locale: Locale, kind?: Kind) {
  const base = config().publicUrl;
  const kk = locale === "kk";
  const items = await listPublications({ kind, take: 50 });
  const section = kind ? `${kind}s` : "";
  const t = serverT(locale);
  const xml = atomFeed({
    id: `${base}/${locale}/${section ? `${section}/` : ""}feed.atom`,
    title: kind ? `Дауыс — ${t(`kindPlural.${kind}`)}` : t("feed.all"),
    url: `${base}/${locale}${section ? `/${section}` : ""}`,
    self: `${base}/${locale}/${section ? `${section}/` : ""}feed.atom`,
    lang: locale,
    entries: items.map((item) => ({
      id: `${base}/${locale}/p/${item.slug}`,
      title: `${t(`kind.${item.kind}`)}: ${kk ? item.titleKk : item.titleRu}`,
      summary: kk ? item.summaryKk : item.summaryRu,
      url: `${base}/${locale}/p/${item.slug}`,
      updated: item.publishedAt ?? new Date(0),
      author: kk ? item.organization.nameKk : item.organization.nameRu,
    })),
  });
  return cacheable(xml, "application/atom+xml; charset=utf-8", {
    request,
    headers: { "Cache-Control": "public, max-age=300" },
  });
}

/** The public updates of one petition (those its organizers did not keep private), newest first. */
export async function updatesFeedResponse(request: Request, locale: Locale, slug: string) {
  const publication = await getPublishedPublication(slug);
  if (!publication || !collectsSignatures(publication)) throw new Response("Not Found", { status: 404 });
  const base = config().publicUrl;
  const kk = locale === "kk";
  const page = `${base}/${locale}/p/${encodeURIComponent(publication.slug)}`;
  const updates = await listPublicUpdates(publication.id, 50);
  const title = kk ? publication.titleKk : publication.titleRu;
  const tableLabel = serverT(locale)("reportData.tableLabel");
  const xml = atomFeed({
    id: `${page}/updates.atom`,
    title: serverT(locale, "campaign")("updates.feedTitle", { title }),
    url: page,
    self: `${page}/updates.atom`,
    lang: locale,
    entries: updates.map((update) => {
      const body = kk ? update.bodyKk : update.bodyRu;
      return {
        id: `${page}#update-${update.id}`,
        title: kk ? update.subjectKk : update.subjectRu,
        summary: body.length > 300 ? `${body.slice(0, 299)}…` : body,
        contentHtml: renderMarkdown(body, tableLabel),
        url: `${page}#update-${update.id}`,
        updated: update.sentAt ?? new Date(0),
        author: kk ? publication.organization.nameKk : publication.organization.nameRu,
      };
    }),
  });
  return cacheable(xml, "application/atom+xml; charset=utf-8", {
    request,
    headers: { "Cache-Control": "public, max-age=300" },
  });
}

/** Rejected citizen petitions (decision 040): reason and date, the words hidden where the reason requires. */
export async function rejectedFeedResponse(request: Request, locale: Locale) {
  const base = config().publicUrl;
  const t = serverT(locale, "citizen");
  const items = await rejectedPetitions(50);
  const xml = atomFeed({
    id: `${base}/${locale}/rejected/feed.atom`,
    title: `Дауыс — ${t("rejected.title")}`,
    url: `${base}/${locale}/rejected`,
    self: `${base}/${locale}/rejected/feed.atom`,
    lang: locale,
    entries: items.map((item) => ({
      id: `${base}/${locale}/rejected#${item.slug}`,
      title: item.title ? item.title[locale] : t("rejected.hiddenTitle"),
      summary: [`${t("rejected.reason")} ${t(`reasons.${item.reason}.title`)}`, item.note ?? ""]
        .filter(Boolean)
        .join(" "),
      url: `${base}/${locale}/rejected#${item.slug}`,
      updated: new Date(item.rejectedAt),
      author: "Дауыс",
    })),
  });
  return cacheable(xml, "application/atom+xml; charset=utf-8", {
    request,
    headers: { "Cache-Control": "public, max-age=300" },
  });
}
