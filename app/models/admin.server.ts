// Site administration: organizations, their members and the admin flag. Each change and its
// audit entry are written in one transaction. Error values are i18n keys of the "admin" namespace.
import { z } from "zod";
import { config } from "~/config.server.ts";
import { db, isUniqueViolation, type Db } from "~/db.server.ts";
import { memberRoles, type MemberRole } from "~/lib/member-roles.ts";
import { CONTROL_CHARACTERS, withoutControlCharacters } from "~/lib/text-rules.ts";
import { CITIZENS_ORGANIZATION } from "~/models/citizen.server.ts";
import { audit } from "~/models/audit.server.ts";

// Letters of any script, digits, spaces and the punctuation of organization names ("«Ашық
// хаттама» қозғалысы", "Фонд «Qazaq Data»"); no markup characters, at least one letter.
const namePattern = /^[\p{L}\p{M}\p{N}\p{Zs}'’ʼ"«»„“”.,:;!?()&№+/\-–—]+$/u;
const clean = (value: string) => value.normalize("NFC").replace(/\s+/g, " ").trim();
const text = (value: unknown) => (typeof value === "string" ? value : "");
const name = z
  .string()
  .transform(clean)
  .pipe(
    z
      .string()
      .refine(withoutControlCharacters, CONTROL_CHARACTERS)
      .min(2, "nameRequired")
      .max(120, "nameTooLong")
      .regex(namePattern, "nameInvalid")
      .regex(/\p{L}/u, "nameInvalid"),
  );
const email = z
  .string()
  .transform((value) => value.trim().toLowerCase())
  .pipe(z.string().max(254, "emailInvalid").pipe(z.email("emailInvalid")));

const organizationSchema = z.object({
  slug: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(
      z
        .string()
        .min(2, "slugRequired")
        .max(60, "slugInvalid")
        .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "slugInvalid"),
    ),
  nameKk: name,
  nameRu: name,
  website: z
    .string()
    .transform((value) => value.trim())
    .pipe(
      z.union([
        z.literal(""),
        z
          .string()
          .max(200, "websiteInvalid")
          .pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain, error: "websiteInvalid" })),
      ]),
    )
    .transform((value) => value || null),
  email: z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.union([z.literal(""), email]))
    .transform((value) => value || null),
});
export type OrganizationInput = z.output<typeof organizationSchema>;
export type OrganizationField = keyof OrganizationInput;

const memberSchema = z.object({
  email,
  // Optional: the audit log shows people by name (never by address), so it is worth asking.
  name: z.union([z.string().transform(clean).pipe(z.literal("")), name]),
  role: z.enum(memberRoles, { error: "roleInvalid" }),
  locale: z.enum(["kk", "ru"], { error: "localeInvalid" }),
});

function firstErrors<Field extends string>(issues: z.core.$ZodIssue[]) {
  const errors: Partial<Record<Field, string>> = {};
  for (const issue of issues) {
    const field = issue.path[0] as Field;
    errors[field] ??=
      /^[a-zA-Z]+$/.test(issue.message) && issue.message !== "Invalid input" ? issue.message : "invalid";
  }
  return errors;
}

export function parseOrganization(form: Record<string, string>) {
  const result = organizationSchema.safeParse({
    slug: text(form.slug),
    nameKk: text(form.nameKk),
    nameRu: text(form.nameRu),
    website: text(form.website),
    email: text(form.email),
  });
  return result.success
    ? { ok: true as const, data: result.data }
    : { ok: false as const, errors: firstErrors<OrganizationField>(result.error.issues) };
}

export function parseMember(form: Record<string, string>) {
  const result = memberSchema.safeParse({
    email: text(form.email),
    name: text(form.name),
    role: text(form.role),
    locale: text(form.locale),
  });
  return result.success
    ? { ok: true as const, data: result.data }
    : { ok: false as const, errors: firstErrors<"email" | "name" | "role" | "locale">(result.error.issues) };
}

export async function listOrganizations() {
  return db().organization.findMany({
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      slug: true,
      nameKk: true,
      nameRu: true,
      deactivatedAt: true,
      _count: { select: { publications: true, memberships: true } },
    },
  });
}

