import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Values = { subjectKk?: string; subjectRu?: string; bodyKk?: string; bodyRu?: string };

/** Compose or edit an update: Kazakh and Russian side by side (stacked on phones). */
export function UpdateForm({
  csrf,
  values,
  errors,
  action,
}: {
  csrf: string;
  values: Values;
  errors: Record<string, string>;
  action?: string;
}) {
  const { t } = useTranslation("updates");
  return (
    <Form method="post" action={action} className="space-y-4" noValidate>
      <input type="hidden" name="csrf" value={csrf} />
      <div className="grid gap-4 md:grid-cols-2">
        {(["Kk", "Ru"] as const).map((suffix) => {
          const lang = suffix.toLowerCase();
          const subject = `subject${suffix}`;
          const body = `body${suffix}`;
          return (
            <fieldset key={suffix} className="space-y-3" lang={lang}>
              <legend className="text-lg font-bold">{t(`form.language.${lang}`)}</legend>
              <div>
                <label className="field-label" htmlFor={subject}>
                  {t("form.subject")}
                </label>
                <input
                  id={subject}
                  name={subject}
                  className="field-input"
                  maxLength={200}
                  defaultValue={values[subject as keyof Values] ?? ""}
                  aria-invalid={errors[subject] ? true : undefined}
                  aria-describedby={errors[subject] ? `${subject}-error` : undefined}
                />
                {errors[subject] ? (
                  <p id={`${subject}-error`} className="field-error">
                    {t(`errors.${errors[subject]}`)}
                  </p>
                ) : null}
              </div>
              <div>
                <label className="field-label" htmlFor={body}>
                  {t("form.body")}
                </label>
                <textarea
                  id={body}
                  name={body}
                  rows={12}
                  className="field-input font-mono text-sm"
                  defaultValue={values[body as keyof Values] ?? ""}
                  aria-invalid={errors[body] ? true : undefined}
                  aria-describedby={`${body}-hint${errors[body] ? ` ${body}-error` : ""}`}
                />
                <p id={`${body}-hint`} className="mt-1 text-sm text-slate-700">
                  {t("form.bodyHint")}
                </p>
                {errors[body] ? (
                  <p id={`${body}-error`} className="field-error">
                    {t(`errors.${errors[body]}`)}
                  </p>
                ) : null}
              </div>
            </fieldset>
          );
        })}
      </div>
      <button type="submit" name="intent" value="save" className="btn-primary">
        {t("form.save")}
      </button>
    </Form>
  );
}
