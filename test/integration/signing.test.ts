import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxSettled } from "../support/wait.ts";
import { confirmLink, pressConfirm, pressConfirmText } from "../support/smtp-sink.ts";
import {
  closedDemoPetition,
  counterRows,
  demoPetition,
  fetchText,
  postForm,
  rawPost,
  recount,
  signer,
  startTestApp,
  visibleText,
  type TestApp,
} from "../support/app.ts";

let app: TestApp;
const metricsToken = "metrics-token-for-tests-0123456789";
/** One value of the app's Prometheus metrics. */
async function metric(line: RegExp) {
  const text = await (
    await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${metricsToken}` } })
  ).text();
  return Number(line.exec(text)?.[1] ?? 0);
}
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off", METRICS_TOKEN: metricsToken } });
});
afterAll(async () => app?.close());

const petitionUrl = (lang = "kk", slug = demoPetition) => `${app.url}/${lang}/p/${slug}`;
const apiCount = async (slug = demoPetition) =>
  (await (await fetch(`${app.url}/api/v1/petitions/${slug}`)).json()) as {
    confirmed: number;
    regions: { code: string; confirmed: number }[];
  };

describe(`signing a petition (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("keeps a new signature pending until the mailed link is opened, then counts it once in its region", async () => {
    const before = await apiCount();
    const response = await postForm(petitionUrl(), signer({ email: "dana@example.kz", region: "KZ-35" }));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/kk/p/${demoPetition}/check-email`);

    const [mail] = await app.smtp
      .waitFor(() => app.smtp.mailsTo("dana@example.kz").length === 1)
      .then(() => app.smtp.mailsTo("dana@example.kz"));
    expect(mail.subject).toContain("Қолыңызды растаңыз");
    expect(mail.html).toContain("<a href=");
    expect((await apiCount()).confirmed).toBe(before.confirmed);

    const link = confirmLink(mail);
    expect(link.startsWith(`${app.url}/kk/confirm/`)).toBe(true);
    // Opening the link shows what would be confirmed and a button; it confirms nothing.
    const asked = visibleText(await fetchText(link));
    expect(asked).toContain("Қолыңызды растаңыз");
    expect(asked).toContain("d•••@example.kz");
    expect(asked).not.toContain("dana@example.kz");
    expect((await apiCount()).confirmed).toBe(before.confirmed);
    const page = await pressConfirmText(link);
    expect(page).toContain("Рақмет! Қолыңыз саналды");
    // A second press (a double tap, a reload) finds it counted and counts nothing more.
    expect(await pressConfirmText(link)).toContain("Рақмет! Қолыңыз саналды");

    const after = await apiCount();
    expect(after.confirmed).toBe(before.confirmed + 1);
    expect(after.regions.find((region) => region.code === "KZ-35")!.confirmed).toBe(1);
    const counted = await recount(app.db, demoPetition);
    const counters = await counterRows(app.db, demoPetition);
    for (const [region, n] of counted) expect(counters.get(region)).toBe(n);
  });

  it("confirms only when the button is pressed: HEAD, GET and prefetches of the link, as mail scanners send them, leave it pending", async () => {
    const email = "scanned@example.kz";
    await postForm(petitionUrl("ru"), signer({ email, region: "KZ-11" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    const link = confirmLink(app.smtp.mailsTo(email)[0]);
    const statusOf = async () =>
      (await app.db.query<{ status: string }>(`SELECT "status" FROM "Signature" WHERE "email" = $1`, [email]))[0]
        .status;
    const pendingCounter = async () =>
      Number(
        (
          await app.db.query<{ pending: number }>(
            `SELECT c."pending" FROM "RegionCount" c JOIN "Publication" p ON p."id" = c."publicationId" WHERE p."slug" = $1 AND c."region" = 'KZ-11'`,
            [demoPetition],
          )
        )[0].pending,
      );
    const before = await apiCount();
    const pendingBefore = await pendingCounter();
    const scanners: RequestInit[] = [
      { method: "HEAD" },
      { method: "GET" },
      { method: "GET", headers: { Purpose: "prefetch", "Sec-Purpose": "prefetch" } },
      { method: "GET", headers: { "X-Moz": "prefetch", "User-Agent": "Mozilla/5.0 (compatible; SafeLinks)" } },
      { method: "OPTIONS" },
    ];
    for (const request of scanners) {
      const response = await fetch(link, { ...request, redirect: "manual" });
      await response.arrayBuffer();
      expect(response.status).toBeLessThan(500);
    }
    expect(await statusOf()).toBe("pending");
    expect(await pendingCounter()).toBe(pendingBefore);
    // The page says what is being confirmed and offers one button that works without JavaScript.
    const page = await (await fetch(link)).text();
    expect(page).toMatch(/<form method="post"[^>]*>[\s\S]*?<button type="submit"/);
    expect(visibleText(page)).toContain("Да, подтверждаю подпись");
    expect(visibleText(page)).toContain("s•••@example.kz");
    await pressConfirm(link);
    expect(await statusOf()).toBe("confirmed");
    const after = await apiCount();
    expect(after.confirmed).toBe(before.confirmed + 1);
    expect(await pendingCounter()).toBe(pendingBefore - 1);
  });

  it("answers the button's POST in front of Remix as the page's own form does, and never for a form from another site", async () => {
    const email = "pressed@example.kz";
    await postForm(petitionUrl("kk"), signer({ email }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    const link = confirmLink(app.smtp.mailsTo(email)[0]);
    const statusOf = async () =>
      (await app.db.query<{ status: string }>(`SELECT "status" FROM "Signature" WHERE "email" = $1`, [email]))[0]
        .status;
    // A form on another site posting to the link confirms nothing.
    const foreign = await fetch(link, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
    });
    await foreign.arrayBuffer();
    expect(foreign.status).toBeGreaterThanOrEqual(400);
    expect(foreign.status).toBeLessThan(500);
    expect(await statusOf()).toBe("pending");
    // The page's own form, as a browser sends it: same origin, empty urlencoded body.
    const pressed = await fetch(link, {
      method: "POST",
      redirect: "manual",
      headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    await pressed.arrayBuffer();
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get("location")).toBe(new URL(link).pathname);
    expect(pressed.headers.get("cache-control")).toBe("no-store");
    expect(await statusOf()).toBe("confirmed");
    // Pressed again (a double tap): still one confirmation, the same answer.
    const again = await fetch(link, { method: "POST", redirect: "manual" });
    await again.arrayBuffer();
    expect(again.status).toBe(303);
    const [count] = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS "n" FROM "LedgerEntry" e JOIN "Signature" s ON s."receipt" = e."receipt" WHERE s."email" = $1 AND e."type" = 'confirm'`,
      [email],
    );
    expect(Number(count.n)).toBe(1);
  });

  it("sends the mail in the signer's language, with the link on a line of its own", async () => {
    await postForm(petitionUrl("ru"), signer({ email: "ivan@example.ru", name: "Иван Петров" }));
    const [mail] = await app.smtp
      .waitFor(() => app.smtp.mailsTo("ivan@example.ru").length === 1)
      .then(() => app.smtp.mailsTo("ivan@example.ru"));
    expect(mail.subject).toContain("Подтвердите подпись");
    expect(mail.text).toContain("Здравствуйте!");
    // Nothing the submitter typed goes to an address nobody has confirmed yet.
    expect(mail.text + mail.html).not.toContain("Иван Петров");
    expect(confirmLink(mail)).toMatch(/\/ru\/confirm\/[A-Za-z0-9_-]{32}$/);
  });

  it("shows the same check-your-mail page whether the address is new, pending, confirmed or the petition closed", async () => {
    const email = "same.page@example.kz";
    const first = await postForm(petitionUrl(), signer({ email }));
    const second = await postForm(petitionUrl(), signer({ email }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 2);
    await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]));
    const third = await postForm(petitionUrl(), signer({ email }));
    const closed = await postForm(petitionUrl("kk", closedDemoPetition), signer({ email }));
    for (const response of [first, second, third]) {
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe(`/kk/p/${demoPetition}/check-email`);
    }
    expect(closed.status).toBe(303);
    expect(closed.headers.get("location")).toBe(`/kk/p/${closedDemoPetition}/check-email`);
    const page = await fetchText(`${app.url}/kk/p/${demoPetition}/check-email`);
    expect(page).toContain("Поштаңызды тексеріңіз");
    expect(page).not.toContain(email);
  });

  it("treats case, Gmail dots, +tags and googlemail as one person, resending the link at most 5 times in all", async () => {
    const variants = [
      "Nurlan.Aliyev@gmail.com",
      "nurlanaliyev@gmail.com",
      "nurlan.aliyev+petition@googlemail.com",
      "NURLANALIYEV@GMAIL.COM",
      "n.u.r.l.a.n.aliyev@gmail.com",
      "nurlan.aliyev+x@gmail.com",
      "nurlanaliyev+y@gmail.com",
    ];
    for (const email of variants) expect((await postForm(petitionUrl(), signer({ email }))).status).toBe(303);
    await app.smtp.waitFor((all) => all.filter((mail) => /nurlan/i.test(mail.to)).length >= 5);
    await outboxSettled(app.db);
    const mails = app.smtp.messages.filter((mail) => /nurlan/i.test(mail.to));
    expect(mails).toHaveLength(5);
    const rows = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" WHERE "emailCanonical" = 'nurlanaliyev@gmail.com'`,
    );
    expect(Number(rows[0].n)).toBe(1);
    // Every resent link is valid; the first press counts, the others find it counted already.
    const before = (await apiCount()).confirmed;
    const outcomes = [];
    for (const mail of mails) outcomes.push(await pressConfirmText(confirmLink(mail)));
    expect(outcomes.filter((page) => page.includes("Рақмет! Қолыңыз саналды"))).toHaveLength(5);
    expect((await apiCount()).confirmed).toBe(before + 1);
  });

  it("treats Yandex domain aliases as one mailbox", async () => {
    await postForm(petitionUrl(), signer({ email: "asel.k@yandex.kz" }));
    await postForm(petitionUrl(), signer({ email: "asel-k@ya.ru" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo("asel").length === 2);
    const rows = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" WHERE "emailCanonical" = 'asel-k@yandex.ru'`,
    );
    expect(Number(rows[0].n)).toBe(1);
  });

  it("mails an already-confirmed signer that their signature already counts", async () => {
    const email = "already@example.kz";
    await postForm(petitionUrl(), signer({ email }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]));
    await postForm(petitionUrl("ru"), signer({ email }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 2);
    const reminder = app.smtp.mailsTo(email)[1];
    expect(reminder.subject).toContain("Вы уже подписали");
    expect(reminder.text).not.toMatch(/\/confirm\//);
  });

  it("ends concurrent duplicate submissions and clicks as exactly one counted signature", async () => {
    const before = await apiCount();
    const email = "racer@example.kz";
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postForm(petitionUrl(), signer({ email, region: "KZ-79" }))),
    );
    expect(responses.every((response) => response.status === 303)).toBe(true);
    const rows = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" WHERE "emailCanonical" = $1`,
      [email],
    );
    expect(Number(rows[0].n)).toBe(1);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= 5);
    const links = app.smtp.mailsTo(email).map(confirmLink);
    await Promise.all([...links, ...links].map((link) => pressConfirmText(link)));
    const after = await apiCount();
    expect(after.confirmed).toBe(before.confirmed + 1);
    expect(after.regions.find((region) => region.code === "KZ-79")!.confirmed).toBe(
      before.regions.find((region) => region.code === "KZ-79")!.confirmed + 1,
    );
  });

  it("stores nothing and sends nothing when the honeypot is filled", async () => {
    const response = await postForm(petitionUrl(), signer({ email: "bot@example.kz", website: "http://spam.example" }));
    expect(response.status).toBe(303);
    const rows = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" WHERE "email" = 'bot@example.kz'`,
    );
    expect(Number(rows[0].n)).toBe(0);
  });

  it("rejects bad input with status 400 and translated field errors, keeping what was typed", async () => {
    const kk = await postForm(petitionUrl("kk"), { name: "", email: "not-an-email", region: "KZ-99" });
    expect(kk.status).toBe(400);
    const kkRaw = await kk.text();
    const kkPage = visibleText(kkRaw);
    for (const text of [
      "Аты-жөніңізді жазыңыз.",
      "Электрондық пошта мекенжайы дұрыс емес.",
      "Тізімнен өңірді таңдаңыз.",
      "жеке деректерді өңдеуге келісім қажет",
    ])
      expect(kkPage).toContain(text);
    expect(kkRaw).toContain('value="not-an-email"');
    const ru = await postForm(petitionUrl("ru"), { name: "Иван", email: "ivan@example.kz", region: "KZ-75" });
    expect(ru.status).toBe(400);
    expect(visibleText(await ru.text())).toContain("нужно согласие на обработку персональных данных");
  });

  it("answers unknown petitions with 404 and oversize bodies with 413", async () => {
    expect((await postForm(petitionUrl("kk", "no-such-petition"), signer())).status).toBe(404);
    expect(
      (await rawPost(petitionUrl(), new URLSearchParams(signer({ name: "А".repeat(40_000) })).toString())).status,
    ).toBe(413);
  });

  it("answers a multipart form (full Remix path) exactly like the plain form handled in front of Remix", async () => {
    const multipart = (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      return fetch(petitionUrl("ru"), { method: "POST", body, redirect: "manual" });
    };
    const good = await multipart(signer({ email: "multipart@example.kz" }));
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe(`/ru/p/${demoPetition}/check-email`);
    await app.smtp.waitFor(() => app.smtp.mailsTo("multipart@example.kz").length === 1);
    const bad = await multipart({ name: "Иван", email: "x", region: "KZ-75" });
    const plainBad = await postForm(petitionUrl("ru"), { name: "Иван", email: "x", region: "KZ-75" });
    expect([bad.status, plainBad.status]).toEqual([400, 400]);
    const errors = (html: string) => visibleText(html).match(/Неверный адрес электронной почты\./g);
    expect(errors(await bad.text())).toEqual(errors(await plainBad.text()));
    expect(errors(await plainBad.text())?.length).toBeGreaterThan(0);
    // A Remix data request to the same URL still reaches the action (returns its data, not a page).
    const data = await fetch(`${petitionUrl("ru")}?_data=routes%2F%24lang.p.%24slug`, {
      method: "POST",
      body: new URLSearchParams({ name: "Иван", email: "x", region: "KZ-75" }),
    });
    expect(data.status).toBe(400);
    expect(((await data.json()) as { errors: Record<string, string> }).errors.email).toBeTruthy();
  });

  it("lands wrong, stripped and expired links on a page that offers a new mail", async () => {
    const wrong = await fetch(`${app.url}/kk/confirm/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(wrong.status).toBe(404);
    const wrongRaw = await wrong.text();
    const wrongPage = visibleText(wrongRaw);
    expect(wrongPage).toContain("Сілтеме жарамсыз");
    expect(wrongRaw).toContain('name="email"');
    const truncated = await fetch(`${app.url}/ru/confirm/abc`);
    expect(truncated.status).toBe(404);
    expect(visibleText(await truncated.text())).toContain("Ссылка недействительна");
    const stripped = await fetch(`${app.url}/kk/confirm`);
    expect(stripped.status).toBe(200);
    expect(visibleText(await stripped.text())).toContain("Растау хатын қайта жіберу");

    const email = "late@example.kz";
    await postForm(petitionUrl(), signer({ email }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    await app.db.query(
      `UPDATE "SignatureToken" SET "expiresAt" = $1 WHERE "signatureId" IN (SELECT "id" FROM "Signature" WHERE "email" = $2)`,
      [app.db.kind === "sqlite" ? new Date(Date.now() - 1000).toISOString() : new Date(Date.now() - 1000), email],
    );
    const expired = await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]));
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain("Сілтеменің мерзімі өтті");
    const resend = await postForm(`${app.url}/kk/confirm`, { email, petition: demoPetition });
    expect(resend.status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 2);
    expect(await pressConfirmText(confirmLink(app.smtp.mailsTo(email)[1]))).toContain("Рақмет! Қолыңыз саналды");
  });

  it("lists only confirmed signers who chose to be shown, and never anyone's email", async () => {
    await postForm(petitionUrl(), signer({ email: "shown@example.kz", name: "Ержан Көпбаев", public: "on" }));
    await postForm(petitionUrl(), signer({ email: "hidden@example.kz", name: "Жасырын Адам" }));
    await postForm(petitionUrl(), signer({ email: "unconfirmed@example.kz", name: "Расталмаған Адам", public: "on" }));
    await app.smtp.waitFor(() => app.smtp.mailsTo("shown@").length === 1 && app.smtp.mailsTo("hidden@").length === 1);
    await pressConfirm(confirmLink(app.smtp.mailsTo("shown@")[0]));
    await pressConfirm(confirmLink(app.smtp.mailsTo("hidden@")[0]));
    const page = await (await fetch(petitionUrl())).text();
    expect(page).toContain("Ержан Көпбаев");
    expect(page).not.toContain("Жасырын Адам");
    expect(page).not.toContain("Расталмаған Адам");
    expect(page).not.toMatch(/@example\.kz/);
    // The day only: a time to the second (or minute) would line a named signer up with a ledger
    // entry, and so with a later withdrawal or removal of that receipt.
    const item = /<li[^>]*>(?:(?!<\/li>)[\s\S])*Ержан Көпбаев(?:(?!<\/li>)[\s\S])*<\/li>/.exec(page)![0];
    expect(item).toMatch(/<time datetime="\d{4}-\d\d-\d\d">/i);
    expect(item).not.toMatch(/\d\d:\d\d|T\d\d/);
  });

  it("stops accepting confirmations once a closed petition's grace period has passed", async () => {
    const early = "early@example.kz";
    const late = "too.late@example.kz";
    await postForm(petitionUrl(), signer({ email: early }));
    await postForm(petitionUrl(), signer({ email: late }));
    await app.smtp.waitFor(() => app.smtp.mailsTo(early).length === 1 && app.smtp.mailsTo(late).length === 1);
    const closeAt = async (when: Date) =>
      app.db.query(`UPDATE "Publication" SET "status" = 'closed', "closedAt" = $1 WHERE "slug" = $2`, [
        app.db.kind === "sqlite" ? when.toISOString() : when,
        demoPetition,
      ]);
    // Closed an hour ago: still within the 3-day grace, the link works.
    await closeAt(new Date(Date.now() - 3_600_000));
    expect(await pressConfirmText(confirmLink(app.smtp.mailsTo(early)[0]))).toContain("Рақмет! Қолыңыз саналды");
    // Closed four days ago: the link lands on a page that says signing has ended.
    await closeAt(new Date(Date.now() - 4 * 86_400_000));
    const before = (await apiCount()).confirmed;
    expect(await pressConfirmText(confirmLink(app.smtp.mailsTo(late)[0]))).toContain("Қол жинау аяқталды");
    expect((await apiCount()).confirmed).toBe(before);
    await app.db.query(`UPDATE "Publication" SET "status" = 'open', "closedAt" = NULL WHERE "slug" = $1`, [
      demoPetition,
    ]);
  });

  it("stores a crowd signing at once in shared transactions: every answer a 303, every signature, mail and pending count there", async () => {
    const pendingTotal = async () =>
      Number(
        (
          await app.db.query<{ n: number | string }>(
            `SELECT SUM(c."pending") AS n FROM "RegionCount" c JOIN "Publication" p ON p."id" = c."publicationId" WHERE p."slug" = $1`,
            [demoPetition],
          )
        )[0].n,
      );
    const before = await pendingTotal();
    const batchesBefore = await metric(/^dauys_signature_batch_size_count (\d+)$/m);
    const singlesBefore = await metric(/^dauys_signature_batch_size_bucket\{le="1"\} (\d+)$/m);
    // More than one batch (100): some signers share a transaction, some follow in the next.
    const emails = Array.from({ length: 130 }, (_, i) => `crowd-${i}@example.kz`);
    const answers = await Promise.all(
      emails.map((email, i) =>
        postForm(petitionUrl(i % 2 ? "ru" : "kk"), signer({ email, region: i % 3 ? "KZ-75" : "KZ-71" })),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(emails.map(() => 303));
    const stored = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" WHERE "email" LIKE 'crowd-%' AND "status" = 'pending'`,
    );
    expect(Number(stored[0].n)).toBe(130);
    expect(await pendingTotal()).toBe(before + 130);
    await app.smtp.waitFor(() => emails.every((email) => app.smtp.mailsTo(email).length === 1), 20_000);
    expect(app.smtp.mailsTo("crowd-1@example.kz")[0].subject).toContain("Подтвердите подпись");
    // They were shared: fewer transactions than signatures, and not all of one signature.
    const batches = (await metric(/^dauys_signature_batch_size_count (\d+)$/m)) - batchesBefore;
    const singles = (await metric(/^dauys_signature_batch_size_bucket\{le="1"\} (\d+)$/m)) - singlesBefore;
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(batches).toBeLessThan(130);
    expect(singles).toBeLessThan(batches);
  });

  it("keeps a failing signature from failing the others that were stored in the same batch", async () => {
    // Break one region's counter row on purpose: a signature there cannot be stored.
    const move = (from: string, to: string) =>
      app.db.query(
        `UPDATE "RegionCount" SET "region" = $1 WHERE "region" = $2 AND "publicationId" = (SELECT "id" FROM "Publication" WHERE "slug" = $3)`,
        [to, from, demoPetition],
      );
    await move("KZ-11", "KZ-11-away");
    const retriesBefore = await metric(/^dauys_signature_batch_retries_total (\d+)$/m);
    try {
      const answers = await Promise.all(
        Array.from({ length: 21 }, (_, i) =>
          postForm(petitionUrl(), signer({ email: `batch-${i}@example.kz`, region: i === 10 ? "KZ-11" : "KZ-75" })),
        ),
      );
      expect(
        answers
          .map((answer) => answer.status)
          .filter((_, i) => i !== 10)
          .join(),
      ).toBe(Array(20).fill(303).join());
      expect(answers[10].status).toBeGreaterThanOrEqual(500);
      const stored = await app.db.query<{ email: string }>(
        `SELECT "email" FROM "Signature" WHERE "email" LIKE 'batch-%'`,
      );
      // The failing row was in a shared batch, which was then tried row by row.
      expect(await metric(/^dauys_signature_batch_retries_total (\d+)$/m)).toBeGreaterThan(retriesBefore);
      expect(stored.map((row) => row.email).sort()).toEqual(
        Array.from({ length: 21 }, (_, i) => `batch-${i}@example.kz`)
          .filter((email) => email !== "batch-10@example.kz")
          .sort(),
      );
    } finally {
      await move("KZ-11-away", "KZ-11");
    }
  });
});
