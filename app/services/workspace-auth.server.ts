// Who may do what in the workspace. Every workspace loader calls requireUser; every action also
// calls requireCsrf and one of the permission checks. Refusals are 403 (or a redirect to sign in).
import { redirect } from "@remix-run/node";
import { timingSafeEqual } from "node:crypto";
import { db } from "~/db.server.ts";
import type { Locale } from "~/i18n.ts";
import { collectsSignatures } from "~/models/publication.server.ts";
import { getSession, type SessionUser } from "~/models/user.server.ts";

/** Where to go after signing in: only back into the workspace, never another site. */
export function safeNext(value: string | null | undefined, locale: Locale) {
  return value && /^\/(kk|ru)\/workspace(\/|$|\?)/.test(value) ? value : `/${locale}/workspace`;
}

export async function requireUser(request: Request, locale: Locale): Promise<SessionUser> {
  const user = await getSession(request);
  if (!user) {
    const url = new URL(request.url);
    throw redirect(`/${locale}/signin?next=${encodeURIComponent(url.pathname + url.search)}`);
  }
  return user;
}

/** State-changing forms carry the session's CSRF token; SameSite=Lax cookies alone are not enough. */
export function requireCsrf(user: SessionUser, form: Record<string, string>) {
  const given = Buffer.from(form.csrf ?? "");
  const expected = Buffer.from(user.csrfToken);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new Response("Forbidden", { status: 403 });
}

export function roleIn(user: SessionUser, organizationId: string) {
  return user.memberships.find((membership) => membership.organizationId === organizationId)?.role ?? null;
}

/**
 * Organizers change their organization's publications while it is active; admins change
 * everything (publishing for a deactivated organization is refused in the lifecycle itself).
 */
export function canEdit(user: SessionUser, organizationId: string) {
  if (user.isAdmin) return true;
  const membership = user.memberships.find((m) => m.organizationId === organizationId);
  return membership?.role === "organizer" && membership.organizationActive;
}

/** Auditors, organizers and admins read; nobody else. */
export function canRead(user: SessionUser, organizationId: string) {
  return user.isAdmin || roleIn(user, organizationId) !== null;
}

export function requireEdit(user: SessionUser, organizationId: string) {
  if (!canEdit(user, organizationId)) throw new Response("Forbidden", { status: 403 });
}

/** Organizations whose data this user may see ("all" for admins). */
export function readableOrganizations(user: SessionUser): string[] | "all" {
  return user.isAdmin ? "all" : user.memberships.map((membership) => membership.organizationId);
}

/** Site administration: admins only. */
export function requireAdmin(user: SessionUser) {
  if (!user.isAdmin) throw new Response("Forbidden", { status: 403 });
}

/** Citizen petitions' moderation (decision 040): admins and moderators, who may do nothing else. */
export const canModerateCitizen = (user: SessionUser) => user.isAdmin || user.isModerator;

export function requireCitizenModerator(user: SessionUser) {
  if (!canModerateCitizen(user)) throw new Response("Forbidden", { status: 403 });
}

/** The petition behind a workspace URL, if this user may read it (404 / 403 otherwise). */
export async function requireReadablePetition(
  user: { isAdmin: boolean; memberships: { organizationId: string }[] },
  id: string,
) {
  const petition = await db().publication.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      kind: true,
      endorsable: true,
      status: true,
      organizationId: true,
      titleKk: true,
      titleRu: true,
    },
  });
  // Petitions, and statements opened for endorsement: the same signatures, the same moderation.
  if (!petition || !collectsSignatures(petition)) throw new Response("Not Found", { status: 404 });
  if (!user.isAdmin && !user.memberships.some((membership) => membership.organizationId === petition.organizationId))
    throw new Response("Forbidden", { status: 403 });
  return petition;
}
