import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { parseResponseForm, saveResponse } from "~/models/editor.server.ts";
import { EDITOR_FORM_BYTES } from "~/services/editor-page.server.ts";
import { readSmallForm } from "~/services/signing.server.ts";
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
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request, EDITOR_FORM_BYTES);
  requireCsrf(user, form);
  const petition = await findPetition(params.id ?? "");
  requireEdit(user, petition.organizationId);
  if (petition.status === "draft") throw json({ messageKey: "editor:errors.responseOnDraft" }, { status: 409 });
  const parsed = parseResponseForm(form);
  if (!parsed.ok) return json({ errors: parsed.errors, values: form }, { status: 400 });
  await saveResponse(petition.id, parsed.data, { userId: user.id });
  return redirect(`/${locale}/workspace/publications/${petition.id}?saved=1`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function OfficialResponse() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    { errors: Record<string, string>; values: Record<string, string> } | undefined;
  const { t } = useTranslation("editor");
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
      <Form method="post" className="space-y-4" noValidate>
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
        <p className="text-sm text-slate-700">{t("responseClearHint")}</p>
        <button type="submit" className="btn-primary">
          {t("save")}
        </button>
      </Form>
    </div>
  );
}
