import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResendForm } from "~/components/resend-form.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { wordingOf } from "~/lib/publication-mode.ts";
import { collectsSignatures, getPublishedPublication } from "~/models/publication.server.ts";
import { sentTo } from "~/services/sent-cookie.server.ts";
import { ttlDays } from "~/services/signing.server.ts";

// The one page every signer sees after submitting, whatever happened: it reveals nothing.
/** Nothing on this page needs the React runtime: plain HTML (decision 016). */
export const handle = { hydrate: false };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const petition = await getPublishedPublication(params.slug ?? "");
  if (!petition || !collectsSignatures(petition)) throw new Response("Not Found", { status: 404 });
  return json(
    {
      locale,
      pageTitle: serverT(locale)("checkEmail.title"),
      petition: { slug: petition.slug, title: locale === "kk" ? petition.titleKk : petition.titleRu },
      // A statement is endorsed, not signed: its own words all through the page.
      wording: wordingOf(petition),
      ttlDays: ttlDays(),
      // Only this browser's own submission, masked, from a signed cookie that expires in minutes.
      sentTo: await sentTo(request, petition.slug),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

// Document responses take their headers from here, not from the loader.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function CheckEmail() {
  const { locale, petition, ttlDays, sentTo, wording } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { t: ts } = useTranslation("share");
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className="card space-y-3">
        <h1 className="text-2xl font-bold">{t("checkEmail.title")}</h1>
        <p className="font-medium">{petition.title}</p>
        {sentTo ? (
          <p className="rounded border border-brand-600 bg-brand-50 p-3" data-testid="sent-to">
            {ts("sentTo", { email: sentTo })}{" "}
            <Link className="font-medium text-brand-800 underline" to={`/${locale}/p/${petition.slug}#sign`}>
              {ts("wrongAddress", { context: wording })}
            </Link>
          </p>
        ) : null}
        <p>{t("checkEmail.body", { context: wording })}</p>
        <p>{t("checkEmail.ttl", { count: ttlDays })}</p>
        <p>{t("checkEmail.spam")}</p>
        <p className="text-sm text-slate-700">{ts("withdrawnNote", { context: wording })}</p>
        <p>
          <Link className="underline" to={`/${locale}/p/${petition.slug}`}>
            {t("checkEmail.back", { context: wording })}
          </Link>
        </p>
      </div>
      <section className="card" aria-labelledby="resend-heading">
        <h2 id="resend-heading" className="text-lg font-bold">
          {t("checkEmail.resendTitle")}
        </h2>
        <ResendForm locale={locale} petition={petition} wording={wording} />
      </section>
    </div>
  );
}
