// Site administration: organizations, members and admins, managed by admins only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { signIn as signInAs, type Session } from "../support/workspace.ts";
import { insertPublication, workspacePeople } from "../support/factories.ts";

let app: TestApp;
const demoOrg = "ashyq-khattama";
let demoOrgId = "";
let otherOrgId = "";

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  await workspacePeople(app);
  demoOrgId = (await app.db.query<{ id: string }>(`SELECT "id" FROM "Organization" WHERE "slug" = $1`, [demoOrg]))[0]
    .id;
  otherOrgId = "org-other";
});
afterAll(async () => app?.close());

const signIn = (email: string) => signInAs(app, email);

const post = (path: string, session: Session | null, fields: Record<string, string>) =>
  postForm(`${app.url}${path}`, fields, session ? { Cookie: session.cookie } : {});
const get = (path: string, session: Session | null) =>
  fetch(`${app.url}${path}`, { headers: session ? { Cookie: session.cookie } : {}, redirect: "manual" });
const orgForm = (session: Session, fields: Record<string, string>) => ({
  csrf: session.csrf,
  intent: "save",
  slug: "",
  nameKk: "Ұйым атауы",
  nameRu: "Название организации",
  website: "",
  email: "",
  ...fields,
});
const userId = async (email: string) =>
  (await app.db.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = $1`, [email]))[0].id;
const count = async (sql: string, params: unknown[] = []) =>
  Number((await app.db.query<{ n: number | string }>(sql, params))[0].n);

describe(`administration (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("an admin creates an organization and adds an organizer, whose rights follow every change at once", async () => {
    const admin = await signIn("admin@example.kz");
    const adminDashboard = await (await get("/kk/workspace", admin)).text();
    expect(adminDashboard).toContain('href="/kk/workspace/admin"');
    expect(visibleText(adminDashboard)).toContain("Әкімшілік");
    const organizerDashboard = await (await get("/kk/workspace", await signIn("organizer@example.kz"))).text();
    expect(organizerDashboard).not.toContain("/kk/workspace/admin");

    const created = await post(
      "/kk/workspace/admin/organizations/new",
      admin,
      orgForm(admin, {
        slug: " Qazaq-Data ",
        nameKk: "Qazaq Data қоры",
        nameRu: "Фонд «Qazaq Data»",
        website: "https://qazaqdata.kz/about",
        email: "Info@QazaqData.kz",
      }),
    );
    expect(created.status).toBe(303);
    const [org] = await app.db.query<{ id: string; slug: string; nameRu: string; website: string; email: string }>(
      `SELECT "id","slug","nameRu","website","email" FROM "Organization" WHERE "slug" = 'qazaq-data'`,
    );
    expect(org).toMatchObject({
      nameRu: "Фонд «Qazaq Data»",
      website: "https://qazaqdata.kz/about",
      email: "info@qazaqdata.kz",
    });
    expect(created.headers.get("location")).toBe(
      `/kk/workspace/admin/organizations/${org.id}?done=organizationCreated`,
    );
    expect(visibleText(await (await get(created.headers.get("location")!, admin)).text())).toContain("Ұйым құрылды.");
    // Endorsable: a statement that collects endorsements can be closed and reopened.
    await insertPublication(app.db, {
      id: "pub-qd",
      slug: "open-data-statement",
      kind: "statement",
      endorsable: true,
      status: "open",
      organizationId: org.id,
      titleKk: "Ашық деректер",
      titleRu: "Открытые данные",
    });

    const orgPath = `/kk/workspace/admin/organizations/${org.id}`;
    expect(
      (
        await post(orgPath, admin, {
          csrf: admin.csrf,
          intent: "addMember",
          email: " New.Organizer@Example.kz ",
          role: "organizer",
          locale: "ru",
        })
      ).status,
    ).toBe(303);
    expect(
      (
        await app.db.query<{ locale: string }>(`SELECT "locale" FROM "User" WHERE "email" = 'new.organizer@example.kz'`)
      )[0].locale,
    ).toBe("ru");
    const adminPage = visibleText(await (await get("/kk/workspace/admin", admin)).text());
    expect(adminPage).toMatch(/Qazaq Data қоры Фонд «Qazaq Data» qazaq-data · 1 жарияланым · 1 мүше/);
    expect(adminPage).toMatch(
      /new\.organizer@example\.kz .*qazaq-data ?: ұйымдастырушы Соңғы кірген уақыты әлі кірмеген/,
    );
    expect(adminPage).toMatch(/admin@example\.kz \(сіз\)/);

    const member = await signIn("new.organizer@example.kz");
    expect(visibleText(await (await get("/kk/workspace/admin", admin)).text())).not.toMatch(
      /new\.organizer@example\.kz .*әлі кірмеген/,
    );
    expect(await (await get("/kk/workspace", member)).text()).toContain("open-data-statement");
    const close = () =>
      post("/kk/workspace/publications/pub-qd/status", member, { csrf: member.csrf, transition: "close" });
    const reopen = () =>
      post("/kk/workspace/publications/pub-qd/status", member, { csrf: member.csrf, transition: "reopen" });
    expect((await close()).status).toBe(303);
    expect((await reopen()).status).toBe(303);

    // The same session, not signed in again: the new role applies to the very next request.
    const memberId = await userId("new.organizer@example.kz");
    expect(
      (await post(orgPath, admin, { csrf: admin.csrf, intent: "setRole", user: memberId, role: "auditor" })).status,
    ).toBe(303);
    expect((await close()).status).toBe(403);
    expect(visibleText(await (await get("/kk/workspace", member)).text())).toContain("аудитор");

    expect((await post(orgPath, admin, { csrf: admin.csrf, intent: "removeMember", user: memberId })).status).toBe(303);
    expect(await (await get("/kk/workspace", member)).text()).not.toContain("open-data-statement");
    expect((await close()).status).toBe(403);
    expect(await count(`SELECT COUNT(*) AS n FROM "Membership" WHERE "userId" = $1`, [memberId])).toBe(0);

    // Editing: the new name is what the public publication page shows.
    expect(
      (
        await post(
          orgPath,
          admin,
          orgForm(admin, {
            slug: "qazaq-data-fund",
            nameKk: "Qazaq Data қорының жаңа атауы",
            nameRu: "Фонд Qazaq Data",
          }),
        )
      ).status,
    ).toBe(303);
    expect(visibleText(await (await fetch(`${app.url}/kk/p/open-data-statement`)).text())).toContain(
      "Qazaq Data қорының жаңа атауы",
    );

    // Every change is in the audit log for admins; the demo organization's auditor sees none of it.
    // People are named by name and role, never by address (auditors read this page too).
    const auditText = visibleText(await (await get("/kk/workspace/audit", admin)).text());
    for (const line of [
      /\(әкімші\) organization\.create qazaq-data/,
      /\(әкімші\) member\.add аты жоқ мүше №\w{6} \(енді ұйымда емес\)/,
      /\(әкімші\) member\.role аты жоқ мүше №\w{6} \(енді ұйымда емес\)/,
      /\(әкімші\) member\.remove аты жоқ мүше №\w{6} \(енді ұйымда емес\)/,
      /\(әкімші\) organization\.update qazaq-data-fund/,
    ])
      expect(auditText).toMatch(line);
    expect(auditText).not.toContain("@");
    const auditorText = visibleText(
      await (await get("/kk/workspace/audit", await signIn("auditor@example.kz"))).text(),
    );
    expect(auditorText).not.toMatch(/qazaq|new\.organizer/);
  });

  it("refuses bad, duplicate and hostile input with a translated 400 or 409, never a 500", async () => {
    const admin = await signIn("admin@example.kz");
    const create = (fields: Record<string, string>, lang = "kk") =>
      post(`/${lang}/workspace/admin/organizations/new`, admin, orgForm(admin, fields));
    const organizations = () => count(`SELECT COUNT(*) AS n FROM "Organization"`);
    const before = await organizations();

    const duplicate = await create({ slug: demoOrg });
    expect(duplicate.status).toBe(409);
    expect(visibleText(await duplicate.text())).toContain("Бұл қысқа атау бос емес: оны басқа ұйым қолданады.");
    const duplicateRu = await create({ slug: demoOrg }, "ru");
    expect(duplicateRu.status).toBe(409);
    expect(visibleText(await duplicateRu.text())).toContain("Это короткое имя уже занято другой организацией.");
    const rename = await post(
      `/ru/workspace/admin/organizations/${otherOrgId}`,
      admin,
      orgForm(admin, { slug: demoOrg }),
    );
    expect(rename.status).toBe(409);

    const cases: [Record<string, string>, string][] = [
      [{ slug: "Bad Slug!" }, "Тек латынның кіші әріптері, цифрлар және дефис (60 таңбаға дейін)."],
      [{ slug: "ok-slug", nameKk: " " }, "Атауын жазыңыз (кемінде 2 таңба)."],
      [
        { slug: "ok-slug", website: "http://insecure.kz" },
        "Сайт мекенжайы https:// деп басталатын толық сілтеме болуы керек.",
      ],
      [
        { slug: "ok-slug", website: "javascript:alert(1)" },
        "Сайт мекенжайы https:// деп басталатын толық сілтеме болуы керек.",
      ],
      [{ slug: "ok-slug", email: "not-an-address" }, "Email мекенжайын тексеріңіз."],
    ];
    for (const [fields, message] of cases) {
      const response = await create(fields);
      expect(response.status, JSON.stringify(fields)).toBe(400);
      expect(visibleText(await response.text())).toContain(message);
    }

    const hostile = await create({
      slug: "<script>alert(1)</script>",
      nameKk: `<img src=x onerror="alert(1)">`,
      nameRu: '\'; DROP TABLE "Organization"; --',
    });
    expect(hostile.status).toBe(400);
    const page = await hostile.text();
    expect(page).not.toMatch(/<script>alert|<img src=x/);
    expect(visibleText(page)).toContain("Атауда тек әріптер, цифрлар, бос орын және қарапайым тыныс белгілері болсын.");
    expect(await organizations()).toBe(before);

    // Quotes, ampersands and SQL-looking text are just a name: stored as typed, shown escaped.
    const odd = `Фонд "A & B" — 'тест'; DROP TABLE "Organization"; --`;
    expect((await create({ slug: "odd-name", nameRu: odd })).status).toBe(303);
    expect(
      (await app.db.query<{ nameRu: string }>(`SELECT "nameRu" FROM "Organization" WHERE "slug" = 'odd-name'`))[0]
        .nameRu,
    ).toBe(odd);
    const list = await (await get("/kk/workspace/admin", admin)).text();
    expect(list).toContain("Фонд &quot;A &amp; B&quot; — &#x27;тест&#x27;; DROP TABLE &quot;Organization&quot;; --");
    // The demo organization's own names (opening with «) pass the same rules unchanged.
    const [demo] = await app.db.query<{ nameKk: string; nameRu: string }>(
      `SELECT "nameKk","nameRu" FROM "Organization" WHERE "id" = $1`,
      [demoOrgId],
    );
    expect(
      (
        await post(
          `/kk/workspace/admin/organizations/${demoOrgId}`,
          admin,
          orgForm(admin, { slug: demoOrg, nameKk: demo.nameKk, nameRu: demo.nameRu }),
        )
      ).status,
    ).toBe(303);

    // Two admins creating the same slug at the same moment: one wins, the other gets the 409.
    const race = await Promise.all([create({ slug: "same-moment" }), create({ slug: "same-moment" })]);
    expect(race.map((response) => response.status).sort()).toEqual([303, 409]);
    expect(await organizations()).toBe(before + 2);

    const orgPath = `/kk/workspace/admin/organizations/${demoOrgId}`;
    const badMember = await post(orgPath, admin, {
      csrf: admin.csrf,
      intent: "addMember",
      email: `"><script>alert(1)</script>@x.kz`,
      role: "organizer",
      locale: "kk",
    });
    expect(badMember.status).toBe(400);
    expect(await badMember.text()).not.toContain("<script>alert(1)");
    expect(
      (
        await post(orgPath, admin, {
          csrf: admin.csrf,
          intent: "addMember",
          email: "x@example.kz",
          role: "superuser",
          locale: "kk",
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await post(orgPath, admin, {
          csrf: admin.csrf,
          intent: "addMember",
          email: "x@example.kz",
          role: "auditor",
          locale: "en",
        })
      ).status,
    ).toBe(400);
    const again = await post(orgPath, admin, {
      csrf: admin.csrf,
      intent: "addMember",
      email: "ORGANIZER@example.kz",
      role: "auditor",
      locale: "kk",
    });
    expect(again.status).toBe(409);
    expect(visibleText(await again.text())).toContain("Бұл адам ұйымның мүшесі болып тұр");
    expect(
      (
        await post(orgPath, admin, {
          csrf: admin.csrf,
          intent: "setRole",
          user: await userId("organizer@example.kz"),
          role: "admin",
        })
      ).status,
    ).toBe(400);
    expect(
      (await post(orgPath, admin, { csrf: admin.csrf, intent: "removeMember", user: "no-such-user" })).status,
    ).toBe(404);
    expect((await post(orgPath, admin, { csrf: admin.csrf, intent: "explode" })).status).toBe(400);
    expect((await get("/kk/workspace/admin/organizations/no-such-org", admin)).status).toBe(404);
    expect(
      (await post("/kk/workspace/admin", admin, { csrf: admin.csrf, intent: "grantAdmin", user: "no-such-user" }))
        .status,
    ).toBe(404);
  });

  it("lets only admins in: everyone else gets 403 on every page and action, anonymous visitors go to sign in, forms need the CSRF token", async () => {
    const sessions = {
      organizer: await signIn("organizer@example.kz"),
      auditor: await signIn("auditor@example.kz"),
      stranger: await signIn("stranger@example.kz"),
    };
    const organizerId = await userId("organizer@example.kz");
    const pages = [
      "/kk/workspace/admin",
      "/ru/workspace/admin",
      "/kk/workspace/admin/organizations/new",
      `/kk/workspace/admin/organizations/${demoOrgId}`,
      `/kk/workspace/admin/organizations/${otherOrgId}`,
    ];
    const actions: [string, Record<string, string>][] = [
      ["/kk/workspace/admin", { intent: "grantAdmin", user: organizerId }],
      [
        "/kk/workspace/admin/organizations/new",
        { intent: "save", slug: "sneaky-org", nameKk: "Жасырын", nameRu: "Тайная" },
      ],
      [
        `/kk/workspace/admin/organizations/${demoOrgId}`,
        { intent: "save", slug: demoOrg, nameKk: "Басып алынған", nameRu: "Захвачено" },
      ],
      [
        `/kk/workspace/admin/organizations/${demoOrgId}`,
        { intent: "addMember", email: "friend@example.kz", role: "organizer", locale: "kk" },
      ],
      [`/kk/workspace/admin/organizations/${demoOrgId}`, { intent: "setRole", user: organizerId, role: "auditor" }],
      [`/kk/workspace/admin/organizations/${demoOrgId}`, { intent: "removeMember", user: organizerId }],
    ];
    for (const [role, session] of Object.entries(sessions)) {
      for (const path of pages) expect((await get(path, session)).status, `${role} ${path}`).toBe(403);
      for (const [path, fields] of actions)
        expect(
          (await post(path, session, { csrf: session.csrf, ...fields })).status,
          `${role} ${path} ${fields.intent}`,
        ).toBe(403);
    }
    for (const path of pages) {
      const response = await get(path, null);
      expect(response.status, path).toBe(302);
      expect(response.headers.get("location")).toBe(`${path.slice(0, 3)}/signin?next=${encodeURIComponent(path)}`);
    }
    for (const [path, fields] of actions) expect((await post(path, null, fields)).status).toBe(302);

    const admin = await signIn("admin@example.kz");
    for (const [path, fields] of actions) {
      expect((await post(path, admin, fields)).status, `no token ${path}`).toBe(403);
      expect(
        (await post(path, admin, { csrf: sessions.organizer.csrf, ...fields })).status,
        `foreign token ${path}`,
      ).toBe(403);
    }
    // Nothing changed.
    expect(await count(`SELECT COUNT(*) AS n FROM "Organization" WHERE "slug" = 'sneaky-org'`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM "User" WHERE "email" = 'friend@example.kz'`)).toBe(0);
    expect(
      await count(`SELECT COUNT(*) AS n FROM "Membership" WHERE "userId" = $1 AND "role" = 'organizer'`, [organizerId]),
    ).toBe(1);
    expect(
      await count(`SELECT COUNT(*) AS n FROM "User" WHERE "isAdmin" = $1`, [app.db.kind === "sqlite" ? 1 : true]),
    ).toBe(1);
  });

  it("grants and revokes the admin flag at once, never one's own, and always keeps one admin", async () => {
    const admin = await signIn("admin@example.kz");
    const adminId = await userId("admin@example.kz");
    const strangerId = await userId("stranger@example.kz");
    const stranger = await signIn("stranger@example.kz");
    const admins = () =>
      count(`SELECT COUNT(*) AS n FROM "User" WHERE "isAdmin" = $1`, [app.db.kind === "sqlite" ? 1 : true]);

    const own = await post("/ru/workspace/admin", admin, { csrf: admin.csrf, intent: "revokeAdmin", user: adminId });
    expect(own.status).toBe(409);
    expect(visibleText(await own.text())).toContain("Нельзя снять права администратора с самого себя");

    expect(
      (await post("/kk/workspace/admin", admin, { csrf: admin.csrf, intent: "grantAdmin", user: strangerId })).status,
    ).toBe(303);
    expect((await get("/kk/workspace/admin", stranger)).status).toBe(200);
    expect(await admins()).toBe(2);
    expect(
      (await post("/kk/workspace/admin", admin, { csrf: admin.csrf, intent: "revokeAdmin", user: strangerId })).status,
    ).toBe(303);
    expect((await get("/kk/workspace/admin", stranger)).status).toBe(403);

    // Two admins revoking each other at the same moment: exactly one succeeds.
    expect(
      (await post("/kk/workspace/admin", admin, { csrf: admin.csrf, intent: "grantAdmin", user: strangerId })).status,
    ).toBe(303);
    const race = await Promise.all([
      post("/kk/workspace/admin", admin, { csrf: admin.csrf, intent: "revokeAdmin", user: strangerId }),
      post("/kk/workspace/admin", stranger, { csrf: stranger.csrf, intent: "revokeAdmin", user: adminId }),
    ]);
    expect(race.map((response) => response.status).sort()).toEqual([303, 403]);
    expect(await admins()).toBe(1);

    // Site-wide entries are for admins only: an organization's auditor does not see them.
    const adminAudit = visibleText(
      await (await get("/kk/workspace/audit", race[0].status === 303 ? admin : stranger)).text(),
    );
    expect(adminAudit).toMatch(/admin\.grant аты жоқ мүше №\w{6} \((ұйымдастырушы|әкімші)\)/);
    expect(adminAudit).not.toContain("@");
    expect(adminAudit).toMatch(/admin\.revoke/);
    expect(
      visibleText(await (await get("/kk/workspace/audit", await signIn("auditor@example.kz"))).text()),
    ).not.toMatch(/admin\.(grant|revoke)/);
  });
});
