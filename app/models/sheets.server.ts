// Numbered runs of printable signature sheets, and the sheet serials named by paper batches.
// Serials belong to one petition and are handed out by one UPDATE … RETURNING on its row: two runs
// at once (two organizers, two instances) wait for each other's row lock and never share a serial.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { isRegionCode } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { isLocale } from "~/i18n.ts";
import { sqlFor } from "~/lib/raw-sql.server.ts";
import { audit } from "~/models/audit.server.ts";

/** A run's PDF is rendered on each download (~45 ms a sheet): larger print jobs are several runs. */
export const MAX_SHEETS_PER_RUN = 100;
/** Serials one paper batch may name. */
const MAX_SERIALS_PER_BATCH = 10_000;

/** The run form; messages are keys under "runs.errors." of the campaign namespace. */
const sheetRunSchema = z.object({
  locale: z.string().refine(isLocale, "language"),
  region: z.string().refine((value) => value === "" || isRegionCode(value), "region"),
  sheets: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, "sheets")
    .transform(Number)
    .refine((value) => value >= 1 && value <= MAX_SHEETS_PER_RUN, "sheets"),
});

export function parseSheetRunForm(form: Record<string, string>) {
  const parsed = sheetRunSchema.safeParse({
    locale: form.locale ?? "",
    region: form.region ?? "",
    sheets: form.sheets ?? "",
  });
  if (parsed.success)
    return { ok: true as const, data: parsed.data as { locale: "kk" | "ru"; region: string; sheets: number } };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  return { ok: false as const, errors };
}

/** Takes the next `sheets` serials of the petition and records the run, with its audit entry. */
export async function createSheetRun(input: {
  publication: { id: string; slug: string; organizationId: string };
  locale: "kk" | "ru";
  region: string;
  sheets: number;
  userId: string;
}) {
  return db().$transaction(async (tx) => {
    const sql = sqlFor(tx);
    const [row] = await sql.all<{ sheetSerials: number | string }>(
      `UPDATE "Publication" SET "sheetSerials" = "sheetSerials" + ? WHERE "id" = ? RETURNING "sheetSerials"`,
      [input.sheets, input.publication.id],
    );
    const last = Number(row.sheetSerials);
    const firstSerial = last - input.sheets + 1;
    const id = randomUUID();
    await tx.sheetRun.create({
      data: {
        id,
        publicationId: input.publication.id,
        locale: input.locale,
        region: input.region,
        firstSerial,
        sheets: input.sheets,
        createdById: input.userId,
      },
    });
    await audit(
      {
        userId: input.userId,
        organizationId: input.publication.organizationId,
        action: "paper.sheets",
        target: input.publication.slug,
        details: { from: firstSerial, to: last, locale: input.locale, region: input.region || null },
      },
      tx,
    );
    return { id, firstSerial, lastSerial: last };
  });
}

export async function listSheetRuns(publicationId: string) {
  return db().sheetRun.findMany({
    where: { publicationId },
    orderBy: { firstSerial: "desc" },
    take: 100,
    select: { id: true, locale: true, region: true, firstSerial: true, sheets: true, createdAt: true },
  });
}

export async function findSheetRun(publicationId: string, runId: string) {
  return db().sheetRun.findFirst({
    where: { id: runId, publicationId },
    select: { id: true, locale: true, region: true, firstSerial: true, sheets: true },
  });
}

/** The highest serial handed out for a petition (batches may only name serials up to it). */
export async function highestSerial(publicationId: string) {
  const row = await db().publication.findUnique({ where: { id: publicationId }, select: { sheetSerials: true } });
  return row?.sheetSerials ?? 0;
}

export type SerialsProblem = { key: "format" | "unknown" | "tooMany"; serial?: number };

/**
 * "1-20, 31" → the normal form "1-20,31" (sorted, merged, no duplicates), or a problem. Serials
 * must have been handed out for this petition: at most `highest`.
 */
export function normalizeSerials(
  text: string,
  highest: number,
): { ok: true; value: string } | { ok: false; problem: SerialsProblem } {
  const trimmed = text.replace(/[\s\u00a0]/g, "").replace(/[–—−]/g, "-");
  if (trimmed === "") return { ok: true, value: "" };
  if (trimmed.length > 2_000 || !/^\d{1,7}(-\d{1,7})?(,\d{1,7}(-\d{1,7})?)*,?$/.test(trimmed))
    return { ok: false, problem: { key: "format" } };
  const ranges: Array<[number, number]> = [];
  let total = 0;
  for (const part of trimmed.split(",").filter(Boolean)) {
    const [from, to = from] = part.split("-").map(Number);
    if (from < 1 || to < from) return { ok: false, problem: { key: "format" } };
    if (to > highest) return { ok: false, problem: { key: "unknown", serial: Math.max(from, highest + 1) } };
    total += to - from + 1;
    if (total > MAX_SERIALS_PER_BATCH) return { ok: false, problem: { key: "tooMany" } };
    ranges.push([from, to]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [from, to] of ranges) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return { ok: true, value: merged.map(([from, to]) => (from === to ? `${from}` : `${from}-${to}`)).join(",") };
}

/** What a sheet prints of a publication (any status: a run stays downloadable after closing). */
export async function publicationForSheets(id: string) {
  return db().publication.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      updatedAt: true,
      onlyLanguage: true,
      titleKk: true,
      titleRu: true,
      summaryKk: true,
      summaryRu: true,
      addresseeKk: true,
      addresseeRu: true,
      organization: { select: { nameKk: true, nameRu: true } },
    },
  });
}
