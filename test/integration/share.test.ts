// Issue 15: sharing where people talk, signing without losing people, counts a journalist can cite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm, type SinkMail } from "../support/smtp-sink.ts";
import {
  closedDemoPetition,
  demoPetition,
  fetchText,
  postForm,
  signer,
  startTestApp,
  visibleText,
  type TestApp,
} from "../support/app.ts";
import { signIn } from "../support/workspace.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => app?.close());

const petitionUrl = (lang = "kk", slug = demoPetition) => `${app.url}/${lang}/p/${slug}`;
const decode = (html: string) =>
  html
    .replace(/&amp;|&#38;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\u00a0/g, " ");
const hrefOf = (html: string, target: string) =>
  decode(new RegExp(`href="([^"]+)"[^>]*data-share-to="${target}"`).exec(html)?.[1] ?? "");
const confirmed = async (slug = demoPetition) =>
  ((await (await fetch(`${app.url}/api/v1/petitions/${slug}`)).json()) as { confirmed: number }).confirmed;

async function signAndConfirm(email: string, lang = "kk") {
  expect((await postForm(petitionUrl(lang), signer({ email }))).status).toBe(303);
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  const mail = app.smtp.mailsTo(email)[0];
  const page = await pressConfirm(confirmLink(mail));
  expect(page.status).toBe(200);
  return { mail, page: await page.text() };
}
const withdrawLink = (mail: SinkMail) =>
  mail.text
    .split("\n")
    .map((line) => line.trim())
    .find((line) => /\/withdraw\/[A-Za-z0-9_-]+$/.test(line))!;

describe(`sharing (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("the petition page shares to Telegram and WhatsApp with the title, the current count and the short URL, in its language, with no third-party script", async () => {
    const count = await confirmed();
    for (const [lang, words] of [
      ["kk", `${count} қол жиналды`],
      ["ru", `уже ${count} подпис`],
    ] as const) {
      const html = await (await fetch(petitionUrl(lang))).text();
      const short = `${app.url}/${lang}/p/${demoPetition}`;
      const telegram = new URL(hrefOf(html, "telegram"));
      expect(telegram.origin + telegram.pathname).toBe("https://t.me/share/url");
      expect(telegram.searchParams.get("url")).toBe(short);
      expect(telegram.searchParams.get("text")).toContain(words);
      const whatsapp = new URL(hrefOf(html, "whatsapp"));
      expect(whatsapp.origin).toBe("https://wa.me");
      expect(whatsapp.searchParams.get("text")).toContain(words);
      expect(whatsapp.searchParams.get("text")!.endsWith(short)).toBe(true);
      // The copy button and the share sheet wait for page.js; the address is in a field, whole.
      expect(html).toMatch(/<button[^>]*hidden=""[^>]*data-share-copy/);
      expect(html).toContain(`value="${short}"`);
      const scripts = [...html.matchAll(/<script[^>]*src="([^"]+)"/g)].map((match) => match[1]);
      expect(scripts).toEqual(["/page.js"]);
    }
  });

  it("the confirmation page invites the signer to share, with the count that includes them, instead of a raw URL", async () => {
    const { page } = await signAndConfirm("share-ru@example.kz", "ru");
    const count = await confirmed();
    expect(visibleText(page)).toContain("Позовите следующего");
    const telegram = new URL(hrefOf(page, "telegram"));
    expect(telegram.searchParams.get("text")).toMatch(new RegExp(`уже ${count} подпис`));
    expect(page).not.toContain("break-all text-brand-700 underline");
  });
});

describe(`signing without losing people (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("a typo'd mail domain comes back once with the likely address, on the form, with the error count in the title; the fix is used on the next submit", async () => {
    const response = await postForm(petitionUrl("ru"), signer({ email: "aigul.typo@gmial.com" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/<title>\(1 ошибка\) /);
    expect(html).toMatch(/id="sign-summary" tabindex="-1" autofocus=""/);
    expect(html).toContain('href="#sign-email"');
    expect(visibleText(html)).toContain("Может быть, вы имели в виду aigul.typo@gmail.com?");
    expect(app.smtp.mailsTo("aigul.typo@gmial.com")).toHaveLength(0);

    const fixed = await postForm(
      petitionUrl("ru"),
      signer({ email: "aigul.typo@gmial.com", emailSeen: "aigul.typo@gmial.com", emailChoice: "fix" }),
    );
    expect(fixed.status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo("aigul.typo@gmail.com").length === 1);
    expect(app.smtp.mailsTo("aigul.typo@gmial.com")).toHaveLength(0);

    // "No, the address is right": taken as typed, asked only once.
    const kept = await postForm(
      petitionUrl("kk"),
      signer({ email: "rare@mail.ri", emailSeen: "rare@mail.ri", emailChoice: "keep" }),
    );
    expect(kept.status).toBe(303);
    await app.smtp.waitFor(() => app.smtp.mailsTo("rare@mail.ri").length === 1);
  });

  it("several errors: the Kazakh title counts them and the summary links each field", async () => {
    const response = await postForm(petitionUrl("kk"), { name: "", email: "bad", region: "", consent: "" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toMatch(/<title>\(4 қате\) /);
    for (const id of ["sign-name", "sign-email", "sign-region", "sign-consent"])
      expect(html).toContain(`href="#${id}"`);
  });

  it("the check-your-mail page names the masked address from a short-lived signed cookie, never from the URL, with a way to sign again", async () => {
    const response = await postForm(petitionUrl("kk"), signer({ email: "maskme@example.kz" }));
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).not.toContain("maskme");
    const cookie = response.headers.getSetCookie().find((header) => header.startsWith("dauys_sent="))!;
    expect(cookie).toMatch(/Max-Age=900/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).not.toContain("maskme");
    const pair = cookie.split(";")[0];
    const page = await fetchText(`${app.url}${location}`, { headers: { Cookie: pair } });
    expect(page).toContain("Хат мына мекенжайға жіберілді: m•••@example.kz");
    expect(page).toContain("Мекенжай қате ме? Қайта қол қойыңыз");
    // No cookie, a forged one, or another petition's: the page says nothing about any address.
    expect(await fetchText(`${app.url}${location}`)).not.toContain("•••@");
    const forged = pair.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect(await fetchText(`${app.url}${location}`, { headers: { Cookie: forged } })).not.toContain("•••@");
    const other = await fetch(`${app.url}/kk/p/${closedDemoPetition}/check-email`, { headers: { Cookie: pair } });
    expect(visibleText(await other.text())).not.toContain("•••@");
  });

  it("signing again after withdrawing mails what happened and why the address cannot sign again; the page stays the same for everyone", async () => {
    const email = "changed-mind@example.kz";
    const { mail } = await signAndConfirm(email, "ru");
    const link = withdrawLink(mail);
    expect((await postForm(link, {})).status).toBe(200);
    const again = await postForm(petitionUrl("ru"), signer({ email }));
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe(`/ru/p/${demoPetition}/check-email`);
    await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 2);
    const explained = app.smtp.mailsTo(email)[1];
    expect(explained.subject).toContain("подпись с этого адреса была отозвана");
    expect(explained.text).toContain("снова подписать с этого адреса нельзя");
    expect(explained.text).toContain(`${app.url}/ru/p/${demoPetition}`);
    expect(explained.text).not.toMatch(/\/confirm\//);
  });

  it("a withdraw link that never existed answers 404 and a used one 410, with the same helpful page", async () => {
    const unknown = await fetch(`${app.url}/kk/withdraw/${"x".repeat(32)}`);
    expect(unknown.status).toBe(404);
    const unknownText = visibleText(await unknown.text());
    const { mail } = await signAndConfirm("withdraw-twice@example.kz");
    const link = withdrawLink(mail);
    expect((await fetch(link)).status).toBe(200);
    expect((await postForm(link, {})).status).toBe(200);
    const used = await fetch(link);
    expect(used.status).toBe(410);
    const usedText = visibleText(await used.text());
    expect(usedText.replace(/\s+/g, " ")).toBe(unknownText.replace(/\s+/g, " "));
  });
});

describe(`counts a journalist can cite (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("the citation sentence carries the caveat in both languages, and the snapshot is embeddable by oEmbed with its frozen figures", async () => {
    const cited = await postForm(`${app.url}/kk/p/${demoPetition}/cite`, {}, { Origin: app.url });
    expect(cited.status).toBe(303);
    const snapshotPath = cited.headers.get("location")!;
    const id = snapshotPath.split("/").pop()!;
    const kk = await (await fetch(`${app.url}${snapshotPath}`)).text();
    expect(visibleText(kk)).toContain(
      "Қолдар электрондық пошта арқылы расталған; бұл eGov порталындағы ресми электрондық петиция емес.",
    );
    expect(visibleText(kk)).toContain(
      "Подписи подтверждены по электронной почте; это не официальная электронная петиция на портале eGov.",
    );
    expect(kk).toContain('type="application/json+oembed"');

    const frozen = await confirmed();
    const oembed = await fetch(`${app.url}/api/oembed?url=${encodeURIComponent(`${app.url}/ru/s/${id}`)}&format=json`);
    expect(oembed.status).toBe(200);
    const body = (await oembed.json()) as { html: string; type: string };
    expect(body.type).toBe("rich");
    const src = decode(/src="([^"]+)"/.exec(body.html)![1]);
    expect(src).toBe(`${app.url}/embed/${demoPetition}?lang=ru&snapshot=${id}`);
    // The count moves on; the snapshot's embed keeps the cited number and does not go live.
    await signAndConfirm("after-cite@example.kz");
    const embed = await (await fetch(src)).text();
    expect(embed).toContain('data-live="false"');
    expect(decode(embed)).toMatch(new RegExp(`>${frozen} подпис`));
    // The live embed and the snapshot's never share the read cache's entry, in either order.
    const live = `${app.url}/embed/${demoPetition}?lang=ru`;
    for (let round = 0; round < 2; round++) {
      const liveEmbed = await (await fetch(live)).text();
      expect(liveEmbed).not.toContain('data-live="false"');
      expect(liveEmbed).not.toMatch(new RegExp(`>${frozen} подпис`));
      expect(await (await fetch(src)).text()).toContain('data-live="false"');
    }
    expect((await fetch(`${app.url}/api/oembed?url=${encodeURIComponent(`${app.url}/ru/s/nosuchsnap1`)}`)).status).toBe(
      404,
    );
  });

  it("paper signatures stand beside the verified count on the page, the embed and the share image, never added into it", async () => {
    await app.module.addMember({
      email: "paper-org@example.kz",
      organizationSlug: "ashyq-khattama",
      role: "organizer",
    });
    const session = await signIn(app, "paper-org@example.kz");
    const [{ id }] = await app.db.query<{ id: string }>(`SELECT "id" FROM "Publication" WHERE "slug" = $1`, [
      demoPetition,
    ]);
    const before = await confirmed();
    const form = new FormData();
    form.set("csrf", session.csrf);
    const today = new Date(Date.now() + 5 * 3_600_000).toISOString().slice(0, 10);
    for (const [key, value] of Object.entries({
      region: "KZ-75",
      count: "1234",
      collectedFrom: today,
      collectedTo: today,
      note: "",
    }))
      form.set(key, value);
    form.set("scan", new Blob([], { type: "application/octet-stream" }), "");
    const added = await fetch(`${app.url}/kk/workspace/publications/${id}/paper`, {
      method: "POST",
      body: form,
      headers: { Cookie: session.cookie },
      redirect: "manual",
    });
    expect(added.status).toBe(303);
    expect(await confirmed()).toBe(before);
    const kkPage = await (await fetch(petitionUrl("kk"))).text();
    expect(decode(kkPage)).toMatch(/data-testid="paper-total"[^>]*>Қағаздағы қолдар: 1234 \(бөлек саналады\)/);
    expect(decode(kkPage)).toContain(`>${before} қол<`);
    const ruPage = decode(await (await fetch(petitionUrl("ru"))).text());
    expect(ruPage).toContain("Подписи на бумаге: 1234 (учитываются отдельно)");
    const embed = decode(await (await fetch(`${app.url}/embed/${demoPetition}?lang=ru`)).text());
    expect(embed).toContain('<p class="paper">Подписи на бумаге: 1234 (учитываются отдельно)</p>');
    const image = await fetch(`${app.url}/og/${demoPetition}.png?lang=ru`);
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
  });

  it("the page and the embed date the count in Kazakhstan time with its offset, and the time the script rewrites", async () => {
    const page = await (await fetch(petitionUrl("ru"))).text();
    expect(page).toMatch(
      /<time datetime="\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+05:00" data-testid="as-of" data-pattern="по состоянию на #"/i,
    );
    const embed = await (await fetch(`${app.url}/embed/${demoPetition}?lang=kk`)).text();
    expect(embed).toMatch(/<time datetime="[^"]+\+05:00" data-pattern="# жағдайы бойынша"/);
  });

  it("list pages find petitions by region and by popularity, without JavaScript", async () => {
    const popular = await (await fetch(`${app.url}/ru/petitions?sort=popular`)).text();
    const cards = [...popular.matchAll(/href="\/ru\/p\/([^"#?]+)"/g)].map((match) => match[1]);
    const counts = await Promise.all([...new Set(cards)].map((slug) => confirmed(slug)));
    expect(counts.length).toBeGreaterThan(1);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    expect(popular).toContain('<option value="popular" selected="">');
    const region = await fetch(`${app.url}/kk/petitions?region=KZ-75&sort=newest`);
    expect(region.status).toBe(200);
    expect(await region.text()).toContain('<option value="KZ-75" selected="">');
    expect((await fetch(`${app.url}/kk/petitions?region=KZ-99`)).status).toBe(400);
    expect((await fetch(`${app.url}/kk/petitions?sort=loudest`)).status).toBe(400);
  });
});
