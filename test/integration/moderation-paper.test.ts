// Issue #3, two parts of the organizer workspace: moderation by condition (preview, then act on
// exactly that set) and paper signature batches (entry, scan, corrections, public figures).
// Everything goes through the real pages and the public API; the independent verifier checks
// that the ledger still explains every published figure after each step.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, postForm, rawPost, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";
import { signIn as signInAs, type Session } from "../support/workspace.ts";

let app: TestApp;
let petitionId = "";
let organizer: Session;
let auditor: Session;

type Detail = {
  confirmed: number;
  tiers: Record<string, number>;
  regions: Array<{ code: string } & Record<string, number>>;
  removedByReason: { reason: string; removed: number }[];
  ledger: { seq: number };
};
type Entry = { seq: number; type: string; region: string; amount: number; receipt: string; reason: string };

beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  await app.module.addMember({ email: "organizer@example.kz", organizationSlug: "ashyq-khattama", role: "organizer" });
  await app.module.addMember({ email: "auditor@example.kz", organizationSlug: "ashyq-khattama", role: "auditor" });
  petitionId = (
    await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [demoPetition])
  )[0].id;
  organizer = await signIn("organizer@example.kz");
  auditor = await signIn("auditor@example.kz");
});
afterAll(async () => app?.close());

const signIn = (email: string) => signInAs(app, email);

const get = (path: string, session: Session) =>
  fetch(`${app.url}${path}`, { headers: { Cookie: session.cookie }, redirect: "manual" });
const post = (path: string, session: Session, fields: Record<string, string>) =>
  postForm(`${app.url}${path}`, { csrf: session.csrf, ...fields }, { Cookie: session.cookie });
