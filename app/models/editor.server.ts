// Creating and editing publications from the workspace. The rules that protect what signers
// agreed to live here:
// - the slug, kind and organization are fixed once a publication is out (journalists cite the URL);
// - once a petition (or endorsable statement) has signatures, a change to its text makes a new
//   version, and every signature keeps the number of the version it was given;
// - a typo may be fixed as a "minor edit": small measured against the text as the version was
//   published (not against the last edit, so small steps cannot add up to a rewrite), at most
//   MINOR_EDITS_PER_VERSION times, and kept before/after in PublicationEdit;
// - a save from a form read before someone else's save is refused, saying what they changed.
import { z } from "zod";
import { isRegionCode, regionCodes } from "~/data/regions.ts";
import { db, isUniqueViolation, type Prisma } from "~/db.server.ts";
import type { Locale } from "~/i18n.ts";
import { audit, audited } from "~/models/audit.server.ts";
import { GENESIS_HASH } from "~/models/ledger.server.ts";
import { insertPublication, kinds } from "~/models/publication.server.ts";
import { UTC_OFFSET_HOURS } from "~/lib/format.ts";
import { CONTROL_CHARACTERS, withoutControlCharacters } from "~/lib/text-rules.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";
import { describeConflict, MINOR_EDITS_PER_VERSION, type EditConflictInfo } from "~/models/text-versions.server.ts";
import { onlyTypoFixes } from "~/lib/word-diff.ts";
import { hasCyrillic } from "~/lib/kazakh-latin.ts";

/**
 * The text people sign. The Latin spellings of the Kazakh title and summary (decision 057) are part
 * of it: a reader of /kk-latn/ signs under them, so changing them later follows the same rules.
 */
const textFields = [
  "titleKk",
  "titleRu",
  "summaryKk",
  "summaryRu",
  "bodyKk",
  "bodyRu",
  "titleKkLatn",
  "summaryKkLatn",
] as const;
type TextField = (typeof textFields)[number];

const optionalText = (max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").replace(/\r\n?/g, "\n").normalize("NFC").trim())
    .pipe(z.string().refine(withoutControlCharacters, CONTROL_CHARACTERS).max(max, "tooLong"));
/** A Latin spelling typed by hand: the limits of its Cyrillic field, and no Cyrillic letter in it. */
const latinText = (max: number) => optionalText(max).refine((value) => !hasCyrillic(value), "cyrillicInLatin");
const checkbox = z.preprocess((value) => value === "on" || value === "true" || value === "1", z.boolean());

/** Everything the editor form sends. Error messages are keys in the "editor" namespace (errors.*). */
const editorSchema = z.object({
  kind: z.enum(kinds, { error: "kindRequired" }),
  organizationId: z.string({ error: "organizationRequired" }).min(1, "organizationRequired"),
  slug: z
    .string({ error: "slugInvalid" })
    .transform((value) => value.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(3, "slugInvalid")
        .max(80, "slugInvalid")
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slugInvalid"),
    ),
  titleKk: optionalText(200),
  titleRu: optionalText(200),
  summaryKk: optionalText(600),
  summaryRu: optionalText(600),
  titleKkLatn: latinText(200),
  summaryKkLatn: latinText(600),
  bodyKk: optionalText(60_000),
  bodyRu: optionalText(60_000),
  addresseeKk: optionalText(200),
  addresseeRu: optionalText(200),
  goal: z
    .string()
    .optional()
    .transform((value) => (value ?? "").replace(/[\s\u00a0]/g, ""))
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d{1,8}$/, "goalInvalid")
          .transform(Number)
          .pipe(z.number().min(1, "goalInvalid").max(20_000_000, "goalInvalid")),
      ]),
    ),
  /** A date (YYYY-MM-DD): signing ends at the end of that day in Kazakhstan (UTC+5). */
  deadline: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, "deadlineInvalid")
          .transform(endOfDayInKazakhstan)
          .refine((date) => !Number.isNaN(date.getTime()), "deadlineInvalid"),
      ]),
    ),
  regionScope: z.array(z.string().refine(isRegionCode, "regionInvalid")).default([]),
  onlyLanguage: z.union([z.literal(""), z.literal("kk"), z.literal("ru")]).default(""),
  endorsable: checkbox.default(false),
  minorEdit: checkbox.default(false),
  noteKk: optionalText(300),
  noteRu: optionalText(300),
  /** Publication.revision when the form was read; absent for a new publication. */
  revision: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d{1,9}$/, "invalid")
          .transform(Number),
      ]),
    ),
});
export type EditorInput = z.output<typeof editorSchema>;
type EditorErrors = Partial<Record<keyof EditorInput | "form", string>>;

