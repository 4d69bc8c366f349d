// How the audit log names people: by name and role, never by address (auditors read it).
import { db } from "~/db.server.ts";

export type AuditPerson = {
  name: string;
  role: "admin" | "organizer" | "auditor" | "former" | "none" | "system";
  ref: string;
};

/**
 * Names the people in audit entries without their addresses: the account's name, or a short
 * stable reference when it has none, and their role in the entry's organization (admin for site
 * admins, "former" once they left it). Entries written before this stored the member's address as
 * the target; those addresses are looked up and replaced the same way.
 */
export async function auditPeople(rows: { userId: string | null; organizationId: string | null; target: string }[]) {
  const ids = new Set<string>();
  const emails = new Set<string>();
  for (const row of rows) {
    if (row.userId) ids.add(row.userId);
    if (row.target.includes("@")) emails.add(row.target.toLowerCase());
    else if (row.target) ids.add(row.target);
  }
  const users = await db().user.findMany({
    where: { OR: [{ id: { in: [...ids] } }, { email: { in: [...emails] } }] },
    select: {
      id: true,
      email: true,
      name: true,
      isAdmin: true,
      memberships: { select: { organizationId: true, role: true } },
    },
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  const byEmail = new Map(users.map((user) => [user.email, user]));
  const person = (user: (typeof users)[number], organizationId: string | null): AuditPerson => {
    // A site-wide entry (no organization) names the person's first role anywhere.
    const membership = user.memberships.find((m) => organizationId === null || m.organizationId === organizationId);
    const role = user.isAdmin
      ? "admin"
      : ((membership?.role as "organizer" | "auditor" | undefined) ?? (organizationId === null ? "none" : "former"));
    return { name: user.name, role, ref: user.id.slice(-6) };
  };
  return {
    actor(row: { userId: string | null; organizationId: string | null }): AuditPerson {
      const user = row.userId ? byId.get(row.userId) : undefined;
      if (!row.userId) return { name: "", role: "system", ref: "" };
      return user ? person(user, row.organizationId) : { name: "", role: "former", ref: row.userId.slice(-6) };
    },
    /** The person an entry is about, if its target is an account (by id, or an old address). */
    target(row: { organizationId: string | null; target: string }): AuditPerson | null {
      const user = row.target.includes("@") ? byEmail.get(row.target.toLowerCase()) : byId.get(row.target);
      if (user) return person(user, row.organizationId);
      // An address that matches no account any more is still never shown.
      return row.target.includes("@") ? { name: "", role: "former", ref: "" } : null;
    },
  };
}
