import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { regionName, regions } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDate, formatDateTime, formatNumber } from "~/lib/format.ts";
import { getCounts } from "~/models/counts.server.ts";
import { createBatch, kzDate, listBatches, MAX_BATCH, paperStatuses, parsePaperForm } from "~/models/paper.server.ts";
import { highestSerial, normalizeSerials } from "~/models/sheets.server.ts";
import { discardScan, keepScan, readPaperForm, UploadRefused } from "~/services/paper-upload.server.ts";
import {
  canEdit,
  requireCsrf,
  requireEdit,
  requireReadablePetition,
  requireUser,
} from "~/services/workspace-auth.server.ts";

// Paper batches of one petition: the list, the paper figures per region, and the entry form.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  const [batches, counts] = await Promise.all([listBatches(petition.id), getCounts(petition.id)]);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "paper")("title"),
      petition: {
        id: petition.id,
        title: locale === "kk" ? petition.titleKk : petition.titleRu,
        status: petition.status,
      },
      accepting: (paperStatuses as readonly string[]).includes(petition.status),
      editable: canEdit(user, petition.organizationId),
      today: kzDate(new Date()),
      // Sent along: a page component cannot read values from a .server module in the browser.
      maxBatch: MAX_BATCH,
      added: new URL(request.url).searchParams.get("added"),
      batches: batches.map((row) => ({
        ...row,
        collectedFrom: row.collectedFrom.toISOString(),
        collectedTo: row.collectedTo.toISOString(),
        createdAt: row.createdAt.toISOString(),
      })),
      paper: {
        total: counts.totals.paper,
        regions: counts.regions.filter((row) => row.paper !== 0).map((row) => ({ code: row.code, paper: row.paper })),
      },
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  // Permission before the body is read: only organizers may upload at all.
  requireEdit(user, petition.organizationId);
  let received: Awaited<ReturnType<typeof readPaperForm>>;
  try {
    received = await readPaperForm(request);
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    // The unread rest of an oversize body would block the connection: close it.
    const status = error.problem === "too-large" ? 413 : 400;
    return json(
      { formError: error.problem, errors: {}, values: {} },
      { status, headers: status === 413 ? { Connection: "close" } : {} },
    );
  }
  const { fields, scan } = received;
  let kept = false;
  try {
    requireCsrf(user, fields);
    const parsed = parsePaperForm(fields);
    if (!parsed.ok)
      return json(
        { formError: null, errors: parsed.errors as Record<string, string>, values: fields },
        { status: 400 },
      );
    const serials = normalizeSerials(fields.sheets ?? "", await highestSerial(petition.id));
    if (!serials.ok)
      return json(
        {
          formError: null,
          errors: { sheets: `campaign:serials.errors.${serials.problem.key}` } as Record<string, string>,
          serial: serials.problem.serial ?? null,
          values: fields,
        },
        { status: 400 },
      );
    if (scan) await keepScan(scan).then(() => (kept = true));
    const outcome = await createBatch({
      publication: petition,
      form: parsed.data,
      sheetSerials: serials.value,
      scan: scan && { sha256: scan.sha256, name: scan.name },
      userId: user.id,
    });
    if (!outcome.ok)
      return json(
        { formError: outcome.error, errors: {}, values: fields },
        { status: outcome.error === "not-accepting" ? 409 : 400 },
      );
    return redirect(`/${locale}/workspace/publications/${petition.id}/paper?added=${outcome.receipt}`, { status: 303 });
  } finally {
    if (!kept) await discardScan(scan);
  }
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

const fieldNames = ["region", "count", "collectedFrom", "collectedTo", "corrects", "note"] as const;

