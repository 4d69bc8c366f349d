import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { regionOptions } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { COMMON_MAIL_DOMAINS } from "~/lib/email-typo.ts";
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
  "consentRequired",
] as const;
const fieldOrder: SignField[] = ["name", "email", "region", "consent"];
const fieldIds: Partial<Record<SignField, string>> = {
  name: "sign-name",
  email: "sign-email",
  region: "sign-region",
  consent: "sign-consent",
};

type Values = Partial<
  Record<"name" | "email" | "region" | "consent" | "public" | "updates" | "emailSuggestion", string>
>;

/**
 * The signing form: a plain POST that works without JavaScript. public/page.js (the page is not
 * hydrated, decision 016) checks a field once it was changed and left, keeps the space of a cleared
 * error so nothing moves under the finger, updates the summary, and suggests mail-domain fixes.
 */
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
  const { locale, action, errors = noErrors, values = {} } = props;
  const { t } = useTranslation();
  const { t: ts } = useTranslation("share");
  const errorCount = Object.values(errors).filter(Boolean).length;
  const suggestion = values.emailSuggestion;
  const message = (field: SignField) =>
    errors[field] === "emailTypo"
      ? ts("typoServer", { domain: (values.email ?? "").split("@").pop() })
      : t(`errors.${errors[field]}`, { context: props.wording });
  const labelOf = (field: SignField) => (field === "consent" ? ts("consentField") : t(`sign.${field}`));
  const describedBy = (field: SignField, hint?: string) =>
    [hint, errors[field] ? `${field}-error` : null].filter(Boolean).join(" ") || undefined;
  const fieldError = (field: SignField) =>
    errors[field] ? (
      <p id={`${field}-error`} className="field-error data-[cleared]:invisible">
        {message(field)}
      </p>
    ) : null;
  // The summary's own sentence for each plural category ("#" for the count): page.js counts down
  // in the same words, so the line keeps its length and nothing below it moves.
  const plural = (key: string) => ({
    "data-left-one": t(key, { count: 1 }).replace("1", "#"),
    "data-left-few": t(key, { count: 2 }).replace("2", "#"),
    "data-left-many": t(key, { count: 5 }).replace("5", "#"),
    "data-left-other": t(key, { count: 1.5 }).replace("1.5", "#"),
  });

  return (
    <section aria-labelledby="sign-heading" className="card" id="sign">
      <h2 id="sign-heading" className="text-lg font-bold">
        {props.heading ?? t("sign.title")}
      </h2>
      {errorCount > 0 ? (
        <div
          id="sign-summary"
          tabIndex={-1}
          // Without JavaScript too, a refused form comes back focused on its summary, scrolled to it
          // (a fragment in the action would follow the redirect to the check-your-mail page). Only
          // rendered after a refused submit, so focus never jumps on a page the visitor just opened.
          // eslint-disable-next-line jsx-a11y/no-autofocus -- the summary of a refused form (WCAG 3.3.1)
          autoFocus
          role="alert"
          className="mt-3 rounded border border-red-700 bg-red-50 p-3 text-sm font-medium text-red-900"
          data-summary=""
          data-fixed={ts("errorsFixed")}
          data-fixed-field={ts("fieldFixed")}
          {...plural("sign.errorSummary")}
        >
          <p data-summary-count="">{t("sign.errorSummary", { count: errorCount })}</p>
          <ul className="mt-2 list-disc space-y-1 pl-5">
            {fieldOrder
              .filter((field) => errors[field])
              .map((field) => (
                <li
                  key={field}
                  data-summary-for={field}
                  className="data-[fixed]:text-slate-700 data-[fixed]:line-through"
                >
                  <a className="underline" href={`#${fieldIds[field]}`}>
                    {labelOf(field)}: {message(field)}
                  </a>
                </li>
              ))}
          </ul>
        </div>
      ) : null}
      <Form
        method="post"
        action={action}
        noValidate
        // The messages for public/page.js, which checks fields on pages without React.
        data-messages={JSON.stringify(
          Object.fromEntries(checkedMessages.map((key) => [key, t(`errors.${key}`, { context: props.wording })])),
        )}
        data-typo-question={ts("typoQuestion", { email: "#" })}
        data-typo-use={ts("typoUse", { email: "#" })}
        data-domains={COMMON_MAIL_DOMAINS.join(" ")}
        className="mt-3 space-y-4"
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
          {/* page.js fills this as people type, with the classes mt-2 rounded border border-amber-600
              bg-amber-50 p-3 and inline-block py-2 font-semibold text-brand-800 underline. */}
          <div id="email-typo" aria-live="polite" className="text-sm">
            {suggestion ? (
              // Without JavaScript the choice rides on the next submit; the fix is preselected.
              <div className="mt-2 rounded border border-amber-600 bg-amber-50 p-3">
                <fieldset className="space-y-2">
                  <legend className="font-medium">{ts("typoQuestion", { email: suggestion })}</legend>
                  <input type="hidden" name="emailSeen" value={values.email} />
                  <div className="flex gap-3">
                    <input
                      id="email-choice-fix"
                      type="radio"
                      name="emailChoice"
                      value="fix"
                      defaultChecked
                      className="mt-1 h-5 w-5 shrink-0"
                    />
                    <label htmlFor="email-choice-fix">{ts("typoUse", { email: suggestion })}</label>
                  </div>
                  <div className="flex gap-3">
                    <input
                      id="email-choice-keep"
                      type="radio"
                      name="emailChoice"
                      value="keep"
                      className="mt-1 h-5 w-5 shrink-0"
                    />
                    <label htmlFor="email-choice-keep">{ts("typoKeep")}</label>
                  </div>
                </fieldset>
              </div>
            ) : null}
          </div>
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
          <div>
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
          </div>
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
        <button type="submit" className="btn-primary w-full sm:w-auto">
          {props.submitLabel ?? t("sign.submit")}
        </button>
      </Form>
    </section>
  );
}
