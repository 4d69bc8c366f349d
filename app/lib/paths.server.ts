import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root, found from this module whether it runs from app/ (tests) or build/. */
export const projectRoot = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
})();

/** The file a SQLite `file:` DATABASE_URL points at (the client and the migrations both open it). */
export function sqliteFilePath(databaseUrl: string) {
  return databaseUrl.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");
}
