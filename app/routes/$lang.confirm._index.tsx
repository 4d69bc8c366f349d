import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ResendForm } from "~/components/resend-form.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { listOpenPetitionOptions } from "~/models/publication.server.ts";
import { handleResendPost } from "~/services/signing.server.ts";

// Where a stripped confirmation link (/kk/confirm/) lands, and where the resend form posts.
export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json({ locale, pageTitle: serverT(locale)("resend.title"), petitions: await listOpenPetitionOptions(locale) });
}

export async function action({ params, request, context }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  return handleResendPost({ request, locale, clientIp: context.clientIp });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function ResendPage() {
  const { locale, petitions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { errors?: Record<string, string>; values?: { email?: string }; rateLimited?: boolean } | undefined;
  const { t } = useTranslation();
  return (
    <div className="card mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{t("resend.title")}</h1>
      {actionData?.rateLimited ? (
        <p role="alert" className="mt-3 font-medium text-red-800">
          {t("rateLimited.body")}
        </p>
      ) : null}
      <ResendForm locale={locale} petitions={petitions} errors={actionData?.errors} email={actionData?.values?.email} />
    </div>
  );
}
