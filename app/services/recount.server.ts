// Proves the counters against the ledger (and pending/held against the signatures), logs any
// drift and repairs it. Runs hourly and on demand.
import { regionCodes } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { entryHash, GENESIS_HASH, type LedgerType } from "~/models/ledger.server.ts";
import { signableWhere } from "~/models/publication.server.ts";

type Figures = { confirmed: number; pending: number; held: number; withdrawn: number; removed: number; paper: number };
export type Drift = { region: string; tier: string; counter: number; truth: number };

export async function recountAll() {
  const petitions = await db().publication.findMany({ where: signableWhere, select: { id: true, slug: true } });
  let drifted = 0;
  let broken = 0;
  let failed = 0;
  for (const petition of petitions) {
    let result: Awaited<ReturnType<typeof recountPetition>>;
    try {
      // A busy petition may conflict with a confirmation (serialization failure): try once more.
      result = await recountPetition(petition.id).catch(() => recountPetition(petition.id));
    } catch (error) {
      failed++;
      log.warn("counts.recount_failed", { petition: petition.slug, ...errorFields(error) });
      continue;
    }
    if (result.drift.length) {
      drifted++;
      log.warn("counts.drift_repaired", { petition: petition.slug, drift: result.drift });
    }
    if (result.brokenAt !== null) {
      broken++;
      log.error("ledger.chain_broken", { petition: petition.slug, seq: result.brokenAt });
    }
  }
  return { petitions: petitions.length, drifted, broken, failed };
}

/** One petition, in one serializable transaction that holds its ledger head. */
export async function recountPetition(publicationId: string): Promise<{ drift: Drift[]; brokenAt: number | null }> {
  return db().$transaction(
    async (tx) => {
      // Touching the head row holds back new ledger entries of this petition until we are done.
      await tx.ledgerHead.upsert({
        where: { publicationId },
        create: { publicationId, seq: 0, hash: GENESIS_HASH },
        update: { seq: { increment: 0 } },
      });
      const truth = new Map<string, Figures>(
        regionCodes.map((code) => [code, { confirmed: 0, pending: 0, held: 0, withdrawn: 0, removed: 0, paper: 0 }]),
      );
      const reasons = new Map<string, number>();
      const at = (region: string) =>
        truth.get(region) ??
        truth.set(region, { confirmed: 0, pending: 0, held: 0, withdrawn: 0, removed: 0, paper: 0 }).get(region)!;

      let prevHash = GENESIS_HASH;
      let seq = 0;
      let brokenAt: number | null = null;
      for (;;) {
        const page = await tx.ledgerEntry.findMany({
          where: { publicationId, seq: { gt: seq } },
          orderBy: { seq: "asc" },
          take: 5_000,
        });
        if (page.length === 0) break;
        for (const entry of page) {
          if (
            brokenAt === null &&
            (entry.seq !== seq + 1 ||
              entry.prevHash !== prevHash ||
              entryHash({ ...entry, type: entry.type as LedgerType }) !== entry.hash)
          )
            brokenAt = entry.seq;
          seq = entry.seq;
          prevHash = entry.hash;
          const row = at(entry.region);
          const n = entry.amount;
          if (entry.type === "confirm") row.confirmed += n;
          else if (entry.type === "withdraw") ((row.confirmed -= n), (row.withdrawn += n));
          else if (entry.type === "remove")
            ((row.confirmed -= n), (row.removed += n), reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + n));
          else if (entry.type === "restore")
            ((row.confirmed += n), (row.removed -= n), reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) - n));
          else if (entry.type === "paper") row.paper += n;
        }
      }
      // Pending and held are not in the ledger: they come from the signatures themselves.
      const waiting = await tx.signature.groupBy({
        by: ["region", "status"],
        where: { publicationId, status: { in: ["pending", "held"] } },
        _count: { _all: true },
      });
      for (const group of waiting) at(group.region)[group.status as "pending" | "held"] = group._count._all;

      const drift: Drift[] = [];
      const counters = await tx.regionCount.findMany({ where: { publicationId } });
      const byRegion = new Map(counters.map((row) => [row.region, row]));
      for (const [region, expected] of truth) {
        const current = byRegion.get(region);
        const wrong = (Object.keys(expected) as Array<keyof Figures>).filter(
          (tier) => (current?.[tier] ?? 0) !== expected[tier],
        );
        if (!current || wrong.length) {
          for (const tier of wrong) drift.push({ region, tier, counter: current?.[tier] ?? 0, truth: expected[tier] });
          await tx.regionCount.upsert({
            where: { publicationId_region: { publicationId, region } },
            create: { publicationId, region, ...expected },
            update: expected,
          });
        }
      }
      const removals = await tx.removalCount.findMany({ where: { publicationId } });
      for (const reason of new Set([...reasons.keys(), ...removals.map((row) => row.reason)])) {
        const current = removals.find((row) => row.reason === reason)?.removed ?? 0;
        const expected = reasons.get(reason) ?? 0;
        if (current !== expected) {
          drift.push({ region: "*", tier: `removed:${reason}`, counter: current, truth: expected });
          await tx.removalCount.upsert({
            where: { publicationId_reason: { publicationId, reason } },
            create: { publicationId, reason, removed: expected },
            update: { removed: expected },
          });
        }
      }
      return { drift, brokenAt };
    },
    { isolationLevel: "Serializable", timeout: 120_000, maxWait: 10_000 },
  );
}

/** Signatures from before the ledger existed get receipts and, if confirmed, ledger entries. */
export async function backfillLegacySignatures(receiptFor: (id: string) => string) {
  const { appendLedger } = await import("~/models/ledger.server.ts");
  const legacy = await db().signature.findMany({
    where: { receipt: null },
    select: { id: true, status: true, region: true, publicationId: true, confirmedAt: true },
  });
  for (const signature of legacy) {
    await db().$transaction(async (tx) => {
      const receipt = receiptFor(signature.id);
      await tx.signature.update({ where: { id: signature.id }, data: { receipt } });
      if (signature.status === "confirmed") {
        await appendLedger(tx, signature.publicationId, {
          type: "confirm",
          region: signature.region,
          amount: 1,
          receipt,
          at: signature.confirmedAt ?? new Date(),
        });
      }
    });
  }
  if (legacy.length) log.info("ledger.backfilled", { signatures: legacy.length });
  return legacy.length;
}
