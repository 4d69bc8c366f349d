import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResendForm } from "~/components/resend-form.tsx";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { listOpenPetitionOptions } from "~/models/publication.server.ts";
import { confirmSignature } from "~/models/signature.server.ts";

const titles = { confirmed: "okTitle", "already-confirmed": "alreadyTitle", invalid: "invalidTitle", expired: "expiredTitle", closed: "closedTitle" } as const;

// One click confirms (GET): what people expect from a link in a mail. Safe to repeat.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const result = await confirmSignature(params.token ?? "");
  const petition =
    result.outcome === "invalid"
      ? null
      : { slug: result.petition.slug, title: locale === "kk" ? result.petition.titleKk : result.petition.titleRu };
  return json(
    {
      locale,
      outcome: result.outcome,
      petition,
      pageTitle: serverT(locale)(`confirm.${titles[result.outcome]}`),
      shareUrl: petition ? `${config().publicUrl}/${locale}/p/${petition.slug}` : null,
      petitions: result.outcome === "invalid" ? await listOpenPetitionOptions(locale) : [],
    },
    // The token is in the URL: never cached, never sent on as a referrer.
    { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } },
  );
}

// Document responses take their headers from here, not from the loader.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" }, { name: "robots", content: "noindex" }];

export default function Confirm() {
  const { locale, outcome, petition, shareUrl, petitions } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const counted = outcome === "confirmed" || outcome === "already-confirmed";
  const body = { confirmed: "okBody", "already-confirmed": "alreadyBody", invalid: "invalidBody", expired: "expiredBody", closed: "closedBody" }[outcome];
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className={`card space-y-3 ${counted ? "border-green-700" : ""}`} data-outcome={outcome}>
        <h1 className="text-2xl font-bold">{t(`confirm.${titles[outcome]}`)}</h1>
        <p>{t(`confirm.${body}`, { title: petition?.title ?? "" })}</p>
        {counted && shareUrl ? <p className="break-words">{t("confirm.share", { url: shareUrl })}</p> : null}
        {petition ? (
          <p><Link className="btn-primary" to={`/${locale}/p/${petition.slug}`}>{t("confirm.seePetition")}</Link></p>
        ) : null}
      </div>
      {outcome === "expired" && petition ? (
        <section className="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading" className="text-lg font-bold">{t("resend.title")}</h2>
          <ResendForm locale={locale} petition={petition} />
        </section>
      ) : null}
      {outcome === "invalid" ? (
        <section className="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading" className="text-lg font-bold">{t("resend.title")}</h2>
          <ResendForm locale={locale} petitions={petitions} />
        </section>
      ) : null}
    </div>
  );
}
