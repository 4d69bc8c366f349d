// Updates to signers (outbox, pace, one-click unsubscribe) and the signatory export (CSV safety,
// audit, access), against the built app, a real database and the SMTP sink.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm, type SinkMail } from "../support/smtp-sink.ts";
import { demoPetition, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { signIn as signInAs, type Session } from "../support/workspace.ts";
import { outboxSettled, waitUntil } from "../support/wait.ts";
import { workspacePeople } from "../support/factories.ts";

let app: TestApp;
let petitionId = "";
const RATE_PER_MINUTE = 300; // one update mail every 200 ms: an outage can begin part way through
const optedIn = {
  kk: ["upd-kk-1", "upd-kk-2", "upd-kk-3", "upd-kk-4", "upd-kk-5", "upd-kk-6"],
  ru: ["upd-ru-1", "upd-ru-2", "upd-ru-3", "upd-ru-4", "upd-ru-5", "upd-ru-6"],
};
const address = (local: string) => `${local}@example.kz`;
const recipients = [...optedIn.kk, ...optedIn.ru].map(address);

const sessions: Record<string, Session> = {};

const signIn = (email: string) => signInAs(app, email);

const get = (path: string, session?: Session) =>
  fetch(`${app.url}${path}`, { headers: session ? { Cookie: session.cookie } : {}, redirect: "manual" });
const post = (path: string, session: Session | undefined, fields: Record<string, string>) =>
  postForm(`${app.url}${path}`, fields, session ? { Cookie: session.cookie } : {});
/** The export as bytes: Response.text() would drop the byte-order mark. */
async function download(path: string, session: Session, fields: Record<string, string>) {
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: session.cookie },
    redirect: "manual",
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    text: new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes),
  };
}

/** Signs the demo petition in a language; optionally confirms (and withdraws) by the mailed links. */
async function sign(
  local: string,
  locale: "kk" | "ru",
  options: { updates: boolean; confirm: boolean; withdraw?: boolean; forged?: boolean },
) {
  const email = address(local);
  const fields = signer({
    email,
    name: "Тест Қолқоюшы",
    ...(options.updates ? { updates: "on" } : {}),
    ...(options.forged ? { started: `${Date.now()}.forged` } : {}),
  });
  expect((await postForm(`${app.url}/${locale}/p/${demoPetition}`, fields)).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  const mail = app.smtp.mailsTo(email)[0];
  if (options.confirm) expect((await pressConfirm(confirmLink(mail))).status).toBe(200);
  if (options.withdraw) {
    const link = mail.text
      .split("\n")
      .find((line) => line.includes("/withdraw/"))!
      .trim();
    expect((await fetch(link, { method: "POST", redirect: "manual" })).status).toBe(200);
  }
}

const updateMails = (subjects: string[]) => app.smtp.messages.filter((mail) => subjects.includes(mail.subject));
const listUnsubscribe = (mail: SinkMail) =>
  (mail.headers.get("list") as
    { unsubscribe?: { url?: string }; "unsubscribe-post"?: { name?: string } } | undefined) ?? {};
const wantsUpdates = async (local: string) => {
  const rows = await app.db.query<{ wantsUpdates: number | boolean }>(
    `SELECT "wantsUpdates" FROM "Signature" WHERE "email" = $1`,
    [address(local)],
  );
  return Boolean(rows[0].wantsUpdates);
};
const outboxRows = (updateId: string) =>
  app.db.query<{
    to: string;
    status: string;
    attempts: number | string;
    nextAttemptAt: string | Date;
    sentAt: string | Date | null;
    headers: string;
  }>(
    `SELECT "to", "status", "attempts", "nextAttemptAt", "sentAt", "headers" FROM "OutboxMessage" WHERE "dedupeKey" LIKE $1 ORDER BY "nextAttemptAt"`,
    [`update:${updateId}:%`],
  );
const time = (value: string | Date | number) =>
  typeof value === "number"
    ? value
    : new Date(
        typeof value === "string" && !/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? `${value.replace(" ", "T")}Z` : value,
      ).getTime();

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off", UPDATE_MAIL_RATE: String(RATE_PER_MINUTE) } });
  await workspacePeople(app);
  petitionId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [demoPetition])
  )[0].id;
  for (const role of ["admin", "organizer", "auditor", "stranger"]) sessions[role] = await signIn(`${role}@example.kz`);

  for (const local of optedIn.kk) await sign(local, "kk", { updates: true, confirm: true });
  for (const local of optedIn.ru) await sign(local, "ru", { updates: true, confirm: true });
  await sign("upd-out", "kk", { updates: false, confirm: true });
  await sign("upd-pending", "ru", { updates: true, confirm: false });
  await sign("upd-withdrawn", "kk", { updates: true, confirm: true, withdraw: true });
  await sign("upd-held", "ru", { updates: true, confirm: true, forged: true });
}, 120_000);
afterAll(async () => app?.close());

