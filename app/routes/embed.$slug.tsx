import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CountPanel } from "~/components/count-panel.tsx";
import { useLiveCounts } from "~/components/live-counts.ts";
import { config } from "~/config.server.ts";
import { isLocale } from "~/i18n.ts";
import { getCounts } from "~/models/counts.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";

// A small live counter for other sites' iframes (the only route our CSP lets others frame).
export async function loader({ params, request }: LoaderFunctionArgs) {
  const lang = new URL(request.url).searchParams.get("lang");
  const locale = isLocale(lang) ? lang : "kk";
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) throw new Response("Not Found", { status: 404 });
  const counts = await getCounts(petition.id, petition.publishedAt);
  return json(
    {
      locale,
      slug: petition.slug,
      status: petition.status,
      title: locale === "kk" ? petition.titleKk : petition.titleRu,
      goal: petition.goal,
      url: `${config().publicUrl}/${locale}/p/${petition.slug}`,
      counts: { confirmed: counts.confirmed, regions: counts.regions, updatedAt: counts.updatedAt.toISOString() },
    },
    // Not cached by shared caches: each response carries its own CSP nonce.
    { headers: { "Cache-Control": "private, max-age=10" } },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} — Дауыс` : "Дауыс" }, { name: "robots", content: "noindex" }];

export default function Embed() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const counts = useLiveCounts(data.slug, data.counts, data.status === "open");
  return (
    <div className="space-y-2 p-2">
      <p className="font-bold leading-snug">
        <a href={data.url} target="_blank" rel="noopener" className="hover:underline">{data.title}</a>
      </p>
      <CountPanel locale={data.locale} confirmed={counts.confirmed} goal={data.goal} updatedAt={counts.updatedAt} live={data.status === "open"} />
      <p className="flex justify-between text-sm">
        <a href={data.url} target="_blank" rel="noopener" className="font-semibold text-brand-700 underline">{t("embed.signHere")}</a>
        <span className="text-slate-600">{t("embed.poweredBy")}</span>
      </p>
    </div>
  );
}
