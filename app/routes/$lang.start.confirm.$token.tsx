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
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { petitionByToken } from "~/models/citizen.server.ts";
import { confirmCreatorLink } from "~/services/citizen.server.ts";

// Opening the link (mail scanners do) changes nothing; the button confirms (decision 040).
export const handle = { hydrate: false };
const noStore = { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" };

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const valid = Boolean(await petitionByToken(params.token ?? "", "confirm"));
  return json(
    { locale, valid, pageTitle: serverT(locale, "citizen")(valid ? "confirm.title" : "confirm.invalidTitle") },
    { status: valid ? 200 : 404, headers: noStore },
  );
}

export async function action({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const next = await confirmCreatorLink(params.token ?? "", locale);
  if (!next)
    return redirect(`/${locale}/start/confirm/${encodeURIComponent(params.token ?? "")}`, {
      status: 303,
      headers: noStore,
    });
  return redirect(next, { status: 303, headers: noStore });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function ConfirmCreator() {
  const { locale, valid } = useLoaderData<typeof loader>();
  const { t } = useTranslation("citizen");
  return (
    <div className="mx-auto max-w-xl">
      <div className="card space-y-3">
        <h1 className="text-2xl font-bold">{t(valid ? "confirm.title" : "confirm.invalidTitle")}</h1>
        <p>{t(valid ? "confirm.body" : "confirm.invalidBody")}</p>
        {valid ? (
          <form method="post">
            <button type="submit" className="btn-primary w-full sm:w-auto" data-testid="creator-confirm">
              {t("confirm.button")}
            </button>
          </form>
        ) : (
          <Link className="btn-primary" to={`/${locale}/start`}>
            {t("confirm.startAgain")}
          </Link>
        )}
      </div>
    </div>
  );
}
