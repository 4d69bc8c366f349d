// Which Node.js Dauys runs on: the one place that says it (package.json "engines" and the README
// repeat it; test/unit/node-support.test.ts keeps them in step). server.js and `npm test` import
// this module first and stop with one line on an older Node; `node scripts/node-support.js` exits
// 1 with that line, 0 on a supported Node.
// Written in plain old syntax on purpose: it must load on the very Node versions it refuses.
import { pathToFileURL } from "node:url";

export const MINIMUM_NODE = "22.12.0";
export const RECOMMENDED_NODE = "24";

function parse(version) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(version || "").trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

// null when `version` (e.g. "24.22.3" or "v20.20.2") is supported, else the one-line reason.
export function unsupportedNode(version) {
  const have = parse(version);
  const need = parse(MINIMUM_NODE);
  const shown = String(version || "unknown").replace(/^v/, "");
  const reason =
    "Dauys needs Node.js " +
    MINIMUM_NODE.replace(/\.0$/, "") +
    " or newer (" +
    RECOMMENDED_NODE +
    " LTS recommended); this is Node.js " +
    shown +
    ". See README, Quick start.";
  if (!have) return reason;
  for (let i = 0; i < 3; i++) {
    if (have[i] > need[i]) return null;
    if (have[i] < need[i]) return reason;
  }
  return null;
}

// Prints the reason and exits 1 on an unsupported Node; returns on a supported one.
export function refuseUnsupportedNode() {
  const reason = unsupportedNode(process.versions.node);
  if (reason) {
    console.error(reason);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) refuseUnsupportedNode();
