// Runs one scheduled job now: node scripts/job.js recount|retention|forget-ip-hashes|outbox-cleanup|rate-limit-prune|signer-updates|log-sequencer
import * as build from "../build/index.js";

const name = process.argv[2];
const known = [
  "recount",
  "retention",
  "forget-ip-hashes",
  "outbox-cleanup",
  "rate-limit-prune",
  "signer-updates",
  "log-sequencer",
];
if (!known.includes(name)) {
  console.error(`usage: npm run job -- <${known.join("|")}>`);
  process.exit(2);
}
try {
  const result = await build.entry.module.runJobOnce(name);
  console.log(JSON.stringify({ job: name, result }));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
