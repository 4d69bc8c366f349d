// Fresh databases for one bench run: a SQLite file in a temporary directory, or a new
// PostgreSQL database `dauys_bench_<random>` on the local server (dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const pgServerUrl = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

/** Null when the server answers, else the reason (for the results, never silently skipped). */
export async function postgresProblem() {
  const client = new pg.Client({ connectionString: pgServerUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return `PostgreSQL at ${pgServerUrl.replace(/\/\/[^@]*@/, "//")} is not reachable: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * @typedef {{ kind: "sqlite" | "postgres", url: string, label: string, drop(): Promise<void> }} BenchDatabase
 */

/**
 * @param {"sqlite" | "postgres"} kind
 * @param {string} dir temporary directory of this run (SQLite files go there)
 * @param {string} role "app" or "base"
 * @returns {Promise<BenchDatabase>}
 */
export async function createDatabase(kind, dir, role) {
  if (kind === "sqlite") {
    const folder = mkdtempSync(join(dir, `sqlite-${role}-`));
    const file = join(folder, "bench.db");
    return {
      kind,
      url: `file:${file}`,
      label: file,
      drop: async () => rmSync(folder, { recursive: true, force: true }),
    };
  }
  const name = `dauys_bench_${randomBytes(5).toString("hex")}_${role}`;
  const admin = new pg.Client({ connectionString: pgServerUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = pgServerUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    kind,
    url,
    label: name,
    async drop() {
      const client = new pg.Client({ connectionString: pgServerUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export const scratchDir = () => mkdtempSync(join(tmpdir(), "dauys-bench-"));
