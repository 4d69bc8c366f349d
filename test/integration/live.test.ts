import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, startTestApp, type TestApp } from "../support/app.ts";
import { openStream, signAndGetLink } from "../support/live.ts";
import { pressConfirm } from "../support/smtp-sink.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => {
  await app?.close();
});

describe(`live counts (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("pushes the new total and its region to an open stream within 2 seconds of a confirmation", async () => {
    const stream = await openStream(`${app.url}/api/v1/petitions/${demoPetition}/events`);
    const { event: first } = await stream.next(() => true, 2_000);
    const link = await signAndGetLink(app, "live@example.kz", "KZ-47");
    await pressConfirm(link);
    const { event, ms } = await stream.next((candidate) => candidate.confirmed === first.confirmed + 1, 2_000);
    expect(ms).toBeLessThan(2_000);
    expect(event.regions.find((region) => region.code === "KZ-47")!.confirmed).toBe(
      first.regions.find((region) => region.code === "KZ-47")!.confirmed + 1,
    );
    await stream.close();
  });
});
