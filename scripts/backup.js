// Backups of a running site, and restores: the database and the paper scans under DATA_DIR.
//   npm run backup -- <DATABASE_URL> <file> [--data-dir <dir>]
//       SQLite: online backup (consistent while the app runs); PostgreSQL: pg_dump --format=custom.
//       Scans (DATA_DIR/paper) are copied to <file>.paper/ after the database: a scan is stored
//       before the batch that names it commits, so every scan the backup refers to is there.
//   npm run restore -- <file> <DATABASE_URL> [--data-dir <dir>]
//       into an empty SQLite path or an empty PostgreSQL database; scans from <file>.paper/ into
//       DATA_DIR/paper, each checked against the SHA-256 in its name.
// DATA_DIR defaults as in the app (the DATA_DIR variable, else ./data).
// Restores are checked by test/integration/backup.test.ts: the restored site answers with the
// same counts, its ledger verifies, and a scan comes back byte for byte.
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";

const args = process.argv.slice(2);
const dataDirFlag = args.indexOf("--data-dir");
const dataDir = resolve(dataDirFlag === -1 ? (process.env.DATA_DIR ?? "./data") : (args[dataDirFlag + 1] ?? ""));
if (dataDirFlag !== -1) args.splice(dataDirFlag, 2);
const [command, first, second] = args;
const sqlitePath = (url) => url.replace(/^file:(\/\/)?/, "").replace(/\?.*$/, "");
// What app/services/paper-upload.server.ts keeps: <sha256>.<ext>; upload leftovers (.upload-*) are not scans.
const scanName = /^([0-9a-f]{64})\.(pdf|jpg|png)$/;

function run(program, programArgs) {
  const result = spawnSync(program, programArgs, { stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${program} failed (exit ${result.status ?? result.signal})`);
}

const scansIn = (dir) => (existsSync(dir) ? readdirSync(dir).filter((name) => scanName.test(name)) : []);
const sha256Of = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Copies the scans `from` → `to`; a name already there is the same content (names are hashes). */
function copyScans(from, to, { verify }) {
  const names = scansIn(from);
  let copied = 0;
  for (const name of names) {
    const target = join(to, name);
    if (existsSync(target)) continue;
    mkdirSync(to, { recursive: true });
    if (verify && sha256Of(join(from, name)) !== scanName.exec(name)[1])
      throw new Error(`${join(from, name)} does not match its SHA-256: the backup is damaged`);
    // Written under a temporary name, then renamed: an interrupted copy leaves no half scan.
    const partial = join(to, `.partial-${name}`);
    copyFileSync(join(from, name), partial, constants.COPYFILE_FICLONE);
    renameSync(partial, target);
    copied++;
  }
  return { total: names.length, copied };
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
    const scans = copyScans(join(dataDir, "paper"), `${second}.paper`, { verify: false });
    console.log(`backup written to ${second} (${scans.total} paper scans in ${second}.paper)`);
  } else if (command === "restore" && first && second) {
    if (second.startsWith("file:")) {
      const target = sqlitePath(second);
      if (existsSync(target)) throw new Error(`${target} exists: restore into a new path`);
      copyFileSync(first, target);
    } else {
      run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname", second, first]);
    }
    const scans = copyScans(`${first}.paper`, join(dataDir, "paper"), { verify: true });
    console.log(
      `restored ${first} into ${second.replace(/\/\/[^@]*@/, "//")} (${scans.copied} of ${scans.total} paper scans into ${join(dataDir, "paper")})`,
    );
  } else {
    console.error(
      "usage: npm run backup -- <DATABASE_URL> <file> [--data-dir <dir>] | npm run restore -- <file> <DATABASE_URL> [--data-dir <dir>]",
    );
    process.exit(2);
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
