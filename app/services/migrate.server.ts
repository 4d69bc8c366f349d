// Applies the SQL migrations in prisma/<db>/migrations at start, before the Prisma client opens
// the database. Why not `prisma migrate deploy`: it needs the CLI and its JS schema engine at run
// time, takes ~12 s on PostgreSQL and fails while the app holds the SQLite file
// (docs/decisions/003-migrations-applied-by-the-app.md).
import Database from "better-sqlite3";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import pg from "pg";
import { projectRoot, sqliteFilePath } from "~/lib/paths.server.ts";

type Migration = { name: string; sql: string };

function migrationsFor(db: "sqlite" | "postgres"): Migration[] {
  const dir = join(projectRoot, "prisma", db, "migrations");
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name, "migration.sql"), "utf8") }));
}

/** Returns the names of the migrations it applied. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  return databaseUrl.startsWith("file:") ? migrateSqlite(sqliteFilePath(databaseUrl)) : migratePostgres(databaseUrl);
}

function migrateSqlite(path: string): string[] {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 10_000 });
  try {
    // WAL lets readers run during writes; it is a property of the file and persists.
    db.pragma("journal_mode = WAL");
    db.exec(`CREATE TABLE IF NOT EXISTS "_dauys_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TEXT NOT NULL)`);
    const applied = new Set(db.prepare(`SELECT "name" FROM "_dauys_migrations"`).pluck().all() as string[]);
    const done: string[] = [];
    for (const migration of migrationsFor("sqlite")) {
      if (applied.has(migration.name)) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        db.prepare(`INSERT INTO "_dauys_migrations" ("name", "appliedAt") VALUES (?, ?)`).run(
          migration.name,
          new Date().toISOString(),
        );
      }).immediate();
      done.push(migration.name);
    }
    return done;
  } finally {
    db.close();
  }
}

/** `url` must be a direct connection (DATABASE_DIRECT_URL): the lock below lives in the session. */
async function migratePostgres(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Several instances may start at once: one migrates, the others wait and find nothing to do.
    await client.query("SELECT pg_advisory_lock(4242001)");
    await client.query(
      `CREATE TABLE IF NOT EXISTS "_dauys_migrations" ("name" TEXT PRIMARY KEY, "appliedAt" TIMESTAMPTZ NOT NULL)`,
    );
    const { rows } = await client.query<{ name: string }>(`SELECT "name" FROM "_dauys_migrations"`);
    const applied = new Set(rows.map((row) => row.name));
    const done: string[] = [];
    for (const migration of migrationsFor("postgres")) {
      if (applied.has(migration.name)) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_dauys_migrations" ("name", "appliedAt") VALUES ($1, now())`, [
          migration.name,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      done.push(migration.name);
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock(4242001)").catch(() => {});
    await client.end();
  }
}
