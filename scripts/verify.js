#!/usr/bin/env node
// Dauys ledger verifier. Independent of the app's code on purpose: it uses only Node's built-ins
// and the public API, so anyone can read it in a few minutes and run it against any Dauys site.
//
//   npm run verify -- https://dauys.example.kz fair-elections-petition
//
// It downloads the petition's ledger, checks the hash chain, recomputes every ledgered tier per
// region, and compares them with the published counts. Exit 0 only on an exact match.
// The format is documented in docs/ledger.md.
import { createHash } from "node:crypto";

const [base, slug] = process.argv.slice(2);
if (!base || !slug) {
  console.error("usage: npm run verify -- <base-url> <petition-slug>");
  process.exit(2);
}
const api = `${base.replace(/\/+$/, "")}/api/v1/petitions/${encodeURIComponent(slug)}`;
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

function recompute(lines) {
  const regions = new Map();
  const reasons = new Map();
  const row = (code) =>
    regions.get(code) ?? regions.set(code, { confirmed: 0, withdrawn: 0, removed: 0, paper: 0 }).get(code);
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
    const r = row(entry.region);
    const n = entry.amount;
    switch (entry.type) {
      case "confirm":
        r.confirmed += n;
        break;
      case "withdraw":
        r.confirmed -= n;
        r.withdrawn += n;
        break;
      case "remove":
        r.confirmed -= n;
        r.removed += n;
        reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + n);
        break;
      case "restore":
        r.confirmed += n;
        r.removed -= n;
        reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) - n);
        break;
      case "paper":
        r.paper += n;
        break;
      default:
        throw new Error(`entry ${entry.seq}: unknown type ${entry.type}`);
    }
    seq = entry.seq;
    prevHash = entry.hash;
  }
  return { regions, reasons, seq, hash: prevHash };
}

function compare(published, ledger) {
  const problems = [];
  const tiers = ["confirmed", "withdrawn", "removed", "paper"];
  const totals = { confirmed: 0, withdrawn: 0, removed: 0, paper: 0 };
  for (const region of published.regions) {
    const mine = ledger.regions.get(region.code) ?? { confirmed: 0, withdrawn: 0, removed: 0, paper: 0 };
    for (const tier of tiers) {
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
  for (const tier of tiers) {
    if (published.tiers && published.tiers[tier] !== totals[tier])
      problems.push(`tier ${tier}: published ${published.tiers[tier]}, ledger ${totals[tier]}`);
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

async function attempt() {
  const before = await (await get(api)).json();
  const text = await (await get(`${api}/ledger`)).text();
  const after = await (await get(api)).json();
  const lines = text.split("\n").filter(Boolean);
  const ledger = recompute(lines);
  // Counts that moved while we downloaded prove nothing either way: try again.
  const stable = JSON.stringify(before.ledger) === JSON.stringify(after.ledger) && before.confirmed === after.confirmed;
  return { stable, published: after, ledger, entries: lines.length };
}

try {
  let result;
  for (let round = 1; round <= 5; round++) {
    result = await attempt();
    if (result.stable) break;
    await new Promise((resolve) => setTimeout(resolve, 500 * round));
  }
  const { problems, totals } = compare(result.published, result.ledger);
  console.log(`petition ${slug}: ${result.entries} ledger entries, head #${result.ledger.seq} ${result.ledger.hash}`);
  console.log(
    `recomputed: confirmed ${totals.confirmed}, withdrawn ${totals.withdrawn}, removed ${totals.removed}, paper ${totals.paper}`,
  );
  if (!result.stable) problems.push("counts kept changing during the download; run again when the petition is quieter");
  if (problems.length) {
    console.log(`MISMATCH (${problems.length}):`);
    for (const problem of problems) console.log(`  - ${problem}`);
    process.exit(1);
  }
  console.log("OK: chain intact; every published figure equals the ledger.");
} catch (error) {
  console.error(`verify failed: ${error.message}`);
  process.exit(1);
}
