// Issue 13: counts no one can quietly rewrite. The site's ledger entries go into one signed
// Merkle log; witnesses keep its checkpoints and notice a fork, a rollback or a forged signature;
// every receipt (signers' and paper batches') is provably in it. Proofs and signatures are checked
// here with test/support/rfc9162.ts (naive RFC 9162, @noble/ed25519), not with the app's code.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, fetchText, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";
import { signIn } from "../support/workspace.ts";
import {
  fromHex,
  hex,
  leaf,
  mth,
  nobleWitnessKey,
  parseCheckpointText,
  path,
  proof,
  rootFromPath,
  splitNote,
  verifyCosignatureLine,
  verifyNoteSignature,
} from "../support/rfc9162.ts";

let app: TestApp;
let witness: Awaited<ReturnType<typeof nobleWitnessKey>>;
const scratch = mkdtempSync(join(tmpdir(), "dauys-witness-"));
const witnessKeyFile = join(scratch, "witness-key");

beforeAll(async () => {
  witness = await nobleWitnessKey("newsroom.example/witness");
  writeFileSync(witnessKeyFile, `${witness.privateText}\n`);
  app = await startTestApp({
    env: {
      RATE_LIMITS: "off",
      READ_CACHE: "0ms",
      PAGE_CACHE: "0ms",
      CHECKPOINT_INTERVAL: "0s",
      LOG_SEQUENCE_EVERY: "100ms",
      WITNESS_KEYS: witness.vkey,
    },
  });
});
afterAll(async () => {
  await app?.close();
  rmSync(scratch, { recursive: true, force: true });
});

type Entry = { seq: number; type: string; region: string; amount: number; minute: string; receipt: string };
type Leaf = { index: number; petition: string; seq: number; hash: string };

const get = (path: string) => fetch(`${app.url}${path}`);
const json = async <T>(path: string) => (await (await get(path)).json()) as T;
const ledger = async () =>
  (await (await get(`/api/v1/petitions/${demoPetition}/ledger`)).text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry & { hash: string; prevHash: string; reason: string });
const totalEntries = async () =>
  Number((await app.db.query<{ n: number | string }>(`SELECT COALESCE(SUM("seq"), 0) AS n FROM "LedgerHead"`))[0].n);

