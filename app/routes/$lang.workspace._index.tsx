import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { getTotals } from "~/models/counts.server.ts";
import { publicationMode } from "~/lib/publication-mode.ts";
import { allowedTransitions } from "~/models/lifecycle.server.ts";
import { collectsSignatures } from "~/models/publication.server.ts";
import {
  canEdit,
  canModerateCitizen,
  readableOrganizations,
  requireUser,
  roleIn,
} from "~/services/workspace-auth.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const scope = readableOrganizations(user);
  const organizations = await db().organization.findMany({
    where: scope === "all" ? {} : { id: { in: scope } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      nameKk: true,
      nameRu: true,
      publications: {
        // Citizen petitions before publication belong to the moderation queue, not to a dashboard.
        where: { OR: [{ origin: "organization" }, { status: { in: ["open", "closed", "archived"] } }] },
        orderBy: { createdAt: "desc" },
        select: {
          id: true,
          slug: true,
          kind: true,
          endorsable: true,
          status: true,
          anonymizedAt: true,
          titleKk: true,
          titleRu: true,
        },
      },
    },
  });
  const totals = await getTotals(
    organizations.flatMap((org) => org.publications.filter(collectsSignatures).map((p) => p.id)),
  );
  return json(
    {
      locale,
      pageTitle: serverT(locale)("workspace.title"),
      csrf: user.csrfToken,
      email: user.email,
      isAdmin: user.isAdmin,
      canModerateCitizen: canModerateCitizen(user),
      organizations: organizations.map((org) => ({
        id: org.id,
        name: locale === "kk" ? org.nameKk : org.nameRu,
        role: user.isAdmin ? "admin" : (roleIn(user, org.id) ?? "auditor"),
        editable: canEdit(user, org.id),
        publications: org.publications.map((p) => ({
          id: p.id,
          slug: p.slug,
          kind: p.kind,
          mode: publicationMode(p),
          status: p.status,
          title: (locale === "kk" ? p.titleKk : p.titleRu) || p.titleKk || p.titleRu || p.slug,
          confirmed: totals.get(p.id) ?? null,
          transitions: allowedTransitions(p),
          signable: collectsSignatures(p),
        })),
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Workspace() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{t("workspace.title")}</h1>
          <p className="text-sm text-slate-700">{t("workspace.signedInAs", { email: data.email })}</p>
        </div>
        <div className="flex flex-wrap gap-2">
          {data.canModerateCitizen ? (
            <Link
              className="rounded border border-slate-400 px-3 py-1 text-sm"
              to={`/${data.locale}/workspace/citizen`}
            >
              {t("citizen:workspace.queueLink")}
            </Link>
          ) : null}
          {data.isAdmin ? (
            <Link className="rounded border border-slate-400 px-3 py-1 text-sm" to={`/${data.locale}/workspace/admin`}>
              {t("admin:title")}
            </Link>
          ) : null}
          <Link
            className="rounded border border-slate-400 px-3 py-1 text-sm"
            to={`/${data.locale}/workspace/moderation`}
          >
            {t("workspace.moderation")}
          </Link>
          <Link className="rounded border border-slate-400 px-3 py-1 text-sm" to={`/${data.locale}/workspace/audit`}>
            {t("workspace.audit")}
          </Link>
          <Form method="post" action={`/${data.locale}/signout`}>
            <input type="hidden" name="csrf" value={data.csrf} />
            <button type="submit" className="rounded border border-slate-400 px-3 py-1 text-sm">
              {t("workspace.signOut")}
            </button>
          </Form>
          <Form method="post" action={`/${data.locale}/signout`}>
            <input type="hidden" name="csrf" value={data.csrf} />
            <input type="hidden" name="everywhere" value="1" />
            <button type="submit" className="rounded border border-slate-400 px-3 py-1 text-sm">
              {t("workspace.signOutEverywhere")}
            </button>
          </Form>
        </div>
      </header>
      {data.organizations.length === 0 ? <p>{t("workspace.noOrganizations")}</p> : null}
      {data.organizations.map((org) => (
        <section key={org.id} className="card space-y-3" aria-labelledby={`org-${org.id}`}>
          <h2 id={`org-${org.id}`} className="text-lg font-bold">
            {org.name} <span className="text-sm font-normal text-slate-700">({t(`workspace.roles.${org.role}`)})</span>
          </h2>
          {!org.editable ? <p className="text-sm text-slate-700">{t("workspace.readOnly")}</p> : null}
          {org.editable ? (
            <Link
              className="inline-block rounded bg-brand-600 px-3 py-1 text-sm text-white"
              to={`/${data.locale}/workspace/publications/new?organization=${org.id}`}
            >
              {t("editor:newPublication")}
            </Link>
          ) : null}
          <ul className="divide-y divide-slate-100">
            {org.publications.map((publication) => (
              <li
                key={publication.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-publication={publication.slug}
              >
                <span>
                  <Link
                    className="font-medium underline"
                    to={`/${data.locale}/workspace/publications/${publication.id}`}
                  >
                    {publication.title}
                  </Link>
                  <span className="ml-2 text-sm text-slate-700">
                    {t(`kind.${publication.kind}`)} · {t(`team:status.${publication.mode}.${publication.status}`)}
                    {publication.confirmed !== null ? ` · ${publication.confirmed}` : ""}
                  </span>
                  {publication.signable ? (
                    <span className="ml-2 text-sm">
                      <Link
                        className="underline"
                        to={`/${data.locale}/workspace/publications/${publication.id}/moderation`}
                      >
                        {t("bulk.link", { ns: "moderation" })}
                      </Link>{" "}
                      ·{" "}
                      <Link className="underline" to={`/${data.locale}/workspace/publications/${publication.id}/paper`}>
                        {t("link", { ns: "paper" })}
                      </Link>
                    </span>
                  ) : null}
                </span>
                {publication.signable ? (
                  <span className="flex flex-wrap gap-2 text-sm">
                    <Link className="underline" to={`/${data.locale}/workspace/publications/${publication.id}/updates`}>
                      {t("updates:dashboard.updates")}
                    </Link>
                    {org.editable ? (
                      <Link
                        className="underline"
                        to={`/${data.locale}/workspace/publications/${publication.id}/export`}
                      >
                        {t("updates:dashboard.export")}
                      </Link>
                    ) : null}
                  </span>
                ) : null}
                {org.editable && publication.transitions.length ? (
                  // Links to the confirmation step: no status changes with a single tap here.
                  <span className="flex flex-wrap gap-2 text-sm">
                    {publication.transitions.map((transition) => (
                      <Link
                        key={transition}
                        className="rounded border border-slate-400 px-2 py-1"
                        to={`/${data.locale}/workspace/publications/${publication.id}/status?transition=${transition}`}
                        data-transition={transition}
                      >
                        {t("team:ask", { action: t(`team:transition.${publication.mode}.${transition}`) })}
                      </Link>
                    ))}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
