import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { regionName, regions } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDateTime, formatNumber } from "~/lib/format.ts";
import { CONTROL_CHARACTERS, hasControlCharacters } from "~/lib/text-rules.ts";
import { BULK_LIMIT, conditionStatuses, flagRules, removalReasons } from "~/lib/moderation-options.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import {
  bulkModerate,
  conditionFields,
  isNarrowed,
  parseCondition,
  previewCondition,
} from "~/services/moderation.server.ts";
import {
  canEdit,
  requireCsrf,
  requireEdit,
  requireReadablePetition,
  requireUser,
} from "~/services/workspace-auth.server.ts";

const query = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const NOTE_MAX = 500;

// Search one petition's signatures by condition, preview what matches, act on exactly that set.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  const url = new URL(request.url);
  const raw = Object.fromEntries(url.searchParams);
  const parsed = parseCondition(raw);
  const preview = parsed.ok ? await previewCondition(petition.id, parsed.condition) : null;
  const done = ["remove", "restore", "release"].includes(raw.done ?? "")
    ? { action: raw.done, changed: Number(raw.changed) || 0, skipped: Number(raw.skipped) || 0 }
    : null;
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: serverT(locale, "moderation")("bulk.title"),
      petition: { id: petition.id, slug: petition.slug, title: locale === "kk" ? petition.titleKk : petition.titleRu },
      editable: canEdit(user, petition.organizationId),
      values: raw,
      errors: parsed.ok ? {} : parsed.errors,
      fields: parsed.ok ? conditionFields(parsed.condition, raw) : {},
      narrowed: parsed.ok && isNarrowed(parsed.condition),
      preview: preview && {
        ...preview,
        sample: preview.sample.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
      },
      done,
    },
    { status: parsed.ok ? 200 : 400, headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  const petition = await requireReadablePetition(user, params.id ?? "");
  requireEdit(user, petition.organizationId);
  const parsed = parseCondition(form);
  const action = (["remove", "restore", "release"] as const).find((candidate) => candidate === form.action);
  const reason = removalReasons.find((candidate) => candidate === form.reason);
  const note = (form.note ?? "").trim();
  const fail = (error: string, status = 400) => json({ error }, { status });
  if (!parsed.ok || !action) return fail("badRequest");
  if (!isNarrowed(parsed.condition)) return fail("narrow");
  if (action === "remove" && !reason) return fail("reasonRequired");
  if (note.length > NOTE_MAX) return fail("noteTooLong");
  if (hasControlCharacters(note)) return fail(CONTROL_CHARACTERS);
  const expectedCount = /^\d{1,9}$/.test(form.expected ?? "") ? Number(form.expected) : -1;
  const fields = conditionFields(parsed.condition, form);
  const result = await bulkModerate({
    publicationId: petition.id,
    condition: parsed.condition,
    action,
    reason,
    expectedCount,
    expectedFingerprint: form.fingerprint ?? "",
    audit: (counts) => ({
      userId: user.id,
      organizationId: petition.organizationId,
      action: `signature.bulk-${action}`,
      target: petition.slug,
      details: {
        condition: fields,
        reason: action === "remove" ? reason : undefined,
        note: note || undefined,
        ...counts,
      },
    }),
  });
  if (result.outcome === "too-many") return fail("tooMany", 400);
  if (result.outcome === "changed") return json({ error: "changed", count: result.count }, { status: 409 });
  const back = query({ ...fields, done: action, changed: String(result.changed), skipped: String(result.skipped) });
  return redirect(`/${locale}/workspace/publications/${petition.id}/moderation?${back}`, { status: 303 });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function BulkModeration() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const { t } = useTranslation("moderation");
  const { t: tc } = useTranslation();
  const { locale, preview, values, errors } = data;
  const here = `/${locale}/workspace/publications/${data.petition.id}/moderation`;
  const actionUrl = `${here}?${query(data.fields)}`;
  const error = (field: keyof typeof errors) =>
    errors[field] ? (
      <p id={`${field}-error`} className="text-sm text-red-800">
        {t(`errors.${errors[field]}`)}
      </p>
    ) : null;
  const input = (name: keyof typeof errors, type = "text") => (
    <label className="block text-sm font-medium">
      {t(`bulk.fields.${name}`)}
      <input
        name={name}
        type={type}
        defaultValue={values[name] ?? ""}
        className="field-input"
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${name}-error` : undefined}
      />
      {error(name)}
    </label>
  );
  const hidden = (
    <>
      <input type="hidden" name="csrf" value={data.csrf} />
      {Object.entries(data.fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <input type="hidden" name="expected" value={preview?.count ?? 0} />
      <input type="hidden" name="fingerprint" value={preview?.fingerprint ?? ""} />
    </>
  );
  const canAct = data.editable && preview && preview.count > 0 && preview.fingerprint && data.narrowed;
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap gap-3 text-sm">
        <Link className="underline" to={`/${locale}/workspace`}>
          {tc("workspace.title")}
        </Link>
        <Link className="underline" to={`/${locale}/workspace/moderation`}>
          {t("bulk.heldQueue")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">
        {t("bulk.title")}: {data.petition.title}
      </h1>
      {data.done ? (
        <p role="status" className="rounded bg-green-50 p-2 text-green-900">
          {t(`bulk.done.${data.done.action}`, { count: data.done.changed })}{" "}
          {data.done.skipped ? t("bulk.skipped", { count: data.done.skipped }) : null}
        </p>
      ) : null}
      {failure && "error" in failure ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-red-900">
          {t(`errors.${failure.error}`, { limit: formatNumber(locale, BULK_LIMIT) })}
        </p>
      ) : null}
      {!data.editable ? <p className="text-sm text-slate-700">{tc("workspace.readOnly")}</p> : null}
      <Form method="get" className="card grid gap-3 sm:grid-cols-2" aria-labelledby="condition-heading">
        <h2 id="condition-heading" className="text-lg font-bold sm:col-span-2">
          {t("bulk.condition")}
        </h2>
        {input("domain")}
        <label className="block text-sm font-medium">
          {t("bulk.fields.region")}
          <select name="region" defaultValue={values.region ?? ""} className="field-input">
            <option value="">{t("bulk.anyRegion")}</option>
            {regions.map((region) => (
              <option key={region.code} value={region.code}>
                {region[locale]}
              </option>
            ))}
          </select>
          {error("region")}
        </label>
        {input("from", "datetime-local")}
        {input("to", "datetime-local")}
        <label className="block text-sm font-medium">
          {t("bulk.fields.status")}
          <select name="status" defaultValue={values.status ?? ""} className="field-input">
            <option value="">{t("bulk.anyStatus")}</option>
            {conditionStatuses.map((status) => (
              <option key={status} value={status}>
                {t(`statuses.${status}`)}
              </option>
            ))}
          </select>
          {error("status")}
        </label>
        <label className="block text-sm font-medium">
          {t("bulk.fields.flag")}
          <select name="flag" defaultValue={values.flag ?? "any"} className="field-input">
            {["any", "none", "flagged"].map((flag) => (
              <option key={flag} value={flag}>
                {t(`bulk.flagStates.${flag}`)}
              </option>
            ))}
            {flagRules.map((rule) => (
              <option key={rule} value={rule}>
                {tc(`moderation.flags.${rule}`)}
              </option>
            ))}
          </select>
          {error("flag")}
        </label>
        {input("ip")}
        <p className="text-sm text-slate-700 sm:col-span-2">{t("bulk.ipHint")}</p>
        <div className="sm:col-span-2">
          <button type="submit" className="rounded bg-brand-600 px-3 py-2 text-white">
            {t("bulk.preview")}
          </button>
        </div>
      </Form>
      {preview ? (
        <section className="card space-y-3" aria-labelledby="result-heading">
          <h2 id="result-heading" className="text-lg font-bold">
            {t("bulk.matching", { count: preview.count })}
          </h2>
          <div className="grid gap-4 sm:grid-cols-2">
            <Breakdown
              title={t("bulk.byRegion")}
              rows={preview.byRegion.map((row) => [regionName(row.region, locale), row.count])}
              testId="by-region"
            />
            <Breakdown
              title={t("bulk.byStatus")}
              rows={preview.byStatus.map((row) => [t(`statuses.${row.status}`), row.count])}
              testId="by-status"
            />
            <Breakdown
              title={t("bulk.topDomains")}
              rows={preview.domains.map((row) => [row.domain || "—", row.count])}
              testId="top-domains"
            />
            <Breakdown
              title={t("bulk.topIps")}
              rows={preview.ipPrefixes.map((row) => [`${row.prefix}…`, row.count])}
              testId="top-ips"
              mono
            />
          </div>
          {preview.sample.length ? (
            <div className="overflow-x-auto">
              <table className="min-w-full text-sm" data-testid="sample">
                <caption className="text-left font-semibold">
                  {t("bulk.sample", { count: preview.sample.length })}
                </caption>
                <thead>
                  <tr className="border-b text-left">
                    {["receipt", "region", "domain", "time", "flag", "status"].map((col) => (
                      <th key={col} scope="col" className="pr-3">
                        {t(`bulk.columns.${col}`)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.sample.map((row) => (
                    <tr key={row.receipt} className="border-b border-slate-100">
                      <td className="pr-3 font-mono">{row.receipt}</td>
                      <td className="pr-3">{regionName(row.region, locale)}</td>
                      <td className="pr-3">{row.emailDomain}</td>
                      <td className="whitespace-nowrap pr-3">{formatDateTime(locale, row.createdAt)}</td>
                      <td className="pr-3">
                        {row.flag ? tc(`moderation.flags.${row.flag}`, { defaultValue: row.flag }) : "—"}
                      </td>
                      <td>
                        {t(`statuses.${row.status}`)}
                        {row.removedReason ? ` (${tc(`removalReason.${row.removedReason}`)})` : ""}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {preview.count > BULK_LIMIT ? (
            <p className="text-red-900">{t("errors.tooMany", { limit: formatNumber(locale, BULK_LIMIT) })}</p>
          ) : null}
          {data.editable && preview.count > 0 && !data.narrowed ? (
            <p className="text-sm text-slate-700">{t("errors.narrow")}</p>
          ) : null}
          {canAct ? (
            <div className="space-y-3 border-t pt-3" data-testid="bulk-actions">
              <Form method="post" action={actionUrl} className="space-y-2">
                {hidden}
                <label className="block text-sm font-medium">
                  {t("bulk.reason")}
                  <select name="reason" required className="field-input" defaultValue="">
                    <option value="" disabled>
                      {t("bulk.chooseReason")}
                    </option>
                    {removalReasons.map((reason) => (
                      <option key={reason} value={reason}>
                        {tc(`removalReason.${reason}`)}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="block text-sm font-medium">
                  {t("bulk.note")}
                  <textarea name="note" maxLength={NOTE_MAX} rows={2} className="field-input" />
                </label>
                <button
                  type="submit"
                  name="action"
                  value="remove"
                  className="rounded border border-red-800 px-3 py-2 text-red-800"
                >
                  {t("bulk.remove", { count: preview.count })}
                </button>
              </Form>
              <div className="flex flex-wrap gap-2">
                {(["restore", "release"] as const).map((action) => (
                  <Form key={action} method="post" action={actionUrl}>
                    {hidden}
                    <button
                      type="submit"
                      name="action"
                      value={action}
                      className="rounded bg-brand-600 px-3 py-2 text-white"
                    >
                      {t(`bulk.${action}`, { count: preview.count })}
                    </button>
                  </Form>
                ))}
              </div>
              <p className="text-sm text-slate-700">{t("bulk.actionHint")}</p>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function Breakdown({
  title,
  rows,
  testId,
  mono,
}: {
  title: string;
  rows: Array<[string, number]>;
  testId: string;
  mono?: boolean;
}) {
  return (
    <table className="text-sm" data-testid={testId}>
      <caption className="text-left font-semibold">{title}</caption>
      <tbody>
        {rows.map(([label, n]) => (
          <tr key={label} className="border-b border-slate-100">
            <th scope="row" className={`pr-3 text-left font-normal ${mono ? "font-mono" : ""}`}>
              {label}
            </th>
            <td className="text-right tabular-nums">{n}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
