import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, freePort, startTestApp, type TestApp } from "../support/app.ts";
import { waitForHttp } from "../support/wait.ts";

let app: TestApp;
const token = "metrics-token-for-tests-0123456789";
beforeAll(async () => {
  app = await startTestApp({ env: { METRICS_TOKEN: token } });
});
afterAll(async () => app?.close());

describe(`operations (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("answers health and readiness probes, and tags responses with a request id", async () => {
    expect(await (await fetch(`${app.url}/healthz`)).text()).toBe("ok\n");
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await fetch(`${app.url}/healthz`, { headers: { "X-Request-Id": "abc.123" } })).headers.get("x-request-id"),
    ).toBe("abc.123");
  });

  it("shows Prometheus metrics only with the bearer token", async () => {
    expect((await fetch(`${app.url}/metrics`)).status).toBe(404);
    expect((await fetch(`${app.url}/metrics`, { headers: { Authorization: "Bearer wrong" } })).status).toBe(404);
    const metrics = await (await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text();
    expect(metrics).toMatch(/dauys_http_requests_total\{method="GET",status="2xx"\} \d+/);
    expect(metrics).toContain("dauys_outbox_queued");
    expect(metrics).toContain("dauys_live_streams");
    expect(metrics).not.toMatch(/@example|127\.0\.0\.1/);
  });

  it("counts count reads answered from memory in the metrics", async () => {
    const hits = async () =>
      Number(
        /dauys_read_cache_hits_total (\d+)/.exec(
          await (await fetch(`${app.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } })).text(),
        )?.[1],
      );
    const before = await hits();
    // The first read fills the cache (unless an earlier one did), the next three are answered from it.
    for (let i = 0; i < 4; i++) expect((await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).status).toBe(200);
    expect(await hits()).toBeGreaterThanOrEqual(before + 3);
    expect(await hits()).toBeLessThanOrEqual(before + 4);
  });

  it("shuts down on SIGTERM: finishes what is in flight, ends open streams, exits 0", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["server.js"], {
      env: {
        ...process.env,
        ...app.env,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SEED_DEMO: "never",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = `http://127.0.0.1:${port}`;
    await waitForHttp(`${url}/healthz`);
    const stream = await fetch(`${url}/api/v1/petitions/${demoPetition}/events`);
    const reader = stream.body!.getReader();
    await reader.read();
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const started = Date.now();
    child.kill("SIGTERM");
    // The open stream is ended by the server, not left hanging.
    for (;;) {
      const { done } = await reader.read().catch(() => ({ done: true }));
      if (done) break;
    }
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(
      await fetch(`${url}/healthz`).then(
        () => "answered",
        () => "refused",
      ),
    ).toBe("refused");
  });
});