export default function PaperBatches() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("paper");
  const { t: tc } = useTranslation();
  const { locale } = data;
  const maxBatch = data.maxBatch;
  const errors: Record<string, string> = failure?.errors ?? {};
  const values: Record<string, string> = failure?.values ?? {};
  const described = (name: string) => (errors[name] ? `${name}-error` : undefined);
  const error = (name: string) =>
    errors[name] ? (
      <p id={`${name}-error`} className="text-sm text-red-800">
        {t(`errors.${errors[name]}`, { max: formatNumber(locale, maxBatch) })}
      </p>
    ) : null;
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${locale}/workspace`}>
          {tc("workspace.title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">
        {t("title")}: {data.petition.title}
      </h1>
      <p className="text-sm text-slate-700">{t("intro")}</p>
      {data.added ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-900">
          {t("added", { receipt: data.added })}
        </p>
      ) : null}
      {failure?.formError ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-900">
          {t(`errors.${failure.formError}`, { max: formatNumber(locale, maxBatch) })}
        </p>
      ) : null}
      <section className="card space-y-2" aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="text-lg font-bold">
          {t("totals")}
        </h2>
        <p data-testid="paper-total">{t("total", { formatted: formatNumber(locale, data.paper.total) })}</p>
        {data.paper.regions.length ? (
          <ul className="text-sm">
            {data.paper.regions.map((row) => (
              <li key={row.code}>
                {regionName(row.code, locale)}: {formatNumber(locale, row.paper)}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <section className="card space-y-2" aria-labelledby="batches-heading">
        <h2 id="batches-heading" className="text-lg font-bold">
          {t("batches")}
        </h2>
        {data.batches.length === 0 ? (
          <p>{t("none")}</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="paper-batches">
              <thead>
                <tr className="border-b text-left">
                  {["receipt", "region", "count", "collected", "scan", "note", "added"].map((col) => (
                    <th key={col} scope="col" className="pr-3">
                      {t(`columns.${col}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.batches.map((row) => (
                  <tr key={row.receipt} className="border-b border-slate-100 align-top">
                    <td className="pr-3 font-mono">
                      {row.receipt}
                      {row.correctsReceipt ? (
                        <span className="block text-xs text-slate-700">
                          {t("correctsShort", { receipt: row.correctsReceipt })}
                        </span>
                      ) : null}
                    </td>
                    <td className="pr-3">{regionName(row.region, locale)}</td>
                    <td className="pr-3 text-right tabular-nums">{formatNumber(locale, row.count)}</td>
                    <td className="whitespace-nowrap pr-3">
                      {formatDate(locale, row.collectedFrom)} — {formatDate(locale, row.collectedTo)}
                    </td>
                    <td className="pr-3">
                      {row.scanSha256 ? (
                        <>
                          {/* A download, not a page: reloadDocument keeps Remix from fetching it as a route. */}
                          <Link
                            reloadDocument
                            to={`/${locale}/workspace/publications/${data.petition.id}/paper/${row.receipt}/scan`}
                            className="underline"
                          >
                            {t("downloadScan", { name: row.scanName })}
                          </Link>
                          <span className="block break-all font-mono text-xs">SHA-256 {row.scanSha256}</span>
                        </>
                      ) : (
                        "—"
                      )}
                    </td>
                    <td className="whitespace-pre-wrap pr-3">{row.note}</td>
                    <td className="whitespace-nowrap">{formatDateTime(locale, row.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {!data.editable ? (
        <p className="text-sm text-slate-700">{tc("workspace.readOnly")}</p>
      ) : !data.accepting ? (
        <p className="text-sm text-slate-700">{t("errors.not-accepting")}</p>
      ) : (
        <Form
          method="post"
          encType="multipart/form-data"
          className="card grid gap-3 sm:grid-cols-2"
          aria-labelledby="form-heading"
        >
          <h2 id="form-heading" className="text-lg font-bold sm:col-span-2">
            {t("form")}
          </h2>
          <input type="hidden" name="csrf" value={data.csrf} />
          {fieldNames.map((name) => (
            <label key={name} className={`block text-sm font-medium ${name === "note" ? "sm:col-span-2" : ""}`}>
              {t(`fields.${name}`)}
              {name === "region" ? (
                <select
                  name="region"
                  required
                  defaultValue={values.region ?? ""}
                  className="field-input"
                  aria-invalid={errors.region ? true : undefined}
                  aria-describedby={described("region")}
                >
                  <option value="" disabled>
                    {t("chooseRegion")}
                  </option>
                  {regions.map((region) => (
                    <option key={region.code} value={region.code}>
                      {region[locale]}
                    </option>
                  ))}
                </select>
              ) : name === "note" ? (
                <textarea
                  name="note"
                  rows={3}
                  maxLength={2000}
                  defaultValue={values.note ?? ""}
                  className="field-input"
                  aria-invalid={errors.note ? true : undefined}
                  aria-describedby={described("note")}
                />
              ) : (
                <input
                  name={name}
                  type={name === "count" ? "number" : name.startsWith("collected") ? "date" : "text"}
                  {...(name === "count"
                    ? { min: -maxBatch, max: maxBatch, required: true }
                    : name.startsWith("collected")
                      ? { max: data.today, required: true }
                      : { pattern: "[A-Za-z0-9_\\-]{22}" })}
                  defaultValue={values[name] ?? ""}
                  className="field-input"
                  aria-invalid={errors[name] ? true : undefined}
                  aria-describedby={described(name)}
                />
              )}
              {error(name)}
            </label>
          ))}
          <label className="block text-sm font-medium sm:col-span-2">
            {t("campaign:serials.field")}
            <input
              name="sheets"
              type="text"
              inputMode="numeric"
              defaultValue={values.sheets ?? ""}
              className="field-input"
              aria-invalid={errors.sheets ? true : undefined}
              aria-describedby={described("sheets")}
            />
            {errors.sheets ? (
              <p id="sheets-error" className="text-sm text-red-800">
                {t(errors.sheets, { serial: failure && "serial" in failure ? failure.serial : "" })}
              </p>
            ) : null}
          </label>
          <label className="block text-sm font-medium sm:col-span-2">
            {t("fields.scan")}
            <input name="scan" type="file" accept="application/pdf,image/jpeg,image/png" className="mt-1 block" />
          </label>
          <p className="text-sm text-slate-700 sm:col-span-2">{t("hint")}</p>
          <div className="sm:col-span-2">
            <button type="submit" className="rounded bg-brand-600 px-3 py-2 text-white">
              {t("submit")}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}
