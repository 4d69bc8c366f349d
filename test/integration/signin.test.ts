// Workspace sign-in under attack: guessing codes in parallel, guessing across addresses, and
// flooding an address with code requests so that its owner could not sign in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postForm, startTestApp, visibleText, type TestApp } from "../support/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    env: {
      SIGNIN_MAIL_REQUESTER: "5/1h",
      SIGNIN_MAIL_IP: "20/1h",
      SIGNIN_MAIL_ADDRESS: "10/1h",
      SIGNIN_CODE_IP: "12/1h",
    },
  });
  for (const email of [
    "dana@example.kz",
    "ermek@example.kz",
    "gulnar@example.kz",
    "press@example.kz",
    "timur@example.kz",
  ])
    await app.module.addMember({ email, organizationSlug: "ashyq-khattama", role: "organizer" });
});
afterAll(async () => app?.close());

let clientCounter = 0;
// The app trusts X-Forwarded-For from loopback (a local reverse proxy), so tests can play many clients.
const newClient = () => ({ "X-Forwarded-For": `10.77.${(++clientCounter >> 8) & 255}.${clientCounter & 255}` });

const requestCode = (email: string, headers: Record<string, string>, lang = "kk") =>
  postForm(`${app.url}/${lang}/signin`, { email }, headers);
const enterCode = (email: string, code: string, headers: Record<string, string>, lang = "kk") =>
  postForm(`${app.url}/${lang}/signin/code`, { email, code }, headers);

