// Writes one Prisma schema per database from prisma/schema.prisma and generates both clients.
// Why two: a Prisma schema names exactly one provider; Dauys runs on SQLite by default and on
// PostgreSQL for several instances (docs/decisions/002-two-databases-one-schema.md).
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const providers = { sqlite: "sqlite", postgres: "postgresql" };

export function writeProviderSchemas() {
  const source = readFileSync(join(root, "prisma/schema.prisma"), "utf8");
  const paths = {};
  for (const [name, provider] of Object.entries(providers)) {
    const text = source
      .replace('output     = "../app/generated/PROVIDER"', `output     = "../../app/generated/${name}"`)
      .replace('provider = "PROVIDER"', `provider = "${provider}"`);
    const header = `// GENERATED from prisma/schema.prisma by scripts/prisma-generate.js. Do not edit.\n`;
    const path = join(root, "prisma", name, "schema.prisma");
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, header + text);
    paths[name] = path;
  }
  return paths;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const paths = writeProviderSchemas();
  const prisma = join(root, "node_modules/prisma/build/index.js");
  for (const db of Object.keys(paths)) {
    execFileSync(process.execPath, [prisma, "generate", "--no-hints"], {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, PRISMA_DB: db, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    });
  }
  console.log("prisma: clients generated for", Object.keys(paths).join(" and "));
}
