import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm, pressConfirmText } from "../support/smtp-sink.ts";
import { demoPetition, fetchText, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";

let app: TestApp;
beforeAll(async () => {
  // Real rate limits, with a burst rule small enough to trip in a test.
  app = await startTestApp({ env: { SIGN_FLAG_BURST: "3/60s", SIGN_FLAG_SUSTAINED: "50/1h", SIGN_BLOCK: "200/10m" } });
});
afterAll(async () => app?.close());

const petitionUrl = (lang = "kk") => `${app.url}/${lang}/p/${demoPetition}`;
let client = 0;
const newClient = () => ({ "X-Forwarded-For": `192.0.2.${++client % 250}` });
const tiers = async () =>
  ((await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json()) as { tiers: Record<string, number> })
    .tiers;
const withdrawLink = (text: string) =>
  text
    .split("\n")
    .find((line) => /\/withdraw\/[A-Za-z0-9_-]{32}$/.test(line.trim()))!
    .trim();

async function signAndMail(email: string, headers: Record<string, string>, fields: Record<string, string> = {}) {
  const response = await postForm(petitionUrl(), signer({ email, ...fields }), headers);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= 1);
  return { response, mail: app.smtp.mailsTo(email)[0] };
}

describe(`counts people can trust (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("holds a form sent faster than a person can fill it: same page and mail, not counted, and the signer is told it awaits review", async () => {
    const page = await (await fetch(petitionUrl())).text();
    expect(page).toMatch(/name="started" value="\d+\.[A-Za-z0-9_-]+"/);
    // A stamp as the server makes it, dated a few seconds ahead: "sent before it could be read",
    // however slow this machine is.
    const time = Date.now() + 5_000;
    const started = `${time}.${createHmac("sha256", app.env.SESSION_SECRET).update(`stamp:${time}`).digest("base64url").slice(0, 32)}`;
    const before = await tiers();
    const { response, mail } = await signAndMail("speedy@example.kz", newClient(), { started });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/kk/p/${demoPetition}/check-email`);
    // Confirmation page and receipt say the same thing: confirmed by mail, held for review (decision 033).
    const held = await pressConfirmText(confirmLink(mail));
    expect(held).toContain("Пошта расталды, қол тексеруде");
    expect(held).not.toContain("Қолыңыз саналды");
    const after = await tiers();
    expect(after.confirmed).toBe(before.confirmed);
    expect(after.held).toBe(before.held + 1);
    const [row] = await app.db.query<{ flag: string; status: string; receipt: string }>(
      `SELECT "flag", "status", "receipt" FROM "Signature" WHERE "email" = 'speedy@example.kz'`,
    );
    expect(row).toMatchObject({ flag: "too-fast", status: "held" });
    expect(await fetchText(`${app.url}/kk/receipt?petition=${demoPetition}&id=${row.receipt}`)).toContain(
      "модератордың тексерісін күтуде",
    );
    // A moderator releases it: now it counts, with a ledger entry.
    expect(await app.module.moderateByReceipt({ receipt: row.receipt, action: "release" })).toBe(true);
    expect((await tiers()).confirmed).toBe(before.confirmed + 1);
  });

  it("flags a forged form stamp, and holds a plain POST without one like a form sent too fast", async () => {
    await signAndMail("forged@example.kz", newClient(), { started: `${Date.now() - 60_000}.forged` });
    await signAndMail("plain@example.kz", newClient(), { started: "" });
    const rows = await app.db.query<{ email: string; flag: string | null }>(
      `SELECT "email", "flag" FROM "Signature" WHERE "email" IN ('forged@example.kz', 'plain@example.kz') ORDER BY "email"`,
    );
    expect(rows).toEqual([
      { email: "forged@example.kz", flag: "tampered" },
      { email: "plain@example.kz", flag: "too-fast" },
    ]);
  });

  it("flags signatures past the per-address burst limit silently", async () => {
    const sameClient = newClient();
    const statuses = [];
    for (let index = 0; index < 5; index++)
      statuses.push((await postForm(petitionUrl(), signer({ email: `burst.${index}@example.kz` }), sameClient)).status);
    expect(statuses).toEqual([303, 303, 303, 303, 303]);
    const rows = await app.db.query<{ email: string; flag: string | null }>(
      `SELECT "email", "flag" FROM "Signature" WHERE "email" LIKE 'burst.%' ORDER BY "email"`,
    );
    expect(rows.map((row) => row.flag)).toEqual([null, null, null, "rate-burst", "rate-burst"]);
  });

  it("rejects throwaway mailboxes with a clear, translated message", async () => {
    const kk = await postForm(petitionUrl("kk"), signer({ email: "someone@mailinator.com" }), newClient());
    expect(kk.status).toBe(400);
    expect(visibleText(await kk.text())).toContain("Уақытша (бір реттік) пошта жәшіктерінен қол қабылданбайды");
    const ru = await postForm(petitionUrl("ru"), signer({ email: "someone@guerrillamail.com" }), newClient());
    expect(visibleText(await ru.text())).toContain("Подписи с временных (одноразовых) почтовых ящиков не принимаются");
  });

  it("withdraws only on POST: the link asks first, then the count drops at once with a ledger entry", async () => {
    const { mail } = await signAndMail("changes.mind@example.kz", newClient());
    await pressConfirm(confirmLink(mail));
    const before = await tiers();
    const link = withdrawLink(mail.text);
    const asked = await fetchText(link);
    expect(asked).toContain("Қолды қайтарып алу");
    expect((await tiers()).confirmed).toBe(before.confirmed);
    const done = visibleText(await (await fetch(link, { method: "POST", body: new URLSearchParams() })).text());
    expect(done).toContain("Қолыңыз қайтарылып алынды");
    const after = await tiers();
    expect(after.confirmed).toBe(before.confirmed - 1);
    expect(after.withdrawn).toBe(before.withdrawn + 1);
    expect(visibleText(await (await fetch(link, { method: "POST", body: new URLSearchParams() })).text())).toMatch(
      /жарамсыз|бұрын қайтарылып/,
    );
    expect(
      (
        await fetch(`${app.url}/kk/withdraw/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, {
          method: "POST",
          body: new URLSearchParams(),
        })
      ).status,
    ).toBe(404);
  });

  it("lets anyone check a receipt: in the ledger, counted or not, and nothing else", async () => {
    const { mail } = await signAndMail("receipt@example.kz", newClient());
    const confirmed = await (await pressConfirm(confirmLink(mail))).text();
    const receipt = /data-testid="receipt">([A-Za-z0-9_-]+)</.exec(confirmed)![1];
    expect(mail.text).toContain(receipt);
    const check = (id: string) => fetchText(`${app.url}/ru/receipt?petition=${demoPetition}&id=${id}`);
    expect(await check(receipt)).toContain("Эта подпись подтверждена и сейчас учитывается.");
    await fetch(withdrawLink(mail.text), { method: "POST", body: new URLSearchParams() });
    expect(await check(receipt)).toContain("Подписавший отозвал эту подпись: она не учитывается.");
    expect(await check("unknownreceipt000000000")).toContain("В реестре этой петиции нет такой квитанции");
    const page = await check(receipt);
    expect(page).not.toMatch(/receipt@example|Айгүл/);
  });

  it("counts exactly one signature when 50 sign and confirm requests for one address arrive at once", async () => {
    const before = await tiers();
    const email = "fifty@example.kz";
    await Promise.all(
      Array.from({ length: 50 }, () => postForm(petitionUrl(), signer({ email, region: "KZ-62" }), newClient())),
    );
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= 5);
    const links = app.smtp.mailsTo(email).map(confirmLink);
    await Promise.all(Array.from({ length: 50 }, (_, index) => pressConfirmText(links[index % links.length])));
    const after = await tiers();
    expect(after.confirmed).toBe(before.confirmed + 1);
    const [row] = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" WHERE "emailCanonical" = $1`,
      [email],
    );
    expect(Number(row.n)).toBe(1);
    const ledger = await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}/ledger`)).text();
    const receipt = (
      await app.db.query<{ receipt: string }>(`SELECT "receipt" FROM "Signature" WHERE "emailCanonical" = $1`, [email])
    )[0].receipt;
    expect(
      ledger
        .split("\n")
        .filter((line) => line.includes(receipt))
        .map((line) => JSON.parse(line).type),
    ).toEqual(["sign", "confirm"]);
    expect((await runVerifier(app.url, demoPetition)).code).toBe(0);
  });

  it("forgets IP hashes after their retention period", async () => {
    const old =
      app.db.kind === "sqlite"
        ? new Date(Date.now() - 40 * 86_400_000).toISOString()
        : new Date(Date.now() - 40 * 86_400_000);
    await app.db.query(`UPDATE "Signature" SET "createdAt" = $1 WHERE "email" = 'plain@example.kz'`, [old]);
    const result = (await app.module.runJob("forget-ip-hashes", { force: true })) as { forgotten: number };
    expect(result.forgotten).toBe(1);
    const [row] = await app.db.query<{ ipHash: string | null }>(
      `SELECT "ipHash" FROM "Signature" WHERE "email" = 'plain@example.kz'`,
    );
    expect(row.ipHash).toBeNull();
  });

  it("anonymises signers after the retention period, leaving counts and the ledger verifiable", async () => {
    const longAgo =
      app.db.kind === "sqlite"
        ? new Date(Date.now() - 400 * 86_400_000).toISOString()
        : new Date(Date.now() - 400 * 86_400_000);
    const countsBefore = await tiers();
    await app.db.query(`UPDATE "Publication" SET "status" = 'closed', "closedAt" = $1 WHERE "slug" = $2`, [
      longAgo,
      demoPetition,
    ]);
    const result = (await app.module.runJob("retention", { force: true })) as { anonymized: number };
    expect(result.anonymized).toBeGreaterThanOrEqual(1);
    const leftovers = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "Signature" s JOIN "Publication" p ON p."id" = s."publicationId"
       WHERE p."slug" = $1 AND (s."email" <> '' OR s."name" <> '' OR s."ipHash" IS NOT NULL OR s."emailCanonical" LIKE '%@%')`,
      [demoPetition],
    );
    expect(Number(leftovers[0].n)).toBe(0);
    const tokens = await app.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "SignatureToken"`);
    const mailLeft = await app.db.query<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "to" LIKE '%@example.kz'`,
    );
    expect(Number(mailLeft[0].n)).toBe(0);
    expect(Number(tokens[0].n)).toBe(0);
    expect(await tiers()).toEqual(countsBefore);
    expect((await runVerifier(app.url, demoPetition)).code).toBe(0);
  });

  it("sends an enforced Content-Security-Policy with a fresh nonce, and refuses framing outside embeds", async () => {
    const [first, second] = await Promise.all([fetch(`${app.url}/kk`), fetch(`${app.url}/kk`)]);
    const policy = first.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-inline");
    expect(first.headers.get("content-security-policy-report-only")).toBeNull();
    expect(second.headers.get("content-security-policy")).not.toBe(policy);
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    const html = await first.text();
    for (const tag of html.match(/<script[^>]*>/g) ?? []) expect(tag).toMatch(/ nonce="|src="\/build\//);
    expect(html).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});
