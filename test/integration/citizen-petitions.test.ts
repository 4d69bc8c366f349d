// Citizen petitions (issue 17, decision 040): anyone starts one, confirms their address, edits
// the private draft by the mailed link, submits it, gathers supporters (signed and confirmed like
// any signature), and a moderator publishes or rejects it against the published standards.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  counterRows,
  demoPetition,
  fetchText,
  postForm,
  recount,
  signer,
  startTestApp,
  visibleText,
  type TestApp,
} from "../support/app.ts";
import { confirmLink, pressConfirm, type SinkMail } from "../support/smtp-sink.ts";
import { runVerifier } from "../support/verify.ts";
import { outboxSettled } from "../support/wait.ts";
import { signIn, workspaceClient, type Session } from "../support/workspace.ts";

let app: TestApp;
let admin: Session;
let moderator: Session;
let organizer: Session;
let ipCounter = 10;
/** A new client address per person: the per-requester limits are tested on purpose, not by accident. */
const nextIp = () => `198.51.100.${ipCounter++}`;
const db = () => app.db;

beforeAll(async () => {
  app = await startTestApp({
    env: {
      SUPPORTERS_NEEDED: "3",
      CITIZEN_START_IP: "4/1h",
      CITIZEN_START_EMAIL: "3/1d",
      CITIZEN_PENDING_MAX: "2",
      // Many people sign from the test's one machine: the per-IP signing rules are abuse.test.ts's business.
      SIGN_FLAG_BURST: "1000/60s",
      SIGN_FLAG_SUSTAINED: "1000/1h",
    },
  });
  await app.module.createAdmin("admin@example.kz");
  await app.module.createModerator("moderator@example.kz");
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  admin = await signIn(app, "admin@example.kz");
  moderator = await signIn(app, "moderator@example.kz");
  organizer = await signIn(app, "organizer@example.kz");
});
afterAll(async () => app?.close());

const text = (overrides: Record<string, string> = {}) => ({
  languages: "kk",
  titleKk: "Алматыда велосипед жолдарын салу",
  askKk: "Алматы әкімдігінен қала орталығында қауіпсіз велосипед жолдарын салуды сұраймыз.",
  whyKk:
    "Қалада көліктер көп, ауа ластанған. Велосипед жолдары жұрттың денсаулығын жақсартып, кептелісті азайтады. Көрші қалалардың тәжірибесі мұны көрсетті.",
  addressee: "akimat",
  ...overrides,
});
const creator = (email: string, overrides: Record<string, string> = {}) => ({
  ...text(),
  name: "Ерлан Жақсыбеков",
  email,
  consent: "on",
  ...overrides,
});

