import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { UpdateForm } from "~/components/update-form.tsx";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { formatNumber } from "~/lib/format.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import {
  UPDATE_FORM_BYTES,
  deleteUpdateDraft,
  enqueueUpdate,
  findSignablePublication,
  mailPreviewHtml,
  parseUpdateForm,
  previewMails,
  queuedCount,
  recipientCounts,
  saveUpdateDraft,
  setUpdateVisibility,
  startSending,
} from "~/services/updates.server.ts";
import { requireCsrf, requireEdit, requireUser } from "~/services/workspace-auth.server.ts";

async function load(params: { id?: string; updateId?: string }) {
  const publication = await findSignablePublication(params.id ?? "");
  const update = publication
    ? await db().signerUpdate.findFirst({ where: { id: params.updateId ?? "", publicationId: publication.id } })
    : null;
  if (!publication || !update) throw new Response("Not Found", { status: 404 });
  return { publication, update };
}

// One update: edit while a draft, preview in both languages, send after a confirmation step.
// Organizers of the petition's organization and admins only (auditors see the list).
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const { publication, update } = await load(params);
  requireEdit(user, publication.organizationId);
  const mails = previewMails(update, publication);
  const preview = (["kk", "ru"] as const).map((lang) => ({
    lang,
    subject: mails[lang].subject,
    html: mailPreviewHtml(mails[lang].html),
    text: mails[lang].text,
  }));
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "updates")("edit.title"),
      base: `/${locale}/workspace/publications/${publication.id}/updates`,
      update: {
        id: update.id,
        status: update.status,
        recipients: update.recipients,
        subjectKk: update.subjectKk,
        subjectRu: update.subjectRu,
        bodyKk: update.bodyKk,
        bodyRu: update.bodyRu,
        isPublic: update.isPublic,
      },
      confirming: new URL(request.url).searchParams.has("confirm") && update.status === "draft",
      deleting: new URL(request.url).searchParams.has("delete") && update.status === "draft",
      counts: await recipientCounts(publication.id),
      queued: update.status === "draft" ? 0 : await queuedCount(update.id),
      anonymized: Boolean(publication.anonymizedAt),
      preview,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request, UPDATE_FORM_BYTES);
  requireCsrf(user, form);
  const { publication, update } = await load(params);
  requireEdit(user, publication.organizationId);
  const here = `/${locale}/workspace/publications/${publication.id}/updates/${update.id}`;
  const by = { userId: user.id, organizationId: publication.organizationId, slug: publication.slug };
  if (form.intent === "save") {
    const parsed = parseUpdateForm(form);
    if (!parsed.ok) return json({ errors: parsed.errors, values: form }, { status: 400 });
    if (!(await saveUpdateDraft({ updateId: update.id, fields: parsed.data, by })))
      throw new Response("Conflict", { status: 409 });
    return redirect(here, { status: 303 });
  }
  if (form.intent === "visibility") {
    const isPublic = form.public === "yes";
    await setUpdateVisibility({ updateId: update.id, publicationId: publication.id, isPublic, by });
    return redirect(here, { status: 303 });
  }
  if (form.intent === "delete") {
    if (form.confirm !== "yes") throw new Response("Bad Request", { status: 400 });
    // Only a draft: once sending started, the update and its record stay.
    if (!(await deleteUpdateDraft({ updateId: update.id, subjectKk: update.subjectKk, by })))
      throw new Response("Conflict", { status: 409 });
    return redirect(`/${locale}/workspace/publications/${publication.id}/updates`, { status: 303 });
  }
  if (form.intent !== "send" || form.confirm !== "yes" || publication.anonymizedAt)
    throw new Response("Bad Request", { status: 400 });
  // A second click, or a second organizer, finds it already sending: same page, nothing queued twice.
  if (await startSending({ updateId: update.id, publicationId: publication.id, by })) {
    // Queued in the background; if this process dies meanwhile, the "signer-updates" job finishes it.
    void enqueueUpdate(update.id).catch((error) =>
      log.error("updates.enqueue_failed", { update: update.id, ...errorFields(error) }),
    );
  }
  return redirect(here, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function UpdatePage() {
  const data = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const { t } = useTranslation("updates");
  const { t: tc } = useTranslation("campaign");
  const total = data.counts.kk + data.counts.ru;
  const draft = data.update.status === "draft";
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={data.base}>
          {t("list.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("edit.title")}</h1>
      <p data-testid="update-status" data-status={data.update.status}>
        {t(`status.${data.update.status}`)}
        {draft ? null : ` · ${t("edit.queued", { formatted: formatNumber(data.locale, data.queued) })}`}
      </p>
      <Form method="post" className="flex flex-wrap items-center gap-3" data-testid="update-visibility">
        <input type="hidden" name="csrf" value={data.csrf} />
        <input type="hidden" name="public" value={data.update.isPublic ? "no" : "yes"} />
        <span>
          {tc("updates.public")}: <strong>{tc(data.update.isPublic ? "updates.publicYes" : "updates.publicNo")}</strong>
        </span>
        <button type="submit" name="intent" value="visibility" className="rounded border border-slate-400 px-3 py-1">
          {tc(data.update.isPublic ? "updates.makePrivate" : "updates.makePublic")}
        </button>
      </Form>
      {draft ? (
        <p data-testid="recipient-counts">
          {t("list.recipients", {
            kk: formatNumber(data.locale, data.counts.kk),
            ru: formatNumber(data.locale, data.counts.ru),
          })}
        </p>
      ) : null}
      {data.confirming ? (
        <section className="card space-y-3 border-amber-500" aria-labelledby="confirm-heading">
          <h2 id="confirm-heading" className="text-lg font-bold">
            {t("edit.confirmTitle")}
          </h2>
          <p>{t("edit.confirmBody", { count: total, formatted: formatNumber(data.locale, total) })}</p>
          <Form method="post" className="flex flex-wrap gap-2">
            <input type="hidden" name="csrf" value={data.csrf} />
            <input type="hidden" name="confirm" value="yes" />
            <button type="submit" name="intent" value="send" className="btn-primary">
              {t("edit.confirmSend")}
            </button>
            <Link className="rounded border border-slate-400 px-4 py-3" to="?">
              {t("edit.cancel")}
            </Link>
          </Form>
        </section>
      ) : data.deleting ? (
        <section className="card space-y-3 border-red-700" aria-labelledby="delete-heading">
          <h2 id="delete-heading" className="text-lg font-bold">
            {t("edit.deleteTitle")}
          </h2>
          <p>{t("edit.deleteBody")}</p>
          <Form method="post" className="flex flex-wrap gap-2">
            <input type="hidden" name="csrf" value={data.csrf} />
            <input type="hidden" name="confirm" value="yes" />
            <button
              type="submit"
              name="intent"
              value="delete"
              className="rounded bg-red-700 px-4 py-3 font-semibold text-white hover:bg-red-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-700 focus-visible:ring-offset-2"
            >
              {t("edit.confirmDelete")}
            </button>
            <Link className="rounded border border-slate-400 px-4 py-3" to="?">
              {t("edit.cancel")}
            </Link>
          </Form>
        </section>
      ) : draft ? (
        <p className="flex flex-wrap gap-3">
          {!data.anonymized && total > 0 ? (
            <Link className="btn-primary" to="?confirm=1">
              {t("edit.send")}
            </Link>
          ) : null}
          <Link className="rounded border border-red-700 px-4 py-3 text-red-800" to="?delete=1">
            {t("edit.delete")}
          </Link>
        </p>
      ) : null}
      <section className="space-y-3" aria-labelledby="preview-heading">
        <h2 id="preview-heading" className="text-lg font-bold">
          {t("edit.preview")}
        </h2>
        <div className="grid gap-4 md:grid-cols-2">
          {data.preview.map((mail) => (
            <article key={mail.lang} lang={mail.lang} className="card space-y-2" data-preview={mail.lang}>
              <h3 className="font-bold">{t(`form.language.${mail.lang}`)}</h3>
              <p>
                <span className="text-sm text-slate-700">{t("edit.subject")}:</span> {mail.subject}
              </p>
              <div
                className="prose-dauys rounded border border-slate-200 p-3"
                dangerouslySetInnerHTML={{ __html: mail.html }}
              />
              <details>
                <summary className="cursor-pointer underline">{t("edit.plainText")}</summary>
                <pre className="whitespace-pre-wrap break-words text-sm">{mail.text}</pre>
              </details>
            </article>
          ))}
        </div>
      </section>
      {draft ? (
        <section className="card space-y-3" aria-labelledby="edit-heading">
          <h2 id="edit-heading" className="text-lg font-bold">
            {t("edit.editDraft")}
          </h2>
          <UpdateForm csrf={data.csrf} values={failed?.values ?? data.update} errors={failed?.errors ?? {}} />
        </section>
      ) : null}
    </div>
  );
}
