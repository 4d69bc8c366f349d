import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { regionName, regions } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import { locales, requireLocale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { createSheetRun, listSheetRuns, MAX_SHEETS_PER_RUN, parseSheetRunForm } from "~/models/sheets.server.ts";
import { formatSerial } from "~/services/signature-sheet.server.ts";
import {
  canEdit,
  requireCsrf,
  requireEdit,
  requireReadablePetition,
  requireUser,
} from "~/services/workspace-auth.server.ts";

// Numbered runs of printable signature sheets for one petition: the list and the form for a new run.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  const runs = await listSheetRuns(petition.id);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "campaign")("runs.title"),
      petition: { id: petition.id, slug: petition.slug, title: locale === "kk" ? petition.titleKk : petition.titleRu },
      open: petition.status === "open",
      editable: canEdit(user, petition.organizationId),
      maxSheets: MAX_SHEETS_PER_RUN,
      created: new URL(request.url).searchParams.get("run"),
      runs: runs.map((run) => ({
        ...run,
        from: formatSerial(run.firstSerial),
        to: formatSerial(run.firstSerial + run.sheets - 1),
        createdAt: run.createdAt.toISOString(),
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  requireEdit(user, petition.organizationId);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  if (petition.status !== "open")
    return json({ errors: { form: "not-accepting" } as Record<string, string>, values: form }, { status: 409 });
  const parsed = parseSheetRunForm(form);
  if (!parsed.ok) return json({ errors: parsed.errors, values: form }, { status: 400 });
  const run = await createSheetRun({ publication: petition, ...parsed.data, userId: user.id });
  return redirect(`/${locale}/workspace/publications/${petition.id}/sheets?run=${run.id}`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function SheetRuns() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("campaign");
  const { locale } = data;
  const errors: Record<string, string> = failure?.errors ?? {};
  const values: Record<string, string> = failure?.values ?? {};
  const created = data.runs.find((run) => run.id === data.created);
  const pdfHref = (id: string) => `/${locale}/workspace/publications/${data.petition.id}/sheets/${id}`;
  const error = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="field-error">
        {t(`runs.errors.${errors[name]}`, { max: data.maxSheets })}
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${locale}/workspace/publications/${data.petition.id}`}>
          ← {data.petition.title}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("runs.title")}</h1>
      <p className="text-sm text-slate-700">{t("runs.intro")}</p>
      <p>
        <a className="underline" href={`/${locale}/p/${data.petition.slug}/sheet.pdf`}>
          {t("runs.publicSheet")}
        </a>
      </p>
      {created ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-900">
          {t("runs.created", { from: created.from, to: created.to })}{" "}
          <a className="font-semibold underline" href={pdfHref(created.id)} data-testid="created-run">
            {t("runs.download")}
          </a>
        </p>
      ) : null}
      {errors.form ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-900">
          {t(`runs.errors.${errors.form}`)}
        </p>
      ) : null}
      <section className="card space-y-2" aria-labelledby="runs-heading">
        <h2 id="runs-heading" className="text-lg font-bold">
          {t("runs.link")}
        </h2>
        {data.runs.length === 0 ? (
          <p>{t("runs.none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="sheet-runs">
              <thead>
                <tr className="border-b text-left">
                  {["serials", "language", "region", "created"].map((column) => (
                    <th key={column} scope="col" className="pr-3">
                      {t(`runs.columns.${column}`)}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="sr-only">PDF</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.runs.map((run) => (
                  <tr key={run.id} className="border-b border-slate-100">
                    <td className="pr-3 font-mono">{t("runs.serials", { from: run.from, to: run.to })}</td>
                    <td className="pr-3">{run.locale === "kk" ? "Қазақша" : "Русский"}</td>
                    <td className="pr-3">{run.region ? regionName(run.region, locale) : t("runs.anyRegion")}</td>
                    <td className="whitespace-nowrap pr-3">{formatDateTime(locale, run.createdAt)}</td>
                    <td>
                      <a className="underline" href={pdfHref(run.id)}>
                        {t("runs.download")}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {data.editable && data.open ? (
        <Form method="post" className="card grid gap-3 sm:grid-cols-3" aria-labelledby="run-form-heading" noValidate>
          <h2 id="run-form-heading" className="text-lg font-bold sm:col-span-3">
            {t("runs.submit")}
          </h2>
          <input type="hidden" name="csrf" value={data.csrf} />
          <div>
            <label htmlFor="run-locale" className="field-label">
              {t("runs.language")}
            </label>
            <select
              id="run-locale"
              name="locale"
              className="field-input"
              defaultValue={values.locale ?? locale}
              aria-invalid={errors.locale ? true : undefined}
              aria-describedby={errors.locale ? "locale-error" : undefined}
            >
              {locales.map((code) => (
                <option key={code} value={code}>
                  {code === "kk" ? "Қазақша" : "Русский"}
                </option>
              ))}
            </select>
            {error("locale")}
          </div>
          <div>
            <label htmlFor="run-region" className="field-label">
              {t("runs.region")}
            </label>
            <select
              id="run-region"
              name="region"
              className="field-input"
              defaultValue={values.region ?? ""}
              aria-invalid={errors.region ? true : undefined}
              aria-describedby={errors.region ? "region-error" : undefined}
            >
              <option value="">{t("runs.anyRegion")}</option>
              {regions.map((region) => (
                <option key={region.code} value={region.code}>
                  {region[locale]}
                </option>
              ))}
            </select>
            {error("region")}
          </div>
          <div>
            <label htmlFor="run-sheets" className="field-label">
              {t("runs.sheets", { max: data.maxSheets })}
            </label>
            <input
              id="run-sheets"
              name="sheets"
              type="number"
              min={1}
              max={data.maxSheets}
              required
              defaultValue={values.sheets ?? "10"}
              className="field-input"
              aria-invalid={errors.sheets ? true : undefined}
              aria-describedby={errors.sheets ? "sheets-error" : undefined}
            />
            {error("sheets")}
          </div>
          <div className="sm:col-span-3">
            <button type="submit" className="btn-primary">
              {t("runs.submit")}
            </button>
          </div>
        </Form>
      ) : null}
    </div>
  );
}