function endOfDayInKazakhstan(date: string) {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, day, 23 - UTC_OFFSET_HOURS, 59, 59));
}

/** The deadline as the editor shows it (the day in Kazakhstan). */
export function deadlineInputValue(deadline: Date | null) {
  return deadline ? new Date(deadline.getTime() + UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10) : "";
}

/** Reads the editor's flat form: region scope arrives as one checkbox per region (scope:KZ-75). */
export function parseEditorForm(form: Record<string, string>) {
  const regionScope = regionCodes.filter((code) => form[`scope:${code}`] === "on");
  const result = editorSchema.safeParse({ ...form, regionScope });
  if (result.success) return { ok: true as const, data: result.data };
  const errors: EditorErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "form") as keyof EditorErrors;
    errors[field] ??= issue.message.includes(" ") ? "invalid" : issue.message;
  }
  return { ok: false as const, errors };
}

/** The languages a publication must be complete in before it can be published. */
function requiredLanguages(onlyLanguage: string | null): Locale[] {
  return onlyLanguage === "kk" || onlyLanguage === "ru" ? [onlyLanguage] : ["kk", "ru"];
}

/** Fields still empty for publishing: title, summary and text in every required language. */
export function missingForPublishing(
  publication: Record<`${"title" | "summary" | "body"}${"Kk" | "Ru"}`, string> & { onlyLanguage: string | null },
) {
  return requiredLanguages(publication.onlyLanguage).flatMap((locale) => {
    const suffix = locale === "kk" ? "Kk" : "Ru";
    return (["title", "summary", "body"] as const)
      .filter((field) => !publication[`${field}${suffix}`].trim())
      .map((field) => `${field}${suffix}`);
  });
}

/**
 * How many characters differ between two texts: the length of the changed middle once the
 * common beginning and end are set aside. Cheap, and enough to tell a typo from a rewrite.
 */
function changedCharacters(before: string, after: string) {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (
    end < before.length - start &&
    end < after.length - start &&
    before[before.length - 1 - end] === after[after.length - 1 - end]
  )
    end++;
  return Math.max(before.length - start - end, after.length - start - end);
}

/** A minor edit may change at most this much of each text: a typo, a date format, a link. */
const minorEditLimit = (length: number) => Math.max(20, Math.floor(length * 0.02));

export type SaveOutcome =
  | { ok: true; id: string; versionCreated: number | null; minorEdit: boolean }
  | { ok: false; status: 400 | 409; errors: EditorErrors; conflict?: EditConflictInfo };

/** Editor settings that are not part of the text (changing them never makes a version). */
const settingFields = [
  "addresseeKk",
  "addresseeRu",
  "goal",
  "deadline",
  "regionScope",
  "onlyLanguage",
  "endorsable",
] as const;

type Actor = { userId: string };

/**
 * Creates a publication as a draft, from the workspace editor (not a signer update's draft, see
 * services/updates.server.ts). Nothing is public until it is opened (published). The publication,
 * its settings, counters and audit entry are written in one transaction.
 */
