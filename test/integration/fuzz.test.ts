// Generated hostile input: over a thousand form posts and query strings. The app must answer each
// with a success or a translated 4xx — never a 5xx — and never echo live markup.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, rawPost, startTestApp, visibleText, type TestApp } from "../support/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off", LOG_LEVEL: "error" } });
});
afterAll(async () => app?.close());

function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

const fragments = [
  "<script>alert(1)</script>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "' OR 1=1 --",
  '\'; DROP TABLE "Signature"; --',
  "\r\nBcc: victim@example.kz",
  "%0d%0aSet-Cookie:x=1",
  "\u0000",
  "\u0007\u001b[2J",
  "\ud800",
  "\u202e",
  "\ufeff",
  "😀",
  "Ω≈ç√",
  "Қазақстан",
  "Проверка",
  "{{7*7}}",
  "${process.exit()}",
  "../../etc/passwd",
  "%FF%FE",
  "%E0%A4%A",
  "A".repeat(300),
  "9".repeat(40),
  "KZ-75",
  "KZ-99",
  "abroad",
  "on",
  "true",
  "",
  " ",
  "null",
  "undefined",
  "[object Object]",
  "aigul@example.kz",
  "@",
  "a@b",
  "x@mailinator.com",
];

describe(`fuzzing forms and query strings (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("answers 1000+ generated hostile requests with no 5xx and no live markup", async () => {
    const rand = random(424242);
    const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
    const value = () =>
      Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(fragments)).join(pick(["", " ", "&", "=", "%"]));
    const fields = [
      "name",
      "email",
      "region",
      "consent",
      "public",
      "updates",
      "website",
      "started",
      "petition",
      pick(["x", "__proto__", "constructor", "name[]"]),
    ];
    const failures: string[] = [];
    let requests = 0;
    let translated4xx = 0;
    const translatedKk =
      /Формада \d+ қате|Сұраныс дұрыс емес|Бет табылмады|Сілтеме жарамсыз|Тым көп әрекет|Петицияны таңдаңыз|мекенжайы дұрыс емес|поштаңызды жазыңыз/;
    const translatedRu =
      /В форме \d+ ошиб|Неверный запрос|Страница не найдена|Ссылка недействительна|Слишком много попыток|Выберите петицию|Неверный адрес|Укажите электронную почту/;

    for (let index = 0; index < 1_000; index++) {
      const lang = pick(["kk", "ru"]);
      const form = new URLSearchParams();
      for (const field of fields) if (rand() < 0.8) form.append(field, value());
      if (rand() < 0.3) form.set("email", `fuzz${index}@example.kz`);
      if (rand() < 0.3) form.set("consent", "on");
      let body = form.toString();
      if (rand() < 0.1) body = body.replace(/%[0-9A-F]{2}/, "%G0"); // broken escapes
      if (rand() < 0.05) body = "A".repeat(20_000 + Math.floor(rand() * 20_000)); // oversize
      const target = pick([
        `/${lang}/p/${demoPetition}`,
        `/${lang}/confirm`,
        `/${lang}/p/${demoPetition}/check-email`,
        `/${lang}/withdraw/${"A".repeat(32)}`,
        `/${lang}/p/${encodeURIComponent(value().toWellFormed())}`,
      ]);
      const contentType = pick([
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=utf-8",
        "text/plain",
        "multipart/form-data; boundary=zz",
        "application/json",
      ]);
      const result = await rawPost(`${app.url}${target}`, body, { "Content-Type": contentType });
      requests++;
      if (result.status >= 500) failures.push(`POST ${target} [${contentType}] → ${result.status}`);
      if (/<script>alert|<svg onload/.test(result.text)) failures.push(`POST ${target} echoed markup`);
      if (result.status >= 400 && result.status < 500) {
        // Every refusal is explained in the page's language.
        const explained = (lang === "kk" ? translatedKk : translatedRu).test(visibleText(result.text));
        if (explained) translated4xx++;
        else
          failures.push(
            `POST ${target} → ${result.status} without a ${lang} explanation: ${visibleText(result.text).slice(0, 120)}`,
          );
      }
    }

    const queries = [
      (v: string) => `/kk/p/${demoPetition}?signers=${encodeURIComponent(v.toWellFormed())}`,
      (v: string) =>
        `/ru/receipt?petition=${encodeURIComponent(v.toWellFormed())}&id=${encodeURIComponent(v.toWellFormed())}`,
      (v: string) => `/api/v1/petitions/${encodeURIComponent(v.toWellFormed())}`,
      (v: string) => `/api/v1/petitions/${demoPetition}/ledger?after=${encodeURIComponent(v.toWellFormed())}`,
      (v: string) => `/${encodeURIComponent(v.toWellFormed())}`,
      (v: string) => `/kk/${encodeURIComponent(v.toWellFormed())}`,
      (v: string) => `/ru/confirm/${encodeURIComponent(v.toWellFormed())}`,
      (v: string) => `/kk/p/${demoPetition}?${v}`,
    ];
    for (let index = 0; index < 400; index++) {
      const path = pick(queries)(value());
      const response = await fetch(`${app.url}${path}`).catch((error) => ({
        status: 599,
        text: async () => String(error),
      }));
      requests++;
      const text = await response.text();
      if (response.status >= 500) failures.push(`GET ${path.slice(0, 80)} → ${response.status}`);
      if (/<script>alert|<svg onload/.test(text)) failures.push(`GET ${path.slice(0, 80)} echoed markup`);
    }

    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThanOrEqual(1_400);
    expect(translated4xx).toBeGreaterThan(300);
    // Whatever got stored is clean enough to show: the page with public signers renders.
    const page = await fetch(`${app.url}/kk/p/${demoPetition}`);
    expect(page.status).toBe(200);
  }, 180_000);
});
