import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { isLocale, requireLocale, type Locale } from "~/i18n.ts";
import { formatDate } from "~/lib/format.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { versionHistory } from "~/models/editor.server.ts";
import { collectsSignatures, getPublishedPublication } from "~/models/publication.server.ts";

// Every text version of a publication, newest first, with the confirmed signatures given on each.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const publication = await getPublishedPublication(params.slug ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  const textLocale: Locale = isLocale(publication.onlyLanguage) ? publication.onlyLanguage : locale;
  const kk = textLocale === "kk";
  const t = serverT(locale);
  const versions = await versionHistory(publication.id);
  return json({
    locale,
    slug: publication.slug,
    textLocale,
    signable: collectsSignatures(publication),
    title: kk ? publication.titleKk : publication.titleRu,
    pageTitle: t("versions.pageTitle", { title: kk ? publication.titleKk : publication.titleRu }),
    versions: versions.reverse().map((version) => ({
      number: version.number,
      createdAt: version.createdAt.toISOString(),
      note: (locale === "kk" ? version.noteKk : version.noteRu) || version.noteKk || version.noteRu,
      minorEdits: version.minorEdits,
      confirmed: version.confirmed,
      title: kk ? version.titleKk : version.titleRu,
      summary: kk ? version.summaryKk : version.summaryRu,
      bodyHtml: renderMarkdown(kk ? version.bodyKk : version.bodyRu, t("reportData.tableLabel")),
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} — Дауыс` }] : []);

export default function Versions() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { locale } = data;
  const foreign = data.textLocale !== locale ? data.textLocale : undefined;
  return (
    <div className="space-y-6">
      <p>
        <Link className="underline" to={`/${locale}/p/${data.slug}`}>
          ← {t("versions.back")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("versions.title")}</h1>
      <p lang={foreign} className="text-lg">
        {data.title}
      </p>
      <p>{t("versions.intro")}</p>
      {foreign ? (
        <p role="note" className="rounded border border-amber-600 bg-amber-50 p-2 text-sm font-medium">
          {t(`languageNotice.${data.textLocale}`)}
        </p>
      ) : null}
      {data.versions.map((version, index) => (
        <details key={version.number} open={index === 0} className="card" data-version={version.number}>
          <summary className="cursor-pointer text-lg font-bold">
            {t("versions.versionHeading", { version: version.number, date: formatDate(locale, version.createdAt) })}
          </summary>
          <div className="mt-2 space-y-2">
            {version.note ? <p className="font-medium">{version.note}</p> : null}
            {data.signable ? <p>{t("versions.signedOn", { count: version.confirmed })}</p> : null}
            {version.minorEdits ? (
              <p className="text-sm text-slate-700">{t("versions.minorEdits", { count: version.minorEdits })}</p>
            ) : null}
            <div lang={foreign} className="space-y-2 border-t border-slate-200 pt-2">
              <h2 className="text-xl font-bold">{version.title}</h2>
              <p className="text-slate-800">{version.summary}</p>
              <div className="prose-dauys" dangerouslySetInnerHTML={{ __html: version.bodyHtml }} />
            </div>
          </div>
        </details>
      ))}
    </div>
  );
}