async function mailTo(email: string, count: number) {
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= count);
  return app.smtp.mailsTo(email)[count - 1];
}
const linkIn = (mail: SinkMail, path: RegExp) => {
  const found = mail.text.split("\n").find((line) => path.test(line.trim()));
  if (!found) throw new Error(`no ${path} in ${mail.text}`);
  return found.trim();
};
const statusOf = async (id: string) =>
  (await db().query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "id" = $1`, [id]))[0].status;
const revisionOf = async (id: string) =>
  Number(
    (
      await db().query<{ revision: number }>(`SELECT "revision" FROM "CitizenPetition" WHERE "publicationId" = $1`, [
        id,
      ])
    )[0].revision,
  );

/** Start → confirm the address: returns the draft page's address and the petition. */
async function startAndConfirm(email: string, lang: "kk" | "ru" = "kk", overrides: Record<string, string> = {}) {
  const before = app.smtp.mailsTo(email).length;
  const started = await postForm(`${app.url}/${lang}/start`, creator(email, overrides), {
    "X-Forwarded-For": nextIp(),
  });
  expect(started.status).toBe(303);
  expect(started.headers.get("location")).toBe(`/${lang}/start/sent`);
  const confirmMail = await mailTo(email, before + 1);
  const confirm = linkIn(confirmMail, /\/start\/confirm\/[A-Za-z0-9_-]{32}$/);
  // Opening the link changes nothing (mail scanners open links); the button confirms.
  expect(await fetchText(confirm)).toContain(lang === "kk" ? "Мекенжайды растаңыз" : "Подтвердите адрес");
  const pressed = await fetch(confirm, { method: "POST", redirect: "manual" });
  expect(pressed.status).toBe(303);
  const manage = new URL(pressed.headers.get("location")!, app.url).href;
  expect(manage).toMatch(/\/start\/manage\/[A-Za-z0-9_-]{32}$/);
  // Single use: the same confirmation link works once.
  expect((await fetch(confirm)).status).toBe(404);
  const draftMail = await mailTo(email, before + 2);
  expect(linkIn(draftMail, /\/start\/manage\//)).toBe(manage);
  const [row] = await db().query<{ id: string; slug: string }>(
    `SELECT p."id", p."slug" FROM "Publication" p JOIN "CitizenPetition" c ON c."publicationId" = p."id"
      WHERE c."creatorEmail" = $1 ORDER BY c."createdAt" DESC LIMIT 1`,
    [email],
  );
  return { manage, id: row.id, slug: row.slug, confirmMail, draftMail };
}

/** The draft page's submit: returns the supporters link shown once. */
async function submit(manage: string, fields: Record<string, string> = text()) {
  const response = await postForm(manage, { ...fields, intent: "submit" });
  return response;
}

async function support(supportersUrl: string, email: string) {
  const before = app.smtp.mailsTo(email).length;
  const signed = await postForm(supportersUrl, signer({ email, region: "KZ-75" }), { "X-Forwarded-For": nextIp() });
  expect(signed.status).toBe(303);
  expect(signed.headers.get("location")).toContain("?sent=1");
  const mail = await mailTo(email, before + 1);
  const confirmed = await pressConfirm(confirmLink(mail));
  expect(confirmed.status).toBe(200);
}

/** A petition all the way into the moderation queue with `supporters` confirmed supporters. */
async function inModeration(prefix: string, options: { lang?: "kk" | "ru"; supporters?: number } = {}) {
  const started = await startAndConfirm(`${prefix}@example.kz`, options.lang ?? "kk", { showName: "on" });
  const submitted = await submit(started.manage);
  expect(submitted.status).toBe(303);
  const token = new URL(submitted.headers.get("location")!, app.url).searchParams.get("supporters")!;
  const supportersUrl = `${app.url}/${options.lang ?? "kk"}/support/${token}`;
  for (let n = 0; n < (options.supporters ?? 3); n++) await support(supportersUrl, `${prefix}-s${n}@example.kz`);
  expect(await statusOf(started.id)).toBe("moderation");
  return { ...started, supportersUrl };
}

const decide = (session: Session, id: string, fields: Record<string, string>) =>
  workspaceClient(app, session).post(`/kk/workspace/citizen/${id}`, fields);

describe(`citizen petitions (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("runs the whole path: start, confirm, supporters, moderation, publication, citizens sign and confirm, counts and ledger verify", async () => {
    const start = await fetchText(`${app.url}/kk/start`);
    expect(start).toContain("Петиция бастау");
    expect(start).toContain("3 жақтасыңыз");

    const { manage, id, slug, confirmMail } = await startAndConfirm("creator@example.kz", "kk", { showName: "on" });
    // The first mail goes to an unconfirmed address: nothing the visitor typed is in it.
    expect(confirmMail.text).not.toContain("велосипед");
    expect(confirmMail.text).not.toContain("Ерлан");
    // The draft is private: no public page, no API, not in the lists.
    expect((await fetch(`${app.url}/kk/p/${slug}`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/v1/petitions/${slug}`)).status).toBe(404);

    // Editing the draft by the mailed link.
    const draft = await fetchText(manage);
    expect(draft).toContain("Алматыда велосипед жолдарын салу");
    const saved = await postForm(manage, {
      ...text({ titleKk: "Алматыда қауіпсіз велосипед жолдарын салу" }),
      intent: "save",
    });
    expect(saved.status).toBe(303);
    expect(await fetchText(manage)).toContain("Алматыда қауіпсіз велосипед жолдарын салу");

    const submitted = await submit(manage, text({ titleKk: "Алматыда қауіпсіз велосипед жолдарын салу" }));
    expect(submitted.status).toBe(303);
    const withLink = await fetch(new URL(submitted.headers.get("location")!, app.url));
    const page = await withLink.text();
    const supportersUrl =
      /data-testid="supporters-url" value="([^"]+)"|value="([^"]+)"[^>]*data-testid="supporters-url"/.exec(page);
    const url = (supportersUrl?.[1] ?? supportersUrl?.[2])!;
    expect(url).toMatch(/\/kk\/support\/[A-Za-z0-9_-]{32}$/);
    expect(await statusOf(id)).toBe("submitted");
    // Submitted: the text can no longer change.
    expect((await postForm(manage, { ...text(), intent: "save" })).status).toBe(409);

    const supportPage = await fetch(url);
    expect(supportPage.headers.get("x-robots-tag")).toBe("noindex");
    expect(visibleText(await supportPage.text())).toContain("Алматыда қауіпсіз велосипед жолдарын салу");
    await support(url, "supporter1@example.kz");
    await support(url, "supporter2@example.kz");
    expect(await statusOf(id)).toBe("submitted");
    // The supporters' figures are stored and ledgered, but nobody outside sees them yet.
    expect((await fetch(`${app.url}/api/v1/petitions/${slug}`)).status).toBe(404);
    await support(url, "supporter3@example.kz");
    expect(await statusOf(id)).toBe("moderation");
    expect(await fetchText(manage)).toContain("модерацияда");

    // The queue: moderators and admins only.
    expect((await workspaceClient(app, moderator).get("/kk/workspace/citizen")).status).toBe(200);
    expect(await (await workspaceClient(app, moderator).get("/kk/workspace/citizen")).text()).toContain(
      "Алматыда қауіпсіз велосипед жолдарын салу",
    );
    expect((await workspaceClient(app, organizer).get("/kk/workspace/citizen")).status).toBe(403);

    const published = await decide(moderator, id, { action: "publish", revision: String(await revisionOf(id)) });
    expect(published.status).toBe(303);
    expect(await statusOf(id)).toBe("open");
    const outcome = await mailTo("creator@example.kz", 3);
    expect(outcome.subject).toBe("Петиция жарияланды: Алматыда қауіпсіз велосипед жолдарын салу");
    expect(outcome.text).toContain(`/kk/p/${slug}`);

    // Published: a page and an API entry like an organizer's, with origin and the agreed name.
    const publicPage = await fetchText(`${app.url}/kk/p/${slug}`);
    expect(publicPage).toContain("Азаматтық бастама (Ерлан Жақсыбеков)");
    expect(publicPage).not.toContain("creator@example.kz");
    const api = (await (await fetch(`${app.url}/api/v1/petitions/${slug}`)).json()) as Record<string, unknown>;
    expect(api.origin).toBe("citizen");
    expect(api.creator).toEqual({ name: "Ерлан Жақсыбеков" });
    expect(api.confirmed).toBe(3);
    expect(JSON.stringify(api)).not.toContain("@example.kz");
    const list = (await (await fetch(`${app.url}/api/v1/petitions`)).json()) as {
      petitions: Record<string, unknown>[];
    };
    expect(list.petitions.find((item) => item.slug === slug)).toMatchObject({ origin: "citizen", confirmed: 3 });
    expect(list.petitions.find((item) => item.slug === demoPetition)).toMatchObject({
      origin: "organization",
      creator: null,
    });

    // Citizens sign the published petition on its page, exactly like any other.
    for (const email of ["citizen1@example.kz", "citizen2@example.kz"]) {
      const signed = await postForm(`${app.url}/ru/p/${slug}`, signer({ email, region: "KZ-11" }), {
        "X-Forwarded-For": nextIp(),
      });
      expect(signed.status).toBe(303);
      await pressConfirm(confirmLink(await mailTo(email, 1)));
    }
    const after = (await (await fetch(`${app.url}/api/v1/petitions/${slug}`)).json()) as { confirmed: number };
    expect(after.confirmed).toBe(5);
    const counted = await recount(db(), slug);
    const counters = await counterRows(db(), slug);
    expect(counters).toEqual(new Map([...counters.keys()].map((region) => [region, counted.get(region) ?? 0])));
    const verified = await runVerifier(app.url, slug);
    expect(verified.output).toMatch(/OK|ok/);
    expect(verified.code).toBe(0);

    // Every step is in the audit log, the decision with its moderator.
    const audited = await db().query<{ action: string; userId: string | null }>(
      `SELECT "action", "userId" FROM "AuditLog" WHERE "target" = $1 ORDER BY "at"`,
      [slug],
    );
    expect(audited.map((row) => row.action)).toEqual(["citizen.submit", "citizen.queue", "citizen.publish"]);
    expect(audited[2].userId).not.toBeNull();

    // Adoption: an admin hands it to an organization; the API keeps its citizen origin.
    const [org] = await db().query<{ id: string; nameKk: string }>(
      `SELECT "id", "nameKk" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
    );
    expect((await decide(moderator, id, { action: "adopt", organizationId: org.id })).status).toBe(403);
    expect((await decide(admin, id, { action: "adopt", organizationId: org.id })).status).toBe(303);
    expect(await fetchText(`${app.url}/kk/p/${slug}`)).toContain(`${org.nameKk} (Ерлан Жақсыбеков)`);
    expect(((await (await fetch(`${app.url}/api/v1/petitions/${slug}`)).json()) as { origin: string }).origin).toBe(
      "citizen",
    );
  });

  it("rejects with each published reason: the public list shows reason and date, hides the words where the reason requires, and links a duplicate's original", async () => {
    const reasons = ["duplicate", "not-actionable", "defamatory", "personal-data", "hate", "advertising", "nonsense"];
    const standards = await fetchText(`${app.url}/ru/standards`);
    for (const title of ["Повторяет открытую петицию", "Порочит людей или организации", "Содержит персональные данные"])
      expect(standards).toContain(title);
    const rejected: Record<string, { slug: string; title: string }> = {};
    for (const reason of reasons) {
      const title = `Петиция для проверки причины ${reason}`;
      const started = await startAndConfirm(`reject-${reason}@example.kz`, "ru", {
        languages: "ru",
        titleRu: title,
        askRu: "Просим рассмотреть этот вопрос и принять решение по существу.",
        whyRu: "Это обоснование написано для проверки модерации и содержит больше пятидесяти символов текста.",
      });
      // The supporters' bar is the operator's to set; zero sends a submission straight to a moderator.
      await db().query(`UPDATE "CitizenPetition" SET "supportersNeeded" = 0 WHERE "publicationId" = $1`, [started.id]);
      expect(
        (
          await submit(started.manage, {
            languages: "ru",
            titleRu: title,
            askRu: "Просим рассмотреть этот вопрос и принять решение по существу.",
            whyRu: "Это обоснование написано для проверки модерации и содержит больше пятидесяти символов текста.",
            addressee: "government",
          })
        ).status,
      ).toBe(303);
      expect(await statusOf(started.id)).toBe("moderation");
      const revision = String(await revisionOf(started.id));
      if (reason === "duplicate") {
        // A duplicate must name the open petition it repeats.
        expect((await decide(moderator, started.id, { action: "reject", reason, revision })).status).toBe(400);
      }
      const decided = await decide(moderator, started.id, {
        action: "reject",
        reason,
        revision,
        note: reason === "advertising" ? "Ссылки на магазин." : "",
        ...(reason === "duplicate" ? { duplicateOf: `/ru/p/${demoPetition}` } : {}),
      });
      expect(decided.status, reason).toBe(303);
      expect(await statusOf(started.id)).toBe("rejected");
      const mail = await mailTo(`reject-${reason}@example.kz`, 3);
      expect(mail.subject).toBe(`Петиция отклонена: ${title}`);
      rejected[reason] = { slug: started.slug, title };
    }
    const html = await (await fetch(`${app.url}/ru/rejected`)).text();
    const page = visibleText(html);
    for (const reason of reasons) {
      const hidden = ["defamatory", "personal-data", "hate"].includes(reason);
      expect(html).toContain(`data-slug="${rejected[reason].slug}" data-reason="${reason}"`);
      expect(page.includes(rejected[reason].title), reason).toBe(!hidden);
    }
    expect(page).toContain("Заголовок и текст скрыты по этой причине");
    expect(page).toContain("Ссылки на магазин.");
    expect(html).toContain(`href="/ru/p/${demoPetition}"`);
    // The API lists them with status rejected and the reason; the hidden ones without a title.
    const api = (await (await fetch(`${app.url}/api/v1/petitions?status=rejected`)).json()) as {
      petitions: {
        slug: string;
        status: string;
        title: unknown;
        rejection: { reason: string; duplicateOf: { slug: string } | null };
      }[];
    };
    expect(api.petitions).toHaveLength(reasons.length);
    for (const item of api.petitions) {
      expect(item.status).toBe("rejected");
      expect(item.title === null).toBe(["defamatory", "personal-data", "hate"].includes(item.rejection.reason));
    }
    expect(api.petitions.find((item) => item.rejection.reason === "duplicate")!.rejection.duplicateOf!.slug).toBe(
      demoPetition,
    );
    expect(JSON.stringify(api)).not.toContain("@example.kz");
    // And an Atom feed of them, with the same hiding.
    const feed = await (await fetch(`${app.url}/ru/rejected/feed.atom`)).text();
    expect(feed).toContain("<title>Петиция для проверки причины advertising</title>");
    expect(feed).not.toContain("Петиция для проверки причины hate");
    expect(feed).toContain("Разжигает вражду");
    // A rejected petition has no public page.
    expect((await fetch(`${app.url}/ru/p/${rejected.nonsense.slug}`)).status).toBe(404);
  });

  it("asks the creator for changes: a new draft link by mail, the edited petition goes back to the queue with its supporters", async () => {
    const petition = await inModeration("changes", { supporters: 3 });
    const asked = await decide(admin, petition.id, {
      action: "changes",
      revision: String(await revisionOf(petition.id)),
      note: "Уточните, какой именно район имеется в виду.",
    });
    expect(asked.status).toBe(303);
    expect(await statusOf(petition.id)).toBe("draft");
    const mail = await mailTo("changes@example.kz", 3);
    expect(mail.subject).toContain("Модератор петицияны өзгертуді сұрайды");
    expect(mail.text).toContain("Уточните, какой именно район имеется в виду.");
    const manage = linkIn(mail, /\/start\/manage\//);
    expect(await fetchText(manage)).toContain("Уточните, какой именно район имеется в виду.");
    expect((await submit(manage, text({ titleKk: "Алматының Медеу ауданында велосипед жолдары" }))).status).toBe(303);
    expect(await statusOf(petition.id)).toBe("moderation");
    // The supporters signed the first text: the changed one is version 2, their signatures stay on 1.
    const versions = await db().query<{ number: number | string; titleKk: string }>(
      `SELECT "number", "titleKk" FROM "PublicationVersion" WHERE "publicationId" = $1 ORDER BY "number"`,
      [petition.id],
    );
    expect(versions.map((row) => Number(row.number))).toEqual([1, 2]);
    expect(versions[1].titleKk).toBe("Алматының Медеу ауданында велосипед жолдары");
    expect(versions[0].titleKk).not.toBe(versions[1].titleKk);
    const signed = await db().query<{ version: number | string }>(
      `SELECT DISTINCT "version" FROM "Signature" WHERE "publicationId" = $1`,
      [petition.id],
    );
    expect(signed.map((row) => Number(row.version))).toEqual([1]);
    const [current] = await db().query<{ version: number | string }>(
      `SELECT "version" FROM "Publication" WHERE "id" = $1`,
      [petition.id],
    );
    expect(Number(current.version)).toBe(2);
  });

  it("lets only one of two moderators acting at once decide; the other is told", async () => {
    const petition = await inModeration("race", { supporters: 3 });
    const revision = String(await revisionOf(petition.id));
    const [first, second] = await Promise.all([
      decide(moderator, petition.id, { action: "publish", revision }),
      decide(admin, petition.id, { action: "reject", reason: "nonsense", revision }),
    ]);
    expect([first.status, second.status].sort()).toEqual([303, 409]);
    const loser = first.status === 409 ? first : second;
    expect(visibleText(await loser.text())).toContain("Бұл петиция бойынша басқа модератор шешім қабылдап қойды.");
    const status = await statusOf(petition.id);
    expect(["open", "rejected"]).toContain(status);
    const decisions = await db().query<{ action: string }>(
      `SELECT "action" FROM "AuditLog" WHERE "target" = $1 AND "action" IN ('citizen.publish', 'citizen.reject')`,
      [petition.slug],
    );
    expect(decisions).toHaveLength(1);
    await outboxSettled(app.db, "race@%");
    expect(app.smtp.mailsTo("race@example.kz")).toHaveLength(3);
    // A decision on an old revision after the fact is refused too.
    expect((await decide(moderator, petition.id, { action: "publish", revision })).status).toBe(409);
  });

  it("keeps moderators to citizen petitions: no organization's publications, no administration", async () => {
    const [row] = await db().query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [demoPetition]);
    const client = workspaceClient(app, moderator);
    expect((await client.get(`/kk/workspace/publications/${row.id}/edit`)).status).toBe(403);
    expect((await client.get(`/kk/workspace/publications/${row.id}`)).status).toBe(404);
    expect((await client.get("/kk/workspace/admin")).status).toBe(403);
    expect((await client.post(`/kk/workspace/publications/${row.id}/status`, { transition: "close" })).status).toBe(
      403,
    );
    // Without the session's CSRF token, nothing is decided.
    const petition = await inModeration("csrf", { supporters: 3 });
    expect(
      (
        await workspaceClient(app, { ...moderator, csrf: "x" }).post(`/kk/workspace/citizen/${petition.id}`, {
          action: "publish",
          revision: String(await revisionOf(petition.id)),
        })
      ).status,
    ).toBe(403);
    expect(await statusOf(petition.id)).toBe("moderation");
  });

  it("applies the signing form's hygiene to names and texts, and refuses links in titles, with translated errors", async () => {
    const bad = async (fields: Record<string, string>) => {
      const response = await postForm(`${app.url}/ru/start`, creator("hygiene@example.kz", fields), {
        "X-Forwarded-For": nextIp(),
      });
      return { status: response.status, text: visibleText(await response.text()) };
    };
    const link = await bad({
      languages: "ru",
      titleRu: "Смотрите подробности на www.example.com срочно",
      askRu: "Просим рассмотреть этот вопрос и принять решение.",
      whyRu: "Обоснование ".repeat(6),
    });
    expect(link.status).toBe(400);
    expect(link.text).toContain("В заголовке не должно быть ссылок и адресов сайтов.");
    const control = await bad({ name: "Ерлан\u0007 Жақсыбеков" });
    expect(control.status).toBe(400);
    expect(control.text).toContain("управляющие символы");
    const short = await bad({ titleKk: "Қысқа" });
    expect(short.status).toBe(400);
    expect(short.text).toContain("Напишите заголовок: от 10 символов.");
    // A bot filling the honeypot sees the usual page; nothing is stored or sent.
    const bot = await postForm(
      `${app.url}/kk/start`,
      { ...creator("bot@example.kz"), website: "spam" },
      { "X-Forwarded-For": nextIp() },
    );
    expect(bot.status).toBe(303);
    await outboxSettled(app.db);
    expect(app.smtp.mailsTo("bot@example.kz")).toHaveLength(0);
    expect(await db().query(`SELECT 1 FROM "CitizenPetition" WHERE "creatorEmail" = 'bot@example.kz'`)).toHaveLength(0);
  });

  it("limits starts per requester and per address, and petitions waiting per creator", async () => {
    // Per requester: CITIZEN_START_IP=4/1h, then 429 with a translated message.
    const ip = nextIp();
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++)
      statuses.push(
        (await postForm(`${app.url}/kk/start`, creator(`ip-${n}@example.kz`), { "X-Forwarded-For": ip })).status,
      );
    expect(statuses).toEqual([303, 303, 303, 303, 429]);
    const refused = await postForm(`${app.url}/kk/start`, creator("ip-x@example.kz"), { "X-Forwarded-For": ip });
    expect(refused.status).toBe(429);
    expect(visibleText(await refused.text())).toContain("Мекенжайыңыздан тым көп әрекет жасалды.");

    // Per address (Gmail dots and +tags folded), whoever asks: CITIZEN_START_EMAIL=3/1d; beyond, the same page and no mail.
    for (const address of [
      "many.starts@gmail.com",
      "manystarts+a@gmail.com",
      "m.anystarts@gmail.com",
      "manystarts@googlemail.com",
    ]) {
      const response = await postForm(`${app.url}/kk/start`, creator(address), { "X-Forwarded-For": nextIp() });
      expect(response.status).toBe(303);
    }
    await outboxSettled(app.db);
    expect(app.smtp.messages.filter((mail) => /starts/.test(mail.to))).toHaveLength(3);

    // Petitions waiting (supporters or moderator) per creator: CITIZEN_PENDING_MAX=2.
    const drafts = [];
    for (let n = 0; n < 3; n++) drafts.push(await startAndConfirm(`busy.creator+${n}@gmail.com`));
    expect((await submit(drafts[0].manage)).status).toBe(303);
    expect((await submit(drafts[1].manage)).status).toBe(303);
    const third = await submit(drafts[2].manage);
    expect(third.status).toBe(429);
    expect(visibleText(await third.text())).toContain("Қаралып жатқан бірнеше петицияңыз бар.");
    expect(await statusOf(drafts[2].id)).toBe("draft");
  });
});
