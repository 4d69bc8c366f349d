// Workspace accounts: sign-in by one-time code or link sent by mail (no passwords to leak),
// sessions in a signed cookie holding a random token whose hash is the session id.
import { createCookie } from "@remix-run/node";
import { randomInt, timingSafeEqual } from "node:crypto";
import { config } from "~/config.server.ts";
import { db, type Db } from "~/db.server.ts";
import { isLocale } from "~/i18n.ts";
import { rawAll, rawDialect } from "~/lib/raw-sql.server.ts";
import { hashToken, looksLikeToken, newToken } from "~/lib/tokens.server.ts";
import { audited } from "~/models/audit.server.ts";
import { enqueueMails, type NewMail } from "~/models/outbox.server.ts";

/** How long a mailed code and link work. */
export const SIGNIN_CODE_TTL_MS = 15 * 60_000;
const SESSION_TTL_MS = 30 * 86_400_000;
const LAST_SEEN_STEP_MS = 5 * 60_000;

let cookie: ReturnType<typeof createCookie> | undefined;
export function sessionCookie() {
  cookie ??= createCookie("dauys_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().production,
    path: "/",
    maxAge: SESSION_TTL_MS / 1000,
    secrets: [config().sessionSecret],
  });
  return cookie;
}

const codeHash = (userId: string, code: string) => hashToken(`${userId}:${code}`);

/**
 * A sign-in code and link for the address's user, written with its mail in one transaction;
 * false (and nothing written) for an unknown or deactivated address. The mail is composed by the
 * caller (app/services/signin.server.ts) from the user's address, the code and the link's token.
 */
export async function createSignInCode(
  email: string,
  mail: (signIn: { to: string; code: string; link: string }) => NewMail,
) {
  const user = await db().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, email: true, deactivatedAt: true },
  });
  // A deactivated account gets no mail; the page says the same as for an unknown address.
  if (!user || user.deactivatedAt) return false;
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const link = newToken();
  await db().$transaction(async (tx) => {
    await tx.loginCode.create({
      data: {
        userId: user.id,
        codeHash: codeHash(user.id, code),
        linkHash: hashToken(link),
        expiresAt: new Date(Date.now() + SIGNIN_CODE_TTL_MS),
      },
    });
    await enqueueMails(tx, [mail({ to: user.email, code, link })]);
  });
  return true;
}

/** How long an invitation's sign-in link works: a new member may not read mail the same hour. */
const INVITATION_TTL_MS = 7 * 86_400_000;

/**
 * A single-use sign-in link for a newly added member, written in the caller's transaction. It has
 * no code anyone knows (a random one, hashed), so it is only ever used as a link.
 */
export async function createInvitationLink(tx: Pick<Db, "loginCode">, userId: string) {
  const link = newToken();
  await tx.loginCode.create({
    data: {
      userId,
      codeHash: codeHash(userId, newToken()),
      linkHash: hashToken(link),
      expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
    },
  });
  return link;
}

/** A new session: its cookie token, and whose it is. */
export type SignedIn = { token: string; userId: string; email: string };

function sameString(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A code whose try was taken for one typed code: it may be compared once. */
export type ReservedCode = { id: string; userId: string; codeHash: string; email: string };

/**
 * Takes one try of each live code of the address and returns the codes it got a try of: only these
 * may be compared with the typed code. One conditional UPDATE, so however many guesses arrive
 * together, no code is compared more than SIGNIN_CODE_TRIES times. All live codes, not only the
 * newest: an owner may type the code from an earlier mail.
 */
export async function reserveCodeTries(email: string, now = new Date()): Promise<ReservedCode[]> {
  const tries = config().signinCodeTries;
  const address = email.trim().toLowerCase();
  // PostgreSQL locks the rows in id order, so two guesses never wait for each other in a cycle;
  // SQLite runs one statement at a time.
  const inIdOrder = rawDialect() === "postgres" ? ` ORDER BY c."id" FOR UPDATE OF c` : "";
  const reserved = await rawAll<Omit<ReservedCode, "email">>(
    `UPDATE "LoginCode" SET "attempts" = "attempts" + 1
     WHERE "usedAt" IS NULL AND "attempts" < ? AND "id" IN (
       SELECT c."id" FROM "LoginCode" c JOIN "User" u ON u."id" = c."userId"
       WHERE u."email" = ? AND u."deactivatedAt" IS NULL AND c."usedAt" IS NULL AND c."expiresAt" > ? AND c."attempts" < ?${inIdOrder})
     RETURNING "id", "userId", "codeHash"`,
    [tries, address, now, tries],
  );
  return reserved.map((code) => ({ ...code, email: address }));
}

/** Compares a typed code with the reserved ones; a match is used up and opens a session. */
export async function signInWithReservedCode(reserved: ReservedCode[], code: string): Promise<SignedIn | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const match = reserved.find((candidate) => sameString(candidate.codeHash, codeHash(candidate.userId, code)));
  if (!match) return null;
  const token = await spendCodeOnSession(match.id, match.userId, "code");
  return token ? { token, userId: match.userId, email: match.email } : null;
}

