import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { regionOptions } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { formatDateTime } from "~/lib/format.ts";

type EditorValues = Record<string, string>;
/** What someone else saved after this form was read (a refused, stale save). */
export type EditConflict = { fields: string[]; by: string | null; at: string | null };
export type EditorProps = {
  locale: Locale;
  csrf: string;
  mode: "new" | "edit";
  /** Published: slug, kind and organization are fixed. */
  locked: boolean;
  /** Has signatures: a text change makes a new version unless marked as a minor edit. */
  versioned: boolean;
  version: number;
  /** Minor edits already made to the current version, and how many are allowed. */
  minorEdits?: { used: number; allowed: number };
  conflict?: EditConflict | null;
  /** The edit page, for reloading the form after a refused, stale save. */
  editUrl?: string;
  organizations: { id: string; name: string }[];
  values: EditorValues;
  errors: Record<string, string>;
  /** Server-rendered previews (the no-JavaScript "Preview" button). */
  previews?: { kk: string; ru: string } | null;
};

const languages = [
  { code: "kk", suffix: "Kk" },
  { code: "ru", suffix: "Ru" },
] as const;

/**
 * The bilingual editor: Kazakh and Russian side by side (stacked on phones), Markdown with a
 * preview. Without JavaScript the "Preview" button renders it on the server; with JavaScript the
 * preview follows the typing (the same server renderer, so it matches the public page exactly).
 */
