import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { TextDiff } from "~/components/text-diff.tsx";
import { serverT } from "~/i18n.server.ts";
import { isLocale, requireLocale, type Locale } from "~/i18n.ts";
import { formatDate, formatDateTime } from "~/lib/format.ts";
import { collectsSignatures, getPublishedPublication } from "~/models/publication.server.ts";
import { versionsView } from "~/services/versions-page.server.ts";

// Every text version of a publication, newest first, with the confirmed signatures given on each,
// and every minor edit made to it after people signed (what it said before and after).
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const publication = await getPublishedPublication(params.slug ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  const textLocale: Locale = isLocale(publication.onlyLanguage) ? publication.onlyLanguage : locale;
  const kk = textLocale === "kk";
  const t = serverT(locale);
  const versions = await versionsView(publication.id, textLocale, t("reportData.tableLabel"));
  return json({
    locale,
    slug: publication.slug,
    textLocale,
    signable: collectsSignatures(publication),
    title: kk ? publication.titleKk : publication.titleRu,
    pageTitle: t("versions.pageTitle", { title: kk ? publication.titleKk : publication.titleRu }),
    versions: versions.map(({ noteKk, noteRu, ...version }) => ({
      ...version,
      note: (locale === "kk" ? noteKk : noteRu) || noteKk || noteRu,
    })),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? [{ title: `${data.pageTitle} — Дауыс` }] : []);

/** A link to a version or edit (a receipt's "the text you signed") opens the text it points at. */
function useOpenLinkedText() {
  useEffect(() => {
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    target?.querySelectorAll(":scope > details[data-text]").forEach((details) => details.setAttribute("open", ""));
    target?.scrollIntoView();
  }, []);
}

export default function Versions() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  useOpenLinkedText();
  const { locale } = data;
  const foreign = data.textLocale !== locale ? data.textLocale : undefined;
  const fullText = (text: { title: string; summary: string; bodyHtml: string }) => (
    <div lang={foreign} className="space-y-2 pt-2">
      <p className="text-xl font-bold">{text.title}</p>
      <p className="text-slate-800">{text.summary}</p>
      <div className="prose-dauys" dangerouslySetInnerHTML={{ __html: text.bodyHtml }} />
    </div>
  );
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
      <p>{t("versions.minorEditsIntro")}</p>
      {foreign ? (
        <p role="note" className="rounded border border-amber-600 bg-amber-50 p-2 text-sm font-medium">
          {t(`languageNotice.${data.textLocale}`)}
        </p>
      ) : null}
      {data.versions.map((version, index) => (
        <section
          key={version.number}
          id={version.anchor}
          aria-labelledby={`${version.anchor}-heading`}
          className="card space-y-2"
          data-version={version.number}
        >
          <h2 id={`${version.anchor}-heading`} className="text-lg font-bold">
            {t("versions.versionHeading", { version: version.number, date: formatDate(locale, version.createdAt) })}
          </h2>
          {version.note ? <p className="font-medium">{version.note}</p> : null}
          {data.signable ? <p>{t("versions.signedOn", { count: version.confirmed })}</p> : null}
          {version.minorEdits ? (
            <p className="text-sm text-slate-700">{t("versions.minorEdits", { count: version.minorEdits })}</p>
          ) : null}
          {version.changesFromPrevious?.length ? (
            <details open className="border-t border-slate-200 pt-2">
              <summary className="cursor-pointer font-semibold">
                {t("versions.changesFrom", { version: version.number - 1 })}
              </summary>
              <TextDiff diffs={version.changesFromPrevious} locale={locale} />
            </details>
          ) : null}
          <details open={index === 0} data-text className="border-t border-slate-200 pt-2">
            <summary className="cursor-pointer font-semibold">{t("versions.publishedText")}</summary>
            {fullText(version)}
          </details>
          {version.unrecordedEdits ? (
            <p className="text-sm text-slate-700">
              {t("versions.unrecordedEdits", { count: version.unrecordedEdits })}
            </p>
          ) : null}
          {version.edits.length ? (
            <div className="space-y-3 border-t border-slate-200 pt-2">
              <h3 className="font-semibold">{t("versions.editsTitle")}</h3>
              <ol className="space-y-3">
                {version.edits.map((edit) => (
                  <li
                    key={edit.seq}
                    id={edit.anchor}
                    className="rounded border border-slate-200 p-3"
                    data-edit={edit.seq}
                  >
                    <p className="font-medium">
                      {t("versions.editHeading", { seq: edit.seq, date: formatDateTime(locale, edit.createdAt) })}
                    </p>
                    <TextDiff diffs={edit.changes} locale={locale} />
                    <details data-text className="mt-2">
                      <summary className="cursor-pointer text-sm">
                        {t("versions.textAfterEdit", { seq: edit.seq })}
                      </summary>
                      {fullText(edit.after)}
                    </details>
                  </li>
                ))}
              </ol>
            </div>
          ) : null}
        </section>
      ))}
    </div>
  );
}
