// Raw SQL on the app's own connection, for the few hottest statements (signing, confirming, rate
// limits, the mail queue). Prisma's query compiler costs about a millisecond per statement; these
// paths run 5–10 statements per request (decision 015). One SQL text serves both databases:
// identifiers are double-quoted, parameters are `?` (numbered `$n` for PostgreSQL here), and
// values go through the same conversions as Prisma's adapters use, so rows written here read back
// through Prisma unchanged (SQLite: DateTime as ISO text with "+00:00", booleans 0/1; PostgreSQL:
// timestamp(3) without time zone in UTC).
import pg from "pg";
import { sqliteConnection } from "~/lib/sqlite-adapter.server.ts";
import type BetterSqlite3 from "better-sqlite3";
import { serviceUnavailable } from "~/lib/answers.ts";

export type Row = Record<string, unknown>;
export interface RawSql {
  /** Runs a statement; returns the number of changed rows. */
  run(sql: string, params?: unknown[]): Promise<number>;
  /** Runs a statement that returns rows (SELECT, or … RETURNING). */
  all<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
}

let pool: pg.Pool | undefined;
let namedStatements = true;
/**
 * Set by app/db.server.ts: the pool shared with Prisma's PostgreSQL adapter. `named: false` when
 * that pool goes through a transaction pooler (PgBouncer before 1.21 keeps no prepared statements
 * across transactions): every statement is then sent unnamed, parsed where it runs.
 */
export function setRawPool(next: pg.Pool | undefined, options: { named?: boolean } = {}) {
  pool = next;
  namedStatements = options.named ?? true;
}

/** Which database the raw statements go to (for the few statements that differ). */
export const rawDialect = (): "sqlite" | "postgres" => (sqliteConnection() ? "sqlite" : "postgres");

// ---- values ----

const sqliteTime = (date: Date) => date.toISOString().replace("Z", "+00:00");
const pgTime = (date: Date) => date.toISOString().slice(0, 23).replace("T", " ");

function sqliteParams(params: unknown[]) {
  return params.map((value) =>
    value instanceof Date
      ? sqliteTime(value)
      : typeof value === "boolean"
        ? value
          ? 1
          : 0
        : value === undefined
          ? null
          : value,
  );
}
function pgParams(params: unknown[]) {
  return params.map((value) => (value instanceof Date ? pgTime(value) : value === undefined ? null : value));
}

