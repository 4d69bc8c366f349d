#!/usr/bin/env node
// Dauys ledger verifier. Independent of the app's code on purpose: it uses only Node's built-ins
// and the public API, so anyone can read it in a few minutes and run it against any Dauys site.
//
//   npm run verify -- https://dauys.example.kz fair-elections-petition
//
//   npm run verify -- https://dauys.example.kz fair-elections-petition --checkpoint saved.txt
//
// It downloads the petition's ledger, checks the hash chain, recomputes every tier per region
// (confirmed, pending, held, withdrawn, removed by reason, paper), and compares them with the
// published counts. Then it checks the site's witnessed log: the latest checkpoint's signature
// (against --key, or the key the site publishes), that the log's entries hash to its root, that
// the petition's entries are in it in order with the chain's hashes, and, given a checkpoint you
// saved earlier (--checkpoint FILE, e.g. from a citation or a witness), a consistency proof from
// it: a history rewritten since then fails here. Exit 0 only when everything matches.
// The formats are documented in docs/ledger.md.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import {
  getJson,
  getText,
  leafHash,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  rootOf,
  verifyConsistency,
  verifyNote,
} from "./tlog.js";

const [base, slug, ...rest] = process.argv.slice(2);
const flags = {};
for (let i = 0; i < rest.length; i += 2) flags[rest[i].replace(/^--/, "")] = rest[i + 1];
if (!base || !slug || rest.length % 2 || Object.keys(flags).some((flag) => !["checkpoint", "key"].includes(flag))) {
  console.error("usage: npm run verify -- <base-url> <petition-slug> [--checkpoint FILE] [--key VERIFIER_KEY]");
  process.exit(2);
}
const site = base.replace(/\/+$/, "");
const api = `${site}/api/v1/petitions/${encodeURIComponent(slug)}`;
const GENESIS = "0".repeat(64);

