// A fresh, empty database per test file: a temporary SQLite file, or a new PostgreSQL database on
// the local server. DAUYS_TEST_DB=postgres selects PostgreSQL; PG_TEST_URL overrides the server.
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const testDatabaseKind = process.env.DAUYS_TEST_DB === "postgres" ? "postgres" : "sqlite";
const pgServer = process.env.PG_TEST_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type TestDatabase = {
  kind: "sqlite" | "postgres";
  url: string;
  /** Raw SQL straight to the database, bypassing the app: what tests check against. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
};

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "dauys-test-"));
    const file = join(dir, "test.db");
    let raw: Database.Database | undefined;
    const open = () => (raw ??= new Database(file, { timeout: 10_000 }));
    return {
      kind: "sqlite",
      url: `file:${file}`,
      async query(sql, params = []) {
        // PostgreSQL-style $1..$n, possibly repeated: expand to positional "?" in order of use.
        const args: unknown[] = [];
        const statement = open().prepare(
          sql.replace(/\$(\d+)/g, (_, n: string) => (args.push(params[Number(n) - 1]), "?")),
        );
        return (statement.reader ? statement.all(...args) : (statement.run(...args), [])) as never;
      },
      async drop() {
        raw?.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `dauys_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = pgServer.replace(/\/[^/]*$/, `/${name}`);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // pool.end() resolves before its connections have closed; DROP … WITH (FORCE) may then end one
  // of them from the server side (57P01), which the pool reports as an "error" event.
  pool.on("error", () => {});
  return {
    kind: "postgres",
    url,
    async query(sql, params = []) {
      return (await pool.query(sql, params)).rows;
    },
    async drop() {
      await pool.end();
      const client = new pg.Client({ connectionString: pgServer });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