/** A DateTime column as read by either driver (text here) → Date; null stays null. */
export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  const text = String(value);
  // "2026-11-22T03:00:00.000+00:00" (SQLite via Prisma), "2026-11-22 03:00:00.123" (PostgreSQL, UTC)
  return new Date(/(Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text.replace(" ", "T")}Z`);
}
export const toBool = (value: unknown) =>
  value === true || value === 1 || value === 1n || value === "1" || value === "t";

// ---- SQLite ----

const sqliteStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
function sqliteStatement(db: BetterSqlite3.Database, sql: string) {
  let cache = sqliteStatements.get(db);
  if (!cache) sqliteStatements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    // The connection is opened with safe integers (BigInt); these statements read plain numbers.
    if (statement.reader) statement.safeIntegers(false);
    cache.set(sql, statement);
  }
  return statement;
}

function sqliteSql(db: BetterSqlite3.Database): RawSql {
  return {
    run: async (sql, params = []) => sqliteStatement(db, sql).run(...sqliteParams(params)).changes,
    all: async <T>(sql: string, params: unknown[] = []) => sqliteStatement(db, sql).all(...sqliteParams(params)) as T[],
  };
}

// ---- PostgreSQL ----

const numbered = new Map<string, { text: string; name: string }>();
function pgText(sql: string) {
  let entry = numbered.get(sql);
  if (!entry) {
    let index = 0;
    // Named: each pooled connection parses and plans the statement once.
    entry = { text: sql.replace(/\?/g, () => `$${++index}`), name: `dauys_raw_${numbered.size}` };
    numbered.set(sql, entry);
  }
  return entry;
}
// DateTime columns come back as text and are read by toDate (pg would read them as local time).
const keepTimestamps = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === 1114 || oid === 1184
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

function pgSql(client: pg.Pool | pg.PoolClient): RawSql {
  const query = async (sql: string, params: unknown[]) => {
    const { text, name } = pgText(sql);
    return client.query({
      ...(namedStatements ? { name } : {}),
      text,
      values: pgParams(params),
      types: keepTimestamps,
    });
  };
  return {
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    all: async <T>(sql: string, params: unknown[] = []) => (await query(sql, params)).rows as T[],
  };
}

// ---- both ----

/** While PostgreSQL is unreachable, raw statements fail as a 503 too (like Prisma's, see db.server.ts). */
async function unavailableAs503<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const { isUnavailable } = await import("~/db.server.ts");
    if (isUnavailable(error)) throw serviceUnavailable();
    throw error;
  }
}

/** Statements in one transaction. On SQLite the connection's lock is held throughout. */
export async function rawTransaction<T>(work: (sql: RawSql) => Promise<T>): Promise<T> {
  const sqlite = sqliteConnection();
  if (sqlite) {
    const release = await sqlite.lock.acquire();
    try {
      sqliteStatement(sqlite.db, "BEGIN IMMEDIATE").run();
      try {
        const result = await work(sqliteSql(sqlite.db));
        sqliteStatement(sqlite.db, "COMMIT").run();
        return result;
      } catch (error) {
        // Also after a failed COMMIT (another process holding the file): never leave it open.
        if (sqlite.db.inTransaction) sqliteStatement(sqlite.db, "ROLLBACK").run();
        throw error;
      }
    } finally {
      release();
    }
  }
  if (!pool) throw new Error("database not opened: call openDatabase() at start");
  const from = pool;
  return unavailableAs503(async () => {
    const client = await from.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      try {
        const result = await work(pgSql(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  });
}

/** What a Prisma interactive transaction offers for raw statements. */
export type PrismaTx = {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
};

/**
 * The raw statements inside a Prisma interactive transaction: lets the one implementation of a
 * write (ledger, counters, signature moves) join a transaction opened through Prisma, e.g. with
 * an audit entry or a paper batch row. Same SQL text, same value conversions as rawTransaction.
 */
export function sqlFor(tx: PrismaTx): RawSql {
  const postgres = rawDialect() === "postgres";
  const text = (sql: string) => (postgres ? pgText(sql).text : sql);
  const values = (params: unknown[]) => (postgres ? pgParams(params) : sqliteParams(params));
  return {
    run: (sql, params = []) => tx.$executeRawUnsafe(text(sql), ...values(params)),
    all: <T>(sql: string, params: unknown[] = []) => tx.$queryRawUnsafe<T[]>(text(sql), ...values(params)),
  };
}

/** One statement outside a transaction (SQLite: waits for the lock like every other statement). */
export async function rawAll<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
  const sqlite = sqliteConnection();
  if (sqlite) {
    const release = await sqlite.lock.acquire();
    try {
      return await sqliteSql(sqlite.db).all<T>(sql, params);
    } finally {
      release();
    }
  }
  if (!pool) throw new Error("database not opened: call openDatabase() at start");
  const from = pool;
  return unavailableAs503(() => pgSql(from).all<T>(sql, params));
}

export async function rawRun(sql: string, params: unknown[] = []): Promise<number> {
  const sqlite = sqliteConnection();
  if (sqlite) {
    const release = await sqlite.lock.acquire();
    try {
      return await sqliteSql(sqlite.db).run(sql, params);
    } finally {
      release();
    }
  }
  if (!pool) throw new Error("database not opened: call openDatabase() at start");
  const from = pool;
  return unavailableAs503(() => pgSql(from).run(sql, params));
}