describe(`updates to signers (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  const base = () => `/kk/workspace/publications/${petitionId}/updates`;
  const subjects = { kk: "Петиция жаңалығы: жауап келді", ru: "Новости петиции: пришёл ответ" };
  let updateId = "";

  it("lets organizers compose in both languages, refuses bad input in the page language, and previews both mails", async () => {
    const listing = await get(base(), sessions.organizer);
    expect(listing.status).toBe(200);
    expect(visibleText(await listing.text())).toContain("қазақша — 6, орысша — 6");

    const refused = await post(base(), sessions.organizer, {
      csrf: sessions.organizer.csrf,
      subjectKk: subjects.kk,
      subjectRu: "  ",
      bodyKk: "Мәтін",
      bodyRu: "",
    });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text())).toMatch(/Тақырыпты жазыңыз\.[\s\S]*Мәтінді жазыңыз\./);

    const created = await post(base(), sessions.organizer, {
      csrf: sessions.organizer.csrf,
      subjectKk: subjects.kk,
      subjectRu: subjects.ru,
      bodyKk: "Министрлік **жауап берді**.\n\n<script>alert(1)</script>",
      bodyRu: "Министерство **ответило**.\n\n<script>alert(1)</script>",
    });
    expect(created.status).toBe(303);
    updateId = /\/updates\/([^/?]+)$/.exec(created.headers.get("location")!)![1];

    // Long Cyrillic texts (far beyond a small form) are accepted up to 20 000 characters each.
    const long = "Ұзын мәтін, әріптері кириллица. ".repeat(600).slice(0, 19_000);
    const saved = await post(`${base()}/${updateId}`, sessions.organizer, {
      csrf: sessions.organizer.csrf,
      intent: "save",
      subjectKk: subjects.kk,
      subjectRu: subjects.ru,
      bodyKk: long,
      bodyRu: long,
    });
    expect(saved.status).toBe(303);
    const tooLong = await post(`${base()}/${updateId}`, sessions.organizer, {
      csrf: sessions.organizer.csrf,
      intent: "save",
      subjectKk: subjects.kk,
      subjectRu: subjects.ru,
      bodyKk: "б".repeat(20_001),
      bodyRu: "б",
    });
    expect(tooLong.status).toBe(400);
    expect(visibleText(await tooLong.text())).toContain("Мәтін 20 000 таңбадан аспауы керек.");
    expect(
      (
        await post(`${base()}/${updateId}`, sessions.organizer, {
          csrf: sessions.organizer.csrf,
          intent: "save",
          subjectKk: subjects.kk,
          subjectRu: subjects.ru,
          bodyKk: "Министрлік **жауап берді**.\n\n<script>alert(1)</script>",
          bodyRu: "Министерство **ответило**.\n\n<script>alert(1)</script>",
        })
      ).status,
    ).toBe(303);

    const page = await (await get(`${base()}/${updateId}`, sessions.organizer)).text();
    expect(page).toContain("<strong>жауап берді</strong>");
    expect(page).toContain("<strong>ответило</strong>");
    expect(page).not.toContain("<script>alert(1)");
    expect(visibleText(page)).toContain(
      "«Ашық хаттама» азаматтық қозғалысы «Адал сайлау» петициясы бойынша жаңалық жіберді.".slice(0, 35),
    );
    expect(visibleText(page)).toContain("Гражданское движение «Открытый протокол»: новости петиции");
    const confirm = await (await get(`${base()}/${updateId}?confirm=1`, sessions.organizer)).text();
    expect(visibleText(confirm)).toContain("Жіберуді растаңыз");
    // Nothing is sent without the confirmation step's field.
    expect(
      (await post(`${base()}/${updateId}`, sessions.organizer, { csrf: sessions.organizer.csrf, intent: "send" }))
        .status,
    ).toBe(400);
    expect(app.smtp.messages.filter((mail) => mail.subject === subjects.kk)).toHaveLength(0);
  });

  it("sends one mail to every opted-in confirmed signer in their language, through an SMTP outage, at the configured pace", async () => {
    const send = () =>
      post(`${base()}/${updateId}`, sessions.organizer, {
        csrf: sessions.organizer.csrf,
        intent: "send",
        confirm: "yes",
      });
    // A double click: both answer with the page, one sending.
    const [first, second] = await Promise.all([send(), send()]);
    expect([first.status, second.status]).toEqual([303, 303]);

    // SMTP fails part way through, then recovers.
    await app.smtp.waitFor(() => updateMails(Object.values(subjects)).length >= 3, 15_000);
    app.smtp.refuse(true);
    await waitUntil(
      async () => (await outboxRows(updateId)).some((row) => row.status === "queued" && Number(row.attempts) >= 1),
      "a refused update mail",
    );
    app.smtp.refuse(false);
    await app.smtp.waitFor(() => updateMails(Object.values(subjects)).length >= recipients.length, 20_000);
    await waitUntil(
      async () => (await outboxRows(updateId)).every((row) => row.status === "sent"),
      "every update mail sent",
    );
    await outboxSettled(app.db);

    const mails = updateMails(Object.values(subjects));
    expect(mails.map((mail) => mail.to).sort()).toEqual([...recipients].sort());
    const [sent] = await app.db.query<{ details: string }>(
      `SELECT "details" FROM "AuditLog" WHERE "action" = 'update.send'`,
    );
    expect(JSON.parse(sent.details)).toEqual({ update: updateId, recipients: { kk: 6, ru: 6 } });
    for (const mail of mails) {
      const locale = optedIn.kk.map(address).includes(mail.to) ? "kk" : "ru";
      expect(mail.subject).toBe(subjects[locale]);
      expect(mail.text).toContain(locale === "kk" ? "Министрлік **жауап берді**." : "Министерство **ответило**.");
      expect(mail.html).toContain(locale === "kk" ? "<strong>жауап берді</strong>" : "<strong>ответило</strong>");
      expect(mail.html).not.toContain("<script>alert");
      expect(mail.text).toContain(
        locale === "kk" ? "жаңалықтарын алуға келісім бергендіктен" : "согласились получать её новости",
      );
      const list = listUnsubscribe(mail);
      expect(list.unsubscribe?.url).toMatch(new RegExp(`^${app.url}/unsubscribe/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{32}$`));
      expect(list["unsubscribe-post"]?.name).toBe("List-Unsubscribe=One-Click");
      expect(mail.text).toContain(list.unsubscribe!.url!);
    }

    const page = visibleText(await (await get(`${base()}/${updateId}`, sessions.organizer)).text());
    expect(page).toContain("Жіберілді");
    const [row] = await app.db.query<{ status: string; recipients: number | string }>(
      `SELECT "status", "recipients" FROM "SignerUpdate" WHERE "id" = $1`,
      [updateId],
    );
    expect({ status: row.status, recipients: Number(row.recipients) }).toEqual({
      status: "sent",
      recipients: recipients.length,
    });

    // The pace: send times at least 60 000 / rate apart; none sent before its time.
    const rows = await outboxRows(updateId);
    const untouched = rows
      .filter((candidate) => Number(candidate.attempts) === 1)
      .map((candidate) => time(candidate.nextAttemptAt));
    expect(untouched.length).toBeGreaterThanOrEqual(recipients.length - 3);
    for (let index = 1; index < untouched.length; index++)
      expect(untouched[index] - untouched[index - 1]).toBeGreaterThanOrEqual(60_000 / RATE_PER_MINUTE - 1);
    for (const candidate of rows)
      expect(time(candidate.sentAt!)).toBeGreaterThanOrEqual(
        time(candidate.nextAttemptAt) - (Number(candidate.attempts) === 1 ? 5 : Infinity),
      );
  });

  it("queues nothing twice when the enqueue runs again (crash recovery by the job)", async () => {
    await app.db.query(`UPDATE "SignerUpdate" SET "status" = 'sending' WHERE "id" = $1`, [updateId]);
    await app.module.runJob("signer-updates", { force: true });
    expect(await outboxRows(updateId)).toHaveLength(recipients.length);
    const [row] = await app.db.query<{ status: string }>(`SELECT "status" FROM "SignerUpdate" WHERE "id" = $1`, [
      updateId,
    ]);
    expect(row.status).toBe("sent");
    // A sent update is never sent again.
    expect(
      (
        await post(`${base()}/${updateId}`, sessions.organizer, {
          csrf: sessions.organizer.csrf,
          intent: "send",
          confirm: "yes",
        })
      ).status,
    ).toBe(303);
    await app.module.runJob("signer-updates", { force: true });
    await outboxSettled(app.db);
    expect(updateMails(Object.values(subjects))).toHaveLength(recipients.length);
  });

  it("unsubscribes by a one-click POST without a language; a GET only asks; wrong links are a translated 404", async () => {
    const kkMail = updateMails([subjects.kk]).find((mail) => mail.to === address("upd-kk-1"))!;
    const url = listUnsubscribe(kkMail).unsubscribe!.url!;
    const token = url.split("/").at(-1)!;

    // Link scanners GET: nothing changes.
    const redirected = await fetch(url, { redirect: "manual" });
    expect(redirected.status).toBe(302);
    expect(redirected.headers.get("location")).toBe(`/kk/unsubscribe/${token}`);
    const page = await fetch(`${app.url}/kk/unsubscribe/${token}`);
    expect(page.status).toBe(200);
    expect(visibleText(await page.text())).toContain("Иә, жаңалықтардан бас тартамын");
    expect(await wantsUpdates("upd-kk-1")).toBe(true);

    // RFC 8058: the mail client POSTs List-Unsubscribe=One-Click.
    const oneClick = await postForm(url, { "List-Unsubscribe": "One-Click" });
    expect(oneClick.status).toBe(200);
    expect(await wantsUpdates("upd-kk-1")).toBe(false);
    expect((await postForm(url, { "List-Unsubscribe": "One-Click" })).status).toBe(200);
    expect(visibleText(await (await fetch(`${app.url}/kk/unsubscribe/${token}`)).text())).toContain(
      "Сіз жаңалықтардан бұрын бас тартқансыз",
    );

    // A Russian signer uses the page's button.
    const ruMail = updateMails([subjects.ru]).find((mail) => mail.to === address("upd-ru-1"))!;
    const ruToken = listUnsubscribe(ruMail).unsubscribe!.url!.split("/").at(-1)!;
    expect((await fetch(`${app.url}/unsubscribe/${ruToken}`, { redirect: "manual" })).headers.get("location")).toBe(
      `/ru/unsubscribe/${ruToken}`,
    );
    const done = await postForm(`${app.url}/ru/unsubscribe/${ruToken}`, {});
    expect(done.status).toBe(200);
    expect(visibleText(await done.text())).toContain("Вы отписались от новостей");
    expect(await wantsUpdates("upd-ru-1")).toBe(false);
    expect(await wantsUpdates("upd-ru-2")).toBe(true);

    // Tampered or made-up tokens.
    const tampered = token.replace(/.$/, (last) => (last === "A" ? "B" : "A"));
    const invalid = await fetch(`${app.url}/ru/unsubscribe/${tampered}`);
    expect(invalid.status).toBe(404);
    expect(visibleText(await invalid.text())).toContain("Ссылка недействительна");
    expect((await fetch(`${app.url}/kk/unsubscribe/nonsense`)).status).toBe(404);
    expect((await postForm(`${app.url}/unsubscribe/${tampered}`, { "List-Unsubscribe": "One-Click" })).status).toBe(
      404,
    );
    expect((await postForm(`${app.url}/kk/unsubscribe/${tampered}`, {})).status).toBe(404);
  });

  it("finishes an update left half-sent by a crash, without the unsubscribed", async () => {
    const created = await post(base(), sessions.admin, {
      csrf: sessions.admin.csrf,
      subjectKk: "Екінші жаңалық",
      subjectRu: "Вторая новость",
      bodyKk: "Екінші.",
      bodyRu: "Вторая.",
    });
    const secondId = /\/updates\/([^/?]+)$/.exec(created.headers.get("location")!)![1];
    // The process died right after marking it "sending": nothing queued yet.
    await app.db.query(`UPDATE "SignerUpdate" SET "status" = 'sending' WHERE "id" = $1`, [secondId]);
    await app.module.runJob("signer-updates", { force: true });
    await app.smtp.waitFor(
      () => updateMails(["Екінші жаңалық", "Вторая новость"]).length >= recipients.length - 2,
      15_000,
    );
    await outboxSettled(app.db);
    const mails = updateMails(["Екінші жаңалық", "Вторая новость"]);
    expect(mails.map((mail) => mail.to).sort()).toEqual(
      recipients.filter((to) => to !== address("upd-kk-1") && to !== address("upd-ru-1")).sort(),
    );
  });

  it("lets auditors see the list only, and nobody outside the organization", async () => {
    const auditorList = await get(base(), sessions.auditor);
    expect(auditorList.status).toBe(200);
    const text = await auditorList.text();
    expect(visibleText(text)).toContain(subjects.kk);
    expect(text).not.toContain('name="bodyKk"');
    expect((await get(`${base()}/${updateId}`, sessions.auditor)).status).toBe(403);
    expect(
      (
        await post(base(), sessions.auditor, {
          csrf: sessions.auditor.csrf,
          subjectKk: "a",
          subjectRu: "a",
          bodyKk: "a",
          bodyRu: "a",
        })
      ).status,
    ).toBe(403);
    expect((await get(base(), sessions.stranger)).status).toBe(403);
    expect((await get(`${base()}/${updateId}`, sessions.stranger)).status).toBe(403);
    expect(
      (await post(base(), sessions.organizer, { subjectKk: "a", subjectRu: "a", bodyKk: "a", bodyRu: "a" })).status,
    ).toBe(403);
    expect((await get(base())).status).toBe(302);
    expect((await get(`${base()}/missing`, sessions.organizer)).status).toBe(404);
  });

  it("deletes a draft only after a confirmation step, audited; an update already sent stays", async () => {
    const created = await post(base(), sessions.organizer, {
      csrf: sessions.organizer.csrf,
      subjectKk: "Өшірілетін",
      subjectRu: "Удаляемое",
      bodyKk: "Мәтін",
      bodyRu: "Текст",
    });
    expect(created.status).toBe(303);
    const draftId = /\/updates\/([^/?]+)$/.exec(created.headers.get("location")!)![1];
    const page = `${base()}/${draftId}`;
    expect(visibleText(await (await get(`${page}?delete=1`, sessions.organizer)).text())).toContain(
      "Черновикті жою керек пе?",
    );
    expect(visibleText(await (await get(`/ru${page.slice(3)}?delete=1`, sessions.organizer)).text())).toContain(
      "Удалить черновик?",
    );
    // No confirmation field, an auditor, a forged form: nothing is deleted.
    expect((await post(page, sessions.organizer, { csrf: sessions.organizer.csrf, intent: "delete" })).status).toBe(
      400,
    );
    expect(
      (await post(page, sessions.auditor, { csrf: sessions.auditor.csrf, intent: "delete", confirm: "yes" })).status,
    ).toBe(403);
    expect((await post(page, sessions.organizer, { intent: "delete", confirm: "yes" })).status).toBe(403);
    expect((await get(page, sessions.organizer)).status).toBe(200);

    const deleted = await post(page, sessions.organizer, {
      csrf: sessions.organizer.csrf,
      intent: "delete",
      confirm: "yes",
    });
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe(base());
    expect((await get(page, sessions.organizer)).status).toBe(404);
    expect(visibleText(await (await get(base(), sessions.organizer)).text())).not.toContain("Өшірілетін");
    const logged = await app.db.query<{ details: string }>(
      `SELECT "details" FROM "AuditLog" WHERE "action" = 'update.delete'`,
    );
    expect(logged.map((row) => JSON.parse(row.details).update)).toEqual([draftId]);
    // The update sent above is no draft: it and its record stay.
    expect(
      (
        await post(`${base()}/${updateId}`, sessions.organizer, {
          csrf: sessions.organizer.csrf,
          intent: "delete",
          confirm: "yes",
        })
      ).status,
    ).toBe(409);
    expect((await get(`${base()}/${updateId}`, sessions.organizer)).status).toBe(200);
  });
});

/** RFC 4180, as a spreadsheet reads it. */
function parseCsv(text: string) {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(cell);
      cell = "";
    } else if (char === "\r" && text[index + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      index++;
    } else cell += char;
  }
  return rows;
}

describe(`signatory export (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  const csvPath = () => `/kk/workspace/publications/${petitionId}/export.csv`;
  const hostile: Record<string, string> = {
    "upd-kk-1": '=HYPERLINK("http://x")',
    "upd-kk-2": "+1",
    "upd-kk-3": "-1",
    "upd-kk-4": "@SUM(1)",
    "upd-kk-5": "\tТаб Бастауы",
    "upd-kk-6": "\rCR Name",
    "upd-ru-1": 'Иван "Ваня" Петров',
    "upd-ru-2": "Петров, Пётр",
    "upd-ru-3": "Жол\nбөлінісі",
    "upd-ru-4": "Әсем Құрманғазықызы",
    "upd-ru-5": "Ёлкин Щукин-Эйхман",
  };

  it("exports confirmed signatories safely: BOM, formula cells defused, text intact, no addresses unless chosen, audited", async () => {
    for (const [local, name] of Object.entries(hostile))
      await app.db.query(`UPDATE "Signature" SET "name" = $1 WHERE "email" = $2`, [name, address(local)]);
    const response = await download(csvPath(), sessions.organizer, { csrf: sessions.organizer.csrf });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="signatories-fair-elections-petition-\d{4}-\d\d-\d\d\.csv"/,
    );
    expect([...response.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = response.text;
    expect(body.charCodeAt(0)).toBe(0xfeff);
    expect(body).not.toContain("@example.kz");
    const rows = parseCsv(body.slice(1));
    expect(rows[0]).toEqual(["Аты-жөні", "Өңір", "Расталған уақыты (UTC+5)"]);
    // 12 opted in + 1 opted out; not the pending, withdrawn or held signatures.
    expect(rows).toHaveLength(1 + 13);
    const names = rows.slice(1).map((row) => row[0]);
    for (const name of Object.values(hostile)) expect(names).toContain(/^[=+\-@\t\r]/.test(name) ? `'${name}` : name);
    for (const row of rows.slice(1)) {
      expect(row).toHaveLength(3);
      expect(row[0]).not.toMatch(/^[=+\-@\t\r]/);
      expect(row[1]).toBe("Алматы");
      expect(row[2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$/);
    }

    const withEmails = await download(csvPath().replace("/kk/", "/ru/"), sessions.admin, {
      csrf: sessions.admin.csrf,
      emails: "yes",
    });
    expect(withEmails.status).toBe(200);
    const full = parseCsv(withEmails.text.slice(1));
    expect(full[0]).toEqual(["Имя", "Регион", "Подтверждена (UTC+5)", "Электронная почта"]);
    expect(
      full
        .slice(1)
        .map((row) => row[3])
        .sort(),
    ).toEqual([...recipients, address("upd-out")].sort());

    const audits = await app.db.query<{ action: string; details: string; userId: string }>(
      `SELECT "action", "details", "userId" FROM "AuditLog" WHERE "action" LIKE 'signatures.export%' ORDER BY "at"`,
    );
    expect(audits.map((entry) => entry.action)).toEqual(["signatures.export", "signatures.export-with-emails"]);
    expect(audits.map((entry) => JSON.parse(entry.details))).toEqual([
      { rows: 13, withEmails: false, language: "kk" },
      { rows: 13, withEmails: true, language: "ru" },
    ]);
    expect(JSON.stringify(audits)).not.toContain("@example.kz");
  });

  it("refuses auditors, other organizations, anonymous visitors and forged forms", async () => {
    const page = `/kk/workspace/publications/${petitionId}/export`;
    expect((await get(page, sessions.organizer)).status).toBe(200);
    expect((await get(page, sessions.auditor)).status).toBe(403);
    expect((await get(page, sessions.stranger)).status).toBe(403);
    expect((await get(page)).status).toBe(302);
    expect((await post(csvPath(), sessions.auditor, { csrf: sessions.auditor.csrf, emails: "yes" })).status).toBe(403);
    expect((await post(csvPath(), sessions.stranger, { csrf: sessions.stranger.csrf, emails: "yes" })).status).toBe(
      403,
    );
    expect((await post(csvPath(), sessions.organizer, { emails: "yes" })).status).toBe(403);
    expect((await post(csvPath(), undefined, { emails: "yes" })).status).toBe(302);
    expect((await get(csvPath(), sessions.organizer)).status).toBe(302);
    const audits = await app.db.query(`SELECT "id" FROM "AuditLog" WHERE "action" LIKE 'signatures.export%'`);
    expect(audits).toHaveLength(2);
  });

  it("pages through thousands of signatures confirmed at the same instant without losing or repeating a row", async () => {
    // Copies of one confirmed signature (same confirmation time): the keyset must break ties by id.
    await app.db.query(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
       INSERT INTO "Signature" ("id","publicationId","name","email","emailCanonical","emailDomain","region","locale","isPublic","wantsUpdates","version","status","mailsSent","createdAt","confirmedAt")
       SELECT 'bulk-' || CAST(n.i AS TEXT), s."publicationId", 'Көп ' || CAST(n.i AS TEXT), 'bulk' || CAST(n.i AS TEXT) || '@example.kz', 'bulk' || CAST(n.i AS TEXT) || '@example.kz', 'example.kz', s."region", s."locale", s."isPublic", s."wantsUpdates", s."version", 'confirmed', 0, s."createdAt", s."confirmedAt"
       FROM n, "Signature" s WHERE s."email" = $1`,
      [address("upd-out")],
    );
    const response = await download(csvPath(), sessions.organizer, { csrf: sessions.organizer.csrf, emails: "yes" });
    const rows = parseCsv(response.text.slice(1)).slice(1);
    expect(rows).toHaveLength(13 + 2500);
    expect(new Set(rows.map((row) => row[3])).size).toBe(13 + 2500);
    const [entry] = await app.db.query<{ details: string }>(
      `SELECT "details" FROM "AuditLog" WHERE "action" = 'signatures.export-with-emails' ORDER BY "at" DESC LIMIT 1`,
    );
    expect(JSON.parse(entry.details)).toMatchObject({ rows: 13 + 2500, withEmails: true });
  });
});
