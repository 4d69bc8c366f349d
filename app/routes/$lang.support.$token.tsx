import {
  json,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SignForm } from "~/components/sign-form.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import type { FieldErrors } from "~/lib/sign-schema.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { petitionByToken, supporterCount } from "~/models/citizen.server.ts";
import { formStamp } from "~/services/abuse.server.ts";
import { supporterSign } from "~/services/citizen.server.ts";

// The link a creator shares with their first supporters: the petition as it will be published
// and the ordinary signing form. Not indexed, never cached (decision 040).
export const handle = { hydrate: false };
const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin", "X-Robots-Tag": "noindex" };

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const petition = await petitionByToken(params.token ?? "", "supporters");
  const t = serverT(locale, "citizen");
  if (!petition || !["submitted", "moderation"].includes(petition.status))
    return json({ locale, found: null, pageTitle: t("support.invalidTitle") }, { status: 404, headers: noStore });
  const textKk = petition.onlyLanguage === "kk" || (locale === "kk" && petition.onlyLanguage !== "ru");
  return json(
    {
      locale,
      pageTitle: t("support.title"),
      action: `/${locale}/support/${encodeURIComponent(params.token ?? "")}`,
      sent: new URL(request.url).searchParams.get("sent") === "1",
      started: formStamp(),
      found: {
        title: textKk ? petition.titleKk : petition.titleRu,
        summary: textKk ? petition.summaryKk : petition.summaryRu,
        bodyHtml: renderMarkdown(textKk ? petition.bodyKk : petition.bodyRu, serverT(locale)("reportData.tableLabel")),
        addressee: textKk ? petition.addresseeKk : petition.addresseeRu,
        supporters: await supporterCount(petition.id),
        needed: petition.supportersNeeded,
      },
    },
    { headers: noStore },
  );
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  return supporterSign({ request, locale, token: params.token ?? "", clientIp: context.clientIp });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

type ActionData = { errors?: FieldErrors; values?: Record<string, string>; rateLimited?: boolean };

export default function Support() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const { t } = useTranslation("citizen");
  const { locale, found } = data;
  if (!found)
    return (
      <div className="mx-auto max-w-xl card space-y-3">
        <h1 className="text-2xl font-bold">{t("support.invalidTitle")}</h1>
        <p>{t("support.invalidBody")}</p>
      </div>
    );
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <p className="rounded bg-amber-50 p-3 text-sm text-amber-950">{t("support.intro", { count: found.needed })}</p>
      <h1 className="text-2xl font-bold">{found.title}</h1>
      <p className="text-lg">{found.summary}</p>
      {found.addressee ? (
        <p>
          <strong>{t("support.addressee")}</strong> {found.addressee}
        </p>
      ) : null}
      <div className="prose-dauys" dangerouslySetInnerHTML={{ __html: found.bodyHtml }} />
      <p data-testid="supporter-count">{t("manage.supporters", { count: found.supporters, needed: found.needed })}</p>
      {"sent" in data && data.sent ? (
        <div className="card space-y-2" data-testid="support-sent">
          <h2 className="text-lg font-bold">{t("support.sentTitle")}</h2>
          <p>{t("support.sentBody")}</p>
        </div>
      ) : (
        <>
          {result?.rateLimited ? (
            <p role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
              {t("errors.rateLimited")}
            </p>
          ) : null}
          <SignForm
            locale={locale}
            action={"action" in data ? data.action : ""}
            errors={result?.errors}
            values={result?.values}
            started={"started" in data ? data.started : undefined}
            heading={t("support.signTitle")}
            submitLabel={t("support.signButton")}
          />
        </>
      )}
    </div>
  );
}
