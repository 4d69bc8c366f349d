// One Prisma client per process, on SQLite or PostgreSQL depending on DATABASE_URL.
// Both clients come from the same source schema, so they have the same API; the app is typed
// against the SQLite one.
import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "~/config.server.ts";
import { PrismaClient as PostgresClient } from "~/generated/postgres/client.ts";
import { Prisma, PrismaClient as SqliteClient } from "~/generated/sqlite/client.ts";
import { sqliteAdapter } from "~/lib/sqlite-adapter.server.ts";
import { sqliteFilePath } from "~/services/migrate.server.ts";

export type Db = SqliteClient;
export { Prisma };

let client: Db | undefined;

export function db(): Db {
  if (!client) throw new Error("database not opened: call openDatabase() at start");
  return client;
}

export async function openDatabase(databaseUrl = config().databaseUrl): Promise<Db> {
  if (client) return client;
  if (databaseUrl.startsWith("file:")) {
    client = new SqliteClient({ adapter: sqliteAdapter(sqliteFilePath(databaseUrl)) });
    // NORMAL is durable against a crash of the process (WAL); only an OS crash may lose the last commits.
    await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
    await client.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  } else {
    const adapter = new PrismaPg({ connectionString: databaseUrl, max: 10, connectionTimeoutMillis: 5_000 });
    client = new PostgresClient({ adapter }) as unknown as Db;
  }
  return client;
}

export async function closeDatabase() {
  await client?.$disconnect();
  client = undefined;
}

/** True for a unique-constraint violation (Prisma P2002), e.g. a concurrent duplicate signature. */
export function isUniqueViolation(error: unknown) {
  // Checked by code, not class: each generated client has its own error classes.
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
