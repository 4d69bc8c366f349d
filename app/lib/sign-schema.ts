// The signing form, validated on the server (and usable in the browser). Messages are i18n keys
// under "errors.".
import { z } from "zod";
import { isRegionCode } from "~/data/regions.ts";
import { CONTROL_CHARACTERS, withoutControlCharacters } from "~/lib/text-rules.ts";

// Letters of any script, marks, spaces and the punctuation found in names; no control characters,
// no markup characters.
const namePattern = /^[\p{L}\p{M}][\p{L}\p{M}\p{Zs}'’ʼ.-]*$/u;
const checkbox = z.preprocess(
  (value) => value === "on" || value === "true" || value === "1" || value === "yes",
  z.boolean(),
);

export const signSchema = z.object({
  name: z
    .string({ error: "nameRequired" })
    .transform((value) => value.normalize("NFC").replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .refine(withoutControlCharacters, CONTROL_CHARACTERS)
        .min(1, "nameRequired")
        .min(2, "nameTooShort")
        .max(120, "nameTooLong")
        .regex(namePattern, "nameInvalid"),
    ),
  email: z
    .string({ error: "emailRequired" })
    .transform((value) => value.trim())
    .pipe(z.string().min(1, "emailRequired").max(254, "emailInvalid").pipe(z.email("emailInvalid"))),
  region: z.string({ error: "regionRequired" }).refine(isRegionCode, "regionRequired"),
  consent: checkbox.refine((value) => value, "consentRequired"),
  public: checkbox.default(false),
  updates: checkbox.default(false),
});

type SignForm = z.output<typeof signSchema>;
export type SignField = keyof SignForm;
export type FieldErrors = Partial<Record<SignField, string>>;

/** Reads a submitted form: either the values, or one error key per bad field. */
export function parseSignForm(form: Record<string, unknown>) {
  const result = signSchema.safeParse({
    name: form.name,
    email: form.email,
    region: form.region,
    consent: form.consent ?? "",
    public: form.public ?? "",
    updates: form.updates ?? "",
  });
  if (result.success) return { ok: true as const, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0] as SignField;
    errors[field] ??=
      /^[a-zA-Z]+$/.test(issue.message) && issue.message !== "Invalid input" ? issue.message : fallbackError[field];
  }
  return { ok: false as const, errors };
}

const fallbackError: Record<SignField, string> = {
  name: "nameRequired",
  email: "emailInvalid",
  region: "regionRequired",
  consent: "consentRequired",
  public: "badRequest",
  updates: "badRequest",
};
