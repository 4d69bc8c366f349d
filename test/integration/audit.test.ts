// Audit entries are written in the change's own transaction (models/audit.server.ts `audited`):
// a change that fails leaves no entry, and a change that is done always has one, even when writing
// the entry is what fails. Faults are made with a database trigger, on SQLite and PostgreSQL alike.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, startTestApp, type TestApp } from "../support/app.ts";
import { signIn, workspaceClient, type Session } from "../support/workspace.ts";

let app: TestApp;
let session: Session;
let userId = "";
let petitionId = "";

/** Makes every INSERT into `table` that matches `when` (SQL on NEW) fail, until the returned function runs. */
async function refuseInserts(table: string, when: string) {
  const name = `refuse_${table.toLowerCase()}`;
  if (app.db.kind === "sqlite") {
    await app.db.query(
      `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" WHEN ${when} BEGIN SELECT RAISE(ABORT, 'refused by test'); END`,
    );
    return () => app.db.query(`DROP TRIGGER ${name}`);
  }
  await app.db.query(
    `CREATE OR REPLACE FUNCTION refused_by_test() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`,
  );
  await app.db.query(
    `CREATE TRIGGER ${name} BEFORE INSERT ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION refused_by_test()`,
  );
  return () => app.db.query(`DROP TRIGGER ${name} ON "${table}"`);
}

const drafts = (subject: string) =>
  app.db.query<{ id: string }>(`SELECT "id" FROM "SignerUpdate" WHERE "subjectKk" = $1`, [subject]);
const entries = (action: string) =>
  app.db.query<{ userId: string; target: string; details: string }>(
    `SELECT "userId", "target", "details" FROM "AuditLog" WHERE "action" = $1`,
    [action],
  );

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  const organizer = await app.module.addMember({
    email: "audit.organizer@example.kz",
    organizationSlug: "ashyq-khattama",
    role: "organizer",
  });
  userId = organizer.id;
  session = await signIn(app, "audit.organizer@example.kz");
  petitionId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [demoPetition])
  )[0].id;
});
afterAll(async () => app?.close());

describe(`audit entries in the change's transaction (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  const draft = (subject: string) =>
    workspaceClient(app, session).post(`/kk/workspace/publications/${petitionId}/updates`, {
      subjectKk: subject,
      subjectRu: `${subject} (ru)`,
      bodyKk: "Мәтін",
      bodyRu: "Текст",
    });

  it("records the sign-in that opened the session, once", async () => {
    const signins = (await entries("user.signin")).filter((entry) => entry.userId === userId);
    expect(signins).toHaveLength(1);
    expect(JSON.parse(signins[0].details)).toEqual({ method: "code" });
  });

  it("keeps no change whose audit entry could not be written", async () => {
    const allow = await refuseInserts("AuditLog", `NEW."action" = 'update.draft'`);
    try {
      expect((await draft("Жазба жазылмады")).status).toBe(500);
    } finally {
      await allow();
    }
    expect(await drafts("Жазба жазылмады")).toEqual([]);
    expect(await entries("update.draft")).toEqual([]);
  });

  it("leaves no audit entry for a change that failed", async () => {
    const allow = await refuseInserts("SignerUpdate", `NEW."subjectKk" = 'Өзгеріс сәтсіз'`);
    try {
      expect((await draft("Өзгеріс сәтсіз")).status).toBe(500);
    } finally {
      await allow();
    }
    expect(await drafts("Өзгеріс сәтсіз")).toEqual([]);
    expect(await entries("update.draft")).toEqual([]);
  });

  it("writes exactly one entry for a change that is done", async () => {
    const created = await draft("Жаңалық сақталды");
    expect(created.status).toBe(303);
    const [row] = await drafts("Жаңалық сақталды");
    expect(created.headers.get("location")).toMatch(new RegExp(`/updates/${row.id}$`));
    const written = await entries("update.draft");
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ userId, target: demoPetition });
    expect(JSON.parse(written[0].details)).toEqual({ update: row.id });
  });
});