export async function createDraftPublication(input: EditorInput, actor: Actor): Promise<SaveOutcome> {
  try {
    const publication = await audited(
      async (tx) => {
        const created = await insertPublication(tx, {
          slug: input.slug,
          kind: input.kind,
          status: "draft",
          organizationId: input.organizationId,
          ...pick(input, textFields),
          addresseeKk: input.addresseeKk || null,
          addresseeRu: input.addresseeRu || null,
          goal: input.kind === "report" ? null : input.goal,
          deadline: input.kind === "report" ? null : input.deadline,
        });
        await tx.publication.update({ where: { id: created.id }, data: settingsOf(input) });
        if (input.kind === "statement" && input.endorsable) await ensureCounters(tx, created.id);
        return created;
      },
      () => ({
        userId: actor.userId,
        organizationId: input.organizationId,
        action: "publication.create",
        target: input.slug,
        details: { kind: input.kind },
      }),
    );
    return { ok: true, id: publication.id, versionCreated: null, minorEdit: false };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, status: 409, errors: { slug: "slugTaken" } };
    throw error;
  }
}

function pick<T extends Record<string, unknown>, K extends readonly (keyof T)[]>(object: T, keys: K) {
  return Object.fromEntries(keys.map((key) => [key, object[key]])) as Pick<T, K[number]>;
}

function settingsOf(input: EditorInput) {
  return {
    regionScope: input.regionScope.join(","),
    onlyLanguage: input.onlyLanguage || null,
    endorsable: input.kind === "statement" && input.endorsable,
  };
}

/** Counter rows and ledger head for a publication that starts collecting signatures. */
async function ensureCounters(tx: Prisma.TransactionClient, publicationId: string) {
  const existing = await tx.regionCount.count({ where: { publicationId } });
  if (existing === 0)
    await tx.regionCount.createMany({ data: regionCodes.map((region) => ({ publicationId, region })) });
  const head = await tx.ledgerHead.findUnique({ where: { publicationId }, select: { seq: true } });
  if (!head) await tx.ledgerHead.create({ data: { publicationId, seq: 0, hash: GENESIS_HASH } });
}

