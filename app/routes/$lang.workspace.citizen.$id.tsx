import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { rejectionReasons } from "~/lib/citizen-options.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { adopt, CITIZENS_ORGANIZATION, citizenPetition, supporterCount } from "~/models/citizen.server.ts";
import { moderatorDecision } from "~/services/citizen.server.ts";
import { requireAdmin, requireCitizenModerator, requireCsrf, requireUser } from "~/services/workspace-auth.server.ts";

// One citizen petition for a moderator: its words, supporters, and the decision forms. Each form
// carries the revision it was read at; a decision on an older revision is refused (409).
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireCitizenModerator(user);
  const petition = await citizenPetition(params.id ?? "");
  if (!petition) throw new Response("Not Found", { status: 404 });
  const organizations = user.isAdmin
    ? await db().organization.findMany({
        where: { slug: { not: CITIZENS_ORGANIZATION } },
        orderBy: { createdAt: "asc" },
        select: { id: true, nameKk: true, nameRu: true },
      })
    : [];
  const tableLabel = serverT(locale)("reportData.tableLabel");
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "citizen")("workspace.decideTitle"),
      isAdmin: user.isAdmin,
      petition: {
        id: petition.id,
        slug: petition.slug,
        status: petition.status,
        revision: petition.revision,
        creatorName: petition.creatorName,
        showName: petition.showName,
        texts: (["kk", "ru"] as const)
          .filter((lang) => !petition.onlyLanguage || petition.onlyLanguage === lang)
          .map((lang) => ({
            lang,
            title: lang === "kk" ? petition.titleKk : petition.titleRu,
            summary: lang === "kk" ? petition.summaryKk : petition.summaryRu,
            bodyHtml: renderMarkdown(lang === "kk" ? petition.bodyKk : petition.bodyRu, tableLabel),
          })),
        addressee: locale === "kk" ? petition.addresseeKk : petition.addresseeRu,
        supporters: await supporterCount(petition.id),
        needed: petition.supportersNeeded,
        rejectionReason: petition.rejectionReason,
        changesNote: petition.changesNote,
      },
      organizations: organizations.map((org) => ({ id: org.id, name: locale === "kk" ? org.nameKk : org.nameRu })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireCitizenModerator(user);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  const id = params.id ?? "";
  if (form.action === "adopt") {
    requireAdmin(user);
    const adopted = await adopt({ publicationId: id, organizationId: form.organizationId ?? "", userId: user.id });
    if (!adopted) return json({ error: "adoptRefused" }, { status: 409 });
    return redirect(`/${locale}/workspace/citizen/${id}`, { status: 303 });
  }
  const result = await moderatorDecision({ publicationId: id, userId: user.id, form });
  if (!result.ok) return json({ error: result.error }, { status: result.status });
  return redirect(`/${locale}/workspace/citizen`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Decide() {
  const { locale, csrf, petition, organizations, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<{ error?: string }>();
  const { t } = useTranslation("citizen");
  const hidden = (
    <>
      <input type="hidden" name="csrf" value={csrf} />
      <input type="hidden" name="revision" value={petition.revision} />
    </>
  );
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${locale}/workspace/citizen`}>
          {t("workspace.queueTitle")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("workspace.decideTitle")}</h1>
      {result?.error ? (
        <p
          role="alert"
          className="rounded border border-red-700 bg-red-50 p-3 text-red-900"
          data-testid="decision-error"
        >
          {t(`errors.${result.error}`)}
        </p>
      ) : null}
      <p data-status={petition.status}>
        <strong>{t("manage.statusLabel")}</strong> {t(`status.${petition.status}`)} ·{" "}
        {t("manage.supporters", { count: petition.supporters, needed: petition.needed })}
      </p>
      <p>
        <strong>{t("workspace.creator")}</strong> {petition.creatorName}{" "}
        <span className="text-sm text-slate-700">
          ({t(petition.showName ? "workspace.nameShown" : "workspace.nameHidden")})
        </span>
      </p>
      {petition.addressee ? (
        <p>
          <strong>{t("support.addressee")}</strong> {petition.addressee}
        </p>
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        {petition.texts.map((text) => (
          <article key={text.lang} lang={text.lang} className="card space-y-2">
            <h2 className="text-xl font-bold">{text.title}</h2>
            <p className="font-medium">{text.summary}</p>
            <div className="prose-dauys" dangerouslySetInnerHTML={{ __html: text.bodyHtml }} />
          </article>
        ))}
      </div>
      {petition.status === "moderation" ? (
        <section className="grid gap-4 lg:grid-cols-3" aria-label={t("workspace.decideTitle")}>
          <Form method="post" className="card space-y-2">
            {hidden}
            <h2 className="font-bold">{t("workspace.publishTitle")}</h2>
            <p className="text-sm">{t("workspace.publishNote")}</p>
            <button type="submit" name="action" value="publish" className="btn-primary">
              {t("workspace.publish")}
            </button>
          </Form>
          <Form method="post" className="card space-y-2">
            {hidden}
            <h2 className="font-bold">{t("workspace.rejectTitle")}</h2>
            <label htmlFor="reason" className="field-label">
              {t("workspace.reason")}
            </label>
            <select id="reason" name="reason" className="field-input" defaultValue="">
              <option value="" disabled>
                {t("workspace.reasonChoose")}
              </option>
              {rejectionReasons.map((reason) => (
                <option key={reason} value={reason}>
                  {t(`reasons.${reason}.title`)}
                </option>
              ))}
            </select>
            <label htmlFor="duplicateOf" className="field-label">
              {t("workspace.duplicateOf")}
            </label>
            <input id="duplicateOf" name="duplicateOf" className="field-input" placeholder="/kk/p/…" />
            <label htmlFor="reject-note" className="field-label">
              {t("workspace.publicNote")}
            </label>
            <textarea id="reject-note" name="note" rows={3} className="field-input" />
            <button
              type="submit"
              name="action"
              value="reject"
              className="rounded border border-red-800 px-3 py-2 text-red-800"
            >
              {t("workspace.reject")}
            </button>
          </Form>
          <Form method="post" className="card space-y-2">
            {hidden}
            <h2 className="font-bold">{t("workspace.changesTitle")}</h2>
            <label htmlFor="changes-note" className="field-label">
              {t("workspace.changesNote")}
            </label>
            <textarea id="changes-note" name="note" rows={4} className="field-input" />
            <button
              type="submit"
              name="action"
              value="changes"
              className="rounded border border-brand-700 px-3 py-2 text-brand-700"
            >
              {t("workspace.changes")}
            </button>
          </Form>
        </section>
      ) : null}
      {isAdmin && ["open", "closed", "archived"].includes(petition.status) && organizations.length ? (
        <Form method="post" className="card space-y-2">
          <input type="hidden" name="csrf" value={csrf} />
          <h2 className="font-bold">{t("workspace.adoptTitle")}</h2>
          <label htmlFor="organizationId" className="field-label">
            {t("workspace.adoptBy")}
          </label>
          <select id="organizationId" name="organizationId" className="field-input">
            {organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
          <button type="submit" name="action" value="adopt" className="btn-primary">
            {t("workspace.adopt")}
          </button>
        </Form>
      ) : null}
    </div>
  );
}
