// The team around an organization: deactivating and reactivating accounts and organizations, and
// the paged user list.
// Deactivation keeps every row, so publications, ledger and audit entries keep their authors.
import { config } from "~/config.server.ts";
import { db, type Db } from "~/db.server.ts";
import { audit } from "~/models/audit.server.ts";

type Result = { ok: true } | { ok: false; error: string; status: 403 | 404 | 409 };
const fail = (error: string, status: 403 | 404 | 409) => ({ ok: false as const, error, status });

export const USERS_PER_PAGE = 25;

/** One page of accounts, oldest first; `page` is clamped to the pages that exist. */
export async function listUsersPage(input: { page: number; perPage?: number }) {
  const perPage = input.perPage ?? USERS_PER_PAGE;
  const total = await db().user.count();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const page = Math.min(Math.max(1, Math.floor(input.page) || 1), pages);
  const users = await db().user.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    skip: (page - 1) * perPage,
    take: perPage,
    select: {
      id: true,
      email: true,
      name: true,
      isAdmin: true,
      deactivatedAt: true,
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, organization: { select: { id: true, slug: true } } },
      },
      sessions: { orderBy: { lastSeenAt: "desc" }, take: 1, select: { lastSeenAt: true } },
    },
  });
  return {
    page,
    pages,
    total,
    users: users.map(({ sessions, ...user }) => ({ ...user, lastSeenAt: sessions[0]?.lastSeenAt ?? null })),
  };
}

/** Who a user is, for a confirmation page: an admin-only screen, so the address may show. */
export async function describeUser(id: string) {
  return db().user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, isAdmin: true, deactivatedAt: true },
  });
}

/**
 * Deactivates (or reactivates) an account. A deactivated account cannot sign in and its sessions
 * end at once (deleted in the same transaction); its memberships stay, so reactivating restores
 * it as it was. Nobody deactivates themselves, and an active admin always remains.
 */
export async function setUserActive(input: { actorId: string; userId: string; active: boolean }): Promise<Result> {
  if (!input.active && input.userId === input.actorId) return fail("ownAccount", 409);
  return db().$transaction(async (tx) => {
    const admins = await activeAdmins(tx);
    if (!admins.includes(input.actorId)) return fail("forbidden", 403);
    const target = await tx.user.findUnique({
      where: { id: input.userId },
      select: { id: true, isAdmin: true, deactivatedAt: true },
    });
    if (!target) return fail("notFound", 404);
    if ((target.deactivatedAt === null) === input.active) return { ok: true as const };
    if (!input.active && target.isAdmin && admins.filter((id) => id !== target.id).length === 0)
      return fail("lastAdmin", 409);
    await tx.user.update({ where: { id: target.id }, data: { deactivatedAt: input.active ? null : new Date() } });
    if (!input.active) {
      await tx.session.deleteMany({ where: { userId: target.id } });
      await tx.loginCode.updateMany({ where: { userId: target.id, usedAt: null }, data: { usedAt: new Date() } });
    }
    // Site-wide, like admin grants: only admins see it. The target is the account's id.
    await audit(
      {
        userId: input.actorId,
        organizationId: null,
        action: input.active ? "user.reactivate" : "user.deactivate",
        target: target.id,
      },
      tx,
    );
    return { ok: true as const };
  });
}

/** The admins who can still act; on PostgreSQL their rows are locked, as in setAdmin. */
async function activeAdmins(tx: Pick<Db, "user" | "$queryRawUnsafe">) {
  if (config().database === "postgres")
    return (
      await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT "id" FROM "User" WHERE "isAdmin" = true AND "deactivatedAt" IS NULL ORDER BY "id" FOR UPDATE`,
      )
    ).map((row) => row.id);
  return (await tx.user.findMany({ where: { isAdmin: true, deactivatedAt: null }, select: { id: true } })).map(
    (row) => row.id,
  );
}

/**
 * Deactivates (or reactivates) an organization: its members keep reading but cannot publish,
 * edit or act for it until an admin reactivates it. Its public pages and ledger stay as they are.
 */
export async function setOrganizationActive(input: {
  actorId: string;
  organizationId: string;
  active: boolean;
}): Promise<Result> {
  return db().$transaction(async (tx) => {
    const organization = await tx.organization.findUnique({
      where: { id: input.organizationId },
      select: { id: true, slug: true, deactivatedAt: true },
    });
    if (!organization) return fail("notFound", 404);
    if ((organization.deactivatedAt === null) === input.active) return { ok: true as const };
    await tx.organization.update({
      where: { id: organization.id },
      data: { deactivatedAt: input.active ? null : new Date() },
    });
    await audit(
      {
        userId: input.actorId,
        organizationId: organization.id,
        action: input.active ? "organization.reactivate" : "organization.deactivate",
        target: organization.slug,
      },
      tx,
    );
    return { ok: true as const };
  });
}