/** Sign-in mails queued for an address (in the same transaction as its code: no waiting needed). */
const queuedMails = async (email: string) =>
  Number(
    (
      await app.db.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "to" = $1`, [email])
    )[0].n,
  );
const codesFromMails = async (email: string, count: number) => {
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length >= count);
  return app.smtp.mailsTo(email).map((mail) => /(\d{6})/.exec(mail.subject)![1]);
};
const attemptsOf = async (email: string) =>
  (
    await app.db.query<{ attempts: number | string }>(
      `SELECT c."attempts" FROM "LoginCode" c JOIN "User" u ON u."id" = c."userId" WHERE u."email" = $1 ORDER BY c."createdAt"`,
      [email],
    )
  ).map((row) => Number(row.attempts));
const wrongCodes = (right: string, count: number) =>
  Array.from({ length: count }, (_, index) => String((Number(right) + 1 + index) % 1_000_000).padStart(6, "0"));
/**
 * Guesses sent all at once, each from its own IP address; their statuses, in order. A guess that
 * waits more than 3 s for a database connection (a busy test machine) is answered with the
 * translated 503 page before it touches any code, as every page is under overload.
 */
async function guessAtOnce(email: string, guesses: string[]) {
  const answers = await Promise.all(guesses.map((guess) => enterCode(email, guess, newClient())));
  for (const answer of answers.filter((answer) => answer.status === 503))
    expect(visibleText(await answer.text())).toContain("Қызмет уақытша қолжетімсіз");
  return answers.map((answer) => answer.status);
}
/** Wrong guesses one at a time until the code's five tries are spent (if the flood left any). */
async function spendTries(email: string, code: string) {
  const [guess] = wrongCodes(code, 1);
  while ((await attemptsOf(email))[0] < 5) expect((await enterCode(email, guess, newClient())).status).toBe(400);
}
const linkIn = (text: string) =>
  text
    .split("\n")
    .find((line) => line.includes("/signin/link/"))!
    .trim();
/**
 * The per-address counts live in fixed windows (15 minutes, 1 hour): a test that counts mail
 * starts well inside one, so that no window ends halfway through it.
 */
async function awayFromWindowEdge(marginMs = 60_000) {
  const left = 900_000 - (Date.now() % 900_000);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 1_000));
}
const cookiesOf = (response: { headers: Headers }) =>
  response.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);

describe(`workspace sign-in limits (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("compares at most five guesses per code when 300 arrive at once from 300 addresses; the right code is refused after", async () => {
    const owner = newClient();
    expect((await requestCode("dana@example.kz", owner)).status).toBe(303);
    const [code] = await codesFromMails("dana@example.kz", 1);

    const statuses = await guessAtOnce("dana@example.kz", wrongCodes(code, 300));
    expect(statuses.filter((status) => status !== 400 && status !== 503)).toEqual([]);
    const compared = Math.min(5, statuses.filter((status) => status === 400).length);
    expect(await attemptsOf("dana@example.kz")).toEqual([compared]);

    await spendTries("dana@example.kz", code);
    const late = await enterCode("dana@example.kz", code, owner, "ru");
    expect(late.status).toBe(400);
    expect(visibleText(await late.text())).toContain("Код неверный или истёк");
    expect(await attemptsOf("dana@example.kz")).toEqual([5]);
  });

  it("lets at most five of 300 simultaneous guesses, the right one among them, reach the comparison", async () => {
    const owner = newClient();
    expect((await requestCode("ermek@example.kz", owner)).status).toBe(303);
    const [code] = await codesFromMails("ermek@example.kz", 1);
    const guesses = wrongCodes(code, 299);
    guesses.splice(150, 0, code);

    const statuses = await guessAtOnce("ermek@example.kz", guesses);
    expect(statuses.filter((status) => status !== 400 && status !== 503 && status !== 303)).toEqual([]);
    expect(statuses.filter((status) => status === 303).length).toBeLessThanOrEqual(1);
    const [attempts] = await attemptsOf("ermek@example.kz");
    expect(attempts).toBeLessThanOrEqual(5);
    // Accepted only if the right code was among the five compared; once they are spent, it is refused.
    if (statuses[150] !== 303) {
      await spendTries("ermek@example.kz", code);
      expect((await enterCode("ermek@example.kz", code, owner)).status).toBe(400);
    }
  });

  it("limits code attempts per IP address across addresses, with a translated 429", async () => {
    const guesser = newClient();
    const owner = newClient();
    const addresses = ["gulnar@example.kz", "nobody-1@example.kz", "nobody-2@example.kz", "nobody-3@example.kz"];
    expect((await requestCode("gulnar@example.kz", owner)).status).toBe(303);
    const [code] = await codesFromMails("gulnar@example.kz", 1);

    // Three guesses per address stay under the five per code; twelve from one IP address is its limit.
    for (const email of addresses)
      for (const guess of wrongCodes(code, 3)) expect((await enterCode(email, guess, guesser)).status).toBe(400);
    const refused = await enterCode("gulnar@example.kz", code, guesser, "ru");
    expect(refused.status).toBe(429);
    expect(visibleText(await refused.text())).toMatch(
      /Слишком много попыток ввода кода.*через \d+ (минуту|минуты|минут)/,
    );
    const refusedKk = await enterCode("nobody-4@example.kz", "123456", guesser, "kk");
    expect(refusedKk.status).toBe(429);
    expect(visibleText(await refusedKk.text())).toMatch(/кодты енгізу әрекеті тым көп.*\d+ минуттан кейін/i);
    // The refused tries compared nothing; the owner, from elsewhere, still signs in with the code.
    expect(await attemptsOf("gulnar@example.kz")).toEqual([3]);
    expect((await enterCode("gulnar@example.kz", code, owner)).status).toBe(303);
  });

  it("refuses an expired code without taking a try of it", async () => {
    const owner = newClient();
    expect((await requestCode("timur@example.kz", owner)).status).toBe(303);
    const [code] = await codesFromMails("timur@example.kz", 1);
    const past = new Date(Date.now() - 1_000);
    await app.db.query(
      `UPDATE "LoginCode" SET "expiresAt" = $1 WHERE "userId" = (SELECT "id" FROM "User" WHERE "email" = 'timur@example.kz')`,
      [app.db.kind === "sqlite" ? past.toISOString().replace("Z", "+00:00") : past],
    );
    expect((await enterCode("timur@example.kz", code, owner)).status).toBe(400);
    expect(await attemptsOf("timur@example.kz")).toEqual([0]);
  });

  it("limits code mail per IP address, whatever the addresses asked for", async () => {
    const sender = newClient();
    for (let index = 0; index < 20; index++)
      expect((await requestCode(`unknown-${index}@example.kz`, sender)).status).toBe(303);
    const refused = await requestCode("unknown-20@example.kz", sender, "ru");
    expect(refused.status).toBe(429);
    expect(visibleText(await refused.text())).toContain("Из вашей сети пришло слишком много запросов");
  });

  it("does not let a flood of requests from other IP addresses stop the owner; codes already sent keep working", async () => {
    await awayFromWindowEdge();
    const owner = "press@example.kz";
    const attacker = newClient();
    // One attacker address: five codes, then refused; the owner, from their own address, is not.
    for (let index = 0; index < 5; index++) expect((await requestCode(owner, attacker)).status).toBe(303);
    const refused = await requestCode(owner, attacker, "ru");
    expect(refused.status).toBe(429);
    expect(visibleText(await refused.text())).toContain("Из вашей сети пришло слишком много запросов");
    const home = newClient();
    expect((await requestCode(owner, home)).status).toBe(303);
    expect(await queuedMails(owner)).toBe(6);

    // Many attacker addresses: ten codes an hour for the address, and past that one per 15 minutes.
    const flood = await Promise.all(Array.from({ length: 40 }, () => requestCode(owner, newClient())));
    expect(flood.filter((answer) => answer.status !== 303 && answer.status !== 429)).toEqual([]);
    expect(await queuedMails(owner)).toBe(11);
    const overCap = flood.find((answer) => answer.status === 429)!;
    expect(visibleText(await overCap.text())).toMatch(
      /кіру коды 15 минуттан аз уақыт бұрын жіберілген.*\d+ минуттан кейін/,
    );

    // The owner, without a known browser, is told a code was sent and still works — and no mail goes.
    const told = await requestCode(owner, home, "ru");
    expect(told.status).toBe(429);
    expect(visibleText(await told.text())).toMatch(
      /Код для входа отправлен на этот адрес меньше 15 минут назад и ещё действует.*через \d+ (минуту|минуты|минут)/,
    );
    expect(await queuedMails(owner)).toBe(11);

    // The first code (from the attacker's request) still works, though ten more were sent after it.
    const codes = await codesFromMails(owner, 11);
    const signedIn = await enterCode(owner, codes[0], home);
    expect(signedIn.status).toBe(303);
    const known = cookiesOf(signedIn).find((cookie) => cookie.startsWith("dauys_known="));
    expect(known).toBeDefined();

    // Strangers can use up the tries of every code sent; the link in the latest mail still works.
    const guesses = wrongCodes(codes[0], 20).filter((guess) => !codes.includes(guess));
    for (const guess of guesses.slice(0, 5)) expect((await enterCode(owner, guess, attacker)).status).toBe(400);
    expect((await enterCode(owner, codes[10], newClient())).status).toBe(400);
    const link = linkIn(app.smtp.mailsTo(owner)[10].text);
    expect((await fetch(link, { method: "POST", redirect: "manual" })).status).toBe(303);

    // The owner's browser is known for this address now: it gets a new code past the cap.
    const again = await requestCode(owner, { ...home, Cookie: known! });
    expect(again.status).toBe(303);
    expect(await queuedMails(owner)).toBe(12);
    const latest = (await codesFromMails(owner, 12))[11];
    expect((await enterCode(owner, latest, home)).status).toBe(303);

    // A forged cookie counts for nothing.
    const forged = await requestCode(owner, { ...newClient(), Cookie: "dauys_known=eyJ4IjoxfQ%3D%3D.forged" });
    expect(forged.status).toBe(429);
    expect(await queuedMails(owner)).toBe(12);
  });
});
