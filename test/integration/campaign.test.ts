// The campaign loop around a petition (issue 16): printable signature sheets and numbered runs,
// sheet serials on paper batches, the official response (document, date, one mail per opted-in
// signer) and public updates with their Atom feed. Built app, real database, SMTP sink, poppler.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm, type SinkMail } from "../support/smtp-sink.ts";
import {
  closedDemoPetition,
  demoPetition,
  postForm,
  signer,
  startTestApp,
  visibleText,
  type TestApp,
} from "../support/app.ts";
import { signIn, type Session } from "../support/workspace.ts";
import { outboxSettled, waitUntil } from "../support/wait.ts";
import { xmlProblem } from "../support/xml.ts";

let app: TestApp;
let petitionId = "";
let organizer: Session;
let auditor: Session;
const KAZAKH_LETTERS = ["ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"];
const titles = {
  kk: "Әділ сайлау: әр учаскеде хаттаманың көшірмесі — қоғамның үні, һәм үгіт емес",
  ru: "Честные выборы: копия протокола на каждом участке (Түркістан, Шұбарқұдық, Теңіз, Көкшетау, Ағаш, Сәтбаев, Шаһар)",
};
const ORG_EMAIL = "press@ashyq-khattama.kz";
const dir = mkdtempSync(join(tmpdir(), "dauys-campaign-"));
const pdfText = (bytes: Buffer, name: string) => {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, bytes);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())?.[1]);
  return { file, pages, text: execFileSync("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"]).toString("utf8") };
};
const get = (path: string, session?: Session) =>
  fetch(`${app.url}${path}`, { headers: session ? { Cookie: session.cookie } : {}, redirect: "manual" });
const post = (path: string, session: Session, fields: Record<string, string>) =>
  postForm(`${app.url}${path}`, { csrf: session.csrf, ...fields }, { Cookie: session.cookie });
const bytesOf = async (response: Response) => Buffer.from(await response.arrayBuffer());
const now = () => (app.db.kind === "sqlite" ? new Date().toISOString() : new Date());
const fromHeader = (mail: SinkMail) =>
  (mail.headers.get("from") as { value: Array<{ name: string; address: string }> }).value[0];
const replyTo = (mail: SinkMail) =>
  (mail.headers.get("reply-to") as { value: Array<{ address: string }> } | undefined)?.value[0]?.address;

async function sign(email: string, locale: "kk" | "ru", updates: boolean, confirm = true) {
  const fields = signer({ email, name: "Тест Қолқоюшы", ...(updates ? { updates: "on" } : {}) });
  expect((await postForm(`${app.url}/${locale}/p/${demoPetition}`, fields)).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  if (confirm) expect((await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]))).status).toBe(200);
}

async function postMultipart(
  path: string,
  session: Session,
  fields: Record<string, string>,
  file?: { field: string; bytes: Buffer; type: string; name: string },
) {
  const form = new FormData();
  form.set("csrf", session.csrf);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (file) form.set(file.field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    body: form,
    headers: { Cookie: session.cookie },
    redirect: "manual",
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    text: visibleText(await response.text()),
  };
}

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off", UPDATE_MAIL_RATE: "6000" } });
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  await app.module.addMember({ email: "auditor@example.kz", organizationSlug: "ashyq-khattama", role: "auditor" });
  organizer = await signIn(app, "organizer@example.kz");
  auditor = await signIn(app, "auditor@example.kz");
  petitionId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [demoPetition])
  )[0].id;
  // A public address, and a Russian name with what must never reach a mail header as typed.
  await app.db.query(`UPDATE "Organization" SET "email" = $1, "nameRu" = $2 WHERE "slug" = 'ashyq-khattama'`, [
    ORG_EMAIL,
    'Движение "Открытый протокол" <spoof@evil.example>, Bcc: all@evil.example',
  ]);
  await app.db.query(`UPDATE "Publication" SET "titleKk" = $1, "titleRu" = $2, "updatedAt" = $3 WHERE "id" = $4`, [
    titles.kk,
    titles.ru,
    now(),
    petitionId,
  ]);
  await sign("camp-kk@example.kz", "kk", true);
  await sign("camp-ru@example.kz", "ru", true);
  await sign("camp-out@example.kz", "kk", false);
  await sign("camp-pending@example.kz", "ru", true, false);
}, 120_000);
afterAll(async () => app?.close());

