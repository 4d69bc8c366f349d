// The site's witnessed log (decision 035; format in docs/ledger.md, "The witnessed log"): one
// RFC 9162 Merkle tree over the ledger entries of every petition, and signed checkpoints of it.
// Signing never waits for it: entries are appended to the per-petition chains as before, and the
// sequencer (a job under a lease, one instance at a time) integrates them here every second and
// publishes a checkpoint when the tree grew and CHECKPOINT_INTERVAL passed.
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { log } from "~/lib/log.server.ts";
import {
  appendLeaves,
  consistencyProof,
  frontierKeys,
  inclusionProof,
  leafHash,
  nodeId,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  withNodes,
  type Hash,
  type NodeKey,
} from "~/lib/merkle.ts";
import { rawAll, rawTransaction, toDate, type RawSql } from "~/lib/raw-sql.server.ts";
import {
  checkpointText,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKey,
  verifyCosignature,
  type Signer,
} from "~/lib/signed-note.server.ts";

/** The leaf data of a ledger entry: `slug|seq|hash`, UTF-8. */
const leafData = (slug: string, seq: number, hash: string) => Buffer.from(`${slug}|${seq}|${hash}`, "utf8");

let signer: { text: string; signer: Signer } | undefined;
export function logSigner() {
  const text = config().logSigningKey;
  if (signer?.text !== text) signer = { text, signer: parseSignerKey(text) };
  return signer.signer;
}
export const logVerifierKey = () => verifierKey(logSigner());

/** Leaves integrated per transaction: short enough not to hold SQLite's writer for long. */
const BATCH = 2_000;
const ROWS_PER_STATEMENT = 200;

async function readNodes(keys: NodeKey[], sql?: RawSql) {
  const found = new Map<string, Hash>();
  for (let start = 0; start < keys.length; start += 100) {
    const chunk = keys.slice(start, start + 100);
    if (!chunk.length) continue;
    const text = `SELECT "level", "index", "hash" FROM "LogNode" WHERE ${chunk.map(() => `("level" = ? AND "index" = ?)`).join(" OR ")}`;
    const params = chunk.flatMap((key) => [key.level, key.index]);
    const rows = await (sql ? sql.all(text, params) : rawAll(text, params));
    for (const row of rows as Array<{ level: number; index: number; hash: string }>)
      found.set(nodeId(Number(row.level), Number(row.index)), Buffer.from(row.hash, "hex"));
  }
  return found;
}

async function treeSize(sql?: RawSql) {
  const text = `SELECT MAX("index") AS "last" FROM "LogLeaf"`;
  const [row] = (await (sql ? sql.all(text) : rawAll(text))) as Array<{ last: number | string | null }>;
  return row?.last === null || row?.last === undefined ? 0 : Number(row.last) + 1;
}

/** True when the sequencer has something to do (checked without taking its lease). */
export async function sequencerHasWork(now = Date.now()) {
  const [behind] = await rawAll(
    `SELECT 1 AS "one" FROM "LedgerHead" h LEFT JOIN "LogCursor" c ON c."publicationId" = h."publicationId"
     WHERE h."seq" > COALESCE(c."seq", 0) LIMIT 1`,
  );
  if (behind) return true;
  const latest = await latestCheckpointRow();
  if (!latest) return true;
  return latest.treeSize < (await treeSize()) && now - latest.createdAt.getTime() >= config().checkpointIntervalMs;
}

type NewEntry = { publicationId: string; slug: string; seq: number; hash: string; minute: number };

/**
 * Gives the next ledger entries (up to `limit`) their places in the log, in one transaction:
 * ordered by minute, petition slug and sequence number. Each petition's cursor is moved with a
 * compare-and-set, and leaf indexes are primary keys, so a second sequencer (a lease that ran out
 * during a pause) fails and rolls back instead of forking the log.
 */