export async function getOrganization(id: string) {
  return db().organization.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      nameKk: true,
      nameRu: true,
      website: true,
      email: true,
      deactivatedAt: true,
      _count: { select: { publications: true } },
      memberships: {
        orderBy: { createdAt: "asc" },
        select: { role: true, user: { select: { id: true, email: true, name: true, deactivatedAt: true } } },
      },
    },
  });
}

type Result<T = object> = ({ ok: true } & T) | { ok: false; error: string; status: 400 | 403 | 404 | 409 };
const fail = (error: string, status: 400 | 403 | 404 | 409) => ({ ok: false as const, error, status });

/** Creates (id null) or updates an organization; a taken slug is a 409, also when two race. */
export async function saveOrganization(input: {
  actorId: string;
  id: string | null;
  data: OrganizationInput;
}): Promise<Result<{ id: string }>> {
  const { actorId, id, data } = input;
  try {
    return await db().$transaction(async (tx) => {
      const taken = await tx.organization.findUnique({ where: { slug: data.slug }, select: { id: true } });
      if (taken && taken.id !== id) return fail("slugTaken", 409);
      if (id === null) {
        const created = await tx.organization.create({ data, select: { id: true } });
        await audit(
          { userId: actorId, organizationId: created.id, action: "organization.create", target: data.slug },
          tx,
        );
        return { ok: true as const, id: created.id };
      }
      const before = await tx.organization.findUnique({
        where: { id },
        select: { slug: true, nameKk: true, nameRu: true, website: true, email: true },
      });
      if (!before) return fail("notFound", 404);
      await tx.organization.update({ where: { id }, data });
      const changed = (Object.keys(data) as OrganizationField[]).filter((field) => before[field] !== data[field]);
      await audit(
        {
          userId: actorId,
          organizationId: id,
          action: "organization.update",
          target: data.slug,
          details: { changed, ...(before.slug !== data.slug ? { previousSlug: before.slug } : {}) },
        },
        tx,
      );
      return { ok: true as const, id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail("slugTaken", 409);
    throw error;
  }
}

/** Who was just added, for the invitation written in the same transaction. */
export type AddedMember = {
  userId: string;
  email: string;
  locale: "kk" | "ru";
  role: MemberRole;
  organization: { nameKk: string; nameRu: string };
};

/**
 * Gives someone (a new account if the address is new) a role in an organization. `onAdded` runs
 * inside the transaction (the invitation mail is queued there, so it exists exactly when the
 * membership does).
 */
export async function addMembership(input: {
  actorId: string;
  organizationId: string;
  email: string;
  name?: string;
  role: MemberRole;
  locale: "kk" | "ru";
  onAdded?: (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0], member: AddedMember) => Promise<void>;
}): Promise<Result> {
  const attempt = (): Promise<Result> =>
    db().$transaction(async (tx) => {
      const organization = await tx.organization.findUnique({
        where: { id: input.organizationId },
        select: { id: true, slug: true, nameKk: true, nameRu: true },
      });
      if (!organization) return fail("notFound", 404);
      // Its organizers could edit every citizen petition: those are the moderators' (decision 040).
      if (organization.slug === CITIZENS_ORGANIZATION) return fail("citizensNoMembers", 409);
      const existing = await tx.user.findUnique({
        where: { email: input.email },
        select: { id: true, name: true, locale: true },
      });
      const user =
        existing ??
        (await tx.user.create({
          data: { email: input.email, locale: input.locale, name: input.name ?? "" },
          select: { id: true, name: true, locale: true },
        }));
      // A name given now fills an account that had none; an existing name is the person's own.
      if (existing && !existing.name && input.name)
        await tx.user.update({ where: { id: existing.id }, data: { name: input.name } });
      const membership = await tx.membership.findUnique({
        where: { userId_organizationId: { userId: user.id, organizationId: organization.id } },
        select: { role: true },
      });
      if (membership) return fail("alreadyMember", 409);
      await tx.membership.create({ data: { userId: user.id, organizationId: organization.id, role: input.role } });
      await audit(
        {
          userId: input.actorId,
          organizationId: organization.id,
          action: "member.add",
          target: user.id,
          details: { role: input.role, newAccount: !existing },
        },
        tx,
      );
      await input.onAdded?.(tx, {
        userId: user.id,
        email: input.email,
        // The member's own language: the account's, or the one chosen for a new account.
        locale: user.locale === "ru" ? "ru" : "kk",
        role: input.role,
        organization: { nameKk: organization.nameKk, nameRu: organization.nameRu },
      });
      return { ok: true as const };
    });
  try {
    return await attempt();
  } catch (error) {
    // Two admins adding the same new address at once: the loser retries and finds the account.
    if (!isUniqueViolation(error)) throw error;
    return attempt().catch((again) => (isUniqueViolation(again) ? fail("alreadyMember", 409) : Promise.reject(again)));
  }
}

export async function changeMemberRole(input: {
  actorId: string;
  organizationId: string;
  userId: string;
  role: MemberRole;
}): Promise<Result> {
  return db().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
      select: { role: true },
    });
    if (!membership) return fail("notFound", 404);
    if (membership.role === input.role) return { ok: true as const };
    await tx.membership.update({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
      data: { role: input.role },
    });
    await audit(
      {
        userId: input.actorId,
        organizationId: input.organizationId,
        action: "member.role",
        target: input.userId,
        details: { from: membership.role, to: input.role },
      },
      tx,
    );
    return { ok: true as const };
  });
}

