import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CitizenTextFields, CreatorFields, ErrorSummary, type CitizenValues } from "~/components/citizen-form.tsx";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { startPetition } from "~/services/citizen.server.ts";

// Plain HTML and a plain form: starting a petition works without JavaScript (decision 016).
export const handle = { hydrate: false };

export function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json({ locale, pageTitle: serverT(locale, "citizen")("start.title"), supporters: config().supportersNeeded });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  return startPetition({ request, locale, clientIp: context.clientIp });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

type ActionData = { errors?: Record<string, string>; values?: CitizenValues; rateLimited?: boolean };

export default function Start() {
  const { locale, supporters } = useLoaderData<typeof loader>();
  const result = useActionData<ActionData>();
  const { t } = useTranslation("citizen");
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("start.title")}</h1>
      <p>{t("start.intro")}</p>
      <ol className="list-decimal space-y-1 pl-6 text-sm text-slate-800">
        <li>{t("start.step1")}</li>
        <li>{t("start.step2")}</li>
        <li>{t("start.step3", { count: supporters })}</li>
        <li>
          {t("start.step4")}{" "}
          <Link className="text-brand-700 underline" to={`/${locale}/standards`}>
            {t("start.standardsLink")}
          </Link>
        </li>
      </ol>
      {result?.rateLimited ? (
        <p role="alert" className="rounded border border-red-700 bg-red-50 p-3 text-red-900">
          {t("errors.rateLimited")}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <form method="post" noValidate className="card space-y-4">
        <CitizenTextFields locale={locale} values={values} errors={errors} />
        <CreatorFields locale={locale} values={values} errors={errors} />
        <button type="submit" className="btn-primary w-full sm:w-auto" data-testid="start-submit">
          {t("start.submit")}
        </button>
      </form>
    </div>
  );
}
