// `npm test`: the whole suite, as CI runs it. Builds the app once, then runs
//   1. unit + integration tests on SQLite,
//   2. integration tests on PostgreSQL (PG_TEST_URL, default the local server),
//   3. browser tests in Chromium, on SQLite and PostgreSQL,
// and ends with one line "tests: N passed, N failed".
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import pg from "pg";
import { refuseUnsupportedNode } from "./node-support.js";

// The suite starts `node server.js`, which refuses an unsupported Node: say so once, up front.
refuseUnsupportedNode();

const vitest = "node_modules/vitest/vitest.mjs";
const reports = "test-results/vitest";
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" });

const pgUrl = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
async function postgresReachable() {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (error) {
    console.error(`PostgreSQL at ${pgUrl.replace(/\/\/[^@]*@/, "//")} is not reachable: ${error.message}`);
    return false;
  }
}

const runs = [
  { name: "sqlite", env: { DAUYS_TEST_DB: "sqlite" }, args: [] },
  { name: "postgres", env: { DAUYS_TEST_DB: "postgres" }, args: ["test/integration"] },
  { name: "e2e-sqlite", env: { DAUYS_TEST_DB: "sqlite" }, args: ["--config", "vitest.e2e.config.ts"] },
  { name: "e2e-postgres", env: { DAUYS_TEST_DB: "postgres" }, args: ["--config", "vitest.e2e.config.ts"] },
];

if (!(await postgresReachable())) {
  console.error("Start it (Debian: pg_ctlcluster <version> main start) or point PG_TEST_URL at a server.");
  process.exit(1);
}

let passed = 0;
let failed = 0;
let exitCode = 0;
// Failed tests are listed again at the very end, so a log cut to its last lines still names them.
const failures = [];
for (const run of runs) {
  console.log(`\n=== ${run.name} ===`);
  const report = `${reports}/${run.name}.json`;
  const result = spawnSync(
    process.execPath,
    [vitest, "run", ...run.args, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    {
      stdio: "inherit",
      env: { ...process.env, ...run.env },
    },
  );
  try {
    const summary = JSON.parse(readFileSync(report, "utf8"));
    passed += summary.numPassedTests;
    failed += summary.numFailedTests + (summary.numTotalTests === 0 ? 1 : 0);
    for (const file of summary.testResults ?? []) {
      if (file.status === "failed" && !file.assertionResults?.some((test) => test.status === "failed")) {
        failures.push(`[${run.name}] ${file.name}: ${firstLine(file.message)}`);
        failed += 1; // a file that failed outside its tests (a hook, an import) counts too
      }
      for (const test of file.assertionResults ?? []) {
        if (test.status !== "failed") continue;
        failures.push(`[${run.name}] ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
      }
    }
  } catch {
    failed += 1;
    failures.push(`[${run.name}] no report was written`);
  }
  if (result.status !== 0) exitCode = result.status ?? 1;
}
if (failures.length > 0) console.log(`\nfailed:\n${failures.map((line) => `  ${line}`).join("\n")}`);
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(exitCode || (failed ? 1 : 0));

function firstLine(message) {
  return (
    String(message ?? "")
      .split("\n")
      .find((line) => line.trim() !== "") ?? "(no message)"
  );
}
