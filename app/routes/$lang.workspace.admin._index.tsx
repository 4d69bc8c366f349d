import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { listOrganizations, setAdmin } from "~/models/admin.server.ts";
import { listUsersPage, setUserActive } from "~/models/team.server.ts";
import { requireAdmin, requireCsrf, requireUser } from "~/services/workspace-auth.server.ts";
import { DoneMessage, ErrorAlert } from "~/components/admin-forms.tsx";

// Site administration, admins only: every organization and every account.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireAdmin(user);
  const requested = Number(new URL(request.url).searchParams.get("page") ?? "1");
  const [organizations, users] = await Promise.all([
    listOrganizations(),
    listUsersPage({ page: Number.isFinite(requested) ? requested : 1 }),
  ]);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      me: user.id,
      pageTitle: serverT(locale, "admin")("title"),
      organizations: organizations.map((org) => ({
        id: org.id,
        slug: org.slug,
        nameKk: org.nameKk,
        nameRu: org.nameRu,
        publications: org._count.publications,
        members: org._count.memberships,
        deactivated: org.deactivatedAt !== null,
      })),
      page: users.page,
      pages: users.pages,
      totalUsers: users.total,
      users: users.users.map(({ deactivatedAt, ...account }) => ({
        ...account,
        deactivated: deactivatedAt !== null,
        lastSeenAt: account.lastSeenAt?.toISOString() ?? null,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

// Grant or revoke the admin flag (the model refuses one's own flag and the last admin: 409);
// deactivate or reactivate an account. The pages link here through the confirmation step.
const done = {
  grantAdmin: "adminGranted",
  revokeAdmin: "adminRevoked",
  deactivateUser: "userDeactivated",
  reactivateUser: "userReactivated",
} as const;
export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  requireAdmin(user);
  const intent = form.intent ?? "";
  if (!Object.hasOwn(done, intent)) return json({ error: "invalid" }, { status: 400 });
  const target = { actorId: user.id, userId: form.user ?? "" };
  const result =
    intent === "grantAdmin" || intent === "revokeAdmin"
      ? await setAdmin({ ...target, isAdmin: intent === "grantAdmin" })
      : await setUserActive({ ...target, active: intent === "reactivateUser" });
  if (!result.ok) return json({ error: result.error }, { status: result.status });
  const page = Number(new URL(request.url).searchParams.get("page"));
  return redirect(
    `/${locale}/workspace/admin?done=${done[intent as keyof typeof done]}${page > 1 ? `&page=${page}` : ""}`,
    { status: 303 },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Administration() {
  const { locale, me, organizations, users, page, pages, totalUsers } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("admin");
  return (
    <div className="space-y-6">
      <p>
        <Link className="underline" to={`/${locale}/workspace`}>
          {t("common:workspace.title")}
        </Link>
      </p>
      <header className="space-y-1">
        <h1 className="text-2xl font-bold">{t("title")}</h1>
        <p className="text-slate-700">{t("intro")}</p>
      </header>
      <DoneMessage />
      <ErrorAlert error={failed?.error} />

      <section className="card space-y-3" aria-labelledby="organizations-heading">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="organizations-heading" className="text-lg font-bold">
            {t("organizations")}
          </h2>
          <Link
            className="rounded bg-brand-600 px-3 py-1 text-sm font-semibold text-white"
            to={`/${locale}/workspace/admin/organizations/new`}
          >
            {t("newOrganization")}
          </Link>
        </div>
        {organizations.length === 0 ? (
          <p>{t("noOrganizations")}</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="admin-organizations">
            {organizations.map((org) => (
              <li
                key={org.id}
                className="flex flex-wrap items-center justify-between gap-2 py-2"
                data-organization={org.slug}
              >
                <span>
                  <span className="font-medium">{locale === "kk" ? org.nameKk : org.nameRu}</span>
                  {org.deactivated ? (
                    <span className="ml-2 rounded bg-slate-200 px-1 text-sm" data-deactivated>
                      {t("team:deactivated")}
                    </span>
                  ) : null}
                  <span className="ml-2 text-sm text-slate-700">{locale === "kk" ? org.nameRu : org.nameKk}</span>
                  <span className="block text-sm text-slate-700">
                    <code>{org.slug}</code> · {t("publications", { count: org.publications })} ·{" "}
                    {t("members", { count: org.members })}
                  </span>
                </span>
                <Link
                  className="rounded border border-slate-400 px-3 py-1 text-sm"
                  to={`/${locale}/workspace/admin/organizations/${org.id}`}
                >
                  {t("edit")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="users-heading">
        <h2 id="users-heading" className="text-lg font-bold">
          {t("users")}
        </h2>
        <p className="text-sm text-slate-700">{t("team:usersPage", { page, pages, count: totalUsers })}</p>
        {/* A list rather than a table: six columns do not fit a phone. */}
        <ul className="divide-y divide-slate-100" data-testid="admin-users">
          {users.map((account) => (
            <li
              key={account.id}
              className="flex flex-wrap items-start justify-between gap-2 py-3"
              data-user={account.email}
            >
              <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
                <dt className="text-slate-700">{t("email")}</dt>
                <dd className="break-all font-medium">
                  {account.email} {account.id === me ? t("you") : null}
                </dd>
                {account.name ? (
                  <>
                    <dt className="text-slate-700">{t("name")}</dt>
                    <dd>{account.name}</dd>
                  </>
                ) : null}
                <dt className="text-slate-700">{t("admin")}</dt>
                <dd>{account.isAdmin ? t("yes") : t("no")}</dd>
                {account.deactivated ? (
                  <>
                    <dt className="text-slate-700">{t("team:accountStatus")}</dt>
                    <dd data-deactivated>{t("team:deactivated")}</dd>
                  </>
                ) : null}
                <dt className="text-slate-700">{t("memberships")}</dt>
                <dd>
                  {account.memberships.length === 0
                    ? "—"
                    : account.memberships.map((membership) => (
                        <span key={membership.organization.id} className="block">
                          <Link
                            className="underline"
                            to={`/${locale}/workspace/admin/organizations/${membership.organization.id}`}
                          >
                            {membership.organization.slug}
                          </Link>
                          : {t(`roles.${membership.role}`)}
                        </span>
                      ))}
                </dd>
                <dt className="text-slate-700">{t("lastSeen")}</dt>
                <dd>{account.lastSeenAt ? formatDateTime(locale, account.lastSeenAt) : t("never")}</dd>
              </dl>
              {account.id === me ? null : (
                // Each goes through the confirmation step first.
                <span className="flex flex-wrap gap-2 text-sm">
                  {account.deactivated ? null : (
                    <Link
                      className="rounded border border-slate-400 px-2 py-1"
                      to={confirmPath(locale, account.isAdmin ? "revokeAdmin" : "grantAdmin", account.id, page)}
                    >
                      {t("team:ask", { action: account.isAdmin ? t("revokeAdmin") : t("grantAdmin") })}
                    </Link>
                  )}
                  <Link
                    className="rounded border border-slate-400 px-2 py-1"
                    to={confirmPath(
                      locale,
                      account.deactivated ? "reactivateUser" : "deactivateUser",
                      account.id,
                      page,
                    )}
                  >
                    {t("team:ask", {
                      action: account.deactivated ? t("team:reactivateUser") : t("team:deactivateUser"),
                    })}
                  </Link>
                </span>
              )}
            </li>
          ))}
        </ul>
        {pages > 1 ? (
          <nav aria-label={t("team:usersPages")} className="flex flex-wrap items-center gap-3 text-sm">
            {page > 1 ? (
              <Link className="underline" rel="prev" to={`/${locale}/workspace/admin?page=${page - 1}`}>
                {t("team:previousPage")}
              </Link>
            ) : null}
            <span aria-current="page">{t("team:pageOf", { page, pages })}</span>
            {page < pages ? (
              <Link className="underline" rel="next" to={`/${locale}/workspace/admin?page=${page + 1}`}>
                {t("team:nextPage")}
              </Link>
            ) : null}
          </nav>
        ) : null}
      </section>
    </div>
  );
}

function confirmPath(locale: string, intent: string, user: string, page: number) {
  return `/${locale}/workspace/admin/confirm?intent=${intent}&user=${encodeURIComponent(user)}${page > 1 ? `&page=${page}` : ""}`;
}