/** The latest checkpoint once it holds every ledger entry there is. */
async function settledCheckpoint() {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await get("/api/v1/log/checkpoint");
    const note = await response.text();
    // 404 while the log has no checkpoint: just after start, or after an attack emptied it.
    const checkpoint = response.ok ? parseCheckpointText(splitNote(note).text) : { size: -1 };
    if (checkpoint.size === (await totalEntries()))
      return { note, ...(checkpoint as ReturnType<typeof parseCheckpointText>) };
    if (Date.now() > deadline) throw new Error(`log stuck at ${checkpoint.size}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function allLeaves(size: number) {
  const leaves: Leaf[] = [];
  for (let start = 0; start < size; start += 1000) {
    const page = await json<{ entries: Leaf[] }>(
      `/api/v1/log/entries?start=${start}&end=${Math.min(size, start + 1000)}`,
    );
    leaves.push(...page.entries);
  }
  return leaves;
}
const leafBytes = (entry: Leaf) => new TextEncoder().encode(`${entry.petition}|${entry.seq}|${entry.hash}`);

async function sign(email: string, region = "KZ-75", confirm = true) {
  expect((await postForm(`${app.url}/ru/p/${demoPetition}`, signer({ email, region }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  const mail = app.smtp.mailsTo(email)[0];
  if (confirm) expect((await pressConfirm(confirmLink(mail))).status).toBe(200);
  return /([A-Za-z0-9_-]{22})\./.exec(mail.text.split("\n").find((line) => /квитанция|түбіртегіңіз/i.test(line))!)![1];
}

async function paperBatch() {
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  const session = await signIn(app, "organizer@example.kz");
  const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [
    demoPetition,
  ]);
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const form = new FormData();
  for (const [key, value] of Object.entries({
    csrf: session.csrf,
    region: "KZ-11",
    count: "40",
    collectedFrom: day(-5),
    collectedTo: day(-1),
    note: "",
  }))
    form.set(key, value);
  const pdf = Buffer.alloc(2000, 0x20);
  pdf.write("%PDF-1.4\n", 0, "latin1");
  form.set("scan", new Blob([new Uint8Array(pdf)], { type: "application/pdf" }), "batch.pdf");
  const response = await fetch(`${app.url}/kk/workspace/publications/${id}/paper`, {
    method: "POST",
    body: form,
    headers: { Cookie: session.cookie },
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  return (await ledger()).at(-1)!.receipt;
}

function run(script: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}
const runWitness = (state: string, ...extra: string[]) =>
  run("scripts/witness.js", [app.url, "--state", join(scratch, state), ...extra]);

let firstCheckpoint = "";
const receipts: string[] = [];

describe(`the witnessed log (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("puts every ledger entry into one signed log whose root and proofs an independent RFC 9162 implementation confirms", async () => {
    const logKey = (await (await get("/api/v1/log/key")).text()).trim();
    const early = await settledCheckpoint();
    firstCheckpoint = early.note;
    expect(await verifyNoteSignature(early.note, logKey)).toBe(true);

    for (const [index, region] of ["KZ-75", "KZ-11", "KZ-71", "abroad", "KZ-75"].entries())
      receipts.push(await sign(`log${index}@example.kz`, region, index !== 3));
    receipts.push(await paperBatch());
    const cp = await settledCheckpoint();
    expect(cp.size).toBeGreaterThan(early.size);
    expect(await verifyNoteSignature(cp.note, logKey)).toBe(true);
    const info = await json<{ origin: string; key: { verifierKey: string } }>("/api/v1/log");
    expect(cp.origin).toBe(info.origin);
    expect(info.key.verifierKey).toBe(logKey);

    // The leaves are the petition's ledger, entry by entry, and they hash to the signed root.
    const leaves = await allLeaves(cp.size);
    const chain = await ledger();
    expect(leaves.filter((entry) => entry.petition === demoPetition).map((entry) => [entry.seq, entry.hash])).toEqual(
      chain.map((entry) => [entry.seq, entry.hash]),
    );
    const data = leaves.map(leafBytes);
    expect(hex(mth(data))).toBe(hex(cp.root));

    // Every receipt, the signers' and the paper batch's: each of its entries proves into the root.
    for (const receipt of receipts) {
      const response = await get(
        `/api/v1/log/proof/inclusion?petition=${demoPetition}&receipt=${receipt}&size=${cp.size}`,
      );
      expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      const answer = (await response.json()) as {
        treeSize: number;
        proofs: Array<Leaf & { leafHash: string; path: string[] }>;
      };
      const mine = chain.filter((entry) => entry.receipt === receipt);
      expect(answer.proofs.map((p) => p.seq)).toEqual(mine.map((entry) => entry.seq));
      for (const p of answer.proofs) {
        expect(hex(leaf(leafBytes(p)))).toBe(p.leafHash);
        expect(p.path).toEqual(path(p.index, data).map(hex));
        expect(hex(rootFromPath(p.index, cp.size, leaf(leafBytes(p)), p.path.map(fromHex)))).toBe(hex(cp.root));
      }
    }
    expect(chain.find((entry) => entry.receipt === receipts.at(-1))!.type).toBe("paper");
    // By index and by entry number too; nothing beyond a published tree.
    const byIndex = await json<{ proofs: Leaf[] }>(`/api/v1/log/proof/inclusion?index=${cp.size - 1}&size=${cp.size}`);
    expect(byIndex.proofs[0]).toMatchObject(leaves.at(-1)!);
    const bySeq = await json<{ proofs: Leaf[] }>(`/api/v1/log/proof/inclusion?petition=${demoPetition}&seq=1`);
    expect(bySeq.proofs[0]).toMatchObject({ petition: demoPetition, seq: 1, hash: chain[0].hash });
    expect((await get(`/api/v1/log/proof/inclusion?index=${cp.size}&size=${cp.size}`)).status).toBe(404);
    expect((await get(`/api/v1/log/proof/inclusion?index=0&petition=x`)).status).toBe(400);
    expect((await get(`/api/v1/log/entries?start=0&end=${cp.size + 1}`)).status).toBe(400);

    // The tree grew append-only: a consistency proof from the first checkpoint, as RFC 9162 builds it.
    const consistency = await json<{ path: string[] }>(
      `/api/v1/log/proof/consistency?from=${early.size}&to=${cp.size}`,
    );
    expect(consistency.path).toEqual(early.size ? proof(early.size, data).map(hex) : []);
    expect(hex(mth(data.slice(0, early.size)))).toBe(hex(early.root));
    // Every checkpoint stays retrievable by its size, byte for byte, forever.
    const old = await get(`/api/v1/log/checkpoint/${early.size}`);
    expect(await old.text()).toBe(early.note);
    expect(old.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");

    // No personal data in the log: leaves are slug, number and hash only.
    const everything = JSON.stringify(leaves);
    expect(everything).not.toMatch(/@|example\.kz|Айгүл/);
  });

  it("lets a witness pin the key, check consistency, cosign, and the site then shows who witnessed the count", async () => {
    const first = await runWitness("newsroom", "--cosign", witnessKeyFile);
    expect(first.output).toContain("first run: pinned the log's key");
    expect(first.output).toContain("cosigned as newsroom.example/witness; the site accepted it");
    expect(first.code).toBe(0);
    await sign("log-after-witness@example.kz");
    const cp = await settledCheckpoint();
    const second = await runWitness("newsroom", "--cosign", witnessKeyFile);
    expect(second.output).toContain(`OK: checkpoint of ${cp.size} entries`);
    expect(second.output).toContain("consistent with the last one stored");
    expect(second.code).toBe(0);

    // The served checkpoint carries the witness's cosignature, valid for an independent verifier.
    const served = splitNote(await (await get("/api/v1/log/checkpoint")).text());
    const cosignature = served.signatures.find((line) => line.name === "newsroom.example/witness")!;
    expect(await verifyCosignatureLine(served.text, cosignature, witness.vkey)).toBeGreaterThan(1_700_000_000);
    const info = await json<{ witnesses: Array<{ name: string; treeSize: number }> }>("/api/v1/log");
    expect(info.witnesses).toEqual([{ name: "newsroom.example/witness", key: witness.vkey, treeSize: cp.size }]);

    const ru = await fetchText(`${app.url}/ru/p/${demoPetition}`);
    const head = (await ledger()).at(-1)!.seq;
    expect(ru).toContain(
      `Засвидетельствовано: 1 независимый свидетель подписал журнал с записями этой петиции до №${head}.`,
    );
    const kk = await fetchText(`${app.url}/kk/p/${demoPetition}`);
    expect(kk).toContain(
      `Куәландырылған: 1 тәуелсіз куә осы петицияның №${head} дейінгі жазбалары бар журналға қол қойды.`,
    );
  });

  it("refuses cosignatures that are forged, from unknown witnesses, or over another checkpoint", async () => {
    const cp = await settledCheckpoint();
    const { text, signatures } = splitNote(cp.note);
    const logLine = cp.note.slice(text.length + 1).split("\n")[0];
    const post = (body: string) =>
      fetch(`${app.url}/api/v1/log/cosignatures`, { method: "POST", body, headers: { "Content-Type": "text/plain" } });
    const good = await witness.cosign(text);
    expect((await post(`${text}\n${logLine}\n${good}\n`)).status).toBe(200);
    // One flipped bit of the signature.
    const bytes = Buffer.from(good.split(" ")[2], "base64");
    bytes[bytes.length - 1] ^= 1;
    const forged = `\u2014 newsroom.example/witness ${bytes.toString("base64")}`;
    const refused = await post(`${text}\n${logLine}\n${forged}\n`);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("bad_signature");
    const stranger = await nobleWitnessKey("stranger.example/witness");
    expect((await post(`${text}\n${logLine}\n${await stranger.cosign(text)}\n`)).status).toBe(403);
    const otherText = text.replace(/\n[^\n]+\n$/, `\n${Buffer.alloc(32, 7).toString("base64")}\n`);
    expect((await post(`${otherText}\n${await witness.cosign(otherText)}\n`)).status).toBe(409);
    expect((await post("not a note")).status).toBe(400);
    expect(signatures.length).toBeGreaterThan(0);
  });

  it("gives a citation the signed checkpoint it was taken at, which proves the cited entry", async () => {
    const cp = await settledCheckpoint();
    const cited = await postForm(`${app.url}/ru/p/${demoPetition}/cite`, {});
    expect(cited.status).toBe(303);
    const id = /\/s\/([A-Za-z0-9]+)$/.exec(cited.headers.get("location")!)![1];
    const snapshot = await json<{
      ledger: { seq: number; hash: string };
      checkpoint: { treeSize: number; note: string; entryIndex: number | null; url: string };
    }>(`/api/v1/snapshots/${id}`);
    expect(snapshot.checkpoint).toMatchObject({
      treeSize: cp.size,
      note: await (await get(`/api/v1/log/checkpoint/${cp.size}`)).text(),
    });
    const logKey = (await (await get("/api/v1/log/key")).text()).trim();
    expect(await verifyNoteSignature(snapshot.checkpoint.note, logKey)).toBe(true);
    const index = snapshot.checkpoint.entryIndex!;
    const answer = await json<{ proofs: Array<Leaf & { path: string[] }> }>(
      `/api/v1/log/proof/inclusion?index=${index}&size=${cp.size}`,
    );
    expect(answer.proofs[0]).toMatchObject({
      petition: demoPetition,
      seq: snapshot.ledger.seq,
      hash: snapshot.ledger.hash,
    });
    const root = parseCheckpointText(splitNote(snapshot.checkpoint.note).text).root;
    expect(
      hex(rootFromPath(index, cp.size, leaf(leafBytes(answer.proofs[0])), answer.proofs[0].path.map(fromHex))),
    ).toBe(hex(root));
    expect(await fetchText(`${app.url}/ru/s/${id}`)).toContain(
      `Подписанная контрольная точка журнала на тот момент (записей в журнале: ${cp.size}). Запись №${snapshot.ledger.seq} — в ней, это элемент журнала ${index}.`,
    );
  });

  it("catches a rewritten history (re-hashed chain, new head and counters, rebuilt and re-signed log): the witness and verify given an earlier checkpoint", async () => {
    const saved = join(scratch, "earlier-checkpoint.txt");
    writeFileSync(saved, (await settledCheckpoint()).note);
    expect((await runVerifier(app.url, demoPetition, ["--checkpoint", saved])).code).toBe(0);

    // The operator moves one confirmed signature from Almaty to Astana and covers every trace.
    const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [
      demoPetition,
    ]);
    const chain = await ledger();
    const victim = chain.find((entry) => entry.type === "confirm" && entry.region === "KZ-75")!;
    const from = chain.find((entry) => entry.receipt === victim.receipt)!;
    let prevHash = from.prevHash;
    for (const entry of chain.slice(from.seq - 1)) {
      const region = entry.receipt === victim.receipt ? "KZ-71" : entry.region;
      const line = [entry.seq, entry.type, region, entry.amount, entry.minute, entry.receipt, entry.reason, prevHash];
      const hash = createHash("sha256").update(line.join("|"), "utf8").digest("hex");
      await app.db.query(
        `UPDATE "LedgerEntry" SET "region" = $1, "prevHash" = $2, "hash" = $3 WHERE "publicationId" = $4 AND "seq" = $5`,
        [region, prevHash, hash, id, entry.seq],
      );
      prevHash = hash;
    }
    await app.db.query(`UPDATE "LedgerHead" SET "hash" = $1 WHERE "publicationId" = $2`, [prevHash, id]);
    const tiers = chain.filter((entry) => entry.receipt === victim.receipt);
    expect(tiers.every((entry) => entry.region === "KZ-75")).toBe(true);
    const last = tiers.at(-1)!.type === "confirm" ? "confirmed" : "pending";
    await app.db.query(
      `UPDATE "RegionCount" SET "${last}" = "${last}" - 1 WHERE "publicationId" = $1 AND "region" = 'KZ-75'`,
      [id],
    );
    await app.db.query(
      `UPDATE "RegionCount" SET "${last}" = "${last}" + 1 WHERE "publicationId" = $1 AND "region" = 'KZ-71'`,
      [id],
    );
    // …and rebuilds the whole log from the rewritten chain, signed with the site's real key.
    for (const table of ["LogCosignature", "LogCheckpoint", "LogNode", "LogLeaf", "LogCursor"])
      await app.db.query(`DELETE FROM "${table}"`);
    await sign("log-after-rewrite@example.kz", "KZ-79");
    const rewritten = await settledCheckpoint();

    // Without an earlier checkpoint the rewrite is invisible: chain, counts and log all agree.
    const blind = await runVerifier(app.url, demoPetition);
    expect(blind.output).toContain("OK: chain intact");
    // With one, it is not.
    const checked = await runVerifier(app.url, demoPetition, ["--checkpoint", saved]);
    expect(checked.output).toContain("FORK");
    expect(checked.code).toBe(1);
    const witnessed = await runWitness("newsroom");
    expect(witnessed.output).toMatch(/FORK: the checkpoint of \d+ entries does not extend|FORK: two different trees/);
    expect(witnessed.code).toBe(1);
    expect(rewritten.size).toBeGreaterThan(0);
  });

  it("catches a rolled-back log and refuses a checkpoint whose signature is forged", async () => {
    const state = "rollback";
    await sign("log-rollback-1@example.kz");
    await sign("log-rollback-2@example.kz");
    const newer = await settledCheckpoint();
    expect((await runWitness(state)).code).toBe(0);
    const newerFile = join(scratch, "newer-checkpoint.txt");
    writeFileSync(newerFile, newer.note);

    // The operator restores an older backup: the last two signatures' entries and the log's tail go.
    const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [
      demoPetition,
    ]);
    const chain = await ledger();
    const keep = chain.length - 4;
    const cut = Number(
      (
        await app.db.query<{ i: number | string }>(
          `SELECT MIN("index") AS i FROM "LogLeaf" WHERE "seq" > $1 AND "publicationId" = $2`,
          [keep, id],
        )
      )[0].i,
    );
    await app.db.query(`DELETE FROM "LedgerEntry" WHERE "publicationId" = $1 AND "seq" > $2`, [id, keep]);
    await app.db.query(`UPDATE "LedgerHead" SET "seq" = $1, "hash" = $2 WHERE "publicationId" = $3`, [
      keep,
      chain[keep - 1].hash,
      id,
    ]);
    await app.db.query(`UPDATE "LogCursor" SET "seq" = $1 WHERE "publicationId" = $2`, [keep, id]);
    await app.db.query(`DELETE FROM "LogLeaf" WHERE "index" >= $1`, [cut]);
    await app.db.query(`DELETE FROM "LogNode" WHERE ("index" + 1) * (1 << "level") > $1`, [cut]);
    await app.db.query(`DELETE FROM "LogCheckpoint" WHERE "treeSize" > $1`, [cut]);
    const rolledBack = await settledCheckpoint();
    expect(rolledBack.size).toBe(cut);

    const witnessed = await runWitness(state);
    expect(witnessed.output).toContain(`ROLLBACK: the log shrank from ${newer.size} to ${cut} entries`);
    expect(witnessed.code).toBe(1);
    const verified = await runVerifier(app.url, demoPetition, ["--checkpoint", newerFile]);
    expect(verified.output).toContain("ROLLBACK");
    expect(verified.code).toBe(1);

    // A checkpoint signed by someone without the site's key (same key name), and one altered after signing.
    const witnessKey = readFileSync(join(scratch, state, "log-key"), "utf8").trim();
    const { text } = splitNote(rolledBack.note);
    const imposter = await nobleWitnessKey(witnessKey.split("+")[0]);
    const fake = `${text}\n${await imposter.cosign(text)}\n`;
    await app.db.query(`UPDATE "LogCheckpoint" SET "note" = $1 WHERE "treeSize" = $2`, [fake, rolledBack.size]);
    const refused = await runWitness("fresh-for-forgery", "--key", witnessKey);
    expect(refused.output).toContain("BAD SIGNATURE");
    expect(refused.code).toBe(1);
    const altered = rolledBack.note.replace(/\n\d+\n/, `\n${rolledBack.size + 1}\n`);
    await app.db.query(`UPDATE "LogCheckpoint" SET "note" = $1 WHERE "treeSize" = $2`, [altered, rolledBack.size]);
    const refusedAgain = await runWitness("fresh-for-forgery", "--key", witnessKey);
    expect(refusedAgain.output).toContain("BAD SIGNATURE");
    expect(refusedAgain.code).toBe(1);
    expect((await runVerifier(app.url, demoPetition)).code).toBe(1);
    await app.db.query(`UPDATE "LogCheckpoint" SET "note" = $1 WHERE "treeSize" = $2`, [
      rolledBack.note,
      rolledBack.size,
    ]);
    expect(firstCheckpoint).not.toBe("");
  });
});
