// Rows that several test files need and the app has no screen for (a second organization, a
// publication in a given state), written with raw SQL that runs on SQLite and PostgreSQL alike, and
// the usual cast of workspace people. One place, so a schema change is fixed once.
import { type TestApp } from "./app.ts";
import { type TestDatabase } from "./databases.ts";

/** "Now" as each database takes a timestamp parameter (SQLite stores ISO text). */
export const dbNow = (db: TestDatabase) => (db.kind === "sqlite" ? new Date().toISOString() : new Date());

/** A boolean as each database takes it (SQLite stores 0/1). */
export const dbBool = (db: TestDatabase, value: boolean) => (db.kind === "sqlite" ? (value ? 1 : 0) : value);

export async function insertOrganization(
  db: TestDatabase,
  organization: { id: string; slug: string; nameKk: string; nameRu: string },
) {
  await db.query(`INSERT INTO "Organization" ("id","slug","nameKk","nameRu","createdAt") VALUES ($1,$2,$3,$4,$5)`, [
    organization.id,
    organization.slug,
    organization.nameKk,
    organization.nameRu,
    dbNow(db),
  ]);
}

/**
 * A publication written straight into the database, with short placeholder texts unless given.
 * Petitions made this way have no counter rows: use the workspace (or the demo) for those.
 */
export async function insertPublication(
  db: TestDatabase,
  publication: {
    id: string;
    slug: string;
    kind: "petition" | "statement" | "report";
    status: "draft" | "open" | "closed" | "archived";
    organizationId: string;
    endorsable?: boolean;
    titleKk?: string;
    titleRu?: string;
    summaryKk?: string;
    summaryRu?: string;
    body?: string;
    /** Open and later publications have a publication time; drafts have none. */
    published?: boolean;
  },
) {
  const now = dbNow(db);
  await db.query(
    `INSERT INTO "Publication" ("id","slug","kind","endorsable","status","organizationId","titleKk","titleRu","summaryKk","summaryRu","bodyKk","bodyRu","publishedAt","createdAt","updatedAt")
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11,$12,$13,$13)`,
    [
      publication.id,
      publication.slug,
      publication.kind,
      dbBool(db, publication.endorsable ?? false),
      publication.status,
      publication.organizationId,
      publication.titleKk ?? "Т",
      publication.titleRu ?? "Т",
      publication.summaryKk ?? "с",
      publication.summaryRu ?? "с",
      publication.body ?? "б",
      (publication.published ?? publication.status !== "draft") ? now : null,
      now,
    ],
  );
}

/** The demo organization every seeded database has. */
export const demoOrganization = "ashyq-khattama";
/** A second organization with its own organizer, for "not yours" checks. */
export const otherOrganization = {
  id: "org-other",
  slug: "other-org",
  nameKk: "Басқа ұйым",
  nameRu: "Другая организация",
};

/**
 * admin@, organizer@ and auditor@ (of the demo organization) and stranger@ (organizer of the other
 * organization), all @example.kz; moderator@ too when asked.
 */
export async function workspacePeople(app: TestApp, options: { moderator?: boolean } = {}) {
  await app.module.createAdmin("admin@example.kz");
  if (options.moderator) await app.module.createModerator("moderator@example.kz");
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: demoOrganization, role: "organizer" });
  await app.module.addMember({ email: "auditor@example.kz", organizationSlug: demoOrganization, role: "auditor" });
  await insertOrganization(app.db, otherOrganization);
  await app.module.addMember({
    email: "stranger@example.kz",
    organizationSlug: otherOrganization.slug,
    role: "organizer",
  });
}
