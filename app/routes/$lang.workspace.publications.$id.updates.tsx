import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UpdateForm } from "~/components/update-form.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import {
  UPDATE_FORM_BYTES,
  createUpdateDraft,
  findSignablePublication,
  listUpdates,
  parseUpdateForm,
  recipientCounts,
} from "~/services/updates.server.ts";
import { canEdit, canRead, requireCsrf, requireEdit, requireUser } from "~/services/workspace-auth.server.ts";

async function publicationFor(id: string | undefined) {
  const publication = await findSignablePublication(id ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  return publication;
}

// Updates of one petition: the list (auditors too), and a new draft (organizers, admins).
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const publication = await publicationFor(params.id);
  if (!canRead(user, publication.organizationId)) throw new Response("Forbidden", { status: 403 });
  const [updates, counts] = await Promise.all([listUpdates(publication.id), recipientCounts(publication.id)]);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "updates")("list.title"),
      title: locale === "kk" ? publication.titleKk : publication.titleRu,
      publicationId: publication.id,
      editable: canEdit(user, publication.organizationId),
      anonymized: Boolean(publication.anonymizedAt),
      counts,
      updates: updates.map((update) => ({
        ...update,
        subject: locale === "kk" ? update.subjectKk : update.subjectRu,
        createdAt: update.createdAt.toISOString(),
        sentAt: update.sentAt?.toISOString() ?? null,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request, UPDATE_FORM_BYTES);
  requireCsrf(user, form);
  const publication = await publicationFor(params.id);
  requireEdit(user, publication.organizationId);
  const parsed = parseUpdateForm(form);
  if (!parsed.ok) return json({ errors: parsed.errors, values: form }, { status: 400 });
  const draft = await createUpdateDraft({
    publicationId: publication.id,
    fields: parsed.data,
    by: { userId: user.id, organizationId: publication.organizationId, slug: publication.slug },
  });
  return redirect(`/${locale}/workspace/publications/${publication.id}/updates/${draft.id}`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Updates() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("updates");
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${data.locale}/workspace`}>
          {t("common:workspace.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">
        {t("list.title")}: {data.title}
      </h1>
      <p data-testid="recipient-counts">
        {t("list.recipients", {
          kk: formatNumber(data.locale, data.counts.kk),
          ru: formatNumber(data.locale, data.counts.ru),
        })}
      </p>
      {data.anonymized ? <p className="text-red-800">{t("list.anonymized")}</p> : null}
      <section className="card space-y-2" aria-labelledby="updates-heading">
        <h2 id="updates-heading" className="text-lg font-bold">
          {t("list.sentAndDrafts")}
        </h2>
        {data.updates.length === 0 ? (
          <p>{t("list.none")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="updates">
            {data.updates.map((update) => (
              <li
                key={update.id}
                className="flex flex-wrap items-baseline justify-between gap-2 py-2"
                data-status={update.status}
              >
                {data.editable ? (
                  <Link
                    className="font-medium underline"
                    to={`/${data.locale}/workspace/publications/${data.publicationId}/updates/${update.id}`}
                  >
                    {update.subject}
                  </Link>
                ) : (
                  <span className="font-medium">{update.subject}</span>
                )}
                <span className="text-sm text-slate-700">
                  {t(`status.${update.status}`)}
                  {update.status === "sent"
                    ? ` · ${t("list.sentTo", { count: update.recipients, formatted: formatNumber(data.locale, update.recipients) })} · ${formatDateTime(data.locale, update.sentAt ?? update.createdAt)}`
                    : ` · ${formatDateTime(data.locale, update.createdAt)}`}
                  {` · ${t(update.isPublic ? "campaign:updates.publicYes" : "campaign:updates.publicNo")}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {data.editable && !data.anonymized ? (
        <section className="card space-y-3" aria-labelledby="compose-heading">
          <h2 id="compose-heading" className="text-lg font-bold">
            {t("list.compose")}
          </h2>
          <p className="text-sm text-slate-700">{t("list.composeIntro")}</p>
          <UpdateForm csrf={data.csrf} values={failed?.values ?? {}} errors={failed?.errors ?? {}} />
        </section>
      ) : null}
    </div>
  );
}
