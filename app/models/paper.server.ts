// Paper signatures: batches handed over by organizers, counted in their own tier ("paper"),
// never blended with email-verified counts. A batch is never edited: a mistake is corrected by
// a new batch (negative or positive) that names the batch it corrects. Each batch is one ledger
// entry of type "paper" whose amount is the batch's count.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { config } from "~/config.server.ts";
import { isRegionCode } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { UTC_OFFSET_HOURS } from "~/lib/format.ts";
import { CONTROL_CHARACTERS, withoutControlCharacters } from "~/lib/text-rules.ts";
import { keyedHash } from "~/lib/tokens.server.ts";
import type { PaperBatch } from "~/models/api-contract.server.ts";
import { audit } from "~/models/audit.server.ts";
import { moveCounts } from "~/models/counts.server.ts";
import { sqlFor } from "~/lib/raw-sql.server.ts";
import { appendLedgerEntries, minuteText, toMinute } from "~/models/ledger.server.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";

export const MAX_BATCH = 100_000;
/** Paper batches go to petitions that collect or have collected signatures. */
export const paperStatuses = ["open", "closed"] as const;

/** "YYYY-MM-DD" of a moment, in Kazakhstan (UTC+5). */
export const kzDate = (at: Date) => new Date(at.getTime() + UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
/** The start of a Kazakhstan calendar day. */
const dayStart = (date: string) => new Date(`${date}T00:00:00+0${UTC_OFFSET_HOURS}:00`);

const text = (value: unknown) => (typeof value === "string" ? value : "");
const date = z.preprocess(
  (value) => text(value).trim(),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "date")
    .refine((value) => !Number.isNaN(dayStart(value).getTime()) && kzDate(dayStart(value)) === value, "date"),
);

/** The batch form. Messages are keys under "errors." of the paper namespace. */
const paperSchema = z
  .object({
    region: z.preprocess(text, z.string().refine(isRegionCode, "region")),
    count: z.preprocess(
      (value) =>
        text(value)
          .trim()
          .replace(/[\s\u00a0]/g, ""),
      z
        .string()
        .regex(/^[-−]?\d{1,6}$/, "count")
        .transform((value) => Number(value.replace("−", "-"))),
    ),
    collectedFrom: date,
    collectedTo: date,
    note: z.preprocess(
      (value) => text(value).normalize("NFC").replace(/\r\n?/g, "\n").trim(),
      z.string().refine(withoutControlCharacters, CONTROL_CHARACTERS).max(2_000, "note"),
    ),
    corrects: z.preprocess((value) => text(value).trim(), z.string().regex(/^$|^[A-Za-z0-9_-]{22}$/, "corrects")),
  })
  .superRefine((form, context) => {
    const limit = form.corrects
      ? form.count !== 0 && Math.abs(form.count) <= MAX_BATCH
      : form.count >= 1 && form.count <= MAX_BATCH;
    if (!limit)
      context.addIssue({
        code: "custom",
        path: ["count"],
        message: form.corrects ? "correctionCount" : form.count < 0 ? "negativeNeedsCorrects" : "count",
      });
    if (form.collectedFrom > form.collectedTo)
      context.addIssue({ code: "custom", path: ["collectedTo"], message: "dateOrder" });
    if (form.collectedTo > kzDate(new Date()))
      context.addIssue({ code: "custom", path: ["collectedTo"], message: "future" });
  });

export type PaperForm = z.output<typeof paperSchema>;
type PaperField = keyof PaperForm;

export function parsePaperForm(form: Record<string, unknown>) {
  const result = paperSchema.safeParse(form);
  if (result.success) return { ok: true as const, data: result.data };
  const errors: Partial<Record<PaperField, string>> = {};
  for (const issue of result.error.issues) errors[(issue.path[0] as PaperField) ?? "count"] ??= issue.message;
  return { ok: false as const, errors };
}

export type BatchOutcome =
  | { ok: true; receipt: string }
  | { ok: false; error: "not-accepting" | "corrects-unknown" | "corrects-mismatch" | "below-zero" };

class Refused extends Error {
  constructor(readonly reason: "below-zero") {
    super(reason);
  }
}

/**
 * Records a batch: the PaperBatch row, its ledger entry, the paper counter and the audit entry,
 * in one transaction (ledger head first, then counters). A correction may not take the region's
 * paper count below zero and must name a batch of the same petition and region.
 */
