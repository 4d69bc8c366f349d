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
        // A list rather than a table: four columns do not fit a phone (issue 16's screens).
        <ol className="card divide-y divide-slate-100" data-testid="audit-log">
          {entries.map((entry) => (
            <li key={entry.id} className="space-y-1 py-2 text-sm">
              <p className="text-slate-700">{formatDateTime(locale, entry.at)}</p>
              <p className="flex flex-wrap items-baseline gap-x-2">
                <span>
                  <Person person={entry.actor} />
                </span>
                <code className="break-all text-xs">{entry.action}</code>
                <span className="break-all">{entry.about ? <Person person={entry.about} /> : entry.target}</span>
              </p>
            </li>
          ))}
        </ol>
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