const detail = async () => (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json()) as Detail;
const ledger = async () =>
  (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}/ledger`)).text())
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Entry);
const moderationPath = (lang = "kk") => `/${lang}/workspace/publications/${petitionId}/moderation`;
const paperPath = (lang = "kk") => `/${lang}/workspace/publications/${petitionId}/paper`;

async function sign(email: string, region: string, confirm = true) {
  const name = `Қолқойған ${email.split("@")[0].replace(/\d/g, "")}`;
  expect((await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email, region, name }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  if (confirm) expect((await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]))).status).toBe(200);
}

/** The preview page of a condition, and the set it offers to act on. */
async function preview(query: string, session = organizer, lang = "kk") {
  const response = await get(`${moderationPath(lang)}?${query}`, session);
  const html = await response.text();
  return {
    status: response.status,
    html,
    text: visibleText(html),
    expected: /name="expected" value="(\d+)"/.exec(html)?.[1],
    fingerprint: /name="fingerprint" value="([0-9a-f]*)"/.exec(html)?.[1],
  };
}

async function expectVerified() {
  const result = await runVerifier(app.url, demoPetition);
  expect(result.code, result.output).toBe(0);
}

describe(`moderation by condition (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("previews a domain's signatures without emails or names, and removes exactly that set with a reason that the public counts show", async () => {
    for (let index = 0; index < 4; index++) await sign(`bulk${index}@bulk-domain.kz`, index % 2 ? "KZ-71" : "KZ-75");
    await sign("bulkpending@bulk-domain.kz", "KZ-75", false);
    await sign("bystander@other-domain.kz", "KZ-75");
    const before = await detail();

    const page = await preview("domain=bulk-domain.kz");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Шартқа 5 қол сәйкес келеді");
    expect(page.expected).toBe("5");
    expect(page.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(page.html).toMatch(/data-testid="by-status"[\s\S]*Расталған[\s\S]*4/);
    expect(page.html).toMatch(/data-testid="top-domains"[\s\S]*bulk-domain\.kz/);
    expect(page.html).not.toContain("other-domain.kz");
    // Pseudonymous only: no address, no name, not even in the hydration data.
    expect(page.html).not.toMatch(/@bulk-domain|bulk\d@|Қолқойған|bystander/);

    // Auditors see the same figures and no action; their POST is refused.
    const audited = await preview("domain=bulk-domain.kz", auditor);
    expect(audited.status).toBe(200);
    expect(audited.text).toContain("Шартқа 5 қол сәйкес келеді");
    expect(audited.fingerprint).toBeUndefined();
    expect(audited.html).not.toMatch(/@bulk-domain|Қолқойған/);
    const fields = {
      domain: "bulk-domain.kz",
      expected: page.expected!,
      fingerprint: page.fingerprint!,
      action: "remove",
      reason: "bot",
    };
    expect((await post(moderationPath(), auditor, fields)).status).toBe(403);
    expect(
      (await postForm(`${app.url}${moderationPath()}`, { ...fields, csrf: "forged" }, { Cookie: organizer.cookie }))
        .status,
    ).toBe(403);

    // A removal needs a reason, and a bulk action needs a condition.
    const noReason = await post(moderationPath("ru"), organizer, { ...fields, reason: "" });
    expect(noReason.status).toBe(400);
    expect(visibleText(await noReason.text())).toContain("Выберите причину удаления.");
    const everything = await preview("");
    expect(
      (
        await post(moderationPath(), organizer, {
          expected: everything.expected ?? "0",
          fingerprint: everything.fingerprint ?? "",
          action: "release",
        })
      ).status,
    ).toBe(400);

    const done = await post(moderationPath(), organizer, { ...fields, note: "толқын <b>бот</b>" });
    expect(done.status).toBe(303);
    // The pending one is removed too (it can no longer be confirmed), from its own tier.
    expect(done.headers.get("location")).toContain("done=remove&changed=5&skipped=0");
    expect(visibleText(await (await get(done.headers.get("location")!, organizer)).text())).toContain(
      "5 қол алып тасталды.",
    );

    const after = await detail();
    expect(after.tiers.confirmed).toBe(before.tiers.confirmed - 4);
    expect(after.tiers.removed).toBe(before.tiers.removed + 5);
    expect(after.tiers.pending).toBe(before.tiers.pending - 1);
    expect(after.removedByReason).toContainEqual({ reason: "bot", removed: 5 });
    expect(after.regions.find((row) => row.code === "KZ-71")!.removed).toBe(2);
    const removals = (await ledger()).filter((entry) => entry.type.startsWith("remove"));
    expect(removals.map((entry) => entry.type).sort()).toEqual([
      "remove",
      "remove",
      "remove",
      "remove",
      "remove-pending",
    ]);
    expect(removals.every((entry) => entry.reason === "bot" && entry.amount === 1)).toBe(true);
    // Removed, never silently: the public page names the reason.
    expect(visibleText(await (await fetch(`${app.url}/ru/p/${demoPetition}`)).text())).toMatch(/бот\s*5/);

    const [entry] = await app.db.query<{ action: string; details: string }>(
      `SELECT "action", "details" FROM "AuditLog" WHERE "action" = 'signature.bulk-remove'`,
    );
    expect(JSON.parse(entry.details)).toEqual({
      condition: { domain: "bulk-domain.kz" },
      reason: "bot",
      note: "толқын <b>бот</b>",
      matched: 5,
      changed: 5,
      skipped: 0,
    });
    await expectVerified();
  });

  it("refuses to act when the set changed after the preview (409, translated), then restores the re-previewed set", async () => {
    const page = await preview("domain=bulk-domain.kz", organizer, "ru");
    expect(page.expected).toBe("5");
    expect(page.text).toContain("Условию соответствуют 5 подписей");
    await sign("latecomer@bulk-domain.kz", "KZ-75");
    const refused = await post(moderationPath("ru"), organizer, {
      domain: "bulk-domain.kz",
      expected: page.expected!,
      fingerprint: page.fingerprint!,
      action: "restore",
    });
    expect(refused.status).toBe(409);
    expect(visibleText(await refused.text())).toContain("Набор изменился после просмотра");
    expect((await detail()).removedByReason).toContainEqual({ reason: "bot", removed: 5 });

    // The same count with another member is a changed set too (the fingerprint covers ids and statuses).
    const removedOnly = await preview("domain=bulk-domain.kz&status=removed");
    expect(removedOnly.expected).toBe("5");
    const forged = await post(moderationPath(), organizer, {
      domain: "bulk-domain.kz",
      status: "removed",
      expected: "5",
      fingerprint: "0".repeat(32),
      action: "restore",
    });
    expect(forged.status).toBe(409);

    const before = await detail();
    const restored = await post(moderationPath(), organizer, {
      domain: "bulk-domain.kz",
      status: "removed",
      expected: removedOnly.expected!,
      fingerprint: removedOnly.fingerprint!,
      action: "restore",
    });
    expect(restored.status).toBe(303);
    // Each goes back where it was removed from: four counted again, one pending again.
    expect(restored.headers.get("location")).toContain("done=restore&changed=5&skipped=0");
    const after = await detail();
    expect(after.tiers.confirmed).toBe(before.tiers.confirmed + 4);
    expect(after.tiers.pending).toBe(before.tiers.pending + 1);
    expect(after.tiers.removed).toBe(before.tiers.removed - 5);
    expect(after.removedByReason.find((row) => row.reason === "bot")).toBeUndefined();
    expect((await ledger()).filter((entry) => entry.type === "restore" && entry.reason === "bot")).toHaveLength(4);
    expect((await ledger()).filter((entry) => entry.type === "restore-pending" && entry.reason === "bot")).toHaveLength(
      1,
    );
    await expectVerified();
  });

  it("releases held signatures found by their flag, and answers bad conditions with a translated 400", async () => {
    await postForm(
      `${app.url}/kk/p/${demoPetition}`,
      signer({
        email: "flagged@held-domain.kz",
        region: "KZ-19",
        name: "Белгіленген Адам",
        started: `${Date.now()}.forged`,
      }),
    );
    await app.smtp.waitFor(() => app.smtp.mailsTo("flagged@held-domain.kz").length === 1);
    await pressConfirm(confirmLink(app.smtp.mailsTo("flagged@held-domain.kz")[0]));
    const page = await preview("flag=tampered&status=held");
    expect(page.expected).toBe("1");
    expect(page.html).toContain("held-domain.kz");
    const before = await detail();
    const released = await post(moderationPath(), organizer, {
      flag: "tampered",
      status: "held",
      expected: "1",
      fingerprint: page.fingerprint!,
      action: "release",
    });
    expect(released.status).toBe(303);
    expect((await detail()).tiers).toMatchObject({
      held: before.tiers.held - 1,
      confirmed: before.tiers.confirmed + 1,
    });

    // IP hashes: the preview lists prefixes, and a prefix finds the same signatures.
    const all = await preview("domain=bulk-domain.kz");
    const [, prefix, count] = /data-testid="top-ips"[\s\S]*?<th[^>]*>([A-Za-z0-9_-]{8})…<\/th><td[^>]*>(\d+)</.exec(
      all.html,
    )!;
    expect(count).toBe(all.expected);
    expect((await preview(`ip=${prefix.slice(0, 5)}&domain=bulk-domain.kz`)).expected).toBe(all.expected);
    // Hashes are case-sensitive on both databases (SQLite's LIKE is not).
    const swapped = prefix.replace(/[A-Za-z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
    if (swapped !== prefix)
      expect((await preview(`ip=${swapped}&domain=bulk-domain.kz`)).text).toContain("Шартқа 0 қол сәйкес келеді");
    const bad = await preview(
      "ip=%3Cscript%3E&region=KZ-00&to=2020-01-01T00:00&from=2021-01-01T00:00",
      organizer,
      "ru",
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("Хэш IP — от 4 до 32 латинских букв");
    expect(bad.text).toContain("Выберите регион из списка.");
    expect(bad.html).not.toContain("<script>");
    await expectVerified();
  });
});

describe(`moderation by condition under load (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("removes a set while other signatures of the petition are being confirmed: no deadlock, no drift, the verifier agrees", async () => {
    // The removed set and the signatures confirmed meanwhile are apart (another domain): the set
    // previewed stays the set acted on, while both write the same petition's ledger and counters.
    for (let index = 0; index < 24; index++)
      await sign(
        `busy${index}@${index < 12 ? "busy-domain.kz" : "busy-other.kz"}`,
        index % 3 ? "KZ-75" : "KZ-71",
        index < 12,
      );
    const page = await preview("domain=busy-domain.kz&status=confirmed");
    expect(page.expected).toBe("12");
    const links = app.smtp.mailsTo("@busy-other.kz").map(confirmLink);
    expect(links).toHaveLength(12);
    const before = await detail();
    const [removal] = await Promise.all([
      post(moderationPath(), organizer, {
        domain: "busy-domain.kz",
        status: "confirmed",
        expected: "12",
        fingerprint: page.fingerprint!,
        action: "remove",
        reason: "duplicate",
      }),
      ...links.map((link) => pressConfirm(link).then((response) => expect(response.status).toBe(200))),
    ]);
    expect(removal.status).toBe(303);
    expect(removal.headers.get("location")).toContain("changed=12&skipped=0");
    const after = await detail();
    expect(after.tiers.confirmed).toBe(before.tiers.confirmed - 12 + 12);
    expect(after.removedByReason).toContainEqual({ reason: "duplicate", removed: 12 });
    expect(await app.module.runJob("recount", { force: true })).toMatchObject({ drifted: 0, broken: 0 });
    await expectVerified();
  });

  it("refuses a bulk action on more than 5 000 signatures with a clear message", async () => {
    // Withdrawn rows without ledger entries: they match a condition but change no published figure.
    const at = app.db.kind === "sqlite" ? new Date().toISOString() : new Date();
    for (let start = 0; start < 5_001; start += 500) {
      const rows = Array.from({ length: Math.min(500, 5_001 - start) }, (_, index) => start + index);
      const values = rows.map(
        (_, index) =>
          `($${index * 3 + 1},$${index * 3 + 2},$${index * 3 + 3},'Ә','x@cap-domain.kz','cap-domain.kz','KZ-10','kk','withdrawn',$${rows.length * 3 + 1},$${rows.length * 3 + 2})`,
      );
      const params = rows.flatMap((n) => [`cap-${n}`, `cap${n}@cap-domain.kz`, `r-cap-${n}`]);
      await app.db.query(
        `INSERT INTO "Signature" ("id","emailCanonical","receipt","name","email","emailDomain","region","locale","status","createdAt","publicationId") VALUES ${values.join(",")}`,
        [...params, at, petitionId],
      );
    }
    const page = await preview("domain=cap-domain.kz", organizer, "ru");
    expect(page.text.replace(/\u00a0/g, " ")).toContain("Условию соответствует 5001 подпись");
    expect(page.text.replace(/\u00a0/g, " ")).toContain("за одно действие — не больше 5000");
    expect(page.fingerprint).toBeUndefined();
    const refused = await post(moderationPath("ru"), organizer, {
      domain: "cap-domain.kz",
      expected: "5001",
      fingerprint: "0".repeat(32),
      action: "release",
    });
    expect(refused.status).toBe(400);
    expect(visibleText(await refused.text()).replace(/\u00a0/g, " ")).toContain("Сузьте условие.");
  });
});

const pdf = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write("%PDF-1.4\n", 0, "latin1");
  return bytes;
};

async function postBatch(
  fields: Record<string, string>,
  scan?: { bytes: Buffer; type: string; name: string },
  lang = "kk",
) {
  const form = new FormData();
  form.set("csrf", organizer.csrf);
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  form.set(
    "scan",
    scan
      ? new Blob([new Uint8Array(scan.bytes)], { type: scan.type })
      : new Blob([], { type: "application/octet-stream" }),
    scan?.name ?? "",
  );
  const response = await fetch(`${app.url}${paperPath(lang)}`, {
    method: "POST",
    body: form,
    headers: { Cookie: organizer.cookie },
    redirect: "manual",
  });
  return {
    status: response.status,
    location: response.headers.get("location"),
    text: visibleText(await response.text()).replace(/\u00a0/g, " "),
  };
}

const day = (offset: number) => new Date(Date.now() + 5 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
const batch = (overrides: Record<string, string> = {}) => ({
  region: "KZ-75",
  count: "120",
  collectedFrom: day(-10),
  collectedTo: day(-1),
  note: "",
  ...overrides,
});
const paperFigures = async () => {
  const figures = await detail();
  return {
    total: figures.tiers.paper,
    almaty: figures.regions.find((row) => row.code === "KZ-75")!.paper,
    confirmed: figures.confirmed,
  };
};

describe(`paper signatures (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  let first = "";
  let lastBatch = "";

  it("records a batch with its scan: stored under its SHA-256, a ledger entry, paper figures apart from confirmed, hostile notes escaped", async () => {
    const before = await paperFigures();
    const scan = pdf(300_000);
    const sha256 = createHash("sha256").update(scan).digest("hex");
    const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)> "Ақ" & 'ж'`;
    const created = await postBatch(batch({ note: hostile }), {
      bytes: scan,
      type: "application/pdf",
      name: "хаттама <1>.pdf",
    });
    expect(created.status).toBe(303);
    first = /added=([A-Za-z0-9_-]{22})$/.exec(created.location!)![1];

    const stored = join(app.dataDir, "paper", `${sha256}.pdf`);
    expect(existsSync(stored)).toBe(true);
    expect(createHash("sha256").update(readFileSync(stored)).digest("hex")).toBe(sha256);
    expect(readdirSync(join(app.dataDir, "paper"))).toEqual([`${sha256}.pdf`]);

    const after = await paperFigures();
    expect(after).toEqual({ total: before.total + 120, almaty: before.almaty + 120, confirmed: before.confirmed });
    const api = (await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}/paper`)).json()) as {
      total: number;
      batches: Array<Record<string, unknown>>;
    };
    expect(api.total).toBe(120);
    expect(api.batches).toEqual([
      {
        receipt: first,
        region: "KZ-75",
        count: 120,
        collectedFrom: day(-10),
        collectedTo: day(-1),
        scanSha256: sha256,
        correctsReceipt: null,
        sheetSerials: "",
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/),
      },
    ]);
    expect(JSON.stringify(api)).not.toMatch(/createdBy|note|хаттама|organizer/);
    const entry = (await ledger()).at(-1)!;
    expect(entry).toMatchObject({ type: "paper", region: "KZ-75", amount: 120, receipt: first, reason: "" });

    const page = await (await get(paperPath(), organizer)).text();
    expect(page).not.toContain("<script>alert");
    expect(page).not.toContain("<img src=x");
    expect(page).toContain("&lt;script&gt;alert(");
    expect(visibleText(page)).toContain(sha256);
    // The public page lists the batch apart from the email-verified count, with its scan's hash.
    const publicPage = await (await fetch(`${app.url}/ru/p/${demoPetition}`)).text();
    expect(publicPage).toContain('data-testid="paper-batches"');
    expect(visibleText(publicPage)).toContain(sha256);
    expect(publicPage).not.toContain("хаттама");
    const [audit] = await app.db.query<{ details: string }>(
      `SELECT "details" FROM "AuditLog" WHERE "action" = 'paper.add'`,
    );
    expect(JSON.parse(audit.details)).toMatchObject({
      receipt: first,
      region: "KZ-75",
      count: 120,
      scanSha256: sha256,
    });
    await expectVerified();
  });

  it("lets the organization's members download a scan (logged, never cached), and nobody else", async () => {
    const stored = readdirSync(join(app.dataDir, "paper"))[0];
    const bytes = readFileSync(join(app.dataDir, "paper", stored));
    const url = `${paperPath()}/${first}/scan`;
    for (const session of [organizer, auditor]) {
      const response = await get(url, session);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toBe(`attachment; filename="${first}.pdf"`);
      expect(response.headers.get("cache-control")).toBe("private, no-store");
      const body = Buffer.from(await response.arrayBuffer());
      expect(body.equals(bytes)).toBe(true);
      // The digest header is the SHA-256 the public page shows.
      expect(response.headers.get("repr-digest")).toBe(
        `sha-256=:${createHash("sha256").update(body).digest("base64")}:`,
      );
    }
    const logged = await app.db.query<{ target: string }>(
      `SELECT "target" FROM "AuditLog" WHERE "action" = 'paper.scan_download'`,
    );
    expect(logged.map((row) => row.target)).toEqual([first, first]);
    // The workspace list links to it.
    expect(await (await get(paperPath("ru"), auditor)).text()).toContain(`href="${url.replace("/kk/", "/ru/")}"`);

    // Members of other organizations: the route × role matrix in workspace.test.ts.
    expect((await fetch(`${app.url}${url}`, { redirect: "manual" })).status).toBe(302);
    expect((await get(`${paperPath()}/AAAAAAAAAAAAAAAAAAAAAA/scan`, organizer)).status).toBe(404);
    expect((await fetch(`${app.url}/api/v1/petitions/${demoPetition}/paper`)).headers.get("content-type")).toMatch(
      /json/,
    );
  });

  it("corrects a batch only by a new batch of the same region, never below zero, and validates every field with translated messages", async () => {
    const correction = await postBatch(batch({ count: "-20", corrects: first }));
    expect(correction.status).toBe(303);
    const correctionReceipt = /added=([A-Za-z0-9_-]{22})$/.exec(correction.location!)![1];
    expect(await paperFigures()).toMatchObject({ total: 100, almaty: 100 });
    expect((await ledger()).at(-1)).toMatchObject({ type: "paper", amount: -20, receipt: correctionReceipt });

    const refusals: Array<[Record<string, string>, number, string]> = [
      [
        { count: "-101", corrects: first },
        400,
        "Это исправление сделало бы число бумажных подписей в регионе меньше нуля.",
      ],
      [
        { count: "-5", corrects: first, region: "KZ-71" },
        400,
        "Исправление может относиться только к партии того же региона.",
      ],
      [{ count: "-5", corrects: "Z".repeat(22) }, 400, "В этой петиции нет партии с такой квитанцией."],
      [{ count: "-5" }, 400, "Отрицательное число — только для исправления"],
      [{ count: "0" }, 400, "Число подписей — от 1 до 100 000."],
      [{ count: "100001" }, 400, "Число подписей — от 1 до 100 000."],
      [{ count: "12abc" }, 400, "Число подписей — от 1 до 100 000."],
      [{ collectedTo: day(2) }, 400, "Дата не может быть в будущем."],
      [{ collectedFrom: day(-1), collectedTo: day(-3) }, 400, "Дата окончания не может быть раньше даты начала."],
      [{ collectedFrom: "2026-02-30" }, 400, "Укажите дату в виде ГГГГ-ММ-ДД."],
      [{ region: "KZ-00" }, 400, "Выберите регион из списка."],
      [{ note: "a\u0007b" }, 400, "В тексте есть управляющие символы"],
    ];
    for (const [fields, status, message] of refusals) {
      const refused = await postBatch(batch(fields), undefined, "ru");
      expect(refused.status, JSON.stringify(fields)).toBe(status);
      expect(refused.text, JSON.stringify(fields)).toContain(message);
    }
    expect(await paperFigures()).toMatchObject({ total: 100, almaty: 100 });
    // The whole correction is allowed: the region reaches zero, not less.
    expect((await postBatch(batch({ count: "-100", corrects: first }))).status).toBe(303);
    expect(await paperFigures()).toMatchObject({ total: 0, almaty: 0 });
    expect((await postBatch(batch({ count: "-1", corrects: correctionReceipt }))).status).toBe(400);
    expect(await app.module.runJob("recount", { force: true })).toMatchObject({ drifted: 0, broken: 0 });
    await expectVerified();
  });

  it("refuses an oversize scan (413) and a scan that is not a PDF, JPEG or PNG (400), keeping no file", async () => {
    const before = readdirSync(join(app.dataDir, "paper")).sort();
    const oversize = await postBatch(
      batch(),
      { bytes: pdf(10 * 1024 * 1024 + 1), type: "application/pdf", name: "big.pdf" },
      "ru",
    );
    expect(oversize.status).toBe(413);
    expect(oversize.text).toContain("Файл слишком большой: не больше 10 МБ.");
    // A body announced as too large is refused before it is read.
    const declaredTooLarge = await rawPost(`${app.url}${paperPath("ru")}`, "--x--\r\n", {
      Cookie: organizer.cookie,
      "Content-Type": "multipart/form-data; boundary=x",
      "Content-Length": String(20 * 1024 * 1024),
    });
    expect(declaredTooLarge.status).toBe(413);
    expect(visibleText(declaredTooLarge.text)).toContain("Файл слишком большой");
    const notPdf = await postBatch(
      batch(),
      { bytes: Buffer.from("MZ\x90\x00 this is not a scan"), type: "application/pdf", name: "scan.pdf" },
      "ru",
    );
    expect(notPdf.status).toBe(400);
    expect(notPdf.text).toContain("Скан должен быть в формате PDF, JPEG или PNG.");
    expect(
      (await postBatch(batch(), { bytes: Buffer.from("hello"), type: "text/plain", name: "scan.txt" })).status,
    ).toBe(400);
    // A PNG is accepted under its own type.
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
    const pngBatch = await postBatch(batch({ count: "7" }), { bytes: png, type: "image/png", name: "p.png" });
    expect(pngBatch.status).toBe(303);
    lastBatch = /added=([A-Za-z0-9_-]{22})$/.exec(pngBatch.location!)![1];
    const after = readdirSync(join(app.dataDir, "paper")).sort();
    expect(after).toEqual([...before, `${createHash("sha256").update(png).digest("hex")}.png`].sort());
    expect((await paperFigures()).total).toBe(7);
  });

  it("takes batches only for open or closed petitions, and never from auditors", async () => {
    await app.db.query(`UPDATE "Publication" SET "status" = 'archived' WHERE "id" = $1`, [petitionId]);
    const archived = await postBatch(batch(), undefined, "ru");
    expect(archived.status).toBe(409);
    expect(archived.text).toContain("Бумажные партии вносятся только в открытые или закрытые петиции");
    await app.db.query(`UPDATE "Publication" SET "status" = 'open' WHERE "id" = $1`, [petitionId]);
    const form = new FormData();
    form.set("csrf", auditor.csrf);
    for (const [key, value] of Object.entries(batch())) form.set(key, value);
    const response = await fetch(`${app.url}${paperPath()}`, {
      method: "POST",
      body: form,
      headers: { Cookie: auditor.cookie },
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(await (await get(paperPath(), auditor)).text()).not.toContain('type="file"');
    expect((await paperFigures()).total).toBe(7);

    // Two corrections at once that together would go below zero: exactly one is taken.
    const racing = await Promise.all([
      postBatch(batch({ count: "-5", corrects: lastBatch })),
      postBatch(batch({ count: "-5", corrects: lastBatch })),
    ]);
    expect(racing.map((result) => result.status).sort()).toEqual([303, 400]);
    expect((await paperFigures()).total).toBe(2);
    await expectVerified();
  });

  it("links both pages from the dashboard and the held queue", async () => {
    const dashboard = await (await get("/kk/workspace", organizer)).text();
    expect(dashboard).toContain(`href="/kk/workspace/publications/${petitionId}/moderation"`);
    expect(dashboard).toContain(`href="/kk/workspace/publications/${petitionId}/paper"`);
    expect(visibleText(dashboard)).toContain("Шарт бойынша модерация");
    expect(visibleText(dashboard)).toContain("Қағаз қолдар");
    const ru = visibleText(await (await get("/ru/workspace", auditor)).text());
    expect(ru).toContain("Модерация по условию");
    expect(ru).toContain("Бумажные подписи");
  });
});