export function PublicationEditor(props: EditorProps) {
  const { t } = useTranslation("editor");
  const { values, errors, locale } = props;
  const navigation = useNavigation();
  const [kind, setKind] = useState(values.kind || "petition");
  const errorCount = Object.keys(errors).length;
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (errorCount > 0) summary.current?.focus();
  }, [errors, errorCount]);

  const field = (name: string) => ({
    id: `editor-${name}`,
    name,
    defaultValue: values[name] ?? "",
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `editor-${name}-error` : undefined,
    className: "field-input",
  });
  const fieldError = (name: string) =>
    errors[name] ? (
      <p id={`editor-${name}-error`} className="field-error">
        {t(`errors.${errors[name]}`, { count: props.minorEdits?.allowed })}
      </p>
    ) : null;
  const minorEditsLeft = props.minorEdits ? props.minorEdits.allowed - props.minorEdits.used : null;
  const scope = new Set((values.regionScope ?? "").split(",").filter(Boolean));

  return (
    <Form method="post" className="space-y-6" noValidate>
      <input type="hidden" name="csrf" value={props.csrf} />
      {values.revision ? <input type="hidden" name="revision" value={values.revision} /> : null}
      {errorCount > 0 ? (
        <div
          ref={summary}
          tabIndex={-1}
          role="alert"
          className="rounded border border-red-700 bg-red-50 p-3 font-medium text-red-900"
        >
          {t("errorSummary", { count: errorCount })}
          {props.conflict?.by && props.conflict.at ? (
            <div data-testid="edit-conflict">
              <p>{t("conflictBy", { by: props.conflict.by, when: formatDateTime(locale, props.conflict.at) })}</p>
              {props.conflict.fields.length ? (
                <p>
                  {t("conflictFields", {
                    fields: props.conflict.fields.map((field) => t(`fields.${field}`)).join(", "),
                  })}
                </p>
              ) : null}
              <p className="font-normal">{t("conflictAdvice")}</p>
              {props.editUrl ? (
                <p>
                  <Link className="underline" to={props.editUrl} reloadDocument>
                    {t("conflictReload")}
                  </Link>
                </p>
              ) : null}
            </div>
          ) : errors.form ? (
            <p>{t(`errors.${errors.form}`)}</p>
          ) : null}
        </div>
      ) : null}

      <fieldset className="card grid gap-4 sm:grid-cols-2">
        <legend className="px-1 text-lg font-bold">{t("basics")}</legend>
        <div>
          <label htmlFor="editor-kind" className="field-label">
            {t("kind")}
          </label>
          <select {...field("kind")} disabled={props.locked} onChange={(event) => setKind(event.target.value)}>
            <option value="petition">{t("kinds.petition")}</option>
            <option value="statement">{t("kinds.statement")}</option>
            <option value="report">{t("kinds.report")}</option>
          </select>
          {props.locked ? <input type="hidden" name="kind" value={values.kind} /> : null}
          {fieldError("kind")}
        </div>
        <div>
          <label htmlFor="editor-organizationId" className="field-label">
            {t("organization")}
          </label>
          <select {...field("organizationId")} disabled={props.locked}>
            {props.organizations.map((org) => (
              <option key={org.id} value={org.id}>
                {org.name}
              </option>
            ))}
          </select>
          {props.locked ? <input type="hidden" name="organizationId" value={values.organizationId} /> : null}
          {fieldError("organizationId")}
        </div>
        <div className="sm:col-span-2">
          <label htmlFor="editor-slug" className="field-label">
            {t("slug")}
          </label>
          <input
            {...field("slug")}
            readOnly={props.locked}
            autoComplete="off"
            spellCheck={false}
            maxLength={80}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            aria-describedby={errors.slug ? "editor-slug-error" : "editor-slug-hint"}
          />
          <p id="editor-slug-hint" className="mt-1 text-sm text-slate-700">
            {props.locked ? t("slugLocked") : t("slugHint")}
          </p>
          {fieldError("slug")}
        </div>
        {kind !== "report" ? (
          <>
            <div>
              <label htmlFor="editor-goal" className="field-label">
                {t("goal")}
              </label>
              <input {...field("goal")} inputMode="numeric" autoComplete="off" />
              {fieldError("goal")}
            </div>
            <div>
              <label htmlFor="editor-deadline" className="field-label">
                {t("deadline")}
              </label>
              <input {...field("deadline")} type="date" aria-describedby="editor-deadline-hint" />
              <p id="editor-deadline-hint" className="mt-1 text-sm text-slate-700">
                {t("deadlineHint")}
              </p>
              {fieldError("deadline")}
            </div>
          </>
        ) : null}
        {kind === "statement" ? (
          <div className="flex gap-3 sm:col-span-2">
            <input
              id="editor-endorsable"
              name="endorsable"
              type="checkbox"
              defaultChecked={values.endorsable === "on"}
              className="mt-1 h-5 w-5 shrink-0"
              aria-describedby="editor-endorsable-hint"
            />
            <div>
              <label htmlFor="editor-endorsable" className="font-medium">
                {t("endorsable")}
              </label>
              <p id="editor-endorsable-hint" className="text-sm text-slate-700">
                {t("endorsableHint")}
              </p>
              {fieldError("endorsable")}
            </div>
          </div>
        ) : null}
        <fieldset className="sm:col-span-2">
          <legend className="field-label">{t("languages")}</legend>
          <div className="mt-1 flex flex-wrap gap-4">
            {(["", "kk", "ru"] as const).map((option) => (
              <label key={option || "both"} className="flex items-center gap-2">
                <input
                  type="radio"
                  name="onlyLanguage"
                  value={option}
                  defaultChecked={(values.onlyLanguage ?? "") === option}
                  className="h-5 w-5"
                />
                {t(`onlyLanguage.${option || "both"}`)}
              </label>
            ))}
          </div>
          <p className="mt-1 text-sm text-slate-700">{t("languagesHint")}</p>
        </fieldset>
        <details className="sm:col-span-2" open={scope.size > 0}>
          <summary className="cursor-pointer font-medium">
            {t("regionScope")} ({scope.size ? scope.size : t("wholeCountry")})
          </summary>
          <p className="mt-1 text-sm text-slate-700">{t("regionScopeHint")}</p>
          <div className="mt-2 grid gap-1 sm:grid-cols-2">
            {regionOptions(locale).map((option) => (
              <label key={option.value} className="flex items-center gap-2">
                <input
                  type="checkbox"
                  name={`scope:${option.value}`}
                  defaultChecked={scope.has(option.value)}
                  className="h-4 w-4"
                />
                {option.label}
              </label>
            ))}
          </div>
        </details>
      </fieldset>

      <div className="grid gap-6 lg:grid-cols-2">
        {languages.map(({ code, suffix }) => (
          <fieldset key={code} lang={code} className="card min-w-0 space-y-4">
            <legend className="px-1 text-lg font-bold">{t(`language.${code}`)}</legend>
            <div>
              <label htmlFor={`editor-title${suffix}`} className="field-label">
                {t("title")}
              </label>
              <input {...field(`title${suffix}`)} maxLength={200} />
              {fieldError(`title${suffix}`)}
            </div>
            <div>
              <label htmlFor={`editor-summary${suffix}`} className="field-label">
                {t("summary")}
              </label>
              <textarea {...field(`summary${suffix}`)} rows={3} maxLength={600} />
              {fieldError(`summary${suffix}`)}
            </div>
            {code === "kk" ? (
              <details
                className="rounded border border-slate-300 p-3"
                open={Boolean(values.titleKkLatn || values.summaryKkLatn || errors.titleKkLatn || errors.summaryKkLatn)}
              >
                <summary className="cursor-pointer font-medium">{t("latinSpelling")}</summary>
                <p id="editor-latin-hint" className="mt-1 text-sm text-slate-700">
                  {t("latinSpellingHint")}
                </p>
                <div className="mt-3 space-y-4">
                  <div>
                    <label htmlFor="editor-titleKkLatn" className="field-label">
                      {t("titleLatin")}
                    </label>
                    <input
                      {...field("titleKkLatn")}
                      lang="kk-Latn"
                      maxLength={200}
                      aria-describedby={`editor-latin-hint ${errors.titleKkLatn ? "editor-titleKkLatn-error" : ""}`.trim()}
                    />
                    {fieldError("titleKkLatn")}
                  </div>
                  <div>
                    <label htmlFor="editor-summaryKkLatn" className="field-label">
                      {t("summaryLatin")}
                    </label>
                    <textarea
                      {...field("summaryKkLatn")}
                      lang="kk-Latn"
                      rows={3}
                      maxLength={600}
                      aria-describedby={`editor-latin-hint ${errors.summaryKkLatn ? "editor-summaryKkLatn-error" : ""}`.trim()}
                    />
                    {fieldError("summaryKkLatn")}
                  </div>
                </div>
              </details>
            ) : null}
            {kind === "petition" ? (
              <div>
                <label htmlFor={`editor-addressee${suffix}`} className="field-label">
                  {t("addressee")}
                </label>
                <input {...field(`addressee${suffix}`)} maxLength={200} />
                {fieldError(`addressee${suffix}`)}
              </div>
            ) : null}
            <div>
              <label htmlFor={`editor-body${suffix}`} className="field-label">
                {t("body")}
              </label>
              <textarea
                {...field(`body${suffix}`)}
                rows={16}
                className="field-input font-mono text-sm"
                aria-describedby={`editor-body-hint ${errors[`body${suffix}`] ? `editor-body${suffix}-error` : ""}`.trim()}
                data-preview-source={code}
              />
              {fieldError(`body${suffix}`)}
            </div>
            <MarkdownPreview
              locale={locale}
              language={code}
              csrf={props.csrf}
              serverHtml={props.previews?.[code] ?? null}
            />
          </fieldset>
        ))}
      </div>
      <p id="editor-body-hint" className="text-sm text-slate-700">
        {t("markdownHint")}
      </p>

      {props.versioned ? (
        <fieldset className="card space-y-3">
          <legend className="px-1 text-lg font-bold">{t("versionTitle", { version: props.version })}</legend>
          <p className="text-sm">{t("versionExplain")}</p>
          <div className="grid gap-4 sm:grid-cols-2">
            <div>
              <label htmlFor="editor-noteKk" className="field-label">
                {t("noteKk")}
              </label>
              <input {...field("noteKk")} maxLength={300} lang="kk" />
              {fieldError("noteKk")}
            </div>
            <div>
              <label htmlFor="editor-noteRu" className="field-label">
                {t("noteRu")}
              </label>
              <input {...field("noteRu")} maxLength={300} lang="ru" />
              {fieldError("noteRu")}
            </div>
          </div>
          <div className="flex gap-3">
            <input
              id="editor-minorEdit"
              name="minorEdit"
              type="checkbox"
              defaultChecked={values.minorEdit === "on"}
              className="mt-1 h-5 w-5 shrink-0"
              aria-invalid={errors.minorEdit ? true : undefined}
              aria-describedby={
                errors.minorEdit ? "editor-minorEdit-hint editor-minorEdit-error" : "editor-minorEdit-hint"
              }
            />
            <div>
              <label htmlFor="editor-minorEdit" className="font-medium">
                {t("minorEdit")}
              </label>
              <p id="editor-minorEdit-hint" className="text-sm text-slate-700">
                {t("minorEditHint")}{" "}
                {minorEditsLeft === null
                  ? null
                  : minorEditsLeft > 0
                    ? t("minorEditsLeft", { count: minorEditsLeft, allowed: props.minorEdits?.allowed })
                    : t("minorEditsNone", { allowed: props.minorEdits?.allowed })}
              </p>
              {fieldError("minorEdit")}
            </div>
          </div>
        </fieldset>
      ) : null}

      <div className="flex flex-wrap gap-3">
        <button
          type="submit"
          name="intent"
          value="save"
          className="btn-primary"
          disabled={navigation.state === "submitting"}
        >
          {props.mode === "new" ? t("createDraft") : t("save")}
        </button>
        <button
          type="submit"
          name="intent"
          value="preview"
          className="rounded-md border border-slate-400 px-5 py-3 font-semibold"
        >
          {t("preview")}
        </button>
      </div>
    </Form>
  );
}

