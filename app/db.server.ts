// One Prisma client per process, on SQLite or PostgreSQL depending on DATABASE_URL.
// Both clients come from the same source schema, so they have the same API; the app is typed
// against the SQLite one.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { config } from "~/config.server.ts";
import { PrismaClient as PostgresClient } from "~/generated/postgres/client.ts";
import { Prisma, PrismaClient as SqliteClient } from "~/generated/sqlite/client.ts";
import { setRawPool } from "~/lib/raw-sql.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { sqliteAdapter } from "~/lib/sqlite-adapter.server.ts";
import { sqliteFilePath } from "~/lib/paths.server.ts";
import { serviceUnavailable } from "~/lib/answers.ts";

export type Db = SqliteClient;
export { Prisma };

let client: Db | undefined;

export function db(): Db {
  if (!client) throw new Error("database not opened: call openDatabase() at start");
  return client;
}

export async function openDatabase(
  databaseUrl = config().databaseUrl,
  pooled = databaseUrl === config().databaseUrl && config().databasePooled,
): Promise<Db> {
  if (client) return client;
  if (databaseUrl.startsWith("file:")) {
    client = new SqliteClient({ adapter: sqliteAdapter(sqliteFilePath(databaseUrl)) });
    // NORMAL is durable against a crash of the process (WAL); only an OS crash may lose the last commits.
    await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  } else {
    // One pool for Prisma and the raw fast paths (app/lib/raw-sql.server.ts).
    // keepAlive: a connection whose server vanished without a word is noticed by TCP, not only at the next query.
    const pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 10,
      connectionTimeoutMillis: 3_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    pool.on("error", () => {}); // an idle connection dropped by the server: the pool replaces it
    // A connection lost while checked out (in a transaction, between two statements) is reported
    // as an "error" event on its client; without a listener that event would end the process.
    // The statement waiting on it fails anyway (a 503, see isUnavailable) and the pool does not
    // take a dead connection back.
    pool.on("connect", (client) => {
      client.on("error", (error) => log.warn("db.connection_lost", errorFields(error)));
    });
    // Through a transaction pooler (DATABASE_DIRECT_URL set apart): unnamed statements only.
    // Prisma's adapter sends unnamed statements anyway, and nothing here is session-scoped
    // (SET LOCAL, pg_advisory_xact_lock and pg_notify end with their transaction).
    setRawPool(pool, { named: !pooled });
    const adapter = new PrismaPg(pool, { disposeExternalPool: true });
    client = withUnavailableAs503(new PostgresClient({ adapter }) as unknown as Db);
  }
  return client;
}

/**
 * While the database cannot be reached (restart, network), every query fails with a plain 503
 * Response: Remix shows the translated "temporarily unavailable" page (or the bare 503 for API
 * calls) instead of a 500, and the pool reconnects by itself once the database is back.
 */
function withUnavailableAs503(base: Db): Db {
  return base.$extends({
    query: {
      async $allOperations({ args, query }) {
        try {
          return await query(args);
        } catch (error) {
          if (isUnavailable(error)) throw serviceUnavailable();
          throw error;
        }
      },
    },
  }) as unknown as Db;
}

export function isUnavailable(error: unknown) {
  const code = (error as { code?: unknown })?.code;
  if (
    typeof code === "string" &&
    ["P1001", "P1002", "P1008", "P1017", "P2024", "ECONNREFUSED", "ECONNRESET", "57P01", "57P03"].includes(code)
  )
    return true;
  const text =
    error instanceof Error
      ? `${error.name} ${error.message} ${String((error as { cause?: unknown }).cause ?? "")}`
      : String(error);
  return /ECONNREFUSED|ECONNRESET|Connection terminated|connection timeout|timeout exceeded when trying to connect|terminating connection|Can't reach database|DatabaseNotReachable|ConnectionClosed|the database system is (starting up|shutting down)|pgbouncer cannot connect to server|server login has been failing|server conn crashed|query_wait_timeout/i.test(
    text,
  );
}

export async function closeDatabase() {
  await client?.$disconnect();
  client = undefined;
  setRawPool(undefined);
}

/** True for a unique-constraint violation (Prisma P2002, or the raw drivers' codes), e.g. a concurrent duplicate signature. */
export function isUniqueViolation(error: unknown) {
  // Checked by code, not class: each generated client has its own error classes.
  const code = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return (
    code === "P2002" ||
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}
