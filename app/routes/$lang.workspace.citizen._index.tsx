import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { moderationQueue, recentCitizenPetitions, supporterCount } from "~/models/citizen.server.ts";
import { requireCitizenModerator, requireUser } from "~/services/workspace-auth.server.ts";

// The queue of citizen petitions for admins and moderators (decision 040): those waiting for a
// decision first, oldest first; then those still gathering supporters; then the latest decided.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireCitizenModerator(user);
  const [queue, recent] = await Promise.all([moderationQueue(), recentCitizenPetitions()]);
  const title = (row: { titleKk: string; titleRu: string }) => (locale === "kk" ? row.titleKk : row.titleRu);
  return json(
    {
      locale,
      pageTitle: serverT(locale, "citizen")("workspace.queueTitle"),
      queue: await Promise.all(
        queue.map(async (row) => ({
          id: row.id,
          status: row.status,
          title: title(row),
          createdAt: row.createdAt.toISOString(),
          supporters: await supporterCount(row.id),
          needed: row.supportersNeeded,
        })),
      ),
      recent: recent.map((row) => ({ id: row.id, status: row.status, title: title(row), slug: row.slug })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function CitizenQueue() {
  const { locale, queue, recent } = useLoaderData<typeof loader>();
  const { t } = useTranslation("citizen");
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${locale}/workspace`}>
          {t("common:workspace.title")}
        </Link>{" "}
        ·{" "}
        <Link className="underline" to={`/${locale}/standards`}>
          {t("standards.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("workspace.queueTitle")}</h1>
      {queue.length === 0 ? <p>{t("workspace.queueEmpty")}</p> : null}
      <ul className="divide-y divide-slate-200" data-testid="citizen-queue">
        {queue.map((row) => (
          <li key={row.id} className="py-2" data-status={row.status}>
            <Link className="font-semibold text-brand-700 underline" to={`/${locale}/workspace/citizen/${row.id}`}>
              {row.title}
            </Link>
            <p className="text-sm text-slate-700">
              {t(`status.${row.status}`)} · {t("manage.supporters", { count: row.supporters, needed: row.needed })} ·{" "}
              {formatDateTime(locale, row.createdAt)}
            </p>
          </li>
        ))}
      </ul>
      <h2 className="text-lg font-bold">{t("workspace.recentTitle")}</h2>
      <ul className="divide-y divide-slate-200">
        {recent.map((row) => (
          <li key={row.id} className="py-2">
            <Link className="text-brand-700 underline" to={`/${locale}/workspace/citizen/${row.id}`}>
              {row.title}
            </Link>{" "}
            <span className="text-sm text-slate-700">· {t(`status.${row.status}`)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
