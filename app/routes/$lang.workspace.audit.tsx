import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { listAudit } from "~/models/audit.server.ts";
import type { AuditPerson } from "~/models/audit-people.server.ts";
import { readableOrganizations, requireUser } from "~/services/workspace-auth.server.ts";

// The audit log: admins see everything; organizers and auditors see their organizations'.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const entries = await listAudit({ organizationIds: readableOrganizations(user) });
  return json(
    { locale, entries, pageTitle: serverT(locale)("workspace.audit") },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function AuditLog() {
  const { locale, entries } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-3">
      <p>
        <Link className="underline" to={`/${locale}/workspace`}>
          {t("workspace.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("workspace.audit")}</h1>
      {entries.length === 0 ? (
        <p>{t("workspace.auditEmpty")}</p>
      ) : (
        <div className="card overflow-x-auto">
          <table className="min-w-full text-sm" data-testid="audit-log">
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-1 pr-3">
                  {t("workspace.auditAt")}
                </th>
                <th scope="col" className="py-1 pr-3">
                  {t("workspace.auditWho")}
                </th>
                <th scope="col" className="py-1 pr-3">
                  {t("workspace.auditAction")}
                </th>
                <th scope="col" className="py-1">
                  {t("workspace.auditTarget")}
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-b border-slate-100">
                  <td className="whitespace-nowrap py-1 pr-3">{formatDateTime(locale, entry.at)}</td>
                  <td className="py-1 pr-3">
                    <Person person={entry.actor} />
                  </td>
                  <td className="py-1 pr-3 font-mono text-xs">{entry.action}</td>
                  <td className="py-1">{entry.about ? <Person person={entry.about} /> : entry.target}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A person in the log: their name (or a short reference when they gave none) and their role. */
function Person({ person }: { person: AuditPerson }) {
  const { t } = useTranslation("team");
  if (person.role === "system") return <>{t("audit.system")}</>;
  const name = person.name || (person.ref ? t("audit.unnamed", { ref: person.ref }) : t("audit.unknown"));
  return (
    <>
      {name} <span className="text-slate-700">{`(${t(`audit.roles.${person.role}`)})`}</span>
    </>
  );
}
