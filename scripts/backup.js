// Backups of a running site, and restores.
//   npm run backup -- <DATABASE_URL> <file>        SQLite: online backup (consistent while the app runs)
//                                                  PostgreSQL: pg_dump --format=custom
//   npm run restore -- <file> <DATABASE_URL>       into an empty SQLite path or an empty PostgreSQL database
// Restores are checked by test/integration/backup.test.ts: the restored site answers with the
// same counts and its ledger verifies.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync } from "node:fs";

const [command, first, second] = process.argv.slice(2);
const sqlitePath = (url) => url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");

function run(program, args) {
  const result = spawnSync(program, args, { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${program} failed (exit ${result.status ?? result.signal})`);
}

try {
  if (command === "backup" && first && second) {
    if (first.startsWith("file:")) {
      const db = new Database(sqlitePath(first), { readonly: true, fileMustExist: true });
      await db.backup(second);
      db.close();
    } else {
      run("pg_dump", ["--format=custom", "--no-owner", "--file", second, first]);
    }
    console.log(`backup written to ${second}`);
  } else if (command === "restore" && first && second) {
    if (second.startsWith("file:")) {
      const target = sqlitePath(second);
      if (existsSync(target)) throw new Error(`${target} exists: restore into a new path`);
      copyFileSync(first, target);
    } else {
      run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", second, first]);
    }
    console.log(`restored ${first} into ${second.replace(/\/\/[^@]*@/, "//")}`);
  } else {
    console.error("usage: npm run backup -- <DATABASE_URL> <file> | npm run restore -- <file> <DATABASE_URL>");
    process.exit(2);
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