async function get(url) {
  const response = await fetch(url, { headers: { "Cache-Control": "no-cache" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

function canonical(entry) {
  return [
    entry.seq,
    entry.type,
    entry.region,
    entry.amount,
    entry.minute,
    entry.receipt,
    entry.reason,
    entry.prevHash,
  ].join("|");
}

// What each entry type moves, from docs/ledger.md ("Recomputing the counts"): `amount` leaves
// the first tier (if any) and enters the second.
const MOVES = {
  sign: [null, "pending"],
  confirm: ["pending", "confirmed"],
  hold: ["pending", "held"],
  release: ["held", "confirmed"],
  withdraw: ["confirmed", "withdrawn"],
  "withdraw-pending": ["pending", "withdrawn"],
  "withdraw-held": ["held", "withdrawn"],
  remove: ["confirmed", "removed"],
  "remove-pending": ["pending", "removed"],
  "remove-held": ["held", "removed"],
  restore: ["removed", "confirmed"],
  "restore-pending": ["removed", "pending"],
  "restore-held": ["removed", "held"],
  paper: [null, "paper"],
};
const TIERS = ["confirmed", "pending", "held", "withdrawn", "removed", "paper"];
const emptyRow = () => Object.fromEntries(TIERS.map((tier) => [tier, 0]));

function recompute(lines) {
  const regions = new Map();
  const reasons = new Map();
  const row = (code) => regions.get(code) ?? regions.set(code, emptyRow()).get(code);
  let prevHash = GENESIS;
  let seq = 0;
  for (const line of lines) {
    const entry = JSON.parse(line);
    if (entry.seq !== seq + 1) throw new Error(`entry ${entry.seq}: expected sequence ${seq + 1}`);
    if (entry.prevHash !== prevHash)
      throw new Error(`entry ${entry.seq}: prevHash does not match the previous entry's hash`);
    const hash = createHash("sha256").update(canonical(entry), "utf8").digest("hex");
    if (hash !== entry.hash) throw new Error(`entry ${entry.seq}: hash mismatch (computed ${hash})`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/.test(entry.minute))
      throw new Error(`entry ${entry.seq}: time is not to the minute`);
    const move = Object.hasOwn(MOVES, entry.type) ? MOVES[entry.type] : null;
    if (!move) throw new Error(`entry ${entry.seq}: unknown type ${entry.type}`);
    const [from, to] = move;
    const r = row(entry.region);
    if (from) r[from] -= entry.amount;
    r[to] += entry.amount;
    if (to === "removed") reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + entry.amount);
    if (from === "removed") reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) - entry.amount);
    seq = entry.seq;
    prevHash = entry.hash;
  }
  return { regions, reasons, seq, hash: prevHash };
}

function compare(published, ledger) {
  const problems = [];
  const totals = emptyRow();
  for (const region of published.regions) {
    const mine = ledger.regions.get(region.code) ?? emptyRow();
    for (const tier of TIERS) {
      totals[tier] += mine[tier];
      if ((region[tier] ?? 0) !== mine[tier])
        problems.push(`${region.code} ${tier}: published ${region[tier]}, ledger ${mine[tier]}`);
    }
  }
  for (const code of ledger.regions.keys()) {
    if (!published.regions.some((region) => region.code === code))
      problems.push(`ledger region ${code} is missing from the published regions`);
  }
  if (published.confirmed !== totals.confirmed)
    problems.push(`total confirmed: published ${published.confirmed}, ledger ${totals.confirmed}`);
  for (const tier of TIERS) {
    if (!published.tiers || published.tiers[tier] !== totals[tier])
      problems.push(`tier ${tier}: published ${published.tiers?.[tier]}, ledger ${totals[tier]}`);
  }
  const publishedReasons = new Map((published.removedByReason ?? []).map((row) => [row.reason, row.removed]));
  for (const reason of new Set([...publishedReasons.keys(), ...ledger.reasons.keys()])) {
    const a = publishedReasons.get(reason) ?? 0;
    const b = ledger.reasons.get(reason) ?? 0;
    if (a !== b) problems.push(`removed (${reason}): published ${a}, ledger ${b}`);
  }
  if (published.ledger && (published.ledger.seq !== ledger.seq || published.ledger.hash !== ledger.hash)) {
    problems.push(
      `ledger head: published #${published.ledger.seq} ${published.ledger.hash}, downloaded #${ledger.seq} ${ledger.hash}`,
    );
  }
  return { problems, totals };
}

// The published figures name the ledger head they were read with: they are recomputed from the
// ledger up to that entry, so entries appended since (a busy petition) do not matter.
async function check() {
  // The checkpoint first: every entry it holds is then in the ledger downloaded after it.
  const log = await checkpoint();
  const published = await (await get(api)).json();
  const upTo = published.ledger?.seq ?? Number.POSITIVE_INFINITY;
  const text = await (await get(`${api}/ledger`)).text();
  const lines = text.split("\n").filter(Boolean);
  const prefix = lines.filter((line) => JSON.parse(line).seq <= upTo);
  const ledger = recompute(lines.length > prefix.length ? lines : prefix);
  const counted = recompute(prefix);
  const problems = [];
  if (Number.isFinite(upTo) && prefix.length !== upTo)
    problems.push(`the published figures cite entry #${upTo}; the downloaded ledger has only ${prefix.length}`);
  const inLog = await checkLog(
    log,
    lines.map((line) => JSON.parse(line)),
    problems,
  );
  return { published, ledger: counted, entries: lines.length, head: ledger, problems, log, inLog };
}

// ---- the witnessed log ----

async function checkpoint() {
  const key = parseVerifierKey(flags.key ?? (await getText(`${site}/api/v1/log/key`)));
  const served = await fetch(`${site}/api/v1/log/checkpoint`, { headers: { "Cache-Control": "no-cache" } });
  // A site in its first second has no checkpoint yet; one you saved proves it had one.
  if (served.status === 404 && !flags.checkpoint) return null;
  if (!served.ok) throw new Error(`${site}/api/v1/log/checkpoint: HTTP ${served.status}`);
  const note = parseNote(await served.text());
  if (!verifyNote(note, key)) throw new Error(`the latest checkpoint carries no signature by ${key.name}`);
  return { key, ...parseCheckpoint(note.text) };
}

async function checkLog(log, chain, problems) {
  if (!log) return 0;
  const leaves = [];
  const mine = [];
  for (let start = 0; start < log.size; start += 1000) {
    const end = Math.min(start + 1000, log.size);
    const page = await getJson(`${site}/api/v1/log/entries?start=${start}&end=${end}`);
    for (const entry of page.entries) {
      if (entry.index !== leaves.length) throw new Error(`log entry ${leaves.length} is missing`);
      leaves.push(leafHash(`${entry.petition}|${entry.seq}|${entry.hash}`));
      if (entry.petition === slug) mine.push(entry);
    }
  }
  if (leaves.length !== log.size) problems.push(`the log lists ${leaves.length} entries, its checkpoint ${log.size}`);
  else if (!rootOf(leaves).equals(log.root))
    problems.push(`the log's entries do not hash to the root of its signed checkpoint (${log.size} entries)`);
  mine.forEach((entry, index) => {
    if (entry.seq !== index + 1)
      problems.push(`log entry ${entry.index} is ledger entry #${entry.seq}, expected #${index + 1}`);
    else if (chain[index]?.hash !== entry.hash)
      problems.push(`ledger entry #${entry.seq}: the log holds hash ${entry.hash}, the ledger ${chain[index]?.hash}`);
  });
  if (flags.checkpoint) {
    const saved = parseNote(readFileSync(flags.checkpoint, "utf8"));
    if (!verifyNote(saved, log.key)) throw new Error(`${flags.checkpoint} carries no signature by ${log.key.name}`);
    const earlier = parseCheckpoint(saved.text);
    if (earlier.origin !== log.origin) problems.push(`${flags.checkpoint} is from another log (${earlier.origin})`);
    else if (earlier.size > log.size)
      problems.push(`ROLLBACK: the log has ${log.size} entries, fewer than the ${earlier.size} of ${flags.checkpoint}`);
    else {
      const proof =
        earlier.size === log.size
          ? { path: [] }
          : await getJson(`${site}/api/v1/log/proof/consistency?from=${earlier.size}&to=${log.size}`).catch(
              (error) => ({ path: null, error }),
            );
      const path = proof.path && proof.path.map((hex) => Buffer.from(hex, "hex"));
      if (!path || !verifyConsistency(earlier.size, log.size, earlier.root, log.root, path))
        problems.push(
          `FORK: the log of ${log.size} entries does not extend the checkpoint of ${earlier.size} in ${flags.checkpoint}: history was rewritten`,
        );
    }
  }
  return mine.length;
}

try {
  const result = await check();
  const { problems, totals } = compare(result.published, result.ledger);
  problems.unshift(...result.problems);
  console.log(`petition ${slug}: ${result.entries} ledger entries, head #${result.head.seq} ${result.head.hash}`);
  console.log(`published figures as of entry #${result.ledger.seq} ${result.ledger.hash}`);
  console.log(`recomputed: ${TIERS.map((tier) => `${tier} ${totals[tier]}`).join(", ")}`);
  console.log(
    result.log
      ? `log ${result.log.origin}: signed checkpoint of ${result.log.size} entries holds ${result.inLog} of this petition's${
          flags.checkpoint ? `; checked against ${flags.checkpoint}` : ""
        }`
      : "log: no signed checkpoint yet (a site that just started)",
  );
  if (problems.length) {
    console.log(`MISMATCH (${problems.length}):`);
    for (const problem of problems) console.log(`  - ${problem}`);
    process.exit(1);
  }
  console.log(
    `OK: chain intact; every published figure equals the ledger${result.log ? "; the signed log holds the chain" : ""}.`,
  );
} catch (error) {
  console.error(`verify failed: ${error.message}`);
  process.exit(1);
}
