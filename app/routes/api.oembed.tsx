import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { escapeHtml } from "~/lib/html.ts";
import { OEMBED_SIZE, oembedQuerySchema, type OEmbed } from "~/models/api-contract.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { getSnapshot } from "~/models/snapshot.server.ts";

// oEmbed (https://oembed.com): a CMS given a petition link gets the live counter iframe.
export async function loader({ request }: LoaderFunctionArgs) {
  const query = new URL(request.url).searchParams;
  if (!oembedQuerySchema.shape.format.safeParse(query.get("format") ?? undefined).success)
    return apiError(501, "format_not_supported", "Only format=json is supported.");
  const publicUrl = config().publicUrl;
  // A petition page (/kk/p/{slug}) or a citable snapshot of one (/kk/s/{id}): both embed the counter.
  const match = new RegExp(
    `^${publicUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/(kk|ru)/(p|s)/([^/?#]+)/?(?:[?#].*)?$`,
  ).exec(query.get("url") ?? "");
  if (!match) return apiError(404, "not_found", "url must be a petition page or a snapshot of this site.");
  const [, locale, type, slugOrId] = match;
  let decoded: string;
  try {
    decoded = decodeURIComponent(slugOrId);
  } catch {
    return apiError(404, "not_found", "url must be a petition page or a snapshot of this site.");
  }
  let frozen = "";
  if (type === "s") {
    const snapshot = await getSnapshot(decoded);
    if (!snapshot) return apiError(404, "not_found", "No snapshot has this id.");
    decoded = snapshot.publication.slug;
    // A snapshot embeds its frozen figures: a cited number must not turn into a live one.
    frozen = `&snapshot=${encodeURIComponent(snapshot.id)}`;
  }
  const petition = await findPublicPetition(decoded);
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  // Lenient, as oEmbed consumers expect: a size that is no positive number gets the default.
  const size = (value: string | null, limits: { default: number; max: number }) => {
    const n = Math.floor(Number(value));
    return Number.isFinite(n) && n >= 1 ? Math.min(n, limits.max) : limits.default;
  };
  const width = size(query.get("maxwidth"), OEMBED_SIZE.width);
  const height = size(query.get("maxheight"), OEMBED_SIZE.height);
  const title = locale === "kk" ? petition.titleKk : petition.titleRu;
  const src = `${publicUrl}/embed/${encodeURIComponent(petition.slug)}?lang=${locale}${frozen}`;
  return apiJson(
    {
      version: "1.0",
      type: "rich",
      provider_name: "Дауыс",
      provider_url: publicUrl,
      title,
      width,
      height,
      html: `<iframe src="${escapeHtml(src)}" width="${width}" height="${height}" style="border:0;max-width:100%" loading="lazy" title="${escapeHtml(title)}"></iframe>`,
    } satisfies OEmbed,
    { request },
  );
}
