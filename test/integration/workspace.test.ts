import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchText, postForm, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { signIn as signInAs, type Session } from "../support/workspace.ts";
import { pressConfirm } from "../support/smtp-sink.ts";
import { outboxSettled } from "../support/wait.ts";
import { insertPublication, otherOrganization, workspacePeople } from "../support/factories.ts";

let app: TestApp;
let ownPetitionId = "";
let otherPublicationId = "";

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  await workspacePeople(app, { moderator: true });
  await insertPublication(app.db, {
    id: "pub-other",
    slug: "other-statement",
    kind: "statement",
    status: "open",
    organizationId: otherOrganization.id,
  });
  ownPetitionId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = 'fair-elections-petition'`)
  )[0].id;
  otherPublicationId = "pub-other";
});
afterAll(async () => app?.close());

const signIn = (email: string) => signInAs(app, email);

const post = (path: string, session: Session | null, fields: Record<string, string>) =>
  postForm(`${app.url}${path}`, fields, session ? { Cookie: session.cookie } : {});
const get = (path: string, session: Session | null) =>
  fetch(`${app.url}${path}`, { headers: session ? { Cookie: session.cookie } : {}, redirect: "manual" });
const statusOf = async (id: string) =>
  (await app.db.query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "id" = $1`, [id]))[0].status;