async function integrateLedger(limit = BATCH) {
  const behind = await rawAll<{ publicationId: string; slug: string; head: number | string; done: number | string }>(
    `SELECT h."publicationId", p."slug", h."seq" AS "head", COALESCE(c."seq", 0) AS "done"
     FROM "LedgerHead" h JOIN "Publication" p ON p."id" = h."publicationId"
     LEFT JOIN "LogCursor" c ON c."publicationId" = h."publicationId"
     WHERE h."seq" > COALESCE(c."seq", 0) ORDER BY h."publicationId"`,
  );
  const entries: NewEntry[] = [];
  const cursors: Array<{ publicationId: string; from: number; to: number }> = [];
  for (const petition of behind) {
    const room = limit - entries.length;
    if (room <= 0) break;
    const done = Number(petition.done);
    const rows = await rawAll<{ seq: number | string; hash: string; minute: unknown }>(
      `SELECT "seq", "hash", "minute" FROM "LedgerEntry" WHERE "publicationId" = ? AND "seq" > ? AND "seq" <= ? ORDER BY "seq" LIMIT ?`,
      [petition.publicationId, done, Number(petition.head), room],
    );
    if (!rows.length) continue;
    rows.forEach((row, offset) => {
      // A gap would mean an entry committed out of order: never skip one, stop before it.
      if (Number(row.seq) !== done + offset + 1)
        throw new Error(`ledger of ${petition.slug} has a gap at ${done + offset + 1}`);
    });
    for (const row of rows)
      entries.push({
        publicationId: petition.publicationId,
        slug: petition.slug,
        seq: Number(row.seq),
        hash: row.hash,
        minute: toDate(row.minute)!.getTime(),
      });
    cursors.push({ publicationId: petition.publicationId, from: done, to: Number(rows[rows.length - 1].seq) });
  }
  if (!entries.length) return { appended: 0 };
  entries.sort((a, b) => a.minute - b.minute || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : a.seq - b.seq));

  return rawTransaction(async (sql) => {
    const size = await treeSize(sql);
    const keys = frontierKeys(size);
    const stored = await readNodes(keys, sql);
    const frontier = keys.map((key) => {
      const hash = stored.get(nodeId(key.level, key.index));
      if (!hash) throw new Error(`log node ${key.level}/${key.index} is missing`);
      return { level: key.level, hash };
    });
    const { nodes } = appendLeaves(
      size,
      frontier,
      entries.map((entry) => leafHash(leafData(entry.slug, entry.seq, entry.hash))),
    );
    for (const cursor of cursors) {
      const moved = await sql.run(`UPDATE "LogCursor" SET "seq" = ? WHERE "publicationId" = ? AND "seq" = ?`, [
        cursor.to,
        cursor.publicationId,
        cursor.from,
      ]);
      if (moved === 1) continue;
      if (cursor.from !== 0) throw new Error("another sequencer moved the log meanwhile");
      await sql.run(`INSERT INTO "LogCursor" ("publicationId", "seq") VALUES (?, ?)`, [
        cursor.publicationId,
        cursor.to,
      ]);
    }
    for (let start = 0; start < entries.length; start += ROWS_PER_STATEMENT) {
      const chunk = entries.slice(start, start + ROWS_PER_STATEMENT);
      await sql.run(
        `INSERT INTO "LogLeaf" ("index", "publicationId", "slug", "seq", "hash") VALUES ${chunk.map(() => "(?, ?, ?, ?, ?)").join(", ")}`,
        chunk.flatMap((entry, offset) => [
          size + start + offset,
          entry.publicationId,
          entry.slug,
          entry.seq,
          entry.hash,
        ]),
      );
    }
    for (let start = 0; start < nodes.length; start += ROWS_PER_STATEMENT) {
      const chunk = nodes.slice(start, start + ROWS_PER_STATEMENT);
      await sql.run(
        `INSERT INTO "LogNode" ("level", "index", "hash") VALUES ${chunk.map(() => "(?, ?, ?)").join(", ")}`,
        chunk.flatMap((node) => [node.level, node.index, node.hash.toString("hex")]),
      );
    }
    return { appended: entries.length, size: size + entries.length };
  });
}

type CheckpointRow = { treeSize: number; rootHash: string; note: string; createdAt: Date };

async function latestCheckpointRow(): Promise<CheckpointRow | null> {
  return db().logCheckpoint.findFirst({ orderBy: { treeSize: "desc" } });
}

const rootAt = (size: number) =>
  withNodes(
    (read) => treeRoot(read, size),
    (keys) => readNodes(keys),
  );

/**
 * Signs and stores a checkpoint of the whole tree when it grew and the interval passed (or when
 * there is none yet: the empty tree's). Before signing, the stored tree must prove consistent
 * with the last checkpoint: a damaged node table is refused, never signed.
 */
async function publishCheckpointIfDue(now = new Date()) {
  const latest = await latestCheckpointRow();
  const size = await treeSize();
  if (latest && (size <= latest.treeSize || now.getTime() - latest.createdAt.getTime() < config().checkpointIntervalMs))
    return null;
  const root = await rootAt(size);
  if (latest) {
    const proof = await consistency(latest.treeSize, size);
    if (!verifyConsistency(latest.treeSize, size, Buffer.from(latest.rootHash, "hex"), root, proof)) {
      log.error("log.inconsistent", { from: latest.treeSize, to: size });
      throw new Error(`the stored log is not consistent with checkpoint ${latest.treeSize}: not signing`);
    }
  }
  const note = signNote(checkpointText(config().logOrigin, size, root), logSigner());
  await rawAll(
    `INSERT INTO "LogCheckpoint" ("treeSize", "rootHash", "note", "createdAt") VALUES (?, ?, ?, ?) ON CONFLICT ("treeSize") DO NOTHING RETURNING "treeSize"`,
    [size, root.toString("hex"), note, now],
  );
  return { treeSize: size, rootHash: root.toString("hex") };
}

