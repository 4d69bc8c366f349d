// The audit log: every workspace action, who took it and when. Never signers' personal data.
import { randomUUID } from "node:crypto";
import { db, type Prisma } from "~/db.server.ts";
import { sqlFor, type PrismaTx, type RawSql } from "~/lib/raw-sql.server.ts";
import { auditPeople } from "~/models/audit-people.server.ts";

export type AuditEntry = {
  userId: string | null;
  organizationId?: string | null;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
};

/**
 * Records an action. Pass the change's transaction (raw, or a Prisma interactive transaction) so
 * that the entry exists exactly when the change does; alone, it is written at once.
 */
export async function audit(entry: AuditEntry, into: RawSql | PrismaTx = db()) {
  const sql = "run" in into ? into : sqlFor(into);
  await sql.run(
    `INSERT INTO "AuditLog" ("id", "at", "userId", "organizationId", "action", "target", "details") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      randomUUID(),
      new Date(),
      entry.userId,
      entry.organizationId ?? null,
      entry.action,
      entry.target ?? "",
      JSON.stringify(entry.details ?? {}),
    ],
  );
}

/**
 * Runs a change and writes its audit entry in one transaction: a change that fails (or throws to
 * roll back) leaves no entry, a change that is done always has one. `entry` sees the change's
 * result and returns null when nothing changed (a second click, a lost race): no entry then.
 */
export async function audited<T>(
  change: (tx: Prisma.TransactionClient) => Promise<T>,
  entry: (result: T) => AuditEntry | null,
): Promise<T> {
  return db().$transaction(async (tx) => {
    const result = await change(tx);
    const written = entry(result);
    if (written) await audit(written, tx);
    return result;
  });
}

/**
 * Newest first; admins see everything, others only their organizations. People are named by
 * name and role (auditors read this page): no address leaves this function.
 */
export async function listAudit(scope: { organizationIds: string[] | "all" }, take = 200) {
  const rows = await db().auditLog.findMany({
    where: scope.organizationIds === "all" ? {} : { organizationId: { in: scope.organizationIds } },
    orderBy: { at: "desc" },
    take,
  });
  const people = await auditPeople(rows);
  return rows.map((row) => {
    const about = people.target(row);
    return {
      id: row.id,
      at: row.at.toISOString(),
      action: row.action,
      actor: people.actor(row),
      // An account the entry is about is named like the actor; other targets are slugs.
      target: about ? null : row.target,
      about,
    };
  });
}