export async function createBatch(input: {
  publication: { id: string; slug: string; status: string; organizationId: string };
  form: PaperForm;
  scan: { sha256: string; name: string } | null;
  /** Serials of the numbered sheets in the batch, normalised ("1-20,31"; app/models/sheets.server.ts). */
  sheetSerials?: string;
  userId: string;
}): Promise<BatchOutcome> {
  const { publication, form } = input;
  if (!(paperStatuses as readonly string[]).includes(publication.status)) return { ok: false, error: "not-accepting" };
  let correctsId: string | null = null;
  if (form.corrects) {
    const corrected = await db().paperBatch.findUnique({
      where: { receipt: form.corrects },
      select: { id: true, publicationId: true, region: true },
    });
    if (!corrected || corrected.publicationId !== publication.id) return { ok: false, error: "corrects-unknown" };
    if (corrected.region !== form.region) return { ok: false, error: "corrects-mismatch" };
    correctsId = corrected.id;
  }
  const id = randomUUID();
  const receipt = keyedHash(config().sessionSecret, `paper:${id}`).slice(0, 22);
  try {
    await db().$transaction(async (tx) => {
      // The head row's lock orders every paper change of this petition: the check below is safe.
      const sql = sqlFor(tx);
      const [entry] = await appendLedgerEntries(sql, [
        { publicationId: publication.id, type: "paper", region: form.region, amount: form.count, receipt },
      ]);
      if (form.count < 0) {
        const current = await tx.regionCount.findUnique({
          where: { publicationId_region: { publicationId: publication.id, region: form.region } },
          select: { paper: true },
        });
        if ((current?.paper ?? 0) + form.count < 0) throw new Refused("below-zero");
      }
      await tx.paperBatch.create({
        data: {
          id,
          publicationId: publication.id,
          receipt,
          region: form.region,
          count: form.count,
          collectedFrom: dayStart(form.collectedFrom),
          collectedTo: dayStart(form.collectedTo),
          scanSha256: input.scan?.sha256 ?? null,
          scanName: input.scan?.name ?? null,
          note: form.note,
          correctsId,
          sheetSerials: input.sheetSerials ?? "",
          createdById: input.userId,
        },
      });
      await moveCounts(sql, [{ publicationId: publication.id, region: form.region, change: { paper: form.count } }]);
      await audit(
        {
          userId: input.userId,
          organizationId: publication.organizationId,
          action: correctsId ? "paper.correct" : "paper.add",
          target: publication.slug,
          details: {
            receipt,
            region: form.region,
            count: form.count,
            corrects: form.corrects || undefined,
            scanSha256: input.scan?.sha256,
            sheets: input.sheetSerials || undefined,
            ledgerSeq: entry.seq,
          },
        },
        tx,
      );
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, error: error.reason };
    throw error;
  }
  await announceCountChange(publication.id);
  return { ok: true, receipt };
}

/** Every batch of a petition, oldest first, with the receipt of the batch each one corrects. */
export async function listBatches(publicationId: string) {
  const rows = await db().paperBatch.findMany({
    where: { publicationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      receipt: true,
      region: true,
      count: true,
      collectedFrom: true,
      collectedTo: true,
      scanSha256: true,
      scanName: true,
      note: true,
      correctsId: true,
      sheetSerials: true,
      createdAt: true,
    },
  });
  const receiptOf = new Map(rows.map((row) => [row.id, row.receipt]));
  return rows.map(({ id: _id, correctsId, ...row }) => ({
    ...row,
    correctsReceipt: correctsId ? (receiptOf.get(correctsId) ?? null) : null,
  }));
}

/** One batch as the API publishes it (app/models/api-contract.server.ts). */
export type PublicBatch = PaperBatch;

/** What the public sees of the batches: no user ids, no notes, no file names; times to the minute. */
export async function publicBatches(publicationId: string): Promise<PublicBatch[]> {
  return (await listBatches(publicationId)).map((row) => ({
    receipt: row.receipt,
    region: row.region,
    count: row.count,
    collectedFrom: kzDate(row.collectedFrom),
    collectedTo: kzDate(row.collectedTo),
    scanSha256: row.scanSha256,
    correctsReceipt: row.correctsReceipt,
    sheetSerials: row.sheetSerials,
    createdAt: minuteText(toMinute(row.createdAt)),
  }));
}
