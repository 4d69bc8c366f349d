import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import { getCounts } from "~/models/counts.server.ts";
import { missingForPublishing, versionHistory } from "~/models/editor.server.ts";
import { publicationMode } from "~/lib/publication-mode.ts";
import { allowedTransitions } from "~/models/lifecycle.server.ts";
import { collectsSignatures } from "~/models/publication.server.ts";
import { canEdit, canRead, requireUser } from "~/services/workspace-auth.server.ts";

// One publication in the workspace: its state, what can be done next, and where.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const publication = await db().publication.findUnique({
    where: { id: params.id ?? "" },
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      anonymizedAt: true,
      organizationId: true,
      version: true,
      endorsable: true,
      onlyLanguage: true,
      titleKk: true,
      titleRu: true,
      summaryKk: true,
      summaryRu: true,
      bodyKk: true,
      bodyRu: true,
      organization: { select: { nameKk: true, nameRu: true } },
    },
  });
  if (!publication || !canRead(user, publication.organizationId)) throw new Response("Not Found", { status: 404 });
  const signable = collectsSignatures(publication);
  const [counts, versions] = await Promise.all([
    signable ? getCounts(publication.id) : null,
    versionHistory(publication.id),
  ]);
  const kk = locale === "kk";
  const saved = new URL(request.url).searchParams.get("saved");
  return json(
    {
      locale,
      csrf: user.csrfToken,
      editable: canEdit(user, publication.organizationId),
      id: publication.id,
      slug: publication.slug,
      kind: publication.kind,
      status: publication.status,
      signable,
      mode: publicationMode(publication),
      title:
        (kk ? publication.titleKk : publication.titleRu) ||
        publication.titleKk ||
        publication.titleRu ||
        publication.slug,
      organization: kk ? publication.organization.nameKk : publication.organization.nameRu,
      version: publication.version,
      missing: missingForPublishing(publication),
      transitions: allowedTransitions(publication),
      anonymized: publication.anonymizedAt !== null,
      totals: counts?.totals ?? null,
      versions: versions.map((version) => ({
        number: version.number,
        createdAt: version.createdAt.toISOString(),
        note: kk ? version.noteKk : version.noteRu,
        minorEdits: version.minorEdits,
        confirmed: version.confirmed,
      })),
      saved: saved && /^(1|minor|version-\d+)$/.test(saved) ? saved : null,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function WorkspacePublication() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("editor");
  const { t: tc } = useTranslation();
  const { t: tx } = useTranslation(["moderation", "paper", "updates"]);
  const base = `/${data.locale}/workspace/publications/${data.id}`;
  const here = base;
  return (
    <div className="space-y-6">
      <p>
        <Link className="underline" to={`/${data.locale}/workspace`}>
          ← {tc("workspace.title")}
        </Link>
      </p>
      {data.saved ? (
        <p role="status" className="card border-green-700 bg-green-50 font-medium">
          {data.saved === "minor"
            ? t("savedMinor")
            : data.saved.startsWith("version-")
              ? t("savedVersion", { version: data.saved.slice(8) })
              : t("saved")}
        </p>
      ) : null}
      <header className="space-y-1">
        <p className="text-sm font-semibold uppercase tracking-wide text-slate-700">
          {tc(`kind.${data.kind}`)} · {tc(`team:status.${data.mode}.${data.status}`)} ·{" "}
          {t("versionShort", { version: data.version })}
        </p>
        <h1 className="text-2xl font-bold">{data.title}</h1>
        <p className="text-sm text-slate-700">
          {data.organization} · <code>{data.slug}</code>
        </p>
      </header>

      <section className="card space-y-3" aria-labelledby="next-heading">
        <h2 id="next-heading" className="text-lg font-bold">
          {t("actions")}
        </h2>
        {data.status === "draft" && data.missing.length ? (
          <div className="rounded border border-amber-600 bg-amber-50 p-3 text-sm">
            <p className="font-medium">{t("missingTitle")}</p>
            <ul className="list-disc pl-5">
              {data.missing.map((field) => (
                <li key={field}>{t(`fields.${field}`)}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {data.status !== "draft" ? (
            <Link className="rounded border border-slate-400 px-3 py-1" to={`/${data.locale}/p/${data.slug}`}>
              {t("publicPage")}
            </Link>
          ) : null}
          {data.editable && data.status !== "archived" ? (
            <Link className="rounded border border-slate-400 px-3 py-1" to={`${base}/edit`}>
              {t("edit")}
            </Link>
          ) : null}
          {data.editable && data.kind === "petition" && data.status !== "draft" ? (
            <Link className="rounded border border-slate-400 px-3 py-1" to={`${base}/response`}>
              {t("response")}
            </Link>
          ) : null}
          {data.signable ? (
            <>
              <Link className="rounded border border-slate-400 px-3 py-1" to={`${base}/moderation`}>
                {tx("moderation:bulk.link")}
              </Link>
              <Link className="rounded border border-slate-400 px-3 py-1" to={`${base}/paper`}>
                {tx("paper:link")}
              </Link>
              <Link className="rounded border border-slate-400 px-3 py-1" to={`${base}/updates`}>
                {tx("updates:dashboard.updates")}
              </Link>
              {data.editable ? (
                <Link className="rounded border border-slate-400 px-3 py-1" to={`${base}/export`}>
                  {tx("updates:dashboard.export")}
                </Link>
              ) : null}
            </>
          ) : null}
        </div>
        {data.anonymized ? <p className="text-sm text-slate-700">{t("anonymizedNote")}</p> : null}
        {data.editable ? (
          <div className="flex flex-wrap gap-2">
            {data.transitions.map((transition) =>
              transition === "open" && data.missing.length > 0 ? (
                <span key={transition} className="rounded bg-slate-200 px-3 py-1 text-slate-700" aria-disabled="true">
                  {tc(`team:transition.${data.mode}.${transition}`)}
                </span>
              ) : (
                <Link
                  key={transition}
                  className="rounded bg-brand-600 px-3 py-1 text-white"
                  to={`${base}/status?transition=${transition}&back=${encodeURIComponent(here)}`}
                  data-transition={transition}
                >
                  {tc("team:ask", { action: tc(`team:transition.${data.mode}.${transition}`) })}
                </Link>
              ),
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-700">{tc("workspace.readOnly")}</p>
        )}
      </section>

      {data.totals ? (
        <section className="card" aria-labelledby="counts-heading">
          <h2 id="counts-heading" className="text-lg font-bold">
            {t("counts")}
          </h2>
          <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
            {(Object.entries(data.totals) as [string, number][]).map(([tier, value]) => (
              <div key={tier}>
                <dt className="text-sm text-slate-700">{tc(`tiers.${tier}`)}</dt>
                <dd className="text-xl font-bold tabular-nums" data-tier={tier}>
                  {formatNumber(data.locale, value)}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}

      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading" className="text-lg font-bold">
          {t("versions")}
        </h2>
        <ol className="mt-2 divide-y divide-slate-100">
          {data.versions.map((version) => (
            <li key={version.number} className="py-2" data-version={version.number}>
              <span className="font-medium">{t("versionShort", { version: version.number })}</span> ·{" "}
              {formatDateTime(data.locale, version.createdAt)}
              {data.signable ? ` · ${t("versionSigned", { count: version.confirmed })}` : null}
              {version.minorEdits ? ` · ${t("minorEdits", { count: version.minorEdits })}` : null}
              {version.note ? <p className="text-sm text-slate-700">{version.note}</p> : null}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
