#!/usr/bin/env node
// A witness for a Dauys site's log: run it every few minutes (cron) from a machine the site's
// operators do not control, e.g. a newsroom's. Node's built-ins only, no code from the app.
//
//   npm run witness -- https://dauys.example.kz [--state DIR] [--key VERIFIER_KEY]
//                      [--cosign KEYFILE [--name NAME]]
//
// Each run: fetches the latest signed checkpoint; checks its signature against the log's key
// (pinned in DIR on the first run, or given with --key); checks a consistency proof from the last
// checkpoint it stored (the new tree must extend the old one: no rewritten history, no rollback);
// stores the new one; and with --cosign, cosigns it with the witness's own key and sends the
// cosignature to the site, which shows "witnessed by N". Exit 0: all good; 1: the log forked,
// rolled back, or a signature is bad (the message says which); 2: wrong usage.
// Formats: docs/ledger.md, "The witnessed log".
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import {
  cosign,
  getJson,
  getText,
  newWitnessKey,
  parseCheckpoint,
  parseNote,
  parsePrivateKey,
  parseVerifierKey,
  verifyConsistency,
  verifyNote,
} from "./tlog.js";

function options(argv) {
  const [base, ...rest] = argv;
  const flags = {};
  for (let i = 0; i < rest.length; i++) {
    if (!rest[i].startsWith("--")) return null;
    flags[rest[i].slice(2)] = rest[i + 1];
    i++;
  }
  return base && /^https?:\/\//.test(base) ? { base: base.replace(/\/+$/, ""), ...flags } : null;
}

const args = options(process.argv.slice(2));
if (!args) {
  console.error(
    "usage: npm run witness -- <base-url> [--state DIR] [--key VERIFIER_KEY] [--cosign KEYFILE [--name NAME]]",
  );
  process.exit(2);
}
const state = args.state ?? "witness-state";
const file = (name) => join(state, name);
const read = (name) => (existsSync(file(name)) ? readFileSync(file(name), "utf8") : null);

class Alarm extends Error {}

async function run() {
  mkdirSync(state, { recursive: true });
  const pinned = read("log-key")?.trim();
  if (args.key && pinned && args.key.trim() !== pinned)
    throw new Alarm(`--key differs from the key pinned in ${file("log-key")}: refusing to switch keys silently`);
  let keyText = args.key?.trim() ?? pinned;
  if (!keyText) {
    keyText = (await getText(`${args.base}/api/v1/log/key`)).trim();
    console.log(`first run: pinned the log's key ${keyText}`);
    console.log("  compare it with the key published in the site's documentation (docs/ledger.md).");
  }
  const key = parseVerifierKey(keyText);
  if (key.type !== 1) throw new Alarm("the log's key must be an Ed25519 note key (type 0x01)");

  const served = await getText(`${args.base}/api/v1/log/checkpoint`);
  const note = parseNote(served);
  let signed;
  try {
    signed = verifyNote(note, key);
  } catch (error) {
    throw new Alarm(`BAD SIGNATURE: ${error.message}`);
  }
  if (!signed) throw new Alarm(`BAD SIGNATURE: the checkpoint carries no signature by ${key.name}`);
  const checkpoint = parseCheckpoint(note.text);
  const origin = read("origin")?.trim();
  if (origin && origin !== checkpoint.origin)
    throw new Alarm(`the log's origin changed from ${origin} to ${checkpoint.origin}`);

  const previousNote = read("checkpoint");
  if (previousNote) {
    const previous = parseCheckpoint(parseNote(previousNote).text);
    if (checkpoint.size < previous.size)
      throw new Alarm(`ROLLBACK: the log shrank from ${previous.size} to ${checkpoint.size} entries`);
    if (checkpoint.size === previous.size && !checkpoint.root.equals(previous.root))
      throw new Alarm(`FORK: two different trees of ${checkpoint.size} entries`);
    if (checkpoint.size > previous.size) {
      const proof = await getJson(
        `${args.base}/api/v1/log/proof/consistency?from=${previous.size}&to=${checkpoint.size}`,
      ).catch((error) => {
        throw new Alarm(`FORK: no consistency proof from ${previous.size} to ${checkpoint.size} (${error.message})`);
      });
      const path = (proof.path ?? []).map((hex) => Buffer.from(hex, "hex"));
      if (!verifyConsistency(previous.size, checkpoint.size, previous.root, checkpoint.root, path))
        throw new Alarm(
          `FORK: the checkpoint of ${checkpoint.size} entries does not extend the one of ${previous.size} this witness stored: history was rewritten`,
        );
    }
  }

  if (!pinned) writeFileSync(file("log-key"), `${keyText}\n`);
  if (!origin) writeFileSync(file("origin"), `${checkpoint.origin}\n`);
  const logLine = note.signatures.find((s) => s.name === key.name && s.id.equals(key.id)).line;
  writeFileSync(file("checkpoint"), `${note.text}\n${logLine}\n`);
  appendFileSync(
    file("history"),
    `${new Date().toISOString()} ${checkpoint.size} ${checkpoint.root.toString("base64")}\n`,
  );
  console.log(
    `OK: checkpoint of ${checkpoint.size} entries, root ${checkpoint.root.toString("base64")}${
      previousNote ? ", consistent with the last one stored" : " (first one stored)"
    }`,
  );

  if (args.cosign) {
    if (!existsSync(args.cosign)) {
      const created = newWitnessKey(args.name ?? `${hostname()}/dauys-witness`);
      writeFileSync(args.cosign, `${created.private}\n`, { mode: 0o600 });
      console.log(`created the witness key ${args.cosign}; give the site's admin this line for WITNESS_KEYS:`);
      console.log(`  ${created.verifier}`);
    }
    const own = parsePrivateKey(readFileSync(args.cosign, "utf8"));
    const cosigned = `${note.text}\n${logLine}\n${cosign(note.text, own)}\n`;
    const response = await fetch(`${args.base}/api/v1/log/cosignatures`, {
      method: "POST",
      headers: { "Content-Type": "text/plain; charset=utf-8" },
      body: cosigned,
    });
    const answer = await response.text();
    if (response.ok) console.log(`cosigned as ${own.name}; the site accepted it`);
    else console.error(`WARNING: the site refused the cosignature (HTTP ${response.status}): ${answer.slice(0, 300)}`);
  }
}

try {
  await run();
} catch (error) {
  console.error(error instanceof Alarm ? error.message : `witness failed: ${error.message}`);
  process.exit(1);
}
