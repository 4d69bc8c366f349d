// Creates a migration for both databases from the change to prisma/schema.prisma:
//   npm run db:migration -- add_something
// `prisma migrate dev` needs a native engine that cannot be installed here, so we diff the
// last migrated schema (prisma/<db>/migrated.prisma) against the current one.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeProviderSchemas } from "./prisma-generate.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = (process.argv[2] ?? "").replace(/[^a-z0-9_]/gi, "_").toLowerCase();
if (!name) {
  console.error("usage: npm run db:migration -- <name>");
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const paths = writeProviderSchemas();
const prisma = join(root, "node_modules/prisma/build/index.js");
for (const [db, schema] of Object.entries(paths)) {
  const migrated = join(root, "prisma", db, "migrated.prisma");
  const from = existsSync(migrated) ? ["--from-schema-datamodel", migrated] : ["--from-empty"];
  const dir = join(root, "prisma", db, "migrations", `${stamp}_${name}`);
  mkdirSync(dir, { recursive: true });
  const out = join(dir, "migration.sql");
  execFileSync(
    process.execPath,
    [prisma, "migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script", "-o", out],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  copyFileSync(schema, migrated);
  console.log(`${db}: ${out.slice(root.length + 1)} (${readFileSync(out, "utf8").split("\n").length} lines)`);
  // Redefining "Publication" on SQLite drops the full-text search triggers (migration *_search).
  if (db === "sqlite" && /DROP TABLE "Publication"/.test(readFileSync(out, "utf8"))) {
    console.warn(
      `WARNING: ${out.slice(root.length + 1)} redefines "Publication", which drops its search triggers (migrations *_search and *_search_key): rewrite it with ALTER TABLE … ADD COLUMN, or recreate the triggers.`,
    );
  }
}
