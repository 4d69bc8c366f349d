import {
  json,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CitizenTextFields, ErrorSummary, type CitizenValues } from "~/components/citizen-form.tsx";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { looksLikeToken } from "~/lib/tokens.server.ts";
import { petitionByToken, supporterCount } from "~/models/citizen.server.ts";
import { managePost } from "~/services/citizen.server.ts";

// The creator's private page, behind the mailed draft link: edit and submit the draft, then
// follow it through supporters and moderation. No account: the link is the key (decision 040).
export const handle = { hydrate: false };
const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex" };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const petition = await petitionByToken(params.token ?? "", "manage");
  const t = serverT(locale, "citizen");
  if (!petition)
    return json({ locale, found: null, pageTitle: t("manage.invalidTitle") }, { status: 404, headers: noStore });
  const fresh = new URL(request.url).searchParams.get("supporters") ?? "";
  const single = petition.onlyLanguage;
  const values: CitizenValues = {
    languages: petition.languages,
    addressee: petition.addressee,
    addresseeOther: petition.addressee === "other" ? (petition.addresseeKk ?? "") : "",
    regions: petition.regionScope ? petition.regionScope.split(",") : [],
    ...(single !== "ru" ? { titleKk: petition.titleKk, askKk: petition.summaryKk, whyKk: petition.bodyKk } : {}),
    ...(single !== "kk" ? { titleRu: petition.titleRu, askRu: petition.summaryRu, whyRu: petition.bodyRu } : {}),
  };
  return json(
    {
      locale,
      pageTitle: t("manage.title"),
      found: {
        slug: petition.slug,
        status: petition.status,
        title: locale === "kk" ? petition.titleKk : petition.titleRu,
        changesNote: petition.changesNote,
        rejectionReason: petition.rejectionReason,
        rejectionNote: petition.rejectionNote,
        supporters: await supporterCount(petition.id),
        supportersNeeded: petition.supportersNeeded,
        supportersUrl: looksLikeToken(fresh) ? `${config().publicUrl}/${locale}/support/${fresh}` : null,
        values,
      },
    },
    { headers: noStore },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  return managePost({ request, locale, token: params.token ?? "" });
}

export const headers: HeadersFunction = ({ loaderHeaders, actionHeaders }) => ({
  ...Object.fromEntries(loaderHeaders),
  ...Object.fromEntries(actionHeaders),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

type ActionData = { errors?: Record<string, string>; values?: CitizenValues };

export default function Manage() {
  const { locale, found } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const { t } = useTranslation("citizen");
  if (!found)
    return (
      <div className="mx-auto max-w-xl card space-y-3">
        <h1 className="text-2xl font-bold">{t("manage.invalidTitle")}</h1>
        <p>{t("manage.invalidBody")}</p>
        <Link className="btn-primary" to={`/${locale}/start`}>
          {t("confirm.startAgain")}
        </Link>
      </div>
    );
  const errors = result?.errors ?? {};
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("manage.title")}</h1>
      <p className="text-lg">{found.title}</p>
      <p data-testid="citizen-status" data-status={found.status}>
        <strong>{t("manage.statusLabel")}</strong> {t(`status.${found.status}`)}
      </p>
      {found.status === "submitted" || found.status === "moderation" ? (
        <section className="card space-y-3" aria-labelledby="supporters-heading">
          <h2 id="supporters-heading" className="text-lg font-bold">
            {t("manage.supportersTitle")}
          </h2>
          <p data-testid="supporter-count">
            {t("manage.supporters", { count: found.supporters, needed: found.supportersNeeded })}
          </p>
          {found.supportersUrl ? (
            <div className="space-y-1">
              <label htmlFor="supporters-url" className="field-label">
                {t("manage.supportersLink")}
              </label>
              <input
                id="supporters-url"
                readOnly
                value={found.supportersUrl}
                className="field-input font-mono text-sm"
                data-testid="supporters-url"
              />
              <p className="text-sm text-slate-700">{t("manage.supportersLinkOnce")}</p>
            </div>
          ) : null}
          <form method="post">
            <button
              type="submit"
              name="intent"
              value="supporters-link"
              className="rounded border border-brand-700 px-3 py-2 text-brand-700"
            >
              {t("manage.newSupportersLink")}
            </button>
          </form>
          {found.status === "moderation" ? <p>{t("manage.inModeration")}</p> : null}
        </section>
      ) : null}
      {found.status === "rejected" && found.rejectionReason ? (
        <section className="card space-y-2">
          <p>
            <strong>{t("manage.rejectedBecause")}</strong> {t(`reasons.${found.rejectionReason}.title`)}
          </p>
          {found.rejectionNote ? <p>{found.rejectionNote}</p> : null}
          <Link className="text-brand-700 underline" to={`/${locale}/standards`}>
            {t("start.standardsLink")}
          </Link>
        </section>
      ) : null}
      {["open", "closed", "archived"].includes(found.status) ? (
        <p>
          <Link className="btn-primary" to={`/${locale}/p/${found.slug}`}>
            {t("manage.seePublished")}
          </Link>
        </p>
      ) : null}
      {found.status === "draft" ? (
        <>
          {found.changesNote ? (
            <div className="rounded border border-amber-600 bg-amber-50 p-3" data-testid="changes-note">
              <p className="font-semibold">{t("manage.changesAsked")}</p>
              <p>{found.changesNote}</p>
            </div>
          ) : null}
          <ErrorSummary errors={errors} />
          <form method="post" noValidate className="card space-y-4">
            <CitizenTextFields locale={locale} values={result?.values ?? found.values} errors={errors} />
            <div className="flex flex-wrap gap-3">
              <button
                type="submit"
                name="intent"
                value="save"
                className="rounded border border-brand-700 px-4 py-3 font-semibold text-brand-700"
              >
                {t("manage.save")}
              </button>
              <button type="submit" name="intent" value="submit" className="btn-primary" data-testid="submit-draft">
                {t("manage.submit")}
              </button>
            </div>
            <p className="text-sm text-slate-700">{t("manage.submitNote")}</p>
          </form>
        </>
      ) : null}
    </div>
  );
}
