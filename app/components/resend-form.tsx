import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";

type Option = { slug: string; title: string };

/** Asks for a fresh confirmation link. Shown where a link failed or a mail did not arrive. */
export function ResendForm(props: {
  locale: Locale;
  petition?: Option;
  petitions?: Option[];
  errors?: Record<string, string>;
  email?: string;
  /** "statement": the supporter endorsed a statement rather than signed a petition. */
  wording?: "statement";
}) {
  const { t } = useTranslation();
  const errors = props.errors ?? {};
  return (
    <Form method="post" action={`/${props.locale}/confirm`} noValidate className="mt-3 space-y-3">
      <p className="text-sm text-slate-800">{t("resend.intro", { context: props.wording })}</p>
      {props.petition ? (
        <input type="hidden" name="petition" value={props.petition.slug} />
      ) : (
        <div>
          <label htmlFor="resend-petition" className="field-label">
            {t("resend.petition")}
          </label>
          <select
            id="resend-petition"
            name="petition"
            className="field-input"
            defaultValue=""
            aria-invalid={errors.petition ? true : undefined}
            aria-describedby={errors.petition ? "resend-petition-error" : undefined}
          >
            <option value="" disabled>
              —
            </option>
            {(props.petitions ?? []).map((option) => (
              <option key={option.slug} value={option.slug}>
                {option.title}
              </option>
            ))}
          </select>
          {errors.petition ? (
            <p id="resend-petition-error" className="field-error">
              {t(`errors.${errors.petition}`)}
            </p>
          ) : null}
        </div>
      )}
      <div>
        <label htmlFor="resend-email" className="field-label">
          {t("resend.email")}
        </label>
        <input
          id="resend-email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={props.email}
          className="field-input"
          aria-invalid={errors.email ? true : undefined}
          aria-describedby={errors.email ? "resend-email-error" : undefined}
        />
        {errors.email ? (
          <p id="resend-email-error" className="field-error">
            {t(`errors.${errors.email}`)}
          </p>
        ) : null}
      </div>
      <button type="submit" className="btn-primary">
        {t("resend.submit")}
      </button>
    </Form>
  );
}