/** The rendered Markdown of one language's text; refreshed as the author types (if JS runs). */
function MarkdownPreview(props: { locale: Locale; language: "kk" | "ru"; csrf: string; serverHtml: string | null }) {
  const { t } = useTranslation("editor");
  const [html, setHtml] = useState<string | null>(props.serverHtml);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => setHtml(props.serverHtml), [props.serverHtml]);
  useEffect(() => {
    const source = box.current
      ?.closest("fieldset")
      ?.querySelector<HTMLTextAreaElement>(`[data-preview-source="${props.language}"]`);
    if (!source) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        controller?.abort();
        controller = new AbortController();
        const body = new URLSearchParams({ csrf: props.csrf, markdown: source.value });
        try {
          const response = await fetch(`/${props.locale}/workspace/preview`, {
            method: "POST",
            body,
            signal: controller.signal,
          });
          if (response.ok) setHtml(((await response.json()) as { html: string }).html);
        } catch {
          // Aborted by newer typing, or offline: the last preview stays.
        }
      }, 300);
    };
    refresh();
    source.addEventListener("input", refresh);
    return () => {
      clearTimeout(timer);
      controller?.abort();
      source.removeEventListener("input", refresh);
    };
  }, [props.csrf, props.language, props.locale]);
  return (
    <section
      aria-label={t("previewOf", { language: t(`language.${props.language}`) })}
      aria-live="polite"
      className="rounded border border-dashed border-slate-400 p-3"
      ref={box}
    >
      <h3 className="text-sm font-semibold uppercase tracking-wide text-slate-700">{t("preview")}</h3>
      {html === null ? (
        <p className="text-sm text-slate-700">{t("previewEmpty")}</p>
      ) : (
        <div className="prose-dauys mt-2" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </section>
  );
}