/** Saves an edit. See the rules at the top of this file. */
export async function savePublication(id: string, input: EditorInput, actor: Actor): Promise<SaveOutcome> {
  const current = await db().publication.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      kind: true,
      status: true,
      organizationId: true,
      version: true,
      revision: true,
      endorsable: true,
      titleKk: true,
      titleRu: true,
      summaryKk: true,
      summaryRu: true,
      bodyKk: true,
      bodyRu: true,
      titleKkLatn: true,
      summaryKkLatn: true,
      addresseeKk: true,
      addresseeRu: true,
      goal: true,
      deadline: true,
      regionScope: true,
      onlyLanguage: true,
      anonymizedAt: true,
    },
  });
  if (!current) return { ok: false, status: 409, errors: { form: "gone" } };
  if (input.revision !== null && input.revision !== current.revision) return staleForm(current, input.revision);
  // After retention nobody can be recognised as having signed: a later deadline would reopen signing.
  if (current.anonymizedAt && deadlineInputValue(input.deadline) !== deadlineInputValue(current.deadline))
    return { ok: false, status: 409, errors: { deadline: "anonymizedCannotReopen" } };
  const draft = current.status === "draft";
  if (
    !draft &&
    (input.slug !== current.slug || input.kind !== current.kind || input.organizationId !== current.organizationId)
  ) {
    return { ok: false, status: 409, errors: { slug: "fixedAfterPublishing" } };
  }
  if (current.status === "archived") return { ok: false, status: 409, errors: { form: "archived" } };

  const changedText = textFields.filter((field) => current[field] !== input[field]);
  const signatures = await db().signature.count({ where: { publicationId: id } });
  if (current.endorsable && !input.endorsable && signatures > 0)
    return { ok: false, status: 409, errors: { endorsable: "endorsementHasSignatures" } };
  if (!draft) {
    const missing = missingForPublishing({ ...input, onlyLanguage: input.onlyLanguage || null });
    if (missing.length)
      return {
        ok: false,
        status: 400,
        errors: Object.fromEntries(missing.map((field) => [field, "requiredToPublish"])),
      };
  }

  // Signatures exist and the text changed: a new version, unless this is a small, declared fix.
  const versioned = signatures > 0 && changedText.length > 0;
  let minorEdit = versioned && input.minorEdit;
  let minorEditSeq = 0;
  if (minorEdit) {
    // Measured against the version as published, so that edits cannot creep: five small steps
    // from "we support" to "we oppose" are one big change from what people signed.
    const published = await db().publicationVersion.findUnique({
      where: { publicationId_number: { publicationId: id, number: current.version } },
      select: {
        titleKk: true,
        titleRu: true,
        summaryKk: true,
        summaryRu: true,
        bodyKk: true,
        bodyRu: true,
        titleKkLatn: true,
        summaryKkLatn: true,
        minorEdits: true,
      },
    });
    const baseline: Record<TextField, string> = published ?? current;
    const used = published?.minorEdits ?? 0;
    const tooBig = textFields.find(
      (field) => changedCharacters(baseline[field], input[field]) > minorEditLimit(baseline[field].length),
    );
    // Small is not enough: one word can turn "we support" into "we oppose". Only typo fixes.
    const notATypo = textFields.find(
      (field) => !onlyTypoFixes(baseline[field], input[field], field.includes("Kk") ? "kk" : "ru"),
    );
    const refusal: EditorErrors | null =
      used >= MINOR_EDITS_PER_VERSION
        ? { minorEdit: "minorEditsUsedUp" }
        : tooBig
          ? { [tooBig]: "tooBigForMinorEdit" }
          : notATypo
            ? { [notATypo]: "wordsChangedInMinorEdit" }
            : null;
    // No longer a minor edit: saved as the new version it has to be once it has a note.
    if (refusal && !input.noteKk && !input.noteRu) return { ok: false, status: 409, errors: refusal };
    if (refusal) minorEdit = false;
    else minorEditSeq = used + 1;
  }
  if (versioned && !minorEdit && !input.noteKk && !input.noteRu)
    return { ok: false, status: 400, errors: { noteKk: "noteRequired" } };

  const newVersion = versioned && !minorEdit ? current.version + 1 : null;
  const texts = pick(input, textFields);
  const slug = draft ? input.slug : current.slug;
  const changedSettings = settingFields.filter((field) => {
    const after =
      field === "regionScope"
        ? input.regionScope.join(",") || null
        : field === "onlyLanguage"
          ? input.onlyLanguage || null
          : field === "deadline"
            ? (input.deadline?.toISOString() ?? null)
            : input[field] || null;
    const before = field === "deadline" ? (current.deadline?.toISOString() ?? null) : current[field] || null;
    return after !== before;
  });
  const changedIdentity = draft
    ? (["slug", "kind", "organizationId"] as const).filter((field) => input[field] !== current[field])
    : [];
  const changed = [...changedIdentity, ...changedText, ...changedSettings];
  // A save that changes nothing leaves the revision alone: it cannot make anyone's form stale.
  const revision = changed.length > 0 ? current.revision + 1 : current.revision;
  try {
    await db().$transaction(async (tx) => {
      // Conditional on the revision read above: of two saves from the same form state, one wins.
      const updated = await tx.publication.updateMany({
        where: { id, revision: current.revision },
        data: {
          ...texts,
          slug,
          kind: draft ? input.kind : current.kind,
          organizationId: draft ? input.organizationId : current.organizationId,
          addresseeKk: input.addresseeKk || null,
          addresseeRu: input.addresseeRu || null,
          goal: input.kind === "report" ? null : input.goal,
          deadline: input.kind === "report" ? null : input.deadline,
          ...settingsOf(input),
          revision,
          ...(newVersion ? { version: newVersion } : {}),
        },
      });
      if (updated.count !== 1) throw new EditConflict();
      if (newVersion) {
        await tx.publicationVersion.create({
          data: {
            publicationId: id,
            number: newVersion,
            ...texts,
            noteKk: input.noteKk,
            noteRu: input.noteRu,
            createdById: actor.userId,
          },
        });
      } else if (minorEdit) {
        // The version keeps its published text; the edit keeps what it replaced.
        await tx.publicationEdit.create({
          data: {
            publicationId: id,
            version: current.version,
            seq: minorEditSeq,
            fields: changedText.join(","),
            before: JSON.stringify(Object.fromEntries(changedText.map((field) => [field, current[field]]))),
            after: JSON.stringify(Object.fromEntries(changedText.map((field) => [field, input[field]]))),
            createdById: actor.userId,
          },
        });
        await tx.publicationVersion.update({
          where: { publicationId_number: { publicationId: id, number: current.version } },
          data: { minorEdits: minorEditSeq },
        });
      } else if (changedText.length > 0) {
        // Nobody has signed yet: the version's text is simply the text.
        await tx.publicationVersion.update({
          where: { publicationId_number: { publicationId: id, number: current.version } },
          data: texts,
        });
      }
      // An endorsable statement counts like a petition: its counters and ledger head exist with the change.
      if (input.kind === "statement" && input.endorsable) await ensureCounters(tx, id);
      const action = newVersion ? "publication.new-version" : minorEdit ? "publication.minor-edit" : "publication.edit";
      await audit(
        {
          userId: actor.userId,
          organizationId: current.organizationId,
          action,
          target: slug,
          details: {
            ...(newVersion ? { version: newVersion } : { version: current.version }),
            revision,
            changed,
            ...(minorEdit
              ? {
                  seq: minorEditSeq,
                  characters: Object.fromEntries(
                    changedText.map((field) => [field, changedCharacters(current[field], input[field])]),
                  ),
                }
              : {}),
          },
        },
        tx,
      );
    });
  } catch (error) {
    if (error instanceof EditConflict) return staleForm(current, current.revision);
    if (isUniqueViolation(error)) return { ok: false, status: 409, errors: { slug: "slugTaken" } };
    throw error;
  }
  // Cached JSON, badges and embeds of this publication are rebuilt (title, version, goal may have changed).
  await announceCountChange(id);
  return { ok: true, id, versionCreated: newVersion, minorEdit };
}

