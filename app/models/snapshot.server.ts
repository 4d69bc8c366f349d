// Citable snapshots: "N confirmed signatures as of T", frozen with the ledger head at T and the
// signed checkpoint of the site's log that was the latest at T (decision 035). Rows are written
// once and never updated.
import { randomBytes } from "node:crypto";
import { db } from "~/db.server.ts";
import type { Snapshot as SnapshotJson } from "~/models/api-contract.server.ts";
import { getCountsWithHead, type Counts } from "~/models/counts.server.ts";
import { checkpointAt, latestCheckpoint, leavesOf } from "~/models/log.server.ts";

const REUSE_MS = 60_000;

type SnapshotFigures = {
  tiers: Counts["totals"];
  regions: Counts["regions"];
  removedByReason: Counts["removedByReason"];
};

/** Takes a snapshot, or returns the one taken in the last minute (a crowd citing at once shares one). */
export async function takeSnapshot(publicationId: string) {
  const recent = await db().snapshot.findFirst({
    where: { publicationId, takenAt: { gte: new Date(Date.now() - REUSE_MS) } },
    orderBy: { takenAt: "desc" },
    select: { id: true },
  });
  if (recent) return recent.id;
  const { counts, head } = await getCountsWithHead(publicationId);
  const checkpoint = await latestCheckpoint();
  const [leaf] = head.seq ? await leavesOf(publicationId, [head.seq]) : [];
  const figures: SnapshotFigures = {
    tiers: counts.totals,
    regions: counts.regions,
    removedByReason: counts.removedByReason,
  };
  const snapshot = await db().snapshot.create({
    data: {
      id: randomBytes(8).toString("base64url").replace(/[-_]/g, "x").slice(0, 10),
      publicationId,
      confirmed: counts.confirmed,
      figures: JSON.stringify(figures),
      ledgerSeq: head.seq,
      ledgerHash: head.hash,
      checkpointSize: checkpoint?.treeSize ?? null,
      logIndex: leaf && checkpoint && leaf.index < checkpoint.treeSize ? leaf.index : null,
    },
    select: { id: true },
  });
  return snapshot.id;
}

export async function getSnapshot(id: string) {
  if (!/^[A-Za-z0-9]{6,16}$/.test(id)) return null;
  const row = await db().snapshot.findUnique({
    where: { id },
    select: {
      id: true,
      takenAt: true,
      confirmed: true,
      figures: true,
      ledgerSeq: true,
      ledgerHash: true,
      checkpointSize: true,
      logIndex: true,
      publication: { select: { slug: true, titleKk: true, titleRu: true, goal: true, status: true } },
    },
  });
  if (!row || row.publication.status === "draft") return null;
  const checkpoint = row.checkpointSize === null ? null : await checkpointAt(row.checkpointSize);
  return {
    ...row,
    figures: JSON.parse(row.figures) as SnapshotFigures,
    checkpoint: checkpoint && { treeSize: checkpoint.treeSize, note: checkpoint.note, entryIndex: row.logIndex },
  };
}
export type Snapshot = NonNullable<Awaited<ReturnType<typeof getSnapshot>>>;

export function snapshotJson(snapshot: Snapshot, publicUrl: string): SnapshotJson {
  return {
    id: snapshot.id,
    petition: {
      slug: snapshot.publication.slug,
      title: { kk: snapshot.publication.titleKk, ru: snapshot.publication.titleRu },
    },
    takenAt: snapshot.takenAt.toISOString(),
    confirmed: snapshot.confirmed,
    tiers: snapshot.figures.tiers,
    regions: snapshot.figures.regions,
    removedByReason: snapshot.figures.removedByReason as SnapshotJson["removedByReason"],
    ledger: { seq: snapshot.ledgerSeq, hash: snapshot.ledgerHash },
    checkpoint: snapshot.checkpoint && {
      ...snapshot.checkpoint,
      url: `${publicUrl}/api/v1/log/checkpoint/${snapshot.checkpoint.treeSize}`,
    },
    url: { kk: `${publicUrl}/kk/s/${snapshot.id}`, ru: `${publicUrl}/ru/s/${snapshot.id}` },
  };
}
