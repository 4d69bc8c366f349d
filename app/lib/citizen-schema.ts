// The forms of citizen petitions: starting one, editing the draft, and the moderator's decision.
// Validated on the server; messages are i18n keys under "errors." of the citizen namespace.
import { z } from "zod";
import { isRegionCode } from "~/data/regions.ts";
import { signSchema } from "~/lib/sign-schema.ts";
import { addressees, petitionLanguages, rejectionReasons } from "~/lib/citizen-options.ts";
import { CONTROL_CHARACTERS, withoutControlCharacters } from "~/lib/text-rules.ts";

// A title is read in lists, feeds and share images: a link there is an advertisement or a trap.
const linkPattern = /(https?:\/\/|www\.|\b[\p{L}\d-]+\.(kz|ru|com|org|net|info|io|me|su|xyz|top)\b)/iu;
const hasLink = (value: string) => linkPattern.test(value);

const text = (min: number, max: number, tooShort: string, tooLong: string) =>
  z
    .string({ error: tooShort })
    .transform((value) => value.normalize("NFC").replace(/\r\n/g, "\n").trim())
    .pipe(z.string().refine(withoutControlCharacters, CONTROL_CHARACTERS).min(min, tooShort).max(max, tooLong));

const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === "1", z.boolean());

const title = text(10, 150, "titleRequired", "titleTooLong")
  .transform((value) => value.replace(/\s+/g, " "))
  .refine((value) => !hasLink(value), "titleLink");
const ask = text(20, 1_000, "askRequired", "askTooLong");
const why = text(50, 10_000, "whyRequired", "whyTooLong");
const blank = z.string().default("");

/** What the creator writes (the start page and the draft page), in one language or both. */
export const petitionTextSchema = z
  .object({
    languages: z.enum(petitionLanguages, { error: "languagesRequired" }),
    titleKk: blank,
    askKk: blank,
    whyKk: blank,
    titleRu: blank,
    askRu: blank,
    whyRu: blank,
    addressee: z.enum(addressees, { error: "addresseeRequired" }),
    addresseeOther: z
      .string()
      .default("")
      .transform((value) => value.normalize("NFC").replace(/\s+/g, " ").trim())
      .pipe(
        z
          .string()
          .refine(withoutControlCharacters, CONTROL_CHARACTERS)
          .max(200, "addresseeTooLong")
          .refine((value) => !hasLink(value), "addresseeLink"),
      ),
    regions: z.array(z.string().refine(isRegionCode, "regionInvalid")).max(21).default([]),
  })
  .transform((form, context) => {
    const wanted =
      form.languages === "both"
        ? (["Kk", "Ru"] as const)
        : form.languages === "kk"
          ? (["Kk"] as const)
          : (["Ru"] as const);
    const texts: Record<string, string> = {};
    for (const suffix of ["Kk", "Ru"] as const) {
      for (const [field, schema] of [
        ["title", title],
        ["ask", ask],
        ["why", why],
      ] as const) {
        const key = `${field}${suffix}` as const;
        if (!(wanted as readonly string[]).includes(suffix)) continue;
        const result = schema.safeParse(form[key]);
        if (result.success) texts[key] = result.data;
        else context.addIssue({ code: "custom", path: [key], message: result.error.issues[0].message });
      }
    }
    if (form.addressee === "other" && form.addresseeOther.length < 3)
      context.addIssue({ code: "custom", path: ["addresseeOther"], message: "addresseeOtherRequired" });
    // A single-language petition shows its one text on both language versions of the site.
    const only = form.languages === "both" ? null : form.languages;
    const pick = (field: "title" | "ask" | "why", suffix: "Kk" | "Ru") =>
      texts[`${field}${suffix}`] ?? texts[`${field}${only === "kk" ? "Kk" : "Ru"}`] ?? "";
    return {
      languages: form.languages,
      onlyLanguage: only,
      titleKk: pick("title", "Kk"),
      titleRu: pick("title", "Ru"),
      summaryKk: pick("ask", "Kk"),
      summaryRu: pick("ask", "Ru"),
      bodyKk: pick("why", "Kk"),
      bodyRu: pick("why", "Ru"),
      addressee: form.addressee,
      addresseeOther: form.addresseeOther,
      regions: [...new Set(form.regions)],
    };
  });

/** The start page adds who the creator is (the same name and address rules as signing). */
export const startSchema = z.intersection(
  petitionTextSchema,
  z.object({
    name: signSchema.shape.name,
    email: signSchema.shape.email,
    showName: checkbox.default(false),
    consent: checkbox.refine((value) => value, "consentRequired"),
  }),
);

export type PetitionText = z.output<typeof petitionTextSchema>;
type CitizenErrors = Partial<Record<string, string>>;

/** A submitted form (regions come as repeated fields) as values or one error key per field. */
export function parseCitizenForm<T extends z.ZodType>(schema: T, form: Record<string, unknown>, regions: string[]) {
  const result = schema.safeParse({ ...form, regions });
  if (result.success) return { ok: true as const, data: result.data as z.output<T> };
  const errors: CitizenErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??=
      /^[a-zA-Z]+$/.test(issue.message) && issue.message !== "Invalid input" ? issue.message : "invalid";
  }
  return { ok: false as const, errors };
}

/** The moderator's decision form. */
export const decisionSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("publish"), revision: z.coerce.number().int().min(0) }),
  z.object({
    action: z.literal("reject"),
    revision: z.coerce.number().int().min(0),
    reason: z.enum(rejectionReasons, { error: "reasonRequired" }),
    note: text(0, 1_000, "noteRequired", "noteTooLong").default(""),
    duplicateOf: z.string().trim().max(200).default(""),
  }),
  z.object({
    action: z.literal("changes"),
    revision: z.coerce.number().int().min(0),
    note: text(10, 2_000, "changesNoteRequired", "noteTooLong"),
  }),
]);
