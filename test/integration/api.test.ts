import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { regionCodes } from "~/data/regions.ts";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
  const email = "api.signer@example.kz";
  await postForm(
    `${app.url}/kk/p/${demoPetition}`,
    signer({ email, name: "Әлия Апиева", region: "abroad", public: "on" }),
  );
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  await pressConfirm(confirmLink(app.smtp.mailsTo(email)[0]));
});
afterAll(async () => app?.close());

describe(`public JSON API (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("lists petitions with titles in both languages, counts, goals and links, open to any origin", async () => {
    const response = await fetch(`${app.url}/api/v1/petitions`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as { petitions: Record<string, unknown>[] };
    const petition = body.petitions.find((item) => item.slug === demoPetition)!;
    expect(Object.keys(petition)).toEqual(
      expect.arrayContaining(["confirmed", "goal", "kind", "slug", "status", "title", "url"]),
    );
    expect(petition).toMatchObject({ kind: "petition", status: "open", confirmed: 1, goal: 10000 });
    expect(petition.title).toEqual({ kk: expect.any(String), ru: expect.any(String) });
    expect(petition.url).toEqual({ kk: `${app.url}/kk/p/${demoPetition}`, ru: `${app.url}/ru/p/${demoPetition}` });
    expect(body.petitions.every((item) => item.kind === "petition")).toBe(true);
  });

  it("gives one petition with all 21 region buckets, abroad included", async () => {
    const response = await fetch(`${app.url}/api/v1/petitions/${demoPetition}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      regions: { code: string; confirmed: number }[];
      confirmed: number;
      updatedAt: string;
      deadline: string | null;
    };
    expect(body.regions.map((region) => region.code)).toEqual(regionCodes);
    expect(body.regions).toHaveLength(21);
    expect(body.regions.find((region) => region.code === "abroad")!.confirmed).toBe(1);
    expect(body.confirmed).toBe(body.regions.reduce((sum, region) => sum + region.confirmed, 0));
    expect(Number.isNaN(Date.parse(body.updatedAt))).toBe(false);
    expect(body).toHaveProperty("deadline");
  });

  it("answers unknown slugs with a JSON 404", async () => {
    const response = await fetch(`${app.url}/api/v1/petitions/no-such-thing`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(((await response.json()) as { error: { status: number } }).error.status).toBe(404);
    expect((await fetch(`${app.url}/api/v1/petitions/position-before-elections`)).status).toBe(404);
  });

  it("contains no personal data: no names, emails or addresses of signers", async () => {
    const texts = await Promise.all(
      [`${app.url}/api/v1/petitions`, `${app.url}/api/v1/petitions/${demoPetition}`].map(async (url) =>
        (await fetch(url)).text(),
      ),
    );
    for (const text of texts) {
      expect(text).not.toContain("Әлия");
      expect(text).not.toContain("api.signer");
      expect(text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
    }
  });
});