/** Uses a sign-in link (on POST: mail scanners open links). Returns a new session token, or null. */
export async function signInWithLink(token: string): Promise<SignedIn | null> {
  if (!looksLikeToken(token)) return null;
  const found = await db().loginCode.findUnique({
    where: { linkHash: hashToken(token) },
    select: {
      id: true,
      userId: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { email: true, deactivatedAt: true } },
    },
  });
  if (!found || found.usedAt || found.expiresAt <= new Date() || found.user.deactivatedAt) return null;
  const session = await spendCodeOnSession(found.id, found.userId, "link");
  return session ? { token: session, userId: found.userId, email: found.user.email } : null;
}

export async function linkIsUsable(token: string) {
  if (!looksLikeToken(token)) return false;
  const found = await db().loginCode.findUnique({
    where: { linkHash: hashToken(token) },
    select: { usedAt: true, expiresAt: true, user: { select: { deactivatedAt: true } } },
  });
  return Boolean(found && !found.usedAt && found.expiresAt > new Date() && !found.user.deactivatedAt);
}

/**
 * Uses a code or link once and opens a session, with its audit entry, in one transaction: a code
 * used by a concurrent request (or a failure) opens nothing and leaves no entry. The session token.
 */
async function spendCodeOnSession(codeId: string, userId: string, method: "code" | "link") {
  return audited(
    async (tx) => {
      const used = await tx.loginCode.updateMany({ where: { id: codeId, usedAt: null }, data: { usedAt: new Date() } });
      if (used.count !== 1) return null;
      const token = newToken();
      await tx.session.create({
        data: { id: hashToken(token), userId, csrfToken: newToken(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) },
      });
      return token;
    },
    (token) => (token ? { userId, action: "user.signin", details: { method } } : null),
  );
}

export type SessionUser = NonNullable<Awaited<ReturnType<typeof getSession>>>;

/** The signed-in user behind this request, with their roles; null when signed out or expired. */
export async function getSession(request: Request) {
  const token = await sessionCookie().parse(request.headers.get("Cookie"));
  if (typeof token !== "string" || !looksLikeToken(token)) return null;
  const session = await db().session.findUnique({
    where: { id: hashToken(token) },
    select: {
      id: true,
      csrfToken: true,
      expiresAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          locale: true,
          isAdmin: true,
          isModerator: true,
          deactivatedAt: true,
          memberships: {
            select: { organizationId: true, role: true, organization: { select: { deactivatedAt: true } } },
          },
        },
      },
    },
  });
  // Deactivation deletes sessions too; this also covers one that raced with it.
  if (!session || session.expiresAt <= new Date() || session.user.deactivatedAt) return null;
  // "Last seen" for the admin screens, to within a few minutes: not one write per request.
  if (Date.now() - session.lastSeenAt.getTime() > LAST_SEEN_STEP_MS)
    await db().session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date() } });
  const { deactivatedAt: _active, memberships, ...user } = session.user;
  return {
    sessionId: session.id,
    csrfToken: session.csrfToken,
    ...user,
    memberships: memberships.map(({ organization, ...membership }) => ({
      ...membership,
      organizationActive: organization.deactivatedAt === null,
    })),
    locale: isLocale(session.user.locale) ? session.user.locale : "kk",
  };
}

/** Signs out this session, or every session of the account; the audit entry is written with it. */
export async function endSession(session: { sessionId: string; userId: string }, everywhere: boolean) {
  await audited(
    (tx) => tx.session.deleteMany({ where: everywhere ? { userId: session.userId } : { id: session.sessionId } }),
    () => ({ userId: session.userId, action: everywhere ? "user.signout_everywhere" : "user.signout" }),
  );
}

/** `npm run admin:create -- --email …`: the first administrator (or another one). */
export async function createAdmin(email: string, name = "") {
  const address = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new Error("a valid --email is required");
  return db().user.upsert({
    where: { email: address },
    create: { email: address, name, isAdmin: true },
    update: { isAdmin: true },
    select: { id: true, email: true },
  });
}

/** A moderator of citizen petitions (created if new): publishes and rejects them, nothing else. */
export async function createModerator(email: string, on = true) {
  const address = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) throw new Error("a valid --email is required");
  return db().user.upsert({
    where: { email: address },
    create: { email: address, isModerator: on },
    update: { isModerator: on },
    select: { id: true, email: true },
  });
}

/** Gives a user (created if new) a role in an organization: organizer or auditor. */
export async function addMember(input: { email: string; organizationSlug: string; role: "organizer" | "auditor" }) {
  const organization = await db().organization.findUnique({
    where: { slug: input.organizationSlug },
    select: { id: true },
  });
  if (!organization) throw new Error(`no organization with slug ${input.organizationSlug}`);
  // Citizen petitions are the moderators' (decision 040): that organization has no members.
  if (input.organizationSlug === "citizens")
    throw new Error("the citizens organization has no members: use moderator:add");
  const email = input.email.trim().toLowerCase();
  const user = await db().user.upsert({ where: { email }, create: { email }, update: {}, select: { id: true } });
  await db().membership.upsert({
    where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
    create: { userId: user.id, organizationId: organization.id, role: input.role },
    update: { role: input.role },
  });
  return user;
}
