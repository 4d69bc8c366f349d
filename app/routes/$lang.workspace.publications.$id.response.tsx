import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { parseResponseForm } from "~/models/editor.server.ts";
import { EDITOR_FORM_BYTES } from "~/services/editor-page.server.ts";
import { postResponse, responseMailCount } from "~/services/official-response.server.ts";
import {
  MAX_SCAN_BYTES,
  discardScan,
  documentTypes,
  keepScan,
  readUploadForm,
  UploadRefused,
} from "~/services/paper-upload.server.ts";
import { requireCsrf, requireEdit, requireUser } from "~/services/workspace-auth.server.ts";

// The addressee's official answer to a petition, shown on its public page.
async function findPetition(id: string) {
  const publication = await db().publication.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      organizationId: true,
      titleKk: true,
      titleRu: true,
      responseKk: true,
      responseRu: true,
      respondedAt: true,
      responseUrl: true,
      responseDocSha256: true,
      responseDocBytes: true,
    },
  });
  if (!publication || publication.kind !== "petition") throw new Response("Not Found", { status: 404 });
  return publication;
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await findPetition(params.id ?? "");
  requireEdit(user, petition.organizationId);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      id: petition.id,
      title: locale === "kk" ? petition.titleKk : petition.titleRu,
      values: {
        responseKk: petition.responseKk ?? "",
        responseRu: petition.responseRu ?? "",
        respondedAt: petition.respondedAt?.toISOString().slice(0, 10) ?? "",
        responseUrl: petition.responseUrl ?? "",
      },
      pageTitle: serverT(locale, "editor")("responseTitle"),
      document: petition.responseDocSha256
        ? { sha256: petition.responseDocSha256, bytes: petition.responseDocBytes ?? 0 }
        : null,
      maxMegabytes: MAX_SCAN_BYTES / 1024 / 1024,
      mailed: await responseMailCount(petition.id),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await findPetition(params.id ?? "");
  // Permission before the body is read: only organizers may upload at all.
  requireEdit(user, petition.organizationId);
  let received: Awaited<ReturnType<typeof readUploadForm>>;
  try {
    received = await readUploadForm(request, {
      field: "document",
      types: documentTypes,
      fieldBytes: EDITOR_FORM_BYTES,
    });
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    const status = error.problem === "too-large" ? 413 : 400;
    return json(
      { formError: error.problem, errors: {} as Record<string, string>, values: {} as Record<string, string> },
      { status, headers: status === 413 ? { Connection: "close" } : {} },
    );
  }
  const { fields: form, scan: upload } = received;
  let kept = false;
  try {
    requireCsrf(user, form);
    if (petition.status === "draft") throw json({ messageKey: "editor:errors.responseOnDraft" }, { status: 409 });
    const parsed = parseResponseForm(form);
    if (!parsed.ok) return json({ formError: null, errors: parsed.errors, values: form }, { status: 400 });
    if (upload) await keepScan(upload).then(() => (kept = true));
    await postResponse({
      publicationId: petition.id,
      fields: parsed.data,
      document: upload
        ? { sha256: upload.sha256, bytes: upload.bytes }
        : form.removeDocument === "yes"
          ? null
          : undefined,
      userId: user.id,
    });
    return redirect(`/${locale}/workspace/publications/${petition.id}?saved=1`, { status: 303 });
  } finally {
    if (!kept) await discardScan(upload);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 1)} MB`;

export default function OfficialResponse() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    { formError: string | null; errors: Record<string, string>; values: Record<string, string> } | undefined;
  const { t } = useTranslation("editor");
  const { t: tc } = useTranslation("campaign");
  const values = result?.values ?? data.values;
  const errors = result?.errors ?? {};
  const field = (name: string) => ({
    id: `response-${name}`,
    name,
    defaultValue: values[name as keyof typeof values] ?? "",
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `response-${name}-error` : undefined,
    className: "field-input",
  });
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`response-${name}-error`} className="field-error">
        {t(`errors.${errors[name]}`)}
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${data.locale}/workspace/publications/${data.id}`}>
          ← {data.title}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("responseTitle")}</h1>
      <p>{t("responseExplain")}</p>
      {Object.keys(errors).length ? (
        <div role="alert" className="rounded border border-red-700 bg-red-50 p-3 font-medium text-red-900">
          {t("errorSummary", { count: Object.keys(errors).length })}
        </div>
      ) : null}
      {result?.formError ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-900">
          {tc(`response.errors.${result.formError}`, { max: data.maxMegabytes })}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">{tc("response.mailNote")}</p>
      {data.mailed ? (
        <p role="status" data-testid="response-mailed">
          {tc("response.mailed", { count: data.mailed })}
        </p>
      ) : null}
      <Form method="post" encType="multipart/form-data" className="space-y-4" noValidate>
        <input type="hidden" name="csrf" value={data.csrf} />
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="response-respondedAt" className="field-label">
              {t("respondedAt")}
            </label>
            <input {...field("respondedAt")} type="date" />
            {fieldError("respondedAt")}
          </div>
          <div>
            <label htmlFor="response-responseUrl" className="field-label">
              {t("responseUrl")}
            </label>
            <input {...field("responseUrl")} type="url" inputMode="url" placeholder="https://" />
            {fieldError("responseUrl")}
          </div>
        </div>
        <div className="grid gap-4 lg:grid-cols-2">
          <div lang="kk">
            <label htmlFor="response-responseKk" className="field-label">
              {t("responseKk")}
            </label>
            <textarea {...field("responseKk")} rows={10} />
            {fieldError("responseKk")}
          </div>
          <div lang="ru">
            <label htmlFor="response-responseRu" className="field-label">
              {t("responseRu")}
            </label>
            <textarea {...field("responseRu")} rows={10} />
            {fieldError("responseRu")}
          </div>
        </div>
        <div>
          <label htmlFor="response-document" className="field-label">
            {tc("response.upload", { max: data.maxMegabytes })}
          </label>
          <input id="response-document" name="document" type="file" accept="application/pdf" className="mt-1 block" />
          {data.document ? (
            <div className="mt-2 text-sm">
              <p className="break-all">
                {tc("response.current", { size: megabytes(data.document.bytes), sha256: data.document.sha256 })}
              </p>
              <label className="mt-1 inline-flex items-center gap-2">
                <input type="checkbox" name="removeDocument" value="yes" />
                {tc("response.remove")}
              </label>
            </div>
          ) : null}
        </div>
        <p className="text-sm text-slate-700">{t("responseClearHint")}</p>
        <button type="submit" className="btn-primary">
          {t("save")}
        </button>
      </Form>
    </div>
  );
}