/** The sequencer's one run: integrate everything waiting (bounded), then publish if due. */
export async function sequenceLog() {
  let appended = 0;
  for (let round = 0; round < 50; round++) {
    const result = await integrateLedger();
    appended += result.appended;
    if (result.appended < BATCH) break;
  }
  const checkpoint = await publishCheckpointIfDue();
  return { appended, checkpoint: checkpoint?.treeSize ?? null };
}

// ---- reading ----

export async function latestCheckpoint() {
  return latestCheckpointRow();
}

export async function checkpointAt(size: number) {
  return db().logCheckpoint.findUnique({ where: { treeSize: size } });
}

export async function consistency(from: number, to: number) {
  return withNodes(
    (read) => consistencyProof(read, from, to),
    (keys) => readNodes(keys),
  );
}

export type LeafRow = { index: number; slug: string; seq: number; hash: string };

/** The leaves of the given entries of a petition (those already in the log). */
export async function leavesOf(publicationId: string, seqs: number[]): Promise<LeafRow[]> {
  if (!seqs.length) return [];
  return db().logLeaf.findMany({
    where: { publicationId, seq: { in: seqs } },
    orderBy: { seq: "asc" },
    select: { index: true, slug: true, seq: true, hash: true },
  });
}

export async function leafAt(index: number): Promise<LeafRow | null> {
  return db().logLeaf.findUnique({ where: { index }, select: { index: true, slug: true, seq: true, hash: true } });
}

export async function leafRange(start: number, end: number): Promise<LeafRow[]> {
  return db().logLeaf.findMany({
    where: { index: { gte: start, lt: end } },
    orderBy: { index: "asc" },
    select: { index: true, slug: true, seq: true, hash: true },
  });
}

/** Proofs that entries are in the tree of `size` leaves: each with its leaf and audit path. */
export async function inclusionProofs(leaves: LeafRow[], size: number) {
  const inTree = leaves.filter((leaf) => leaf.index < size);
  const paths = await withNodes(
    (read) => inTree.map((leaf) => inclusionProof(read, leaf.index, size)),
    (keys) => readNodes(keys),
  );
  return inTree.map((leaf, i) => ({
    ...leaf,
    leafHash: leafHash(leafData(leaf.slug, leaf.seq, leaf.hash)),
    path: paths[i],
  }));
}

// ---- witnesses ----

function configuredWitnesses() {
  return config().witnessKeys.map((key) => parseVerifierKey(key));
}

/** Each configured witness with the largest checkpoint it cosigned (null: none yet). */
export async function witnessStatus() {
  const keys = config().witnessKeys;
  const rows = keys.length
    ? await rawAll<{ witness: string; size: number | string }>(
        `SELECT "witness", MAX("treeSize") AS "size" FROM "LogCosignature" WHERE "witness" IN (${keys.map(() => "?").join(", ")}) GROUP BY "witness"`,
        keys,
      )
    : [];
  const latest = new Map(rows.map((row) => [row.witness, Number(row.size)]));
  return keys.map((key) => ({ key, name: key.split("+")[0], treeSize: latest.get(key) ?? null }));
}

/**
 * "Witnessed by N": the petition's latest entry that a witness has seen in a cosigned checkpoint,
 * and how many of the configured witnesses cosigned a checkpoint that contains it.
 */
export async function witnessedFigures(publicationId: string) {
  const configured = config().witnessKeys.length;
  const witnesses = (await witnessStatus()).filter((witness) => witness.treeSize !== null);
  const widest = Math.max(0, ...witnesses.map((witness) => witness.treeSize!));
  if (!widest) return { configured, witnesses: 0, seq: 0 };
  const leaf = await db().logLeaf.findFirst({
    where: { publicationId, index: { lt: widest } },
    orderBy: { seq: "desc" },
    select: { seq: true, index: true },
  });
  if (!leaf) return { configured, witnesses: 0, seq: 0 };
  return {
    configured,
    witnesses: witnesses.filter((witness) => witness.treeSize! > leaf.index).length,
    seq: leaf.seq,
  };
}

type CosignatureRefusal =
  "bad_note" | "bad_signature" | "unknown_witness" | "not_found" | "wrong_log" | "not_our_checkpoint";
export type CosignatureAnswer =
  { ok: true; treeSize: number; accepted: string[] } | { ok: false; code: CosignatureRefusal; message: string };