/** The refusal of a save made from a form older than the stored publication. */
async function staleForm(
  current: { id: string; slug: string; organizationId: string },
  formRevision: number,
): Promise<SaveOutcome> {
  const conflict = await describeConflict({ ...current, since: formRevision });
  return { ok: false, status: 409, errors: { form: "editedMeanwhile" }, conflict };
}

class EditConflict extends Error {}

/** Official response of the addressee (petitions): text in both languages, date, document link. */
const responseSchema = z.object({
  responseKk: optionalText(20_000),
  responseRu: optionalText(20_000),
  respondedAt: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(
      z.union([
        z.literal("").transform(() => null),
        z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/, "dateInvalid")
          .transform((date) => new Date(`${date}T12:00:00Z`))
          .refine((date) => !Number.isNaN(date.getTime()) && date.getTime() <= Date.now() + 86_400_000, "dateInvalid"),
      ]),
    ),
  responseUrl: z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .pipe(z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "urlInvalid" }).max(500, "urlInvalid")])),
});
export type ResponseInput = z.output<typeof responseSchema>;

export function parseResponseForm(form: Record<string, string>) {
  const result = responseSchema.safeParse(form);
  if (!result.success) {
    const errors: Record<string, string> = {};
    for (const issue of result.error.issues)
      errors[String(issue.path[0] ?? "form")] ??= issue.message.includes(" ") ? "invalid" : issue.message;
    return { ok: false as const, errors };
  }
  const data = result.data;
  // An answer needs its date and at least one language; clearing everything withdraws it.
  const empty = !data.responseKk && !data.responseRu && !data.respondedAt && !data.responseUrl;
  if (!empty && !data.respondedAt) return { ok: false as const, errors: { respondedAt: "dateRequired" } };
  if (!empty && !data.responseKk && !data.responseRu)
    return { ok: false as const, errors: { responseKk: "responseTextRequired" } };
  return { ok: true as const, data };
}

