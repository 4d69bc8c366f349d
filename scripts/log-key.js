#!/usr/bin/env node
// A signing key for the site's log (decision 035):
//   npm run log-key -- dauys.example.kz/log
// prints LOG_SIGNING_KEY (keep it secret, with the backups) and the verifier key to publish.
import { newKey } from "./tlog.js";

const name = process.argv[2];
if (!name || !/^[^\s+]+$/.test(name)) {
  console.error("usage: npm run log-key -- <name, e.g. dauys.example.kz/log>");
  process.exit(2);
}
const key = newKey(name, 1);
console.log(`LOG_SIGNING_KEY=${key.private}`);
console.log(`# verifier key (publish it; witnesses pin it): ${key.verifier}`);
