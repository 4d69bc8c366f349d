// Prisma CLI configuration. The CLI must use the JavaScript schema engine (no native engine can
// be downloaded here), so it needs a driver adapter even for `generate` and `migrate diff`,
// which never connect. PRISMA_DB picks the schema: sqlite (default) or postgres.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const db = process.env.PRISMA_DB === "postgres" ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${db}/schema.prisma`,
  adapter: async () =>
    db === "postgres"
      ? new PrismaPg({ host: "127.0.0.1", user: "postgres", database: "postgres" })
      : new PrismaBetterSQLite3({ url: ":memory:" }),
});
