// The audit log: every workspace action, who took it and when. Never signers' personal data.
import { db } from "~/db.server.ts";

type Tx = Pick<ReturnType<typeof db>, "auditLog">;

export async function audit(
  entry: {
    userId: string | null;
    organizationId?: string | null;
    action: string;
    target?: string;
    details?: Record<string, unknown>;
  },
  tx: Tx = db(),
) {
  await tx.auditLog.create({
    data: {
      userId: entry.userId,
      organizationId: entry.organizationId ?? null,
      action: entry.action,
      target: entry.target ?? "",
      details: JSON.stringify(entry.details ?? {}),
    },
  });
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
