import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResendForm } from "~/components/resend-form.tsx";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { listOpenPetitionOptions } from "~/models/publication.server.ts";
import { confirmSignature } from "~/models/signature.server.ts";

const texts = {
  confirmed: ["okTitle", "okBody"],
  "already-confirmed": ["alreadyTitle", "alreadyBody"],
  invalid: ["invalidTitle", "invalidBody"],
  expired: ["expiredTitle", "expiredBody"],
  closed: ["closedTitle", "closedBody"],
  withdrawn: ["withdrawnTitle", "withdrawnBody"],
} as const;

// One click confirms (GET): what people expect from a link in a mail. Safe to repeat.
/** Nothing on this page needs the React runtime: plain HTML (decision 016). */
export const handle = { hydrate: false };

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const result = await confirmSignature(params.token ?? "");
  const valid = result.outcome !== "invalid";
  const petition = valid
    ? { slug: result.petition.slug, title: locale === "kk" ? result.petition.titleKk : result.petition.titleRu }
    : null;
  return json(
    {
      locale,
      outcome: result.outcome,
      petition,
      receipt:
        valid && (result.outcome === "confirmed" || result.outcome === "already-confirmed") ? result.receipt : null,
      withdrawToken: valid ? (result.withdrawToken ?? null) : null,
      pageTitle: serverT(locale)(`confirm.${texts[result.outcome][0]}`),
      shareUrl: petition ? `${config().publicUrl}/${locale}/p/${petition.slug}` : null,
      petitions: result.outcome === "invalid" ? await listOpenPetitionOptions(locale) : [],
    },
    // The token is in the URL: never cached, never sent on as a referrer.
    { headers: { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" } },
  );
}

// Document responses take their headers from here, not from the loader.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Confirm() {
  const { locale, outcome, petition, shareUrl, petitions, receipt, withdrawToken } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const [title, body] = texts[outcome];
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className={`card space-y-3 ${receipt ? "border-green-700" : ""}`} data-outcome={outcome}>
        <h1 className="text-2xl font-bold">{t(`confirm.${title}`)}</h1>
        <p>{t(`confirm.${body}`, { title: petition?.title ?? "" })}</p>
        {receipt && shareUrl ? (
          <p>
            {t("confirm.shareLabel")}{" "}
            <a className="break-all text-brand-700 underline" href={shareUrl}>
              {shareUrl}
            </a>
          </p>
        ) : null}
        {petition ? (
          <p>
            <Link className="btn-primary" to={`/${locale}/p/${petition.slug}`}>
              {t("confirm.seePetition")}
            </Link>
          </p>
        ) : null}
      </div>
      {receipt && petition ? (
        <section className="card space-y-2" aria-labelledby="receipt-heading">
          <h2 id="receipt-heading" className="text-lg font-bold">
            {t("confirm.receiptLabel")}
          </h2>
          <p>
            <code className="break-all rounded bg-slate-100 px-2 py-1 text-base" data-testid="receipt">
              {receipt}
            </code>
          </p>
          <p className="text-sm text-slate-700">{t("confirm.receiptHelp")}</p>
          <p>
            <Link className="underline" to={`/${locale}/receipt?petition=${petition.slug}&id=${receipt}`}>
              {t("confirm.receiptCheck")}
            </Link>
          </p>
          {withdrawToken ? (
            <p>
              <Link className="text-sm underline" to={`/${locale}/withdraw/${withdrawToken}`}>
                {t("confirm.withdrawLink")}
              </Link>
            </p>
          ) : (
            <p className="text-sm text-slate-700">{t("confirm.withdrawHint")}</p>
          )}
        </section>
      ) : null}
      {outcome === "expired" && petition ? (
        <section className="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading" className="text-lg font-bold">
            {t("resend.title")}
          </h2>
          <ResendForm locale={locale} petition={petition} />
        </section>
      ) : null}
      {outcome === "invalid" ? (
        <section className="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading" className="text-lg font-bold">
            {t("resend.title")}
          </h2>
          <ResendForm locale={locale} petitions={petitions} />
        </section>
      ) : null}
    </div>
  );
}
