// PostgreSQL only: several app instances share one database (SQLite is one instance per file).
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, freePort, startTestApp, type TestApp } from "../support/app.ts";
import { openStream, signAndGetLink } from "../support/live.ts";

let app: TestApp;
let second: ChildProcess | undefined;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => {
  second?.kill("SIGTERM");
  await app?.close();
});

describe("several app instances on one PostgreSQL database", () => {
  it("reaches streams on another app instance sharing the PostgreSQL database", async () => {
    const port = await freePort();
    second = spawn(process.execPath, ["server.js"], {
      env: { ...process.env, ...app.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SEED_DEMO: "never" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const otherUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 20_000;
    while (!(await fetch(`${otherUrl}/healthz`).then((response) => response.ok).catch(() => false))) {
      if (Date.now() > deadline) throw new Error("second instance did not start");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const stream = await openStream(`${otherUrl}/api/v1/petitions/${demoPetition}/events`);
    const { event: first } = await stream.next(() => true, 2_000);
    await fetch(await signAndGetLink(app, "live2@example.kz", "KZ-10"));
    const { ms } = await stream.next((candidate) => candidate.confirmed === first.confirmed + 1, 2_000);
    expect(ms).toBeLessThan(2_000);
    await stream.close();
  });
});
