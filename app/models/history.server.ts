// Confirmed signatures per hour or day, from the ledger: complete from the first entry to now,
// empty intervals included, so the series can be charted or cited as it is.
import { db } from "~/db.server.ts";
import { UTC_OFFSET_HOURS } from "~/lib/format.ts";
import { HISTORY_MAX_POINTS as MAX_POINTS, type Interval } from "~/models/api-contract.server.ts";

export type HistoryPoint = { start: string; confirmed: number; cumulative: number };

const STEP = { hour: 3_600_000, day: 86_400_000 };
// Days start at midnight in Kazakhstan (UTC+5), not in UTC.
const OFFSET = UTC_OFFSET_HOURS * 3_600_000;

function bucketStart(time: number, interval: Interval) {
  const step = STEP[interval];
  const offset = interval === "day" ? OFFSET : 0;
  return Math.floor((time + offset) / step) * step - offset;
}

// The series only changes with a new ledger entry or a new interval: cache it per head.
const cache = new Map<string, HistoryPoint[]>();
const CACHE_LIMIT = 500;

export async function confirmedHistory(
  publicationId: string,
  interval: Interval,
  now = Date.now(),
): Promise<HistoryPoint[]> {
  const head = await db().ledgerEntry.findFirst({
    where: { publicationId },
    orderBy: { seq: "desc" },
    select: { seq: true },
  });
  const key = `${publicationId}:${interval}:${head?.seq ?? 0}:${bucketStart(now, interval)}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const points = await computeHistory(publicationId, interval, now);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, points);
  return points;
}

async function computeHistory(publicationId: string, interval: Interval, now: number): Promise<HistoryPoint[]> {
  const deltas = new Map<number, number>();
  let first: number | null = null;
  let after = 0;
  for (;;) {
    const page = await db().ledgerEntry.findMany({
      where: { publicationId, seq: { gt: after }, type: { in: ["confirm", "withdraw", "remove", "restore"] } },
      orderBy: { seq: "asc" },
      take: 10_000,
      select: { seq: true, type: true, amount: true, minute: true },
    });
    if (page.length === 0) break;
    for (const entry of page) {
      const bucket = bucketStart(entry.minute.getTime(), interval);
      first ??= bucket;
      const sign = entry.type === "confirm" || entry.type === "restore" ? 1 : -1;
      deltas.set(bucket, (deltas.get(bucket) ?? 0) + sign * entry.amount);
    }
    after = page[page.length - 1].seq;
  }
  if (first === null) return [];
  const points: HistoryPoint[] = [];
  let cumulative = 0;
  const last = bucketStart(now, interval);
  const start = Math.max(first, last - (MAX_POINTS - 1) * STEP[interval]);
  for (const [bucket, delta] of deltas) if (bucket < start) cumulative += delta;
  for (let bucket = start; bucket <= last; bucket += STEP[interval]) {
    const confirmed = deltas.get(bucket) ?? 0;
    cumulative += confirmed;
    points.push({ start: new Date(bucket).toISOString(), confirmed, cumulative });
  }
  return points;
}
