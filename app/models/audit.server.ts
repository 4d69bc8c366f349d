// The audit log: every workspace action, who took it and when. Never signers' personal data.
import { randomUUID } from "node:crypto";
import { db } from "~/db.server.ts";
import { sqlFor, type PrismaTx, type RawSql } from "~/lib/raw-sql.server.ts";

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

/** Newest first; admins see everything, others only their organizations. */
export async function listAudit(scope: { organizationIds: string[] | "all" }, take = 200) {
  const rows = await db().auditLog.findMany({
    where: scope.organizationIds === "all" ? {} : { organizationId: { in: scope.organizationIds } },
    orderBy: { at: "desc" },
    take,
  });
  const users = await db().user.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.userId).filter((id): id is string => Boolean(id)))] } },
    select: { id: true, email: true },
  });
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  return rows.map((row) => ({
    ...row,
    at: row.at.toISOString(),
    actor: row.userId ? (emailOf.get(row.userId) ?? "?") : "system",
  }));
}
