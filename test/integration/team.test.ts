// The team around an organization (issue 16, "The team"): invitations by mail, short names picked
// from a list, a confirmation step before every irreversible or public change, the dashboard's
// words per kind, the audit log by name and role, deactivation, and the paged user list.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { outboxSettled } from "../support/wait.ts";
import { signIn as signInAs, workspaceClient, type Session } from "../support/workspace.ts";
import { insertOrganization, insertPublication } from "../support/factories.ts";

let app: TestApp;
const demoOrg = "ashyq-khattama";
let demoOrgId = "";

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  await app.module.createAdmin("admin@example.kz", "Әсел Админ");
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: demoOrg, role: "organizer" });
  await app.module.addMember({ email: "auditor@example.kz", organizationSlug: demoOrg, role: "auditor" });
  demoOrgId = (await app.db.query<{ id: string }>(`SELECT "id" FROM "Organization" WHERE "slug" = $1`, [demoOrg]))[0]
    .id;
});
afterAll(async () => app?.close());

const signIn = (email: string) => signInAs(app, email);
const client = (session: Session | null) => workspaceClient(app, session);
const userId = async (email: string) =>
  (await app.db.query<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = $1`, [email]))[0].id;
const statusOf = async (slug: string) =>
  (await app.db.query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].status;
const publicationId = async (slug: string) =>
  (await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].id;
const count = async (sql: string, params: unknown[] = []) =>
  Number((await app.db.query<{ n: number | string }>(sql, params))[0].n);
const signInLink = (text: string) => /(http:\/\/\S+\/signin\/link\/[A-Za-z0-9_-]+)/.exec(text)![1];

describe(`the team (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("mails a new member an invitation in their language with a sign-in link that works once", async () => {
    const admin = client(await signIn("admin@example.kz"));
    const orgPath = `/kk/workspace/admin/organizations/${demoOrgId}`;
    const added = await admin.post(orgPath, {
      intent: "addMember",
      email: "Dana@Example.kz",
      name: "Дана Ержанова",
      role: "organizer",
      locale: "ru",
    });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe(`${orgPath}?done=memberAdded`);
    expect(visibleText(await (await admin.get(added.headers.get("location")!)).text())).toContain(
      "Мүше қосылды; оның мекенжайына кіру сілтемесі бар шақыру жіберілді.",
    );
    await app.smtp.waitFor(() => app.smtp.mailsTo("dana@example.kz").length === 1);
    const [mail] = app.smtp.mailsTo("dana@example.kz");
    // Russian, as chosen for the new account, with the organization's Russian name.
    expect(mail.subject).toBe("Приглашение в рабочее пространство «Дауыс»: Гражданское движение «Открытый протокол»");
    expect(mail.text).toContain("Ваша роль — организатор.");
    expect(mail.text).toContain("Ссылка действует 7 дней и только один раз.");
    expect(mail.html).toContain('lang="ru"');
    const link = signInLink(mail.text);
    expect(link).toContain("/ru/signin/link/");
    expect(await count(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "kind" = 'invitation'`)).toBe(1);

    // Opening the link (a mail scanner does) changes nothing; the button signs in, once.
    expect((await fetch(link)).status).toBe(200);
    const used = await fetch(link, { method: "POST", redirect: "manual" });
    expect(used.status).toBe(303);
    expect(used.headers.get("location")).toBe("/ru/workspace");
    const cookie = used.headers
      .getSetCookie()
      .map((header) => header.split(";")[0])
      .find((pair) => pair.startsWith("dauys_session="))!;
    const dashboard = await (await fetch(`${app.url}/ru/workspace`, { headers: { Cookie: cookie } })).text();
    expect(visibleText(dashboard)).toContain("Идёт сбор подписей");
    expect((await fetch(link, { method: "POST", redirect: "manual" })).status).toBe(400);

    // An existing account gets the invitation in its own language, not the one on the form.
    await app.module.addMember({ email: "kazakh@example.kz", organizationSlug: demoOrg, role: "auditor" });
    await insertOrganization(app.db, {
      id: "org-second",
      slug: "second-org",
      nameKk: "Екінші ұйым",
      nameRu: "Вторая организация",
    });
    expect(
      (
        await admin.post("/kk/workspace/admin/organizations/org-second", {
          intent: "addMember",
          email: "kazakh@example.kz",
          name: "",
          role: "auditor",
          locale: "ru",
        })
      ).status,
    ).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo("kazakh@example.kz").length === 1);
    const kk = app.smtp.mailsTo("kazakh@example.kz")[0];
    expect(kk.subject).toBe("«Дауыс» жұмыс кеңістігіне шақыру: Екінші ұйым");
    expect(kk.text).toContain("Сіздің рөліңіз — аудитор.");
    expect(signInLink(kk.text)).toContain("/kk/signin/link/");

    // A refused addition (already a member) mails nobody.
    expect(
      (
        await admin.post(orgPath, {
          intent: "addMember",
          email: "dana@example.kz",
          name: "",
          role: "auditor",
          locale: "kk",
        })
      ).status,
    ).toBe(409);
    await outboxSettled(app.db);
    expect(app.smtp.mailsTo("dana@example.kz")).toHaveLength(1);
  });

  it("offers the short name as a list built from the names, and still validates what is posted", async () => {
    const admin = client(await signIn("admin@example.kz"));
    const page = await (await admin.get("/kk/workspace/admin/organizations/new")).text();
    expect(page).toMatch(/<select[^>]*name="slug"/);
    expect(page).not.toMatch(/<input[^>]*name="slug"/);
    expect(visibleText(page)).toContain("— алдымен атауларды жазыңыз —");

    const names = {
      nameKk: "Сайлау бақылаушылары",
      nameRu: "Наблюдатели за выборами",
      website: "https://saylau-watch.kz",
      email: "",
    };
    // Without JavaScript: "suggest" fills the list from the names (and creates nothing).
    const suggested = await admin.post("/kk/workspace/admin/organizations/new", { intent: "suggest", ...names });
    expect(suggested.status).toBe(200);
    const options = [...(await suggested.text()).matchAll(/<option value="([a-z0-9-]+)"/g)].map((match) => match[1]);
    expect(options).toEqual(
      expect.arrayContaining(["nablyudateli-za-vyborami", "sailau-baqylaushylary", "saylau-watch"]),
    );
    // Submitting without a choice is refused with the list offered again.
    const unchosen = await admin.post("/kk/workspace/admin/organizations/new", { intent: "save", slug: "", ...names });
    expect(unchosen.status).toBe(400);
    const unchosenPage = await unchosen.text();
    expect(visibleText(unchosenPage)).toContain("Қысқа атауын жазыңыз (кемінде 2 таңба).");
    expect(unchosenPage).toContain('<option value="sailau-baqylaushylary"');
    // A forged value that is no valid slug is refused by the same server rules as before.
    expect(
      (await admin.post("/kk/workspace/admin/organizations/new", { intent: "save", slug: "Жаман атау", ...names }))
        .status,
    ).toBe(400);
    const created = await admin.post("/kk/workspace/admin/organizations/new", {
      intent: "save",
      slug: "sailau-baqylaushylary",
      ...names,
    });
    expect(created.status).toBe(303);
    expect(await count(`SELECT COUNT(*) AS n FROM "Organization" WHERE "slug" = 'sailau-baqylaushylary'`)).toBe(1);
    // Editing: the current short name comes first in the list.
    const edit = await (await admin.get(created.headers.get("location")!)).text();
    expect([...edit.matchAll(/<option value="([a-z0-9-]+)"/g)][0][1]).toBe("sailau-baqylaushylary");
  });

  it("asks before every status change, without JavaScript; one tap on the dashboard changes nothing", async () => {
    const organizer = await signIn("organizer@example.kz");
    const ws = client(organizer);
    const dashboard = await (await ws.get("/kk/workspace")).text();
    // No form on the dashboard posts a status change; each change is a link to its confirmation.
    expect(dashboard).not.toContain('name="transition"');
    const id = await publicationId("fair-elections-petition");
    expect(dashboard).toContain(`/kk/workspace/publications/${id}/status?transition=close`);

    const confirm = await ws.get(`/kk/workspace/publications/${id}/status?transition=close`);
    expect(confirm.status).toBe(200);
    const confirmPage = await confirm.text();
    const text = visibleText(confirmPage);
    expect(text).toContain("Жинауды аяқтайсыз ба?");
    expect(text).toContain("Осы сәттен бастап қолдар қабылданбайды; есептегіш тоқтайды.");
    expect(confirmPage).toMatch(/<form[^>]*method="post"[^>]*action="\/kk\/workspace\/publications\/[^"]+\/status"/);
    expect(confirmPage).toContain(`name="csrf" value="${organizer.csrf}"`);
    expect(confirmPage).toContain('name="transition" value="close"');
    expect(await statusOf("fair-elections-petition")).toBe("open");
    // HEAD, as link checkers do, changes nothing either.
    expect((await fetch(`${app.url}/kk/workspace/publications/${id}/status?transition=close`, { method: "HEAD" })).ok);
    expect(await statusOf("fair-elections-petition")).toBe("open");

    // The confirmed POST acts (and goes back where it was asked to).
    const closed = await ws.post(`/kk/workspace/publications/${id}/status`, {
      transition: "close",
      back: "/kk/workspace",
    });
    expect(closed.status).toBe(303);
    expect(await statusOf("fair-elections-petition")).toBe("closed");
    // Russian confirmation for archiving says it cannot be undone.
    const archive = visibleText(
      await (await ws.get(`/ru/workspace/publications/${id}/status?transition=archive`)).text(),
    );
    expect(archive).toContain("Это необратимо: из архива петицию нельзя вернуть к сбору подписей.");
    expect((await ws.post(`/kk/workspace/publications/${id}/status`, { transition: "reopen" })).status).toBe(303);
    expect(await statusOf("fair-elections-petition")).toBe("open");

    // The confirmation page keeps CSRF: a cross-site post without the token is refused.
    expect(
      (
        await postForm(
          `${app.url}/kk/workspace/publications/${id}/status`,
          { transition: "close" },
          { Cookie: organizer.cookie },
        )
      ).status,
    ).toBe(403);
  });

  it("lists each kind with the statuses and actions that fit it: a report is published, never collecting or closed", async () => {
    const ws = client(await signIn("organizer@example.kz"));
    const row = (html: string, slug: string) =>
      visibleText(new RegExp(`<li[^>]*data-publication="${slug}"[\\s\\S]*?</li>`).exec(html)![0]);
    const kk = await (await ws.get("/kk/workspace")).text();
    expect(row(kk, "observation-report-2021")).toContain("Есеп · Жарияланды");
    expect(row(kk, "observation-report-2021")).not.toMatch(/Қол жинау|Жабу|аяқтау/);
    expect(row(kk, "observation-report-2021")).toContain("Мұрағатқа жіберу…");
    expect(row(kk, "fair-elections-petition")).toContain("Петиция · Қол жинау жүріп жатыр");
    expect(row(kk, "fair-elections-petition")).toContain("Қол жинауды аяқтау…");
    const ru = await (await ws.get("/ru/workspace")).text();
    expect(row(ru, "observation-report-2021")).toContain("Отчёт · Опубликовано");
    expect(row(ru, "observation-report-2021")).not.toMatch(/сбор|Завершить/);
    expect(row(ru, "publish-every-protocol")).toContain("Сбор подписей завершён");
    expect(row(ru, "publish-every-protocol")).toContain("Возобновить сбор подписей…");

    // The server refuses what the dashboard does not offer: a report cannot be closed.
    const report = await publicationId("observation-report-2021");
    expect((await ws.get(`/kk/workspace/publications/${report}/status?transition=close`)).status).toBe(409);
    expect((await ws.post(`/kk/workspace/publications/${report}/status`, { transition: "close" })).status).toBe(409);
    expect(await statusOf("observation-report-2021")).toBe("open");
    const archiveText = visibleText(
      await (await ws.get(`/kk/workspace/publications/${report}/status?transition=archive`)).text(),
    );
    expect(archiveText).toContain("Бұл әрекетті қайтаруға болмайды: мұрағаттағы жарияланымды қайтаруға болмайды.");
    expect((await ws.post(`/kk/workspace/publications/${report}/status`, { transition: "archive" })).status).toBe(303);
    expect(await statusOf("observation-report-2021")).toBe("archived");
    // The publication's own page also links to the confirmation, never posts at once.
    const petitionPage = await (
      await ws.get(`/kk/workspace/publications/${await publicationId("fair-elections-petition")}`)
    ).text();
    expect(petitionPage).not.toContain('name="transition"');
    expect(petitionPage).toContain("status?transition=close&amp;back=");
  });

  it("shows auditors names and roles in the audit log, never an address", async () => {
    const auditor = client(await signIn("auditor@example.kz"));
    const html = await (await auditor.get("/kk/workspace/audit")).text();
    const text = visibleText(html);
    expect(text).toMatch(/Әсел Админ \(әкімші\) member\.add Дана Ержанова \(ұйымдастырушы\)/);
    expect(text).toMatch(/\(ұйымдастырушы\) publication\.close fair-elections-petition/);
    expect(html).not.toMatch(/@example\.kz/);
    const ru = visibleText(await (await auditor.get("/ru/workspace/audit")).text());
    expect(ru).toMatch(/Әсел Админ \(администратор\) member\.add Дана Ержанова \(организатор\)/);
    // The stored trail is unchanged in kind: one row per action, the member referred to by id.
    const [entry] = await app.db.query<{ target: string }>(
      `SELECT "target" FROM "AuditLog" WHERE "action" = 'member.add' ORDER BY "at" ASC LIMIT 1`,
    );
    expect(entry.target).toBe(await userId("dana@example.kz"));
  });

  it("deactivates and reactivates a user: no sign-in, sessions end at once, the trail and roles stay", async () => {
    const adminSession = await signIn("admin@example.kz");
    const admin = client(adminSession);
    const organizerSession = await signIn("organizer@example.kz");
    const organizerId = await userId("organizer@example.kz");
    const confirm = await admin.get(`/kk/workspace/admin/confirm?intent=deactivateUser&user=${organizerId}`);
    expect(confirm.status).toBe(200);
    const confirmPage = await confirm.text();
    expect(visibleText(confirmPage)).toContain("Кіруге болмайды; барлық ашық сеанстар бірден аяқталады.");
    expect(confirmPage).toContain('name="intent" value="deactivateUser"');
    expect((await client(organizerSession).get("/kk/workspace")).status).toBe(200);

    const done = await admin.post("/kk/workspace/admin", { intent: "deactivateUser", user: organizerId });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/kk/workspace/admin?done=userDeactivated");
    // The open session ends: the next request goes to sign in.
    expect((await client(organizerSession).get("/kk/workspace")).status).toBe(302);
    expect(await count(`SELECT COUNT(*) AS n FROM "Session" WHERE "userId" = $1`, [organizerId])).toBe(0);
    // Asking for a code gets the same page as for anyone, and no mail.
    const before = app.smtp.mailsTo("organizer@example.kz").length;
    expect((await postForm(`${app.url}/kk/signin`, { email: "organizer@example.kz" })).status).toBe(303);
    await outboxSettled(app.db);
    expect(app.smtp.mailsTo("organizer@example.kz")).toHaveLength(before);
    expect(visibleText(await (await admin.get("/kk/workspace/admin")).text())).toMatch(
      /organizer@example\.kz .*Күйі өшірілген/,
    );
    // Roles stay, so reactivating restores the account as it was.
    expect(await count(`SELECT COUNT(*) AS n FROM "Membership" WHERE "userId" = $1`, [organizerId])).toBe(1);
    expect((await admin.post("/kk/workspace/admin", { intent: "reactivateUser", user: organizerId })).status).toBe(303);
    const back = client(await signIn("organizer@example.kz"));
    expect(await (await back.get("/kk/workspace")).text()).toContain("fair-elections-petition");

    // Never one's own account; never by a non-admin.
    const own = await admin.post("/ru/workspace/admin", {
      intent: "deactivateUser",
      user: await userId("admin@example.kz"),
    });
    expect(own.status).toBe(409);
    expect(visibleText(await own.text())).toContain("Нельзя отключить собственную учётную запись");
    expect((await back.post("/kk/workspace/admin", { intent: "deactivateUser", user: organizerId })).status).toBe(403);
    expect((await back.get(`/kk/workspace/admin/confirm?intent=deactivateUser&user=${organizerId}`)).status).toBe(403);
    expect((await admin.post("/kk/workspace/admin", { intent: "deactivateUser", user: "nobody" })).status).toBe(404);

    const audit = visibleText(await (await admin.get("/kk/workspace/audit")).text());
    expect(audit).toMatch(/Әсел Админ \(әкімші\) user\.deactivate аты жоқ мүше №\w{6} \(ұйымдастырушы\)/);
    expect(audit).toMatch(/user\.reactivate/);
  });

  it("deactivates an organization: its members cannot publish for it until an admin reactivates it", async () => {
    const admin = client(await signIn("admin@example.kz"));
    const organizer = client(await signIn("organizer@example.kz"));
    await insertPublication(app.db, {
      id: "pub-draft",
      slug: "team-draft",
      kind: "petition",
      status: "draft",
      organizationId: demoOrgId,
      titleKk: "Жоба",
      titleRu: "Черновик",
    });
    const confirm = visibleText(
      await (
        await admin.get(`/ru/workspace/admin/confirm?intent=deactivateOrganization&organization=${demoOrgId}`)
      ).text(),
    );
    expect(confirm).toContain("Её участники не смогут публиковать, открывать и менять её публикации.");
    const orgPath = `/kk/workspace/admin/organizations/${demoOrgId}`;
    expect((await admin.post(orgPath, { intent: "deactivate" })).status).toBe(303);

    expect((await organizer.post("/kk/workspace/publications/pub-draft/status", { transition: "open" })).status).toBe(
      403,
    );
    expect((await organizer.get("/kk/workspace/publications/pub-draft/edit")).status).toBe(403);
    expect((await organizer.get("/kk/workspace/publications/new")).status).toBe(403);
    // Admins cannot publish for it either; they are told why.
    const refused = await admin.post("/kk/workspace/publications/pub-draft/status", { transition: "open" });
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain("Ұйым өшірілген");
    expect(await statusOf("team-draft")).toBe("draft");
    // Its public pages stay.
    expect((await fetch(`${app.url}/kk/p/fair-elections-petition`)).status).toBe(200);
    // Its auditor still reads, and sees the change in the log.
    const auditor = client(await signIn("auditor@example.kz"));
    expect(visibleText(await (await auditor.get("/kk/workspace/audit")).text())).toMatch(
      /Әсел Админ \(әкімші\) organization\.deactivate ashyq-khattama/,
    );

    expect((await admin.post(orgPath, { intent: "reactivate" })).status).toBe(303);
    expect((await organizer.post("/kk/workspace/publications/pub-draft/status", { transition: "open" })).status).toBe(
      303,
    );
    expect(await statusOf("team-draft")).toBe("open");
    expect((await auditor.post(orgPath, { intent: "deactivate" })).status).toBe(403);
  });

  it("pages the user list", async () => {
    for (let n = 0; n < 30; n++)
      await app.module.addMember({ email: `member${n}@example.kz`, organizationSlug: demoOrg, role: "auditor" });
    const total = await count(`SELECT COUNT(*) AS n FROM "User"`);
    const admin = client(await signIn("admin@example.kz"));
    const users = (html: string) => [...html.matchAll(/data-user="([^"]+)"/g)].map((match) => match[1]);
    const first = await (await admin.get("/kk/workspace/admin")).text();
    expect(users(first)).toHaveLength(25);
    expect(first).toContain('href="/kk/workspace/admin?page=2"');
    expect(visibleText(first)).toContain(`2 беттің 1-беті · барлығы ${total} есептік жазба`);
    const second = await (await admin.get("/kk/workspace/admin?page=2")).text();
    expect(users(second)).toHaveLength(total - 25);
    expect(new Set([...users(first), ...users(second)]).size).toBe(total);
    expect(visibleText(second)).toContain("2 беттің 2-беті");
    // Out of range or nonsense: the nearest page, never an error.
    expect(users(await (await admin.get("/kk/workspace/admin?page=99")).text())).toEqual(users(second));
    expect(users(await (await admin.get("/ru/workspace/admin?page=abc")).text())).toEqual(users(first));
  });
});
