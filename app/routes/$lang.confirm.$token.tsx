import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResendForm } from "~/components/resend-form.tsx";
import { ShareLinks } from "~/components/share-links.tsx";
import { config } from "~/config.server.ts";
import { regionName } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { wordingOf } from "~/lib/publication-mode.ts";
import { getCounts } from "~/models/counts.server.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { listOpenPetitionOptions } from "~/models/publication.server.ts";
import { confirmByLink, viewConfirmation } from "~/services/confirming.server.ts";

// Opening the link (GET, HEAD: mail scanners and previewers do) only shows what would be
// confirmed; the button below posts, and only that confirms. Nothing here needs the React
// runtime: plain HTML and a plain form (decision 016).
export const handle = { hydrate: false };

const titles = {
  ask: "askTitle",
  pending: "askTitle",
  confirmed: "okTitle",
  held: "heldTitle",
  withdrawn: "withdrawnTitle",
  removed: "removedTitle",
  expired: "expiredTitle",
  closed: "closedTitle",
  invalid: "invalidTitle",
} as const;

// A wrong or stripped token is not found; an expired one is gone. Both pages still help.
const statusOf = (state: string) => (state === "invalid" ? 404 : state === "expired" ? 410 : 200);

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const view = await viewConfirmation(params.token ?? "", locale);
  const found = view.state === "invalid" ? null : view;
  // A statement is endorsed, not signed: its own words all through the page, title included.
  const wording = found ? wordingOf(found.petition) : undefined;
  return json(
    {
      locale,
      state: view.state,
      wording,
      petition: found?.petition ?? null,
      region: found ? regionName(found.region, locale) : null,
      maskedEmail: found?.maskedEmail ?? null,
      version: found?.version ?? null,
      receipt: found && (found.state === "confirmed" || found.state === "held") ? found.receipt : null,
      pageTitle: serverT(locale)(`confirm.${titles[view.state]}`, { context: wording }),
      publicUrl: config().publicUrl,
      // The moment a signer is most likely to recruit the next one: share with the current count.
      confirmedNow:
        found?.petition.published && (found.state === "confirmed" || found.state === "held")
          ? await confirmedCount(found.petition.slug)
          : null,
      petitions: view.state === "invalid" ? await listOpenPetitionOptions(locale) : [],
    },
    // The token is in the URL: never cached, never sent on as a referrer.
    { status: statusOf(view.state), headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" } },
  );
}

async function confirmedCount(slug: string) {
  const petition = await findPublicPetition(slug);
  return petition ? (await getCounts(petition.id, petition.publishedAt)).confirmed : null;
}

/** The button: confirms, then shows the same address again (post → redirect → get). */
export async function action({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  await confirmByLink(params.token ?? "");
  return redirect(`/${locale}/confirm/${encodeURIComponent(params.token ?? "")}`, {
    status: 303,
    headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" },
  });
}

// Document responses take their headers from here, not from the loader.
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Confirm() {
  const data = useLoaderData<typeof loader>();
  const { locale, state, petition, receipt, wording } = data;
  const { t } = useTranslation();
  const title = titles[state];
  const body = title.replace("Title", "Body");
  const counted = state === "confirmed";
  return (
    <div className="mx-auto max-w-xl space-y-4">
      <div className={`card space-y-3 ${counted ? "border-green-700" : ""}`} data-outcome={state}>
        <h1 className="text-2xl font-bold">{t(`confirm.${title}`, { context: wording })}</h1>
        <p>
          {t(`confirm.${body}`, {
            title: petition?.title ?? "",
            region: data.region ?? "",
            email: data.maskedEmail ?? "",
            context: wording,
          })}
        </p>
        {state === "ask" ? (
          <form method="post" className="space-y-3">
            <button type="submit" className="btn-primary w-full py-3 text-lg sm:w-auto" data-testid="confirm-button">
              {t("confirm.askButton", { context: wording })}
            </button>
            <p className="text-sm text-slate-700">{t("confirm.askNote", { context: wording })}</p>
          </form>
        ) : null}
        {petition?.published && state !== "ask" ? (
          <p>
            <Link className="btn-primary" to={`/${locale}/p/${petition.slug}`}>
              {t("confirm.seePetition", { context: wording })}
            </Link>
          </p>
        ) : null}
      </div>
      {petition && data.confirmedNow !== null ? (
        <ShareLinks
          locale={locale}
          slug={petition.slug}
          title={petition.title}
          confirmed={data.confirmedNow}
          publicUrl={data.publicUrl}
          invite
          wording={wording}
        />
      ) : null}
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
          <p className="text-sm text-slate-700">{t("confirm.withdrawHint", { context: wording })}</p>
        </section>
      ) : null}
      {state === "expired" && petition ? (
        <section className="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading" className="text-lg font-bold">
            {t("resend.title")}
          </h2>
          <ResendForm locale={locale} petition={petition} wording={wording} />
        </section>
      ) : null}
      {state === "invalid" ? (
        <section className="card" aria-labelledby="resend-heading">
          <h2 id="resend-heading" className="text-lg font-bold">
            {t("resend.title")}
          </h2>
          <ResendForm locale={locale} petitions={data.petitions} />
        </section>
      ) : null}
    </div>
  );
}
