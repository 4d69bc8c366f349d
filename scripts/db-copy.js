// Moves a Dauys site from SQLite to PostgreSQL (or between any two Dauys databases):
//   npm run db:copy -- --from file:./data/dauys.db --to postgres://postgres@127.0.0.1:5432/dauys
// The target is migrated first and must hold no publications. The source is read in one
// transaction (a consistent snapshot even while the site runs; stop it for the final copy).
// Afterwards every table's row count and every counter row, removal count and ledger head are
// compared between source and target; any difference is an error.
import Database from "better-sqlite3";
import pg from "pg";
import * as build from "../build/index.js";

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (pairs, arg, index, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[index + 1]]] : pairs),
      [],
    ),
);
if (!args.from?.startsWith("file:") || !/^postgres(ql)?:\/\//.test(args.to ?? "")) {
  console.error("usage: npm run db:copy -- --from file:<sqlite path> --to postgres://<user>@<host>:<port>/<database>");
  process.exit(2);
}

// Parents before children (foreign keys). The search index is derived and rebuilt by PostgreSQL.
// Sessions and sign-in codes are not copied: people sign in again on the new database.
const tables = [
  "Organization",
  "Publication",
  "PublicationVersion",
  "PublicationEdit",
  "CitizenPetition",
  "CitizenToken",
  "LedgerHead",
  "RegionCount",
  "RemovalCount",
  "Signature",
  "SignatureToken",
  "LedgerEntry",
  "PaperBatch",
  "Snapshot",
  "SignerUpdate",
  "OutboxMessage",
  "RateLimit",
  "JobLease",
  "User",
  "Membership",
  "AuditLog",
  // The witnessed log: copied as it is, or witnesses would see a rollback (decision 035).
  "LogLeaf",
  "LogNode",
  "LogCursor",
  "LogCheckpoint",
  "LogCosignature",
];
const compared = {
  RegionCount: `SELECT "publicationId", "region", "confirmed", "pending", "held", "withdrawn", "removed", "paper" FROM "RegionCount" ORDER BY 1, 2`,
  RemovalCount: `SELECT "publicationId", "reason", "removed" FROM "RemovalCount" ORDER BY 1, 2`,
  LedgerHead: `SELECT "publicationId", "seq", "hash" FROM "LedgerHead" ORDER BY 1`,
  LogCheckpoint: `SELECT "treeSize", "rootHash", "note" FROM "LogCheckpoint" ORDER BY 1`,
};

const sourcePath = args.from.replace(/^file:(\/\/)?/, "");
const source = new Database(sourcePath, { readonly: true, fileMustExist: true });
await build.entry.module.migrate(args.to);
const target = new pg.Client({ connectionString: args.to });
await target.connect();

try {
  const existing = await target.query(`SELECT COUNT(*)::int AS n FROM "Publication"`);
  if (existing.rows[0].n > 0)
    throw new Error("the target database already holds publications; copy into an empty, migrated database");

  source.exec("BEGIN");
  const copied = {};
  await target.query("BEGIN");
  for (const table of tables) {
    const types = new Map(
      (
        await target.query(
          `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 AND is_generated = 'NEVER'`,
          [table],
        )
      ).rows.map((row) => [row.column_name, row.data_type]),
    );
    const columns = source
      .prepare(`PRAGMA table_info("${table}")`)
      .all()
      .map((column) => column.name)
      .filter((name) => types.has(name));
    const rows = source
      .prepare(`SELECT ${columns.map((name) => `"${name}"`).join(", ")} FROM "${table}"`)
      .raw()
      .all();
    const convert = columns.map((name) => {
      const type = types.get(name);
      if (type === "boolean") return (value) => (value === null ? null : Boolean(value));
      if (type.startsWith("timestamp"))
        return (value) => (value === null ? null : new Date(typeof value === "number" ? value : String(value)));
      return (value) => value;
    });
    for (let start = 0; start < rows.length; start += 500) {
      const batch = rows.slice(start, start + 500);
      const values = [];
      const placeholders = batch.map(
        (row) => `(${row.map((value, index) => (values.push(convert[index](value)), `$${values.length}`)).join(", ")})`,
      );
      await target.query(
        `INSERT INTO "${table}" (${columns.map((name) => `"${name}"`).join(", ")}) VALUES ${placeholders.join(", ")}`,
        values,
      );
    }
    copied[table] = rows.length;
  }
  await target.query("COMMIT");

  const problems = [];
  for (const table of tables) {
    const n = (await target.query(`SELECT COUNT(*)::int AS n FROM "${table}"`)).rows[0].n;
    if (n !== copied[table]) problems.push(`${table}: ${copied[table]} rows read, ${n} in the target`);
  }
  for (const [table, sql] of Object.entries(compared)) {
    const a = JSON.stringify(source.prepare(sql).raw().all());
    const b = JSON.stringify((await target.query({ text: sql, rowMode: "array" })).rows);
    if (a !== b) problems.push(`${table}: contents differ between source and target`);
  }
  source.exec("COMMIT");
  console.log(
    Object.entries(copied)
      .map(([table, n]) => `${table} ${n}`)
      .join(", "),
  );
  if (problems.length) {
    console.error(`MISMATCH:\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log("OK: every row copied; counters, removal counts, ledger heads and log checkpoints are identical.");
} catch (error) {
  await target.query("ROLLBACK").catch(() => {});
  console.error(`db:copy failed: ${error.message}`);
  process.exit(1);
} finally {
  source.close();
  await target.end();
}
