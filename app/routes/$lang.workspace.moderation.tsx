import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { regionName } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { removalReasons } from "~/lib/moderation-options.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { heldSignatures, moderate, trendingDomains } from "~/services/moderation.server.ts";
import {
  canEdit,
  readableOrganizations,
  requireCsrf,
  requireEdit,
  requireUser,
} from "~/services/workspace-auth.server.ts";

async function petitionIdsFor(organizations: string[] | "all") {
  if (organizations === "all") return "all" as const;
  const rows = await db().publication.findMany({
    where: { organizationId: { in: organizations } },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

// The trending-domains alert and the queue of held signatures, for the user's organizations.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const ids = await petitionIdsFor(readableOrganizations(user));
  const [domains, held] = await Promise.all([trendingDomains(ids), heldSignatures(ids)]);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale)("moderation.title"),
      domains,
      held: held.map((row) => ({
        id: row.id,
        receipt: row.receipt,
        region: row.region,
        flag: row.flag,
        createdAt: row.createdAt.toISOString(),
        slug: row.publication.slug,
        publicationId: row.publicationId,
        editable: canEdit(user, row.publication.organizationId),
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  const signature = await db().signature.findUnique({
    where: { id: form.signature ?? "" },
    select: { id: true, receipt: true, publication: { select: { organizationId: true, slug: true } } },
  });
  if (!signature) throw new Response("Not Found", { status: 404 });
  requireEdit(user, signature.publication.organizationId);
  const reason = removalReasons.find((candidate) => candidate === form.reason);
  if (form.action !== "release" && !(form.action === "remove" && reason))
    throw new Response("Bad Request", { status: 400 });
  const moved = await moderate({
    ids: [signature.id],
    action: form.action,
    reason,
    audit: (count) =>
      count === 1
        ? {
            userId: user.id,
            organizationId: signature.publication.organizationId,
            action: `signature.${form.action}`,
            target: signature.publication.slug,
            details: { receipt: signature.receipt, reason },
          }
        : null,
  });
  if (moved !== 1) throw new Response("Conflict", { status: 409 });
  return redirect(`/${locale}/workspace/moderation`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Moderation() {
  const { locale, csrf, domains, held } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${locale}/workspace`}>
          {t("workspace.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("moderation.title")}</h1>
      <section className="card space-y-2" aria-labelledby="trending-heading">
        <h2 id="trending-heading" className="text-lg font-bold">
          {t("moderation.trendingTitle")}
        </h2>
        <p className="text-sm text-slate-700">{t("moderation.trendingIntro")}</p>
        {domains.length === 0 ? (
          <p>{t("moderation.none")}</p>
        ) : (
          <table className="min-w-full text-sm" data-testid="trending-domains">
            <thead>
              <tr className="border-b text-left">
                <th scope="col">{t("moderation.domain")}</th>
                <th scope="col" className="text-right">
                  {t("moderation.lastHour")}
                </th>
                <th scope="col" className="text-right">
                  {t("moderation.usual")}
                </th>
              </tr>
            </thead>
            <tbody>
              {domains.map((row) => (
                <tr
                  key={row.domain}
                  className={row.trending ? "bg-red-50 font-semibold" : ""}
                  data-trending={row.trending}
                >
                  <td>
                    {row.domain}{" "}
                    {row.trending ? <span className="text-red-800">({t("moderation.trending")})</span> : null}
                  </td>
                  <td className="text-right tabular-nums">{row.lastHour}</td>
                  <td className="text-right tabular-nums">{row.usualPerHour}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card space-y-2" aria-labelledby="queue-heading">
        <h2 id="queue-heading" className="text-lg font-bold">
          {t("moderation.queueTitle")}
        </h2>
        <p className="text-sm text-slate-700">{t("moderation.queueIntro")}</p>
        {held.length === 0 ? (
          <p>{t("moderation.queueEmpty")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="held-queue">
            {held.map((row) => (
              <li key={row.id} className="space-y-1 py-2 text-sm">
                <p>
                  <span className="font-mono">{row.receipt}</span> ·{" "}
                  <Link
                    className="underline"
                    to={`/${locale}/workspace/publications/${row.publicationId}/moderation?status=held`}
                  >
                    {row.slug}
                  </Link>{" "}
                  · {regionName(row.region, locale)} · {formatDateTime(locale, row.createdAt)}
                </p>
                <p>
                  {t("moderation.rule")}: {t(`moderation.flags.${row.flag}`, { defaultValue: row.flag ?? "" })}
                </p>
                {row.editable ? (
                  <div className="flex flex-wrap gap-2">
                    <Form method="post">
                      <input type="hidden" name="csrf" value={csrf} />
                      <input type="hidden" name="signature" value={row.id} />
                      <button
                        type="submit"
                        name="action"
                        value="release"
                        className="rounded bg-brand-600 px-2 py-1 text-white"
                      >
                        {t("moderation.release")}
                      </button>
                    </Form>
                    <Form method="post" className="flex gap-1">
                      <input type="hidden" name="csrf" value={csrf} />
                      <input type="hidden" name="signature" value={row.id} />
                      <label className="sr-only" htmlFor={`reason-${row.id}`}>
                        {t("moderation.reason")}
                      </label>
                      <select id={`reason-${row.id}`} name="reason" className="rounded border px-1">
                        {removalReasons.map((reason) => (
                          <option key={reason} value={reason}>
                            {t(`removalReason.${reason}`)}
                          </option>
                        ))}
                      </select>
                      <button
                        type="submit"
                        name="action"
                        value="remove"
                        className="rounded border border-red-800 px-2 py-1 text-red-800"
                      >
                        {t("moderation.remove")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
