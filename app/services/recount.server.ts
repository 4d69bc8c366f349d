// Proves the counters against the ledger (and the ledger against the signatures' states), logs
// any drift and repairs the counters. Runs hourly and on demand.
import { regionCodes } from "~/data/regions.ts";
import { db } from "~/db.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { sqlFor } from "~/lib/raw-sql.server.ts";
import {
  appendLedgerEntries,
  entryHash,
  GENESIS_HASH,
  type LedgerEvent,
  type LedgerType,
} from "~/models/ledger.server.ts";
import { receiptFor } from "~/models/signature.server.ts";
import { ledgerMoves, signatureStates } from "~/models/signature-states.ts";
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
    if (result.disagree.length)
      log.error("ledger.signatures_disagree", { petition: petition.slug, differences: result.disagree.slice(0, 20) });
    if (result.brokenAt !== null) {
      broken++;
      log.error("ledger.chain_broken", { petition: petition.slug, seq: result.brokenAt });
    }
  }
  return { petitions: petitions.length, drifted, broken, failed };
}

/**
 * One petition, in one serializable transaction that holds its ledger head: the counters are
 * recomputed from the ledger alone (as any outsider would, with ledgerMoves) and repaired to it.
 * The signatures' own states are counted too: a difference between them and the ledger cannot
 * be repaired here (the ledger is append-only) and is reported as `ledger.signatures_disagree`.
 */
async function recountPetition(
  publicationId: string,
): Promise<{ drift: Drift[]; brokenAt: number | null; disagree: Drift[] }> {
  return db().$transaction(
    async (tx) => {
      // Touching the head row holds back new ledger entries of this petition until we are done.
      await tx.ledgerHead.upsert({
        where: { publicationId },
        create: { publicationId, seq: 0, hash: GENESIS_HASH },
        update: { seq: { increment: 0 } },
      });
      const zero = (): Figures => ({ confirmed: 0, pending: 0, held: 0, withdrawn: 0, removed: 0, paper: 0 });
      const truth = new Map<string, Figures>(regionCodes.map((code) => [code, zero()]));
      const reasons = new Map<string, number>();
      const at = (region: string) => truth.get(region) ?? truth.set(region, zero()).get(region)!;

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
          const type = entry.type as LedgerType;
          if (
            brokenAt === null &&
            (entry.seq !== seq + 1 || entry.prevHash !== prevHash || entryHash({ ...entry, type }) !== entry.hash)
          )
            brokenAt = entry.seq;
          seq = entry.seq;
          prevHash = entry.hash;
          const move = ledgerMoves[type];
          if (!move) {
            brokenAt ??= entry.seq;
            continue;
          }
          const row = at(entry.region);
          if (move.from) row[move.from] -= entry.amount;
          row[move.to] += entry.amount;
          if (move.to === "removed") reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + entry.amount);
          if (move.from === "removed") reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) - entry.amount);
        }
      }

      const disagree: Drift[] = [];
      const states = await tx.signature.groupBy({
        by: ["region", "status"],
        where: { publicationId, receipt: { not: null } },
        _count: { _all: true },
      });
      const rowsSay = new Map<string, number>(
        states.map((group) => [`${group.region}|${group.status}`, group._count._all]),
      );
      for (const [region, figures] of truth)
        for (const state of signatureStates) {
          const rows = rowsSay.get(`${region}|${state}`) ?? 0;
          if (rows !== figures[state]) disagree.push({ region, tier: state, counter: rows, truth: figures[state] });
        }

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
      return { drift, brokenAt, disagree };
    },
    { isolationLevel: "Serializable", timeout: 120_000, maxWait: 10_000 },
  );
}

/**
 * Ledgers written before every tier was ledgered (decision 032) lack `sign` entries and the moves
 * of pending and held signatures. Once, at start, this appends what is missing — history is
 * extended, never rewritten: per region one `sign` entry (receipt "legacy") for the signatures
 * that had none, and per signature the entries that bring its receipt to its present state.
 * Signatures from before receipts existed get one first.
 */
export async function upgradeLedger() {
  const done = await db().jobLease.findUnique({ where: { name: UPGRADE_MARK }, select: { name: true } });
  if (done) return 0;
  for (const signature of await db().signature.findMany({ where: { receipt: null }, select: { id: true } }))
    await db().signature.update({ where: { id: signature.id }, data: { receipt: receiptFor(signature.id) } });
  const legacy = await db().signature.findMany({
    where: { receipt: { not: null } },
    select: { id: true, publicationId: true, region: true, receipt: true, status: true, removedFrom: true },
  });
  const entries = await db().ledgerEntry.findMany({ select: { publicationId: true, receipt: true, type: true } });
  const seen = new Map<string, Set<string>>();
  for (const entry of entries) {
    const key = `${entry.publicationId}|${entry.receipt}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(entry.type));
  }
  const events: LedgerEvent[] = [];
  const signs = new Map<string, LedgerEvent>();
  let upgraded = 0;
  for (const signature of legacy) {
    const types = seen.get(`${signature.publicationId}|${signature.receipt}`) ?? new Set();
    if (types.has("sign")) continue;
    upgraded++;
    const key = `${signature.publicationId}|${signature.region}`;
    const sign = signs.get(key) ?? {
      publicationId: signature.publicationId,
      type: "sign" as const,
      region: signature.region,
      amount: 0,
      receipt: "legacy",
    };
    sign.amount++;
    signs.set(key, sign);
    const add = (type: LedgerType) =>
      events.push({
        publicationId: signature.publicationId,
        type,
        region: signature.region,
        amount: 1,
        receipt: signature.receipt!,
      });
    if (signature.status === "held") add("hold");
    if (signature.status === "withdrawn" && !types.has("withdraw")) add("withdraw-pending");
    if (signature.status === "removed" && !types.has("remove")) {
      add("hold");
      add("remove-held");
    }
  }
  await db().$transaction(
    async (tx) => {
      // The mark first: a second instance starting at the same time fails here and rolls back.
      // A mark in the leases table, not a job: no run time, never leased.
      await tx.jobLease.create({ data: { name: UPGRADE_MARK, lockedUntil: new Date(0) } });
      const all = [...signs.values(), ...events];
      if (all.length) await appendLedgerEntries(sqlFor(tx), all);
    },
    { timeout: 600_000 },
  );
  if (upgraded) log.info("ledger.upgraded", { signatures: upgraded });
  return upgraded;
}
const UPGRADE_MARK = "ledger-upgrade:every-tier";