describe(`paper sheets (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("the public sheet is an A4 PDF whose text has the title and every Kazakh letter, in both languages, linked from the page", async () => {
    for (const locale of ["kk", "ru"] as const) {
      const response = await get(`/${locale}/p/${demoPetition}/sheet.pdf`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      const { file, pages, text } = pdfText(await bytesOf(response), `public-${locale}`);
      expect(pages).toBe(1);
      expect(execFileSync("pdfinfo", [file]).toString()).toMatch(/Page size:\s+595\.2\d? x 841\.8\d? pts \(A4\)/);
      const flat = text.replace(/\s+/g, " ");
      expect(flat).toContain(titles[locale].slice(0, 40));
      for (const letter of KAZAKH_LETTERS) expect(text, `${locale}: ${letter}`).toContain(letter);
      expect(text).toContain(locale === "kk" ? "Парақ № ________" : "Лист № ________");
      expect(text).toContain(`${app.url}/${locale}/p/${demoPetition}`);
      const page = await (await get(`/${locale}/p/${demoPetition}`)).text();
      expect(page).toContain(`href="/${locale}/p/${demoPetition}/sheet.pdf"`);
    }
    const regional = pdfText(await bytesOf(await get(`/kk/p/${demoPetition}/sheet.pdf?region=KZ-75`)), "regional");
    expect(regional.text).toContain("Өңір: Алматы");
    expect((await get(`/kk/p/${demoPetition}/sheet.pdf?region=KZ-00`)).status).toBe(400);
    expect((await get(`/kk/p/${closedDemoPetition}/sheet.pdf`)).status).toBe(404);
    expect((await get(`/kk/p/no-such-petition/sheet.pdf`)).status).toBe(404);
  });

  it("a hostile title (controls, bidi override, 30 000 characters) still gives a one-page sheet", async () => {
    const hostile = `\u202eҚағаз\u0007 <b>&amp;</b> ${"өте ұзын атау ".repeat(2_200)}`;
    const [row] = await app.db.query<{ titleKk: string }>(`SELECT "titleKk" FROM "Publication" WHERE "id" = $1`, [
      petitionId,
    ]);
    await app.db.query(`UPDATE "Publication" SET "titleKk" = $1, "updatedAt" = $2 WHERE "id" = $3`, [
      hostile,
      now(),
      petitionId,
    ]);
    try {
      const response = await get(`/kk/p/${demoPetition}/sheet.pdf`);
      expect(response.status).toBe(200);
      const { pages, text } = pdfText(await bytesOf(response), "hostile");
      expect(pages).toBe(1);
      expect(text).toContain("<b>&amp;</b>");
      expect(text).not.toMatch(/[\u0007\u202e]/);
    } finally {
      await app.db.query(`UPDATE "Publication" SET "titleKk" = $1, "updatedAt" = $2 WHERE "id" = $3`, [
        row.titleKk,
        now(),
        petitionId,
      ]);
    }
  });

  it("runs made at the same time never share a serial, and every page of a run carries its own", async () => {
    const base = `/kk/workspace/publications/${petitionId}/sheets`;
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, index) =>
        post(base, organizer, { locale: index % 2 ? "ru" : "kk", region: "", sheets: "7" }),
      ),
    );
    for (const response of made) expect(response.status).toBe(303);
    const runs = await app.db.query<{
      id: string;
      firstSerial: number | string;
      sheets: number | string;
      locale: string;
    }>(
      `SELECT "id", "firstSerial", "sheets", "locale" FROM "SheetRun" WHERE "publicationId" = $1 ORDER BY "firstSerial"`,
      [petitionId],
    );
    expect(runs.map((run) => Number(run.firstSerial))).toEqual([1, 8, 15, 22, 29]);
    expect(runs.every((run) => Number(run.sheets) === 7)).toBe(true);
    const audit = await app.db.query(`SELECT "id" FROM "AuditLog" WHERE "action" = 'paper.sheets'`);
    expect(audit).toHaveLength(5);

    const run = runs[2];
    const pdf = await get(`${base}/${run.id}`, organizer);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("cache-control")).toBe("private, no-store");
    const { pages, text } = pdfText(await bytesOf(pdf), "run");
    expect(pages).toBe(7);
    const label = run.locale === "kk" ? "Парақ №" : "Лист №";
    text
      .split("\f")
      .filter((page) => page.trim())
      .forEach((page, index) => {
        const serial = String(15 + index).padStart(6, "0");
        // At the head and at the foot of every page.
        expect(page.split(`${label} ${serial}`).length - 1, `page ${index + 1}`).toBe(2);
      });
    // Downloading again prints the same numbers and takes none.
    await get(`${base}/${run.id}`, organizer);
    const [counter] = await app.db.query<{ sheetSerials: number | string }>(
      `SELECT "sheetSerials" FROM "Publication" WHERE "id" = $1`,
      [petitionId],
    );
    expect(Number(counter.sheetSerials)).toBe(35);

    const listing = visibleText(await (await get(base, organizer)).text());
    expect(listing).toContain("№ 000015–000021");
    const bad = await post(base, organizer, { locale: "kk", region: "", sheets: "0" });
    expect(bad.status).toBe(400);
    expect(visibleText(await bad.text())).toContain("Парақ саны 1-ден 100-ге дейін болуы керек.");
    expect((await post(base, organizer, { locale: "de", region: "nowhere", sheets: "3" })).status).toBe(400);
    expect((await post(base, auditor, { locale: "kk", region: "", sheets: "3" })).status).toBe(403);
    expect(
      (await postForm(`${app.url}${base}`, { locale: "kk", region: "", sheets: "3" }, { Cookie: organizer.cookie }))
        .status,
    ).toBe(403);
    expect((await get(`${base}/no-such-run`, organizer)).status).toBe(404);
    expect((await get(`${base}/${run.id}`)).status).toBe(302);
  });

  it("paper batches name the serials of their sheets; the public list and the API show them", async () => {
    const day = (offset: number) =>
      new Date(Date.now() + 5 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const path = `/kk/workspace/publications/${petitionId}/paper`;
    const fields = {
      region: "KZ-75",
      count: "42",
      collectedFrom: day(-3),
      collectedTo: day(-1),
      note: "",
      corrects: "",
    };
    const unknown = await postMultipart(path, organizer, { ...fields, sheets: "30-36" });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain("36 нөмірлі парақ бұл петиция үшін әлі берілмеген.");
    const malformed = await postMultipart(path, organizer, { ...fields, sheets: "1..3" });
    expect(malformed.status).toBe(400);
    expect(malformed.text).toContain("Нөмірлерді үтір арқылы жазыңыз");
    const added = await postMultipart(path, organizer, { ...fields, sheets: "5, 1-3, 2–4" });
    expect(added.status).toBe(303);

    const api = (await (await get(`/api/v1/petitions/${demoPetition}/paper`)).json()) as {
      batches: Array<{ sheetSerials: string; count: number }>;
    };
    expect(api.batches.map((batch) => batch.sheetSerials)).toEqual(["1-5"]);
    expect(visibleText(await (await get(`/ru/p/${demoPetition}`)).text())).toContain("Листы: 1-5");
    expect(visibleText(await (await get(`/kk/p/${demoPetition}`)).text())).toContain("Парақтар: 1-5");
  });
});

describe(`official response and updates (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  const responsePath = `/kk/workspace/publications/${"ID"}/response`;
  const path = () => responsePath.replace("ID", petitionId);
  const document = Buffer.concat([
    Buffer.from("%PDF-1.4\n% Жауап\n", "utf8"),
    Buffer.alloc(3_000, 0x20),
    Buffer.from("\n%%EOF\n"),
  ]);
  const sha256 = createHash("sha256").update(document).digest("hex");
  const fields = {
    respondedAt: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    responseUrl: "",
    responseKk: "Министрлік жауап берді: хаттамалардың көшірмелері беріледі.",
    responseRu: "Министерство ответило: копии протоколов будут выдаваться.",
  };

  it("refuses a document that is not a PDF, or too large, with a translated 4xx", async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const disguised = await postMultipart(path(), organizer, fields, {
      field: "document",
      bytes: png,
      type: "application/pdf",
      name: "answer.pdf",
    });
    expect(disguised.status).toBe(400);
    expect(disguised.text).toContain("Жауап құжаты PDF болуы керек.");
    const text = await postMultipart(path(), organizer, fields, {
      field: "document",
      bytes: Buffer.from("hello"),
      type: "text/plain",
      name: "a.txt",
    });
    expect(text.status).toBe(400);
    const huge = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(10 * 1024 * 1024 + 10, 0x20)]);
    const tooLarge = await postMultipart(path(), organizer, fields, {
      field: "document",
      bytes: huge,
      type: "application/pdf",
      name: "big.pdf",
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain("Файл тым үлкен");
    expect((await postMultipart(path(), auditor, fields)).status).toBe(403);
    // Nothing was posted and nobody was mailed.
    const [row] = await app.db.query<{ respondedAt: unknown }>(
      `SELECT "respondedAt" FROM "Publication" WHERE "id" = $1`,
      [petitionId],
    );
    expect(row.respondedAt).toBeNull();
  });

  it("mails each opted-in confirmed signer once, in their language, from the organization; the page dates it and publishes the document", async () => {
    const posted = await postMultipart(path(), organizer, fields, {
      field: "document",
      bytes: document,
      type: "application/pdf",
      name: "жауап.pdf",
    });
    expect(posted.status).toBe(303);
    const responseMails = () => app.smtp.messages.filter((mail) => /ресми жауап|официальный ответ/.test(mail.subject));
    await waitUntil(() => responseMails().length === 2, "both response mails");
    // Posted again and edited: still one each.
    expect(
      (await postMultipart(path(), organizer, { ...fields, responseKk: `${fields.responseKk} Түзетілді.` })).status,
    ).toBe(303);
    expect((await postMultipart(path(), organizer, fields)).status).toBe(303);
    await app.module.runJob("signer-updates", { force: true });
    await outboxSettled(app.db);
    const mails = responseMails();
    expect(mails.map((mail) => mail.to).sort()).toEqual(["camp-kk@example.kz", "camp-ru@example.kz"]);
    const kk = mails.find((mail) => mail.to === "camp-kk@example.kz")!;
    const ru = mails.find((mail) => mail.to === "camp-ru@example.kz")!;
    expect(kk.subject).toBe(`«${titles.kk}» петициясына ресми жауап келді`);
    expect(ru.subject).toBe(`Пришёл официальный ответ на петицию «${titles.ru}»`);
    expect(kk.text).toContain(fields.responseKk);
    expect(ru.text).toContain(fields.responseRu);
    expect(ru.text).toContain(`${app.url}/api/v1/petitions/${demoPetition}/response.pdf`);
    expect(kk.text).toContain(`${app.url}/unsubscribe/`);
    expect(fromHeader(kk)).toEqual({ name: "«Ашық хаттама» азаматтық қозғалысы", address: "no-reply@dauys.localhost" });
    // Quotes, angle brackets and commas of the stored name are not header syntax any more.
    expect(fromHeader(ru).name).toBe(
      "Движение Открытый протокол spoof evil.example Bcc all evil.example".slice(0, 64).trim(),
    );
    expect(fromHeader(ru).address).toBe("no-reply@dauys.localhost");
    expect(ru.headers.get("bcc")).toBeUndefined();
    expect(replyTo(kk)).toBe(ORG_EMAIL);
    expect(app.smtp.mailsTo("camp-out@example.kz")).toHaveLength(1);
    expect(app.smtp.mailsTo("camp-pending@example.kz")).toHaveLength(1);

    const page = visibleText(await (await get(`/kk/p/${demoPetition}`)).text()).replace(/\u00a0/g, " ");
    expect(page).toMatch(/Жауап күні: \d{4} ж\. \d+ \S+, сайтта \d{4} ж\. \d+ \S+ жарияланды\./);
    expect(page).toContain(`Құжаттың SHA-256 хэші: ${sha256}`);
    const download = await get(`/api/v1/petitions/${demoPetition}/response.pdf`);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
    expect(download.headers.get("repr-digest")).toBe(`sha-256=:${Buffer.from(sha256, "hex").toString("base64")}:`);
    expect((await bytesOf(download)).equals(document)).toBe(true);
    expect((await get(`/api/v1/petitions/${closedDemoPetition}/response.pdf`)).status).toBe(404);
    const workspace = visibleText(await (await get(path(), organizer)).text());
    expect(workspace).toContain("Жаңалық алуға келіскен 2 қол қоюшыға хат жіберілді");
  });

  it("publishes sent updates on the page and in an Atom feed (hostile text stays text), unless an organizer keeps one private", async () => {
    const base = `/kk/workspace/publications/${petitionId}/updates`;
    const subjectKk = `Жаңалық <script>alert(1)</script> ]]> & \u{1F5F3}`;
    const created = await post(base, organizer, {
      subjectKk,
      subjectRu: "Новость & <b>жирный</b>",
      bodyKk: "Біз **жеңдік**.\n\n<img src=x onerror=alert(1)>",
      bodyRu: "Мы **победили**.",
    });
    expect(created.status).toBe(303);
    const updateId = /\/updates\/([^/?]+)$/.exec(created.headers.get("location")!)![1];
    expect((await post(`${base}/${updateId}`, organizer, { intent: "send", confirm: "yes" })).status).toBe(303);
    await waitUntil(() => app.smtp.messages.some((mail) => mail.subject === subjectKk), "the update mail");
    await waitUntil(
      async () =>
        (await app.db.query<{ status: string }>(`SELECT "status" FROM "SignerUpdate" WHERE "id" = $1`, [updateId]))[0]
          .status === "sent",
      "the update to be sent",
    );
    const mail = app.smtp.messages.find((message) => message.subject === subjectKk)!;
    expect(fromHeader(mail).name).toBe("«Ашық хаттама» азаматтық қозғалысы");
    expect(replyTo(mail)).toBe(ORG_EMAIL);

    const html = await (await get(`/kk/p/${demoPetition}`)).text();
    expect(html).toContain(`id="update-${updateId}"`);
    expect(html).toContain("<strong>жеңдік</strong>");
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("Жаңалық &lt;script&gt;alert(1)&lt;/script&gt; ]]&gt; &amp; \u{1F5F3}");
    expect(html).toContain(`href="/kk/p/${demoPetition}/updates.atom"`);

    const feed = await get(`/kk/p/${demoPetition}/updates.atom`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("application/atom+xml");
    const xml = await feed.text();
    expect(xmlProblem(xml)).toBeNull();
    expect(xml).toContain("<title>Жаңалық &#60;script&#62;alert(1)&#60;/script&#62; ]]&#62; &#38; \u{1F5F3}</title>");
    expect(xml).toContain("&#60;strong&#62;жеңдік&#60;/strong&#62;");
    expect(xml).not.toContain("<script>");
    const ruFeed = await (await get(`/ru/p/${demoPetition}/updates.atom`)).text();
    expect(ruFeed).toContain("<title>Новость &#38; &#60;b&#62;жирный&#60;/b&#62;</title>");
    expect((await get(`/kk/p/no-such-petition/updates.atom`)).status).toBe(404);

    expect((await post(`${base}/${updateId}`, auditor, { intent: "visibility", public: "no" })).status).toBe(403);
    expect((await post(`${base}/${updateId}`, organizer, { intent: "visibility", public: "no" })).status).toBe(303);
    expect(await (await get(`/kk/p/${demoPetition}`)).text()).not.toContain(`update-${updateId}`);
    expect(await (await get(`/kk/p/${demoPetition}/updates.atom`)).text()).not.toContain("<entry>");
    expect(visibleText(await (await get(base, organizer)).text())).toContain("Жіберілді");
    expect(visibleText(await (await get(base, auditor)).text())).toContain(" · Жабық");
    const audited = await app.db.query(`SELECT "id" FROM "AuditLog" WHERE "action" = 'update.visibility'`);
    expect(audited).toHaveLength(1);
  });
});
