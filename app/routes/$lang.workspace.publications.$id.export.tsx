import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatNumber } from "~/lib/format.ts";
import { findSignablePublication } from "~/services/updates.server.ts";
import { requireEdit, requireUser } from "~/services/workspace-auth.server.ts";

// The signatory export form. The CSV itself comes from the POST to …/export.csv (logged).
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const publication = await findSignablePublication(params.id ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  requireEdit(user, publication.organizationId);
  const confirmed = await db().signature.count({ where: { publicationId: publication.id, status: "confirmed" } });
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "updates")("export.title"),
      id: publication.id,
      title: locale === "kk" ? publication.titleKk : publication.titleRu,
      confirmed,
      anonymized: Boolean(publication.anonymizedAt),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Export() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("updates");
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${data.locale}/workspace`}>
          {t("common:workspace.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">
        {t("export.title")}: {data.title}
      </h1>
      <section className="card max-w-2xl space-y-3">
        <p>{t("export.intro", { count: data.confirmed, formatted: formatNumber(data.locale, data.confirmed) })}</p>
        {data.anonymized ? (
          <p className="text-red-800" data-testid="anonymized">
            {t("export.anonymized")}
          </p>
        ) : null}
        <p className="text-sm text-slate-700">{t("export.logged")}</p>
        <Form
          method="post"
          action={`/${data.locale}/workspace/publications/${data.id}/export.csv`}
          reloadDocument
          className="space-y-3"
        >
          <input type="hidden" name="csrf" value={data.csrf} />
          <label className="flex items-start gap-2">
            <input type="checkbox" name="emails" value="yes" className="mt-1 h-4 w-4" aria-describedby="emails-hint" />
            <span>
              {t("export.withEmails")}
              <span id="emails-hint" className="block text-sm text-slate-700">
                {t("export.withEmailsHint")}
              </span>
            </span>
          </label>
          <button type="submit" className="btn-primary">
            {t("export.download")}
          </button>
        </Form>
      </section>
    </div>
  );
}