describe(`organizer workspace: sign-in and access (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("signs in with a one-time code by mail, with a secure cookie; unknown addresses get the same answer and no mail", async () => {
    const unknown = await postForm(`${app.url}/ru/signin`, { email: "nobody@example.kz" });
    expect(unknown.status).toBe(303);
    await outboxSettled(app.db);
    expect(app.smtp.mailsTo("nobody@")).toHaveLength(0);

    expect((await postForm(`${app.url}/ru/signin`, { email: "organizer@example.kz" })).status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo("organizer@").length === 1);
    const mail = app.smtp.mailsTo("organizer@")[0];
    expect(mail.subject).toMatch(/^Код входа в рабочее пространство Дауыс: \d{6}$/);
    const code = /(\d{6})/.exec(mail.subject)![1];
    const wrong = code === "000000" ? "111111" : "000000";
    const refused = await postForm(`${app.url}/ru/signin/code`, { email: "organizer@example.kz", code: wrong });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toContain("Код неверный или истёк.");
    const ok = await postForm(`${app.url}/ru/signin/code`, { email: "organizer@example.kz", code });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe("/ru/workspace");
    const cookie = ok.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // Single use: the same code does not work twice.
    expect((await postForm(`${app.url}/ru/signin/code`, { email: "organizer@example.kz", code })).status).toBe(400);
  });

  it("locks a code after five wrong tries", async () => {
    await postForm(`${app.url}/kk/signin`, { email: "auditor@example.kz" });
    await app.smtp.waitFor(() => app.smtp.mailsTo("auditor@").length === 1);
    const code = /(\d{6})/.exec(app.smtp.mailsTo("auditor@")[0].subject)![1];
    for (let attempt = 0; attempt < 5; attempt++)
      await postForm(`${app.url}/kk/signin/code`, {
        email: "auditor@example.kz",
        code: String((Number(code) + 1 + attempt) % 1_000_000).padStart(6, "0"),
      });
    expect((await postForm(`${app.url}/kk/signin/code`, { email: "auditor@example.kz", code })).status).toBe(400);
  });

  it("signs in by link only on POST, once", async () => {
    await postForm(`${app.url}/kk/signin`, { email: "admin@example.kz" });
    await app.smtp.waitFor(() => app.smtp.mailsTo("admin@").length >= 1);
    const link = app.smtp
      .mailsTo("admin@")
      .at(-1)!
      .text.split("\n")
      .find((line) => line.includes("/signin/link/"))!
      .trim();
    expect(await fetchText(link)).toContain("Кіруді растаңыз");
    expect(await fetchText(link)).toContain("Кіруді растаңыз");
    const used = await fetch(link, { method: "POST", redirect: "manual" });
    expect(used.status).toBe(303);
    expect((await fetch(link, { method: "POST", redirect: "manual" })).status).toBe(400);
  });

  it("enforces who may see and change what, route by route and role by role", async () => {
    const sessions: Record<string, Session | null> = {
      anonymous: null,
      admin: await signIn("admin@example.kz"),
      organizer: await signIn("organizer@example.kz"),
      auditor: await signIn("auditor@example.kz"),
      stranger: await signIn("stranger@example.kz"),
      // Moderates citizen petitions only (decision 040): no organization, no administration.
      moderator: await signIn("moderator@example.kz"),
    };
    // Every workspace route must appear here: adding one without deciding its rules fails this test.
    const routeFiles = readdirSync("app/routes").filter(
      (file) => file.startsWith("$lang.workspace") || file.startsWith("$lang.signout"),
    );
    expect(routeFiles.sort()).toEqual([
      "$lang.signout.tsx",
      "$lang.workspace._index.tsx",
      "$lang.workspace.admin._index.tsx",
      "$lang.workspace.admin.confirm.tsx",
      "$lang.workspace.admin.organizations.$id.tsx",
      "$lang.workspace.audit.tsx",
      "$lang.workspace.citizen.$id.tsx",
      "$lang.workspace.citizen._index.tsx",
      "$lang.workspace.moderation.tsx",
      "$lang.workspace.preview.tsx",
      "$lang.workspace.publications.$id._index.tsx",
      "$lang.workspace.publications.$id.edit.tsx",
      "$lang.workspace.publications.$id.export.tsx",
      "$lang.workspace.publications.$id.export[.csv].tsx",
      "$lang.workspace.publications.$id.moderation.tsx",
      "$lang.workspace.publications.$id.paper.tsx",
      "$lang.workspace.publications.$id.paper_.$receipt.scan.tsx",
      "$lang.workspace.publications.$id.response.tsx",
      "$lang.workspace.publications.$id.sheets.tsx",
      "$lang.workspace.publications.$id.sheets_.$run.tsx",
      "$lang.workspace.publications.$id.status.tsx",
      "$lang.workspace.publications.$id.updates.tsx",
      "$lang.workspace.publications.$id.updates_.$updateId.tsx",
      "$lang.workspace.publications.new.tsx",
    ]);

    // Editor routes: who may open them (the editor's own test covers what they do).
    const expected: Record<string, Record<string, number>> = {
      "/kk/workspace/publications/new": {
        anonymous: 302,
        admin: 200,
        organizer: 200,
        auditor: 403,
        stranger: 200,
        moderator: 403,
      },
      [`/kk/workspace/publications/${ownPetitionId}`]: {
        anonymous: 302,
        admin: 200,
        organizer: 200,
        auditor: 200,
        stranger: 404,
        moderator: 404,
      },
      [`/kk/workspace/publications/${ownPetitionId}/edit`]: {
        anonymous: 302,
        admin: 200,
        organizer: 200,
        auditor: 403,
        stranger: 403,
        moderator: 403,
      },
      [`/kk/workspace/publications/${ownPetitionId}/response`]: {
        anonymous: 302,
        admin: 200,
        organizer: 200,
        auditor: 403,
        stranger: 403,
        moderator: 403,
      },
      "/kk/workspace/preview": {
        anonymous: 302,
        admin: 405,
        organizer: 405,
        auditor: 405,
        stranger: 405,
        moderator: 405,
      },
      // Citizen petitions' moderation (citizen-petitions.test.ts covers what it does): admins and moderators.
      "/kk/workspace/citizen": {
        anonymous: 302,
        admin: 200,
        organizer: 403,
        auditor: 403,
        stranger: 403,
        moderator: 200,
      },
      "/kk/workspace/citizen/no-such-petition": {
        anonymous: 302,
        admin: 404,
        organizer: 403,
        auditor: 403,
        stranger: 403,
        moderator: 404,
      },
      // Sheet runs: the list for every member, a run's PDF (none with this id here; campaign.test.ts).
      [`/kk/workspace/publications/${ownPetitionId}/sheets`]: {
        anonymous: 302,
        admin: 200,
        organizer: 200,
        auditor: 200,
        stranger: 403,
        moderator: 403,
      },
      [`/kk/workspace/publications/${ownPetitionId}/sheets/no-such-run`]: {
        anonymous: 302,
        admin: 404,
        organizer: 404,
        auditor: 404,
        stranger: 403,
        moderator: 403,
      },
      // Confirmation steps (they change nothing): a status change, and the admins' own.
      [`/kk/workspace/publications/${ownPetitionId}/status?transition=close`]: {
        anonymous: 302,
        admin: 200,
        organizer: 200,
        auditor: 403,
        stranger: 403,
        moderator: 403,
      },
      [`/kk/workspace/publications/${ownPetitionId}/status?transition=fly`]: {
        anonymous: 302,
        admin: 400,
        organizer: 400,
        auditor: 403,
        stranger: 403,
        moderator: 403,
      },
      [`/kk/workspace/publications/${ownPetitionId}/status?transition=reopen`]: {
        anonymous: 302,
        admin: 409,
        organizer: 409,
        auditor: 403,
        stranger: 403,
        moderator: 403,
      },
      "/kk/workspace/admin/confirm?intent=deactivateOrganization&organization=org-other": {
        anonymous: 302,
        admin: 200,
        organizer: 403,
        auditor: 403,
        stranger: 403,
        moderator: 403,
      },
      // A paper scan (none with this receipt here; moderation-paper.test.ts downloads a real one).
      [`/kk/workspace/publications/${ownPetitionId}/paper/AAAAAAAAAAAAAAAAAAAAAA/scan`]: {
        anonymous: 302,
        admin: 404,
        organizer: 404,
        auditor: 404,
        stranger: 403,
        moderator: 403,
      },
    };
    for (const [path, byRole] of Object.entries(expected)) {
      for (const [role, status] of Object.entries(byRole))
        expect((await get(path, sessions[role])).status, `${role} GET ${path}`).toBe(status);
    }
    for (const role of ["auditor", "stranger", "moderator"]) {
      const session = sessions[role]!;
      expect(
        (
          await post(`/kk/workspace/publications/${ownPetitionId}/edit`, session, {
            csrf: session.csrf,
            intent: "save",
            kind: "petition",
            organizationId: "x",
            slug: "fair-elections-petition",
          })
        ).status,
        role,
      ).toBe(403);
      expect(
        (
          await post(`/kk/workspace/publications/${ownPetitionId}/response`, session, {
            csrf: session.csrf,
            respondedAt: "2026-11-01",
            responseKk: "Жауап",
          })
        ).status,
        role,
      ).toBe(403);
    }
    expect(
      (
        await post("/kk/workspace/publications/new", sessions.auditor, {
          csrf: sessions.auditor!.csrf,
          intent: "save",
          kind: "petition",
          organizationId: "x",
          slug: "auditor-draft",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await post("/kk/workspace/publications/new", sessions.stranger, {
          csrf: sessions.stranger!.csrf,
          intent: "save",
          kind: "petition",
          organizationId: (
            await app.db.query<{ id: string }>(`SELECT "organizationId" AS "id" FROM "Publication" WHERE "id" = $1`, [
              ownPetitionId,
            ])
          )[0].id,
          slug: "stranger-draft",
        })
      ).status,
    ).toBe(403);
    expect((await post("/kk/workspace/preview", sessions.organizer, { markdown: "x" })).status).toBe(403);
    expect(
      (await post("/kk/workspace/preview", sessions.organizer, { csrf: sessions.organizer!.csrf, markdown: "**x**" }))
        .status,
    ).toBe(200);
    expect((await post("/kk/workspace/preview", null, { markdown: "x" })).status).toBe(302);
    const now = app.db.kind === "sqlite" ? new Date().toISOString() : new Date();
    await app.db.query(
      `INSERT INTO "SignerUpdate" ("id","publicationId","subjectKk","subjectRu","bodyKk","bodyRu","status","recipients","createdAt") VALUES ('upd-1',$1,'Т','Т','М','М','draft',0,$2)`,
      [ownPetitionId, now],
    );
    const updates = `/kk/workspace/publications/${ownPetitionId}/updates`;
    const exportPage = `/kk/workspace/publications/${ownPetitionId}/export`;
    // Updates: the list for every reader; a draft, sending and the export only for organizers and admins.
    const updateRules: Record<
      string,
      [list: number, draft: number, exportPage: number, exportCsv: number, newDraft: number]
    > = {
      anonymous: [302, 302, 302, 302, 302],
      admin: [200, 200, 200, 200, 400],
      organizer: [200, 200, 200, 200, 400],
      auditor: [200, 403, 403, 403, 403],
      stranger: [403, 403, 403, 403, 403],
      moderator: [403, 403, 403, 403, 403],
    };
    for (const [role, statuses] of Object.entries(updateRules)) {
      const session = sessions[role];
      const csrf = session?.csrf ?? "";
      const actual = [
        (await get(updates, session)).status,
        (await get(`${updates}/upd-1`, session)).status,
        (await get(exportPage, session)).status,
        (await post(`${exportPage}.csv`, session, { csrf })).status,
        (await post(updates, session, { csrf, subjectKk: "" })).status,
      ];
      expect(actual, role).toEqual(statuses);
    }
    expect(
      (
        await post(`/kk/workspace/publications/${otherPublicationId}/updates`, sessions.organizer, {
          csrf: sessions.organizer!.csrf,
        })
      ).status,
    ).toBe(404);

    for (const role of Object.keys(sessions)) {
      const session = sessions[role];
      const dashboard = await get("/kk/workspace", session);
      const audit = await get("/kk/workspace/audit", session);
      const moderation = await get("/kk/workspace/moderation", session);
      expect(moderation.status, role).toBe(role === "anonymous" ? 302 : 200);
      // A petition's moderation-by-condition and paper pages: its organization's members and admins read them.
      for (const page of ["moderation", "paper"]) {
        const response = await get(`/kk/workspace/publications/${ownPetitionId}/${page}`, session);
        expect(response.status, `${role} ${page}`).toBe(
          role === "anonymous" ? 302 : role === "stranger" || role === "moderator" ? 403 : 200,
        );
        const anything = {
          csrf: session?.csrf ?? "",
          region: "KZ-75",
          count: "5",
          collectedFrom: "2026-01-01",
          collectedTo: "2026-01-02",
          domain: "example.kz",
          action: "release",
          expected: "0",
          fingerprint: "",
        };
        if (role === "anonymous" || role === "auditor" || role === "stranger" || role === "moderator") {
          const posted = await post(`/kk/workspace/publications/${ownPetitionId}/${page}`, session, anything);
          expect(posted.status, `${role} ${page} POST`).toBe(role === "anonymous" ? 302 : 403);
        }
      }
      if (role === "anonymous") {
        expect(dashboard.status).toBe(302);
        expect(dashboard.headers.get("location")).toBe("/kk/signin?next=%2Fkk%2Fworkspace");
        expect(audit.status).toBe(302);
      } else {
        expect(dashboard.status, role).toBe(200);
        expect(audit.status, role).toBe(200);
      }
      // Administration (test/integration/admin.test.ts covers its actions): admins only.
      for (const path of ["/kk/workspace/admin", `/kk/workspace/admin/organizations/new`]) {
        const response = await get(path, session);
        expect(response.status, `${role} ${path}`).toBe(role === "anonymous" ? 302 : role === "admin" ? 200 : 403);
        const action = await post(path, session, {
          csrf: session?.csrf ?? "",
          intent: "save",
          slug: `by-${role}`,
          nameKk: "Ұйым",
          nameRu: "Организация",
        });
        expect(action.status, `${role} POST ${path}`).toBe(
          role === "anonymous" ? 302 : role === "admin" ? (path.endsWith("/new") ? 303 : 400) : 403,
        );
      }
      const dashboardText = role === "anonymous" ? "" : await dashboard.text();
      // Organization visibility: own organizations only (admins: all).
      if (role === "admin") expect(dashboardText).toContain("other-statement");
      if (role === "organizer" || role === "auditor") expect(dashboardText).not.toContain("other-statement");
      if (role === "stranger") expect(dashboardText).not.toContain("fair-elections-petition");
    }

    const change = async (role: string, id: string, transition: string) =>
      (
        await post(`/kk/workspace/publications/${id}/status`, sessions[role], {
          csrf: sessions[role]?.csrf ?? "",
          transition,
        })
      ).status;
    expect(await change("anonymous", ownPetitionId, "close")).toBe(302);
    expect(await change("auditor", ownPetitionId, "close")).toBe(403);
    expect(await change("stranger", ownPetitionId, "close")).toBe(403);
    expect(await statusOf(ownPetitionId)).toBe("open");
    expect(await change("organizer", otherPublicationId, "close")).toBe(403);
    expect(await change("organizer", ownPetitionId, "close")).toBe(303);
    expect(await statusOf(ownPetitionId)).toBe("closed");
    expect(await change("organizer", ownPetitionId, "close")).toBe(409);
    expect(await change("admin", ownPetitionId, "reopen")).toBe(303);
    expect(await change("organizer", ownPetitionId, "fly")).toBe(400);
    expect(await statusOf(ownPetitionId)).toBe("open");

    // CSRF: a cross-site form cannot know the token.
    expect(
      (await post(`/kk/workspace/publications/${ownPetitionId}/status`, sessions.organizer, { transition: "close" }))
        .status,
    ).toBe(403);
    expect(
      (
        await post(`/kk/workspace/publications/${ownPetitionId}/status`, sessions.organizer, {
          csrf: sessions.admin!.csrf,
          transition: "close",
        })
      ).status,
    ).toBe(403);
    expect(await statusOf(ownPetitionId)).toBe("open");

    // The audit log shows who did what; auditors of the organization see it too, strangers do not.
    const auditText = visibleText(await (await get("/kk/workspace/audit", sessions.auditor)).text());
    // By name and role, never by address.
    expect(auditText).toMatch(/аты жоқ мүше №\w{6} \(ұйымдастырушы\) publication\.close fair-elections-petition/);
    expect(auditText).toMatch(/\(әкімші\) publication\.reopen fair-elections-petition/);
    expect(auditText).not.toContain("@");
    expect(visibleText(await (await get("/kk/workspace/audit", sessions.stranger)).text())).not.toContain(
      "fair-elections-petition",
    );

    // Sign out everywhere ends every session of that account.
    const second = await signIn("organizer@example.kz");
    expect(
      (await post("/kk/signout", sessions.organizer, { csrf: sessions.organizer!.csrf, everywhere: "1" })).status,
    ).toBe(303);
    expect((await get("/kk/workspace", second)).status).toBe(302);
    expect((await get("/kk/workspace", sessions.organizer)).status).toBe(302);
    expect((await get("/kk/workspace", sessions.auditor)).status).toBe(200);
  });

  it("alerts on a wave from one mail domain and lets organizers review held signatures", async () => {
    for (let index = 0; index < 22; index++)
      await postForm(`${app.url}/kk/p/fair-elections-petition`, {
        name: "Толқын Адамы",
        email: `wave${index}@wave-domain.kz`,
        region: "KZ-10",
        consent: "on",
      });
    // A signature held by an abuse rule (a forged form stamp), confirmed by its signer.
    await postForm(`${app.url}/kk/p/fair-elections-petition`, {
      name: "Ұсталған Адам",
      email: "held@example.kz",
      region: "KZ-19",
      consent: "on",
      started: `${Date.now()}.forged`,
    });
    await app.smtp.waitFor(() => app.smtp.mailsTo("held@").length === 1);
    const link = app.smtp
      .mailsTo("held@")[0]
      .text.split("\n")
      .find((line) => line.includes("/confirm/"))!
      .trim();
    await pressConfirm(link);
    const organizer = await signIn("organizer@example.kz");
    const auditor = await signIn("auditor@example.kz");
    const stranger = await signIn("stranger@example.kz");

    const page = await (await get("/kk/workspace/moderation", organizer)).text();
    expect(page).toMatch(/data-trending="true"[^>]*>[\s\S]*?wave-domain\.kz/);
    expect(page).not.toMatch(/held@example|Ұсталған|wave\d+@/);
    const signatureId = /name="signature" value="([^"]+)"/.exec(page)![1];
    expect(await (await get("/kk/workspace/moderation", auditor)).text()).not.toContain('name="signature"');
    expect(await (await get("/kk/workspace/moderation", stranger)).text()).not.toContain("wave-domain.kz");

    const before = (
      (await (await fetch(`${app.url}/api/v1/petitions/fair-elections-petition`)).json()) as {
        tiers: { confirmed: number; held: number };
      }
    ).tiers;
    expect(before.held).toBe(1);
    expect(
      (
        await post("/kk/workspace/moderation", auditor, {
          csrf: auditor.csrf,
          signature: signatureId,
          action: "release",
        })
      ).status,
    ).toBe(403);
    expect(
      (await post("/kk/workspace/moderation", organizer, { signature: signatureId, action: "release" })).status,
    ).toBe(403);
    expect(
      (
        await post("/kk/workspace/moderation", organizer, {
          csrf: organizer.csrf,
          signature: signatureId,
          action: "release",
        })
      ).status,
    ).toBe(303);
    const after = (
      (await (await fetch(`${app.url}/api/v1/petitions/fair-elections-petition`)).json()) as {
        tiers: { confirmed: number; held: number };
      }
    ).tiers;
    expect(after).toMatchObject({ held: 0, confirmed: before.confirmed + 1 });
    expect(visibleText(await (await get("/kk/workspace/audit", organizer)).text())).toMatch(
      /\(ұйымдастырушы\) signature\.release fair-elections-petition/,
    );
  });
});
