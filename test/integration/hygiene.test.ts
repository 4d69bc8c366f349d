// Data lifecycle and input hygiene: retention touches only its own petition, an anonymised
// petition stays closed, control characters are refused on input and harmless on output, lookups
// ignore prototype keys, other sites cannot post our forms, one client cannot hold every live
// stream, and answers from memory carry the same security headers as fresh ones.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import {
  closedDemoPetition,
  demoPetition,
  postForm,
  signer,
  startTestApp,
  visibleText,
  type TestApp,
} from "../support/app.ts";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { signIn, type Session } from "../support/workspace.ts";
import { xmlProblem } from "../support/xml.ts";

const kind = process.env.DAUYS_TEST_DB ?? "sqlite";
const controlMessage = {
  kk: "Мәтінде басқару таңбалары бар",
  ru: "В тексте есть управляющие символы",
};
const count = async (app: TestApp, sql: string, params: unknown[] = []) =>
  Number((await app.db.query<{ n: number | string }>(sql, params))[0].n);
const idOf = async (app: TestApp, slug: string) =>
  (await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [slug]))[0].id;
const dbTime = (app: TestApp, date: Date) => (app.db.kind === "sqlite" ? date.toISOString() : date);
async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`data lifecycle and input hygiene (${kind})`, () => {
  let app: TestApp;
  let admin: Session;
  let openId = "";
  let closedId = "";
  const ws = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    postForm(`${app.url}${path}`, { csrf: admin.csrf, ...fields }, { Cookie: admin.cookie, ...headers });

  beforeAll(async () => {
    app = await startTestApp({
      // Streams capped low enough to reach in a test; nothing from memory (titles change behind the app's back).
      env: { RATE_LIMITS: "off", LIVE_STREAMS_PER_IP: "2", READ_CACHE: "0ms", PAGE_CACHE: "0ms" },
    });
    await app.module.createAdmin("admin@example.kz");
    admin = await signIn(app, "admin@example.kz");
    openId = await idOf(app, demoPetition);
    closedId = await idOf(app, closedDemoPetition);
  });
  afterAll(async () => app?.close());

  /** The editor form of a publication as stored, ready to post back with a change. */
  async function editorFields(id: string, slug: string) {
    const [current] = await app.db.query<Record<string, string | number | null>>(
      `SELECT * FROM "Publication" WHERE "id" = $1`,
      [id],
    );
    const texts = ["titleKk", "titleRu", "summaryKk", "summaryRu", "bodyKk", "bodyRu", "addresseeKk", "addresseeRu"];
    return {
      ...Object.fromEntries(texts.map((field) => [field, String(current[field] ?? "")])),
      intent: "save",
      kind: "petition",
      organizationId: String(current.organizationId),
      slug,
      goal: String(current.goal ?? ""),
      deadline: current.deadline
        ? new Date(new Date(current.deadline).getTime() + 5 * 3_600_000).toISOString().slice(0, 10)
        : "",
      onlyLanguage: String(current.onlyLanguage ?? ""),
    };
  }

  it("anonymises one petition without deleting mail queued for another, open one: that signature can still be confirmed", async () => {
    const email = "twice@example.kz";
    // The person signs the older petition while it was open…
    await app.db.query(`UPDATE "Publication" SET "status" = 'open', "closedAt" = NULL WHERE "id" = $1`, [closedId]);
    expect((await postForm(`${app.url}/kk/p/${closedDemoPetition}`, signer({ email }))).status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
    await app.db.query(`UPDATE "Publication" SET "status" = 'closed', "closedAt" = $1 WHERE "id" = $2`, [
      dbTime(app, new Date(Date.now() - 400 * 86_400_000)),
      closedId,
    ]);
    // …and the open one while the mail server is away: its confirmation waits in the outbox.
    app.smtp.refuse(true);
    expect((await postForm(`${app.url}/ru/p/${demoPetition}`, signer({ email }))).status).toBe(303);
    const queuedForOpen = () =>
      count(app, `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "to" = $1 AND "publicationId" = $2`, [email, openId]);
    await waitUntil(async () => (await queuedForOpen()) === 1, "the open petition's confirmation in the outbox");

    const result = (await app.module.runJob("retention", { force: true })) as { anonymized: number };
    expect(result.anonymized).toBe(1);
    expect(await count(app, `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "publicationId" = $1`, [closedId])).toBe(
      0,
    );
    expect(await queuedForOpen()).toBe(1);

    app.smtp.refuse(false);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 2, 20_000);
    expect((await pressConfirm(confirmLink(app.smtp.mailsTo(email)[1]))).status).toBe(200);
    const [signature] = await app.db.query<{ status: string }>(
      `SELECT "status" FROM "Signature" WHERE "publicationId" = $1 AND "email" = $2`,
      [openId, email],
    );
    expect(signature.status).toBe("confirmed");
  });

  it("refuses to reopen an anonymised petition (409, translated) and offers no button for it", async () => {
    const reopen = await ws(`/ru/workspace/publications/${closedId}/status`, { transition: "reopen" });
    expect(reopen.status).toBe(409);
    expect(visibleText(await reopen.text())).toContain("открыть её снова нельзя");
    const [row] = await app.db.query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "id" = $1`, [
      closedId,
    ]);
    expect(row.status).toBe("closed");
    const page = await (
      await fetch(`${app.url}/kk/workspace/publications/${closedId}`, { headers: { Cookie: admin.cookie } })
    ).text();
    expect(page).not.toContain("transition=reopen");
    expect(page).toContain("transition=archive");
    expect(visibleText(page)).toContain("Жарияланымды қайта ашуға болмайды.");
    // Nor through the editor: a new deadline would open signing again.
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const extended = await ws(`/ru/workspace/publications/${closedId}/edit`, {
      ...(await editorFields(closedId, closedDemoPetition)),
      deadline: later,
    });
    expect(extended.status).toBe(409);
    expect(visibleText(await extended.text())).toContain("открыть её снова нельзя");
  });

  it("refuses control characters in every text field of every form, in the page's language", async () => {
    const [{ id: organizationId }] = await app.db.query<{ id: string }>(
      `SELECT "id" FROM "Organization" WHERE "slug" = 'ashyq-khattama'`,
    );
    const publication = {
      intent: "save",
      kind: "petition",
      organizationId,
      slug: "control-characters",
      titleKk: "Тақырып",
      titleRu: "Заголовок",
      summaryKk: "Қысқаша",
      summaryRu: "Кратко",
      bodyKk: "Мәтін",
      bodyRu: "Текст",
      addresseeKk: "Кімге",
      addresseeRu: "Кому",
    };
    for (const field of Object.keys(publication).filter((key) => /(Kk|Ru)$/.test(key))) {
      const refused = await ws("/ru/workspace/publications/new", { ...publication, [field]: "Бір\u0001екі" });
      expect(refused.status, field).toBe(400);
      expect(visibleText(await refused.text()), field).toContain(controlMessage.ru);
    }
    expect(await count(app, `SELECT COUNT(*) AS n FROM "Publication" WHERE "slug" = 'control-characters'`)).toBe(0);
    // Version notes are asked for when a petition with signatures is edited.
    const edit = await editorFields(openId, demoPetition);
    for (const field of ["noteKk", "noteRu"]) {
      const refused = await ws(`/kk/workspace/publications/${openId}/edit`, { ...edit, [field]: "Түзету\u0001" });
      expect(refused.status, field).toBe(400);
      expect(visibleText(await refused.text()), field).toContain(controlMessage.kk);
    }

    const today = new Date().toISOString().slice(0, 10);
    for (const field of ["responseKk", "responseRu"]) {
      const refused = await ws(`/kk/workspace/publications/${openId}/response`, {
        responseKk: "Жауап",
        responseRu: "Ответ",
        respondedAt: today,
        responseUrl: "",
        [field]: "Жауап\u0002",
      });
      expect(refused.status, field).toBe(400);
      expect(visibleText(await refused.text()), field).toContain(controlMessage.kk);
    }

    const update = { subjectKk: "Жаңалық", subjectRu: "Новость", bodyKk: "Мәтін", bodyRu: "Текст" };
    for (const field of Object.keys(update)) {
      const refused = await ws(`/kk/workspace/publications/${openId}/updates`, { ...update, [field]: "a\u0003b" });
      expect(refused.status, field).toBe(400);
      expect(visibleText(await refused.text()), field).toContain(controlMessage.kk);
    }

    for (const field of ["nameKk", "nameRu"]) {
      const refused = await ws("/ru/workspace/admin/organizations/new", {
        intent: "save",
        slug: "control-org",
        nameKk: "Ұйым",
        nameRu: "Организация",
        website: "",
        email: "",
        [field]: "Ұйым\u0004 атауы",
      });
      expect(refused.status, field).toBe(400);
      expect(visibleText(await refused.text()), field).toContain(controlMessage.ru);
    }

    const signing = await postForm(
      `${app.url}/kk/p/${demoPetition}`,
      signer({ name: "Айгүл\u0005 Серікқызы", email: "control.name@example.kz" }),
    );
    expect(signing.status).toBe(400);
    expect(visibleText(await signing.text())).toContain(controlMessage.kk);

    const collected = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const paper = await ws(`/ru/workspace/publications/${openId}/paper`, {
      region: "KZ-75",
      count: "10",
      collectedFrom: collected,
      collectedTo: collected,
      note: "лист\u0006 1",
    });
    expect(paper.status).toBe(400);
    expect(visibleText(await paper.text())).toContain(controlMessage.ru);

    const moderation = await ws(`/kk/workspace/publications/${openId}/moderation`, {
      domain: "example.kz",
      action: "release",
      expected: "0",
      fingerprint: "",
      note: "толқын\u0007",
    });
    expect(moderation.status).toBe(400);
    expect(visibleText(await moderation.text())).toContain(controlMessage.kk);
  });

  it("keeps feeds, badges, share images and embeds valid whatever a stored title holds", async () => {
    // Stored before the rule, or by hand: the output must still be readable.
    await app.db.query(`UPDATE "Publication" SET "titleKk" = $1, "titleRu" = $2, "summaryKk" = $3 WHERE "id" = $4`, [
      "Бақылау\u0001\u0008\u000b\u001f\ufffe таңбалары",
      "Управляющие\u0002\u001b символы",
      "Қысқаша\u0003 мазмұн",
      openId,
    ]);
    for (const path of ["/kk/feed.atom", "/ru/feed.atom", "/kk/petitions/feed.atom", "/ru/petitions/feed.atom"]) {
      const response = await fetch(`${app.url}${path}`);
      expect(response.status, path).toBe(200);
      const xml = await response.text();
      expect(xmlProblem(xml), path).toBeNull();
      expect(xml, path).toMatch(/Бақылау таңбалары|Управляющие символы/);
    }
    for (const lang of ["kk", "ru"]) {
      const badge = await fetch(`${app.url}/badge/${demoPetition}.svg?lang=${lang}`);
      expect(badge.status).toBe(200);
      const svg = await badge.text();
      expect(xmlProblem(svg)).toBeNull();
      expect(svg).toContain(lang === "kk" ? "Бақылау таңбалары" : "Управляющие символы");

      const image = await fetch(`${app.url}/og/${demoPetition}.png?lang=${lang}`);
      expect(image.status).toBe(200);
      expect([...Buffer.from(await image.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

      const embed = await fetch(`${app.url}/embed/${demoPetition}?lang=${lang}`);
      expect(embed.status).toBe(200);
      expect(await embed.text()).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    }
    expect((await fetch(`${app.url}/kk/p/${demoPetition}`)).status).toBe(200);
  });

  it("matches no lookup table on a prototype key: 400 or 404 pages, never a 500", async () => {
    for (const transition of ["toString", "__proto__", "constructor", "hasOwnProperty"]) {
      const refused = await ws(`/ru/workspace/publications/${openId}/status`, { transition });
      expect(refused.status, transition).toBe(400);
      expect(visibleText(await refused.text()), transition).toContain("Неверный запрос");
    }
    for (const segment of ["toString", "__proto__", "constructor"]) {
      expect((await fetch(`${app.url}/kk/${segment}`)).status, segment).toBe(404);
      expect((await fetch(`${app.url}/ru/${segment}/feed.atom`)).status, segment).toBe(404);
    }
    // A scan whose declared type is a prototype key is an unknown type.
    const form = new FormData();
    form.set("csrf", admin.csrf);
    for (const [key, value] of Object.entries({
      region: "KZ-75",
      count: "10",
      collectedFrom: "2026-01-01",
      collectedTo: "2026-01-02",
    }))
      form.set(key, value);
    form.set("scan", new Blob([new Uint8Array(Buffer.from("%PDF-1.4\n"))], { type: "constructor" }), "scan.pdf");
    const upload = await fetch(`${app.url}/kk/workspace/publications/${openId}/paper`, {
      method: "POST",
      body: form,
      headers: { Cookie: admin.cookie },
      redirect: "manual",
    });
    expect(upload.status).toBe(400);
    // Form fields named like prototype members are just fields.
    const odd = await postForm(
      `${app.url}/kk/p/${demoPetition}`,
      signer({ email: "proto@example.kz", toString: "x", ["__proto__"]: "y", constructor: "z" }),
    );
    expect(odd.status).toBe(303);
  });

  it("answers another site's form posts with a translated 403 and logs no error", async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const evil = "https://evil.example";
      const status = await ws(`/ru/workspace/publications/${openId}/status`, { transition: "close" }, { Origin: evil });
      expect(status.status).toBe(403);
      const page = visibleText(await status.text());
      expect(page).toContain("Форма отправлена с другого сайта");
      expect(page).toContain(new URL(app.url).host);
      const [row] = await app.db.query<{ status: string }>(`SELECT "status" FROM "Publication" WHERE "id" = $1`, [
        openId,
      ]);
      expect(row.status).toBe("open");

      const forged: Record<string, string>[] = [
        { Origin: evil },
        { Origin: "null" },
        { Referer: `${evil}/petition.html` },
      ];
      for (const [index, headers] of forged.entries()) {
        const email = `forged${index}@example.kz`;
        const response = await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email }), headers);
        expect(response.status, JSON.stringify(headers)).toBe(403);
        expect(visibleText(await response.text())).toContain("Басқа сайттан жіберілген форма");
        expect(await count(app, `SELECT COUNT(*) AS n FROM "Signature" WHERE "email" = $1`, [email])).toBe(0);
      }
      const signin = await postForm(`${app.url}/kk/signin`, { email: "admin@example.kz" }, { Origin: evil });
      expect(signin.status).toBe(403);

      // Our own pages post with our origin (or a same-site referrer): those go through.
      const own = await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email: "own.origin@example.kz" }), {
        Origin: app.url,
      });
      expect(own.status).toBe(303);
      const referred = await postForm(`${app.url}/ru/p/${demoPetition}`, signer({ email: "own.referer@example.kz" }), {
        Referer: `${app.url}/ru/p/${demoPetition}`,
      });
      expect(referred.status).toBe(303);
      // One-click unsubscribe is posted by mail services from anywhere: the token decides.
      const unsubscribe = await postForm(`${app.url}/unsubscribe/not-a-token`, {}, { Origin: evil });
      expect(unsubscribe.status).not.toBe(403);
      expect(unsubscribe.status).toBeLessThan(500);
    } finally {
      spy.mockRestore();
    }
    expect(written.filter((line) => line.includes('"level":"error"'))).toEqual([]);
  });

  it("caps live streams per client with a clear 429, leaving other clients and polling alone", async () => {
    const events = `${app.url}/api/v1/petitions/${demoPetition}/events`;
    const open = async (headers: Record<string, string> = {}) => {
      const controller = new AbortController();
      const response = await fetch(events, { signal: controller.signal, headers });
      if (response.ok) await response.body!.getReader().read();
      return { response, close: () => controller.abort() };
    };
    const held = [await open(), await open()];
    for (const stream of held) expect(stream.response.status).toBe(200);

    const refused = await open();
    expect(refused.response.status).toBe(429);
    expect(refused.response.headers.get("retry-after")).toBe("60");
    const body = (await refused.response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("too_many_streams");
    expect(body.error.message).toContain(`/api/v1/petitions/${demoPetition}`);
    // The fallback the pages use is not limited.
    expect((await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).status).toBe(200);
    // Another client (behind the local proxy) has its own allowance.
    const other = await open({ "X-Forwarded-For": "198.51.100.7" });
    expect(other.response.status).toBe(200);
    other.close();

    // A closed stream frees its place.
    held[0].close();
    let reopened: Awaited<ReturnType<typeof open>> | undefined;
    await waitUntil(async () => {
      reopened = await open();
      if (reopened.response.status === 200) return true;
      await reopened.response.text();
      return false;
    }, "a freed stream place");
    reopened!.close();
    held[1].close();
  });
});

describe(`security headers on answers from memory, in production (${kind})`, () => {
  let app: TestApp;
  let database: TestDatabase;
  const token = "metrics-token-for-hygiene-0123456789";

  beforeAll(async () => {
    // Production never seeds demo content: seed the database with a development boot first.
    database = await createTestDatabase();
    const seeding = await startTestApp({ env: { DATABASE_URL: database.url } });
    await seeding.close();
    app = await startTestApp({
      env: {
        NODE_ENV: "production",
        DATABASE_URL: database.url,
        READ_CACHE: "10m",
        PAGE_CACHE: "10m",
        METRICS_TOKEN: token,
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const cacheAnswers = async () => {
    const metrics = await (await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
    const read = Number(/^dauys_read_cache_hits_total (\d+)/m.exec(metrics)?.[1] ?? 0);
    const page = Number(/dauys_page_cache_total\{result="hit"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    return read + page;
  };
  // Headers of one answer or connection, not of what is served (the read cache sends bytes uncompressed).
  const perAnswer = new Set([
    "date",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "content-length",
    "content-encoding",
    "set-cookie",
  ]);
  const security = [
    "strict-transport-security",
    "x-request-id",
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "permissions-policy",
  ];

  it.each([
    `/api/v1/petitions/${demoPetition}`,
    `/badge/${demoPetition}.svg?lang=ru`,
    `/embed/${demoPetition}?lang=kk`,
    `/kk/p/${demoPetition}`,
  ])("%s: a cached answer carries every header of a fresh one", async (path) => {
    const fresh = await fetch(`${app.url}${path}`);
    await fresh.arrayBuffer();
    const before = await cacheAnswers();
    const cached = await fetch(`${app.url}${path}`);
    await cached.arrayBuffer();
    expect(await cacheAnswers(), "served from memory").toBe(before + 1);
    expect(fresh.status).toBe(200);
    expect(cached.status).toBe(200);
    for (const name of security) {
      expect(fresh.headers.get(name), `${name} (fresh)`).toBeTruthy();
      expect(cached.headers.get(name), `${name} (cached)`).toBeTruthy();
    }
    expect(cached.headers.get("strict-transport-security")).toBe(fresh.headers.get("strict-transport-security"));
    expect(cached.headers.get("x-request-id")).not.toBe(fresh.headers.get("x-request-id"));
    const names = (response: Response) => [...response.headers.keys()].filter((name) => !perAnswer.has(name)).sort();
    expect(names(cached)).toEqual(names(fresh));
    if (!path.startsWith("/embed/")) expect(cached.headers.get("x-frame-options")).toBe("DENY");
  });

  it("keeps a request id the caller sent on a cached answer", async () => {
    const path = `${app.url}/api/v1/petitions/${demoPetition}`;
    await (await fetch(path)).arrayBuffer();
    const cached = await fetch(path, { headers: { "X-Request-Id": "trace-abc.123" } });
    expect(cached.headers.get("x-request-id")).toBe("trace-abc.123");
  });
});