/** Takes effect on the member's next request: sessions load memberships afresh every time. */
export async function removeMembership(input: {
  actorId: string;
  organizationId: string;
  userId: string;
}): Promise<Result> {
  return db().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
      select: { role: true },
    });
    if (!membership) return fail("notFound", 404);
    await tx.membership.delete({
      where: { userId_organizationId: { userId: input.userId, organizationId: input.organizationId } },
    });
    await audit(
      {
        userId: input.actorId,
        organizationId: input.organizationId,
        action: "member.remove",
        target: input.userId,
        details: { role: membership.role },
      },
      tx,
    );
    return { ok: true as const };
  });
}

/**
 * Grants or revokes the site-wide admin flag. Nobody revokes their own, and the site always keeps
 * one admin: on PostgreSQL the admin rows are locked first, so two admins revoking each other at
 * the same moment cannot both succeed (SQLite runs transactions one at a time anyway).
 */
export async function setAdmin(input: { actorId: string; userId: string; isAdmin: boolean }): Promise<Result> {
  if (!input.isAdmin && input.userId === input.actorId) return fail("ownAdmin", 409);
  return db().$transaction(async (tx) => {
    const admins =
      config().database === "postgres"
        ? (
            await tx.$queryRawUnsafe<{ id: string }[]>(
              `SELECT "id" FROM "User" WHERE "isAdmin" = true AND "deactivatedAt" IS NULL ORDER BY "id" FOR UPDATE`,
            )
          ).map((row) => row.id)
        : (await tx.user.findMany({ where: { isAdmin: true, deactivatedAt: null }, select: { id: true } })).map(
            (row) => row.id,
          );
    // The actor may have lost the flag to a concurrent change since this request began.
    if (!admins.includes(input.actorId)) return fail("forbidden", 403);
    const target = await tx.user.findUnique({ where: { id: input.userId }, select: { isAdmin: true } });
    if (!target) return fail("notFound", 404);
    if (target.isAdmin === input.isAdmin) return { ok: true as const };
    if (!input.isAdmin && admins.filter((id) => id !== input.userId).length === 0) return fail("lastAdmin", 409);
    await tx.user.update({ where: { id: input.userId }, data: { isAdmin: input.isAdmin } });
    // Site-wide: no organization, so only admins see this entry in the audit log.
    await audit(
      {
        userId: input.actorId,
        organizationId: null,
        action: input.isAdmin ? "admin.grant" : "admin.revoke",
        target: input.userId,
      },
      tx,
    );
    return { ok: true as const };
  });
}
