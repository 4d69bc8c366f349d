import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { listOrganizations, listUsers, setAdmin } from "~/models/admin.server.ts";
import { readSmallForm } from "~/services/signing.server.ts";
import { requireAdmin, requireCsrf, requireUser } from "~/services/workspace-auth.server.ts";
import { DoneMessage, ErrorAlert } from "~/components/admin-forms.tsx";

// Site administration, admins only: every organization and every account.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireAdmin(user);
  const [organizations, users] = await Promise.all([listOrganizations(), listUsers()]);
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
      })),
      users: users.map((account) => ({ ...account, lastSeenAt: account.lastSeenAt?.toISOString() ?? null })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

// Grant or revoke the admin flag; the model refuses one's own flag and the last admin (409).
export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  requireAdmin(user);
  if (form.intent !== "grantAdmin" && form.intent !== "revokeAdmin") return json({ error: "invalid" }, { status: 400 });
  const result = await setAdmin({ actorId: user.id, userId: form.user ?? "", isAdmin: form.intent === "grantAdmin" });
  if (!result.ok) return json({ error: result.error }, { status: result.status });
  return redirect(`/${locale}/workspace/admin?done=${form.intent === "grantAdmin" ? "adminGranted" : "adminRevoked"}`, {
    status: 303,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Administration() {
  const { locale, csrf, me, organizations, users } = useLoaderData<typeof loader>();
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
                <Form method="post">
                  <input type="hidden" name="csrf" value={csrf} />
                  <input type="hidden" name="user" value={account.id} />
                  <input type="hidden" name="intent" value={account.isAdmin ? "revokeAdmin" : "grantAdmin"} />
                  <button type="submit" className="rounded border border-slate-400 px-2 py-1 text-sm">
                    {account.isAdmin ? t("revokeAdmin") : t("grantAdmin")}
                  </button>
                </Form>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
