import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { isLocale } from "~/i18n.ts";
import { getCounts } from "~/models/counts.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { renderShareImage, shareImageSvg } from "~/services/share-image.server.ts";

// /og/<slug>.png?lang=kk|ru: the share image with the current count, rendered at most once per
// count (a burst of link previews costs one rendering).
const rendered = new Map<string, Uint8Array>();

export async function loader({ params, request }: LoaderFunctionArgs) {
  const file = params.file ?? "";
  if (!file.endsWith(".png")) throw new Response("Not Found", { status: 404 });
  const lang = new URL(request.url).searchParams.get("lang");
  const locale = isLocale(lang) ? lang : "kk";
  const petition = await findPublicPetition(file.slice(0, -4));
  if (!petition) throw new Response("Not Found", { status: 404 });
  const counts = await getCounts(petition.id, petition.publishedAt);
  const key = `${petition.id}:${locale}:${counts.confirmed}:${counts.totals.paper}:${counts.updatedAt.getTime()}`;
  let png = rendered.get(key);
  if (!png) {
    const svg = await shareImageSvg({
      locale,
      title: locale === "kk" ? petition.titleKk : petition.titleRu,
      confirmed: counts.confirmed,
      paper: counts.totals.paper,
      goal: petition.goal,
      updatedAt: counts.updatedAt,
      host: new URL(config().publicUrl).host,
    });
    png = await renderShareImage(svg);
    if (rendered.size > 200) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, png);
  }
  return new Response(Buffer.from(png), {
    headers: {
      "Content-Type": "image/png",
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
