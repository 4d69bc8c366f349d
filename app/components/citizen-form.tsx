import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { regionOptions } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { addressees, petitionLanguages } from "~/lib/citizen-options.ts";

export type CitizenValues = Partial<Record<string, string | string[]>>;
type Errors = Partial<Record<string, string>>;

const str = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

/** One field: label, control, its error (announced by aria-describedby). */
function Field(props: { id: string; label: string; hint?: string; error?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      {props.hint ? (
        <p id={`${props.id}-hint`} className="mt-1 text-sm text-slate-700">
          {props.hint}
        </p>
      ) : null}
      {props.children}
      {props.error ? (
        <p id={`${props.id}-error`} className="field-error">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The petition's words, addressee, regions and languages: the start page and the draft page.
 * A plain form (no JavaScript needed); both language sets are shown, the chosen ones are required.
 */
export function CitizenTextFields(props: { locale: Locale; values: CitizenValues; errors: Errors }) {
  const { t } = useTranslation("citizen");
  const { values, errors } = props;
  const err = (field: string) => (errors[field] ? t(`errors.${errors[field]}`) : undefined);
  const described = (id: string, hint = false) =>
    [hint ? `${id}-hint` : null, errors[id] ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const chosenRegions = new Set(
    Array.isArray(values.regions) ? values.regions : values.regions ? [values.regions] : [],
  );
  const languages = str(values.languages) || props.locale;
  return (
    <>
      <fieldset className="space-y-2">
        <legend className="field-label">{t("form.languages")}</legend>
        {petitionLanguages.map((option) => (
          <div key={option} className="flex gap-3">
            <input
              type="radio"
              id={`languages-${option}`}
              name="languages"
              value={option}
              defaultChecked={languages === option}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor={`languages-${option}`}>{t(`languages.${option}`)}</label>
          </div>
        ))}
        {errors.languages ? <p className="field-error">{err("languages")}</p> : null}
      </fieldset>
      {(["Kk", "Ru"] as const).map((suffix) => (
        <fieldset key={suffix} className="space-y-4 rounded border border-slate-200 p-3" lang={suffix.toLowerCase()}>
          <legend className="px-1 font-semibold">{t(`form.textIn${suffix}`)}</legend>
          <Field id={`title${suffix}`} label={t("form.title")} hint={t("form.titleHint")} error={err(`title${suffix}`)}>
            <input
              id={`title${suffix}`}
              name={`title${suffix}`}
              type="text"
              maxLength={150}
              defaultValue={str(values[`title${suffix}`])}
              aria-invalid={errors[`title${suffix}`] ? true : undefined}
              aria-describedby={described(`title${suffix}`, true)}
              className="field-input"
            />
          </Field>
          <Field id={`ask${suffix}`} label={t("form.ask")} hint={t("form.askHint")} error={err(`ask${suffix}`)}>
            <textarea
              id={`ask${suffix}`}
              name={`ask${suffix}`}
              rows={3}
              maxLength={1000}
              defaultValue={str(values[`ask${suffix}`])}
              aria-invalid={errors[`ask${suffix}`] ? true : undefined}
              aria-describedby={described(`ask${suffix}`, true)}
              className="field-input"
            />
          </Field>
          <Field id={`why${suffix}`} label={t("form.why")} hint={t("form.whyHint")} error={err(`why${suffix}`)}>
            <textarea
              id={`why${suffix}`}
              name={`why${suffix}`}
              rows={8}
              maxLength={10000}
              defaultValue={str(values[`why${suffix}`])}
              aria-invalid={errors[`why${suffix}`] ? true : undefined}
              aria-describedby={described(`why${suffix}`, true)}
              className="field-input"
            />
          </Field>
        </fieldset>
      ))}
      <Field id="addressee" label={t("form.addressee")} hint={t("form.addresseeHint")} error={err("addressee")}>
        <select
          id="addressee"
          name="addressee"
          defaultValue={str(values.addressee)}
          aria-invalid={errors.addressee ? true : undefined}
          aria-describedby={described("addressee", true)}
          className="field-input"
        >
          <option value="" disabled>
            {t("form.addresseeChoose")}
          </option>
          {addressees.map((code) => (
            <option key={code} value={code}>
              {t(`addressees.${code}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="addresseeOther" label={t("form.addresseeOther")} error={err("addresseeOther")}>
        <input
          id="addresseeOther"
          name="addresseeOther"
          type="text"
          maxLength={200}
          defaultValue={str(values.addresseeOther)}
          aria-invalid={errors.addresseeOther ? true : undefined}
          aria-describedby={described("addresseeOther")}
          className="field-input"
        />
      </Field>
      <details className="rounded border border-slate-200 p-3" open={chosenRegions.size > 0}>
        <summary className="cursor-pointer font-medium">{t("form.regions")}</summary>
        <p className="mt-1 text-sm text-slate-700">{t("form.regionsHint")}</p>
        <fieldset className="mt-2 grid gap-2 sm:grid-cols-2">
          <legend className="sr-only">{t("form.regions")}</legend>
          {regionOptions(props.locale).map((option) => (
            <div key={option.value} className="flex gap-2">
              <input
                type="checkbox"
                id={`region-${option.value}`}
                name="regions"
                value={option.value}
                defaultChecked={chosenRegions.has(option.value)}
                className="mt-1 h-5 w-5 shrink-0"
              />
              <label htmlFor={`region-${option.value}`}>{option.label}</label>
            </div>
          ))}
        </fieldset>
      </details>
    </>
  );
}

/** Who starts it: name, address, whether the name is shown, consent; plus the honeypot. */
export function CreatorFields(props: { locale: Locale; values: CitizenValues; errors: Errors }) {
  const { t } = useTranslation("citizen");
  const { values, errors } = props;
  const err = (field: string) => (errors[field] ? t(`errors.${errors[field]}`) : undefined);
  return (
    <>
      <Field id="name" label={t("form.name")} error={err("name")}>
        <input
          id="name"
          name="name"
          type="text"
          autoComplete="name"
          maxLength={120}
          defaultValue={str(values.name)}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "name-error" : undefined}
          className="field-input"
        />
      </Field>
      <Field id="email" label={t("form.email")} hint={t("form.emailHint")} error={err("email")}>
        <input
          id="email"
          name="email"
          type="email"
          autoComplete="email"
          inputMode="email"
          maxLength={320}
          defaultValue={str(values.email)}
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={["email-hint", errors.email ? "email-error" : null].filter(Boolean).join(" ")}
          className="field-input"
        />
      </Field>
      <div className="hidden" aria-hidden="true">
        <label htmlFor="start-website">{t("form.honeypot")}</label>
        <input id="start-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
      </div>
      <div className="flex gap-3">
        <input
          id="showName"
          name="showName"
          type="checkbox"
          defaultChecked={values.showName === "on"}
          className="mt-1 h-5 w-5 shrink-0"
        />
        <label htmlFor="showName">{t("form.showName")}</label>
      </div>
      <div>
        <div className="flex gap-3">
          <input
            id="consent"
            name="consent"
            type="checkbox"
            defaultChecked={values.consent === "on"}
            aria-invalid={errors.consent ? true : undefined}
            aria-describedby={errors.consent ? "consent-error" : undefined}
            className="mt-1 h-5 w-5 shrink-0"
          />
          <label htmlFor="consent">
            {t("form.consent")} (
            <Link to={`/${props.locale}/privacy`} className="text-brand-700 underline">
              {t("form.privacy")}
            </Link>
            ,{" "}
            <Link to={`/${props.locale}/standards`} className="text-brand-700 underline">
              {t("form.standards")}
            </Link>
            )
          </label>
        </div>
        {errors.consent ? (
          <p id="consent-error" className="field-error">
            {err("consent")}
          </p>
        ) : null}
      </div>
    </>
  );
}

/** The count of errors on top of a refused form (focus moves there on the next page). */
export function ErrorSummary(props: { errors: Errors }) {
  const { t } = useTranslation("citizen");
  const count = Object.values(props.errors).filter(Boolean).length;
  if (!count) return null;
  return (
    <div
      role="alert"
      className="rounded border border-red-700 bg-red-50 p-3 text-sm font-medium text-red-900"
      data-testid="form-errors"
    >
      {props.errors.form ? t(`errors.${props.errors.form}`) : t("form.errorSummary", { count })}
    </div>
  );
}