/**
 * Saves the response. `document`: a stored PDF (its SHA-256 and size), null to remove it, undefined
 * to keep what is there. The first save with a date records when it was posted on the site.
 */
export async function saveResponse(
  id: string,
  input: ResponseInput & { document?: { sha256: string; bytes: number } | null },
  actor: Actor,
) {
  const publication = await db().publication.findUnique({
    where: { id },
    select: { slug: true, organizationId: true, respondedAt: true, responsePostedAt: true },
  });
  if (!publication) return false;
  await db().$transaction(async (tx) => {
    await tx.publication.update({
      where: { id },
      data: {
        responseKk: input.responseKk || null,
        responseRu: input.responseRu || null,
        respondedAt: input.respondedAt,
        responseUrl: input.responseUrl || null,
        responsePostedAt: input.respondedAt ? (publication.responsePostedAt ?? new Date()) : null,
        ...(input.document !== undefined
          ? { responseDocSha256: input.document?.sha256 ?? null, responseDocBytes: input.document?.bytes ?? null }
          : {}),
      },
    });
    await audit(
      {
        userId: actor.userId,
        organizationId: publication.organizationId,
        action: input.respondedAt ? "publication.response" : "publication.response-cleared",
        target: publication.slug,
        details: {
          respondedAt: input.respondedAt?.toISOString().slice(0, 10) ?? null,
          link: Boolean(input.responseUrl),
          ...(input.document !== undefined ? { documentSha256: input.document?.sha256 ?? null } : {}),
        },
      },
      tx,
    );
  });
  await announceCountChange(id);
  return true;
}

/** Minor edits already made to a version, and how many are allowed (the editor shows both). */
export async function minorEditsUsed(publicationId: string, version: number) {
  const row = await db().publicationVersion.findUnique({
    where: { publicationId_number: { publicationId, number: version } },
    select: { minorEdits: true },
  });
  return { used: row?.minorEdits ?? 0, allowed: MINOR_EDITS_PER_VERSION };
}

/** Versions with the confirmed signatures given on each (the public version history). */
export async function versionHistory(publicationId: string) {
  const [versions, counts] = await Promise.all([
    db().publicationVersion.findMany({ where: { publicationId }, orderBy: { number: "asc" } }),
    db().signature.groupBy({ by: ["version"], where: { publicationId, status: "confirmed" }, _count: { _all: true } }),
  ]);
  const confirmedBy = new Map(counts.map((row) => [row.version, row._count._all]));
  return versions.map((version) => ({ ...version, confirmed: confirmedBy.get(version.number) ?? 0 }));
}

/**
 * The version table of the publication page: no texts, and no count query while there is only
 * version 1 (then every confirmed signature was given on it, and the counters already say how many).
 */
export async function versionSummary(publicationId: string, current: { version: number; confirmed: number | null }) {
  const versions = await db().publicationVersion.findMany({
    where: { publicationId },
    orderBy: { number: "asc" },
    select: { number: true, createdAt: true, noteKk: true, noteRu: true, minorEdits: true },
  });
  if (current.version === 1 || current.confirmed === null)
    return versions.map((version) => ({ ...version, confirmed: current.confirmed ?? 0 }));
  const counts = await db().signature.groupBy({
    by: ["version"],
    where: { publicationId, status: "confirmed" },
    _count: { _all: true },
  });
  const confirmedBy = new Map(counts.map((row) => [row.version, row._count._all]));
  return versions.map((version) => ({ ...version, confirmed: confirmedBy.get(version.number) ?? 0 }));
}
