import { Form, Link, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { regionOptions } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import type { FieldErrors, SignField } from "~/lib/sign-schema.ts";

const noErrors: FieldErrors = {};
const checkedMessages = [
  "nameRequired",
  "nameTooShort",
  "nameTooLong",
  "nameInvalid",
  "emailRequired",
  "emailInvalid",
  "regionRequired",
] as const;

type Values = Partial<Record<"name" | "email" | "region" | "consent" | "public" | "updates", string>>;

/** The signing form: a plain POST that works without JavaScript; with it, fields are checked as you leave them. */
export function SignForm(props: {
  locale: Locale;
  action: string;
  errors?: FieldErrors;
  values?: Values;
  started?: string;
  heading?: string;
  submitLabel?: string;
  /** "statement": the words of an endorsement rather than of a petition. */
  wording?: "statement";
}) {
  const { locale, action, errors: serverErrors = noErrors, values = {} } = props;
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [errors, setErrors] = useState<FieldErrors>(serverErrors);
  const summary = useRef<HTMLDivElement>(null);
  // After a refused submission, take keyboard and screen-reader users to the list of problems,
  // once the summary is on the page (the render after the errors arrive).
  const focusPending = useRef(false);
  useEffect(() => {
    focusPending.current = Object.keys(serverErrors).length > 0;
    setErrors(serverErrors);
  }, [serverErrors]);
  useEffect(() => {
    if (focusPending.current && summary.current) {
      focusPending.current = false;
      summary.current.focus();
    }
  }, [errors]);

  const checkField = async (form: HTMLFormElement, field: SignField) => {
    const data = Object.fromEntries(new FormData(form));
    // The same zod schema as the server, loaded only once someone starts typing: it is the
    // largest part of the page's script and reading or signing without JS never needs it.
    const { parseSignForm } = await import("~/lib/sign-schema.ts");
    const result = parseSignForm(data);
    setErrors((current) => ({ ...current, [field]: result.ok ? undefined : result.errors[field] }));
  };
  const errorCount = Object.values(errors).filter(Boolean).length;
  const describedBy = (field: SignField, hint?: string) =>
    [hint, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const fieldError = (field: SignField) =>
    errors[field] ? (
      <p id={`${field}-error`} className="field-error">
        {t(`errors.${errors[field]}`)}
      </p>
    ) : null;

  return (
    <section aria-labelledby="sign-heading" className="card" id="sign">
      <h2 id="sign-heading" className="text-lg font-bold">
        {props.heading ?? t("sign.title")}
      </h2>
      {errorCount > 0 ? (
        <div
          ref={summary}
          tabIndex={-1}
          role="alert"
          className="mt-3 rounded border border-red-700 bg-red-50 p-3 text-sm font-medium text-red-900"
        >
          {t("sign.errorSummary", { count: errorCount })}
        </div>
      ) : null}
      <Form
        method="post"
        action={action}
        noValidate
        // The messages for public/page.js, which checks fields on pages without React.
        data-messages={JSON.stringify(Object.fromEntries(checkedMessages.map((key) => [key, t(`errors.${key}`)])))}
        className="mt-3 space-y-4"
        onBlur={(event) => {
          const target = event.target as unknown as HTMLInputElement;
          if (target.name && target.name in { name: 1, email: 1, region: 1 })
            void checkField(event.currentTarget, target.name as SignField);
        }}
      >
        <div>
          <label htmlFor="sign-name" className="field-label">
            {t("sign.name")}
          </label>
          <input
            id="sign-name"
            name="name"
            type="text"
            autoComplete="name"
            required
            maxLength={120}
            defaultValue={values.name}
            aria-invalid={errors.name ? true : undefined}
            aria-describedby={describedBy("name")}
            className="field-input"
          />
          {fieldError("name")}
        </div>
        <div>
          <label htmlFor="sign-email" className="field-label">
            {t("sign.email")}
          </label>
          <input
            id="sign-email"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            required
            maxLength={320}
            defaultValue={values.email}
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={describedBy("email", "email-hint")}
            className="field-input"
          />
          <p id="email-hint" className="mt-1 text-sm text-slate-700">
            {t("sign.emailHint")}
          </p>
          {fieldError("email")}
        </div>
        <div>
          <label htmlFor="sign-region" className="field-label">
            {t("sign.region")}
          </label>
          <select
            id="sign-region"
            name="region"
            required
            defaultValue={values.region ?? ""}
            aria-invalid={errors.region ? true : undefined}
            aria-describedby={describedBy("region")}
            className="field-input"
          >
            <option value="" disabled>
              {t("sign.regionPlaceholder")}
            </option>
            {regionOptions(locale).map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
          {fieldError("region")}
        </div>
        {/* Honeypot: hidden from people and assistive technology; bots that fill it are ignored. */}
        <div className="hidden" aria-hidden="true">
          <label htmlFor="sign-website">{t("sign.honeypot")}</label>
          <input id="sign-website" name="website" type="text" tabIndex={-1} autoComplete="off" defaultValue="" />
        </div>
        {props.started ? <input type="hidden" name="started" value={props.started} /> : null}
        <fieldset className="space-y-3">
          <div className="flex gap-3">
            <input
              id="sign-consent"
              name="consent"
              type="checkbox"
              required
              defaultChecked={values.consent === "on"}
              aria-invalid={errors.consent ? true : undefined}
              aria-describedby={describedBy("consent")}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor="sign-consent">
              {t("sign.consent", { context: props.wording })} (
              <Link to={`/${locale}/privacy`} className="text-brand-700 underline" target="_blank">
                {t("sign.privacyLink")}
              </Link>
              )
            </label>
          </div>
          {fieldError("consent")}
          <div className="flex gap-3">
            <input
              id="sign-public"
              name="public"
              type="checkbox"
              defaultChecked={values.public === "on"}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor="sign-public">{t("sign.public", { context: props.wording })}</label>
          </div>
          <div className="flex gap-3">
            <input
              id="sign-updates"
              name="updates"
              type="checkbox"
              defaultChecked={values.updates === "on"}
              className="mt-1 h-5 w-5 shrink-0"
            />
            <label htmlFor="sign-updates">{t("sign.updates", { context: props.wording })}</label>
          </div>
        </fieldset>
        <button type="submit" className="btn-primary w-full sm:w-auto" disabled={navigation.state === "submitting"}>
          {props.submitLabel ?? t("sign.submit")}
        </button>
      </Form>
    </section>
  );
}