/**
 * Stores witnesses' cosignatures sent as a signed note: the checkpoint text exactly as this log
 * published it at that size, followed by signature lines. Lines from keys that are not in
 * WITNESS_KEYS are ignored (c2sp.org/signed-note); a line from a configured key that does not
 * verify refuses the whole note.
 */
export async function addCosignatures(body: string): Promise<CosignatureAnswer> {
  const refuse = (_status: 400 | 403 | 404 | 409, code: CosignatureRefusal, message: string) =>
    ({ ok: false, code, message }) as const;
  const note = parseNote(body);
  const checkpoint = note && parseCheckpoint(note.text);
  if (!note || !checkpoint) return refuse(400, "bad_note", "The body is not a signed checkpoint note.");
  if (checkpoint.origin !== config().logOrigin)
    return refuse(409, "wrong_log", `This log's origin is ${config().logOrigin}.`);
  const ours = await checkpointAt(checkpoint.size);
  if (!ours) return refuse(404, "not_found", "This log published no checkpoint of this size.");
  if (parseNote(ours.note)?.text !== note.text)
    return refuse(409, "not_our_checkpoint", "This log published a different checkpoint at this size.");
  const witnesses = configuredWitnesses();
  const accepted: Array<{ witness: string; line: string; signedAt: Date }> = [];
  for (const line of note.signatures) {
    const witness = witnesses.find((key) => key.name === line.name && key.keyId.equals(line.keyId));
    if (!witness) continue;
    const timestamp = verifyCosignature(note.text, line, witness);
    if (timestamp === null) return refuse(403, "bad_signature", `The cosignature of ${line.name} does not verify.`);
    accepted.push({ witness: verifierKey(witness), line: line.line, signedAt: new Date(timestamp * 1000) });
  }
  if (!accepted.length)
    return refuse(403, "unknown_witness", "No signature line is from a witness this site lists (WITNESS_KEYS).");
  for (const row of accepted)
    await rawAll(
      `INSERT INTO "LogCosignature" ("treeSize", "witness", "line", "signedAt", "createdAt") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("treeSize", "witness") DO NOTHING RETURNING "treeSize"`,
      [checkpoint.size, row.witness, row.line, row.signedAt, new Date()],
    );
  return { ok: true, treeSize: checkpoint.size, accepted: accepted.map((row) => row.witness.split("+")[0]) };
}

/** The cosignature lines stored for a checkpoint, from witnesses still configured. */
async function cosignatureLines(treeSize: number) {
  const keys = config().witnessKeys;
  if (!keys.length) return [];
  const rows = await db().logCosignature.findMany({
    where: { treeSize, witness: { in: keys } },
    orderBy: { witness: "asc" },
    select: { line: true },
  });
  return rows.map((row) => row.line);
}

// ---- public shapes ----

export const IMMUTABLE = "public, max-age=31536000, immutable";

export function proofJson(proofs: Awaited<ReturnType<typeof inclusionProofs>>) {
  return proofs.map((proof) => ({
    index: proof.index,
    petition: proof.slug,
    seq: proof.seq,
    hash: proof.hash,
    leafHash: proof.leafHash.toString("hex"),
    path: proof.path.map((node) => node.toString("hex")),
  }));
}

/** The latest checkpoint with the cosignatures received for it, as served at /api/v1/log/checkpoint. */
export async function latestCosignedCheckpoint() {
  const latest = await latestCheckpoint();
  if (!latest) return null;
  const lines = await cosignatureLines(latest.treeSize);
  return { ...latest, note: latest.note + lines.map((line) => `${line}\n`).join("") };
}

/**
 * What the receipt page shows without JavaScript: which of the entries are in the latest signed
 * checkpoint, with every inclusion proof checked here against its root, and which still wait.
 */
export async function entriesInLog(publicationId: string, seqs: number[]) {
  const latest = await latestCheckpoint();
  if (!latest || !seqs.length) return null;
  const proofs = await inclusionProofs(await leavesOf(publicationId, seqs), latest.treeSize);
  const root = Buffer.from(latest.rootHash, "hex");
  const verified = proofs.every((proof) =>
    verifyInclusion(proof.leafHash, proof.index, latest.treeSize, proof.path, root),
  );
  const included = new Set(proofs.map((proof) => proof.seq));
  return {
    treeSize: latest.treeSize,
    rootHash: latest.rootHash,
    verified,
    included: seqs.filter((seq) => included.has(seq)),
    waiting: seqs.filter((seq) => !included.has(seq)),
    waitSeconds: Math.ceil((config().checkpointIntervalMs + config().logSequenceEveryMs) / 1000) + 1,
  };
}
