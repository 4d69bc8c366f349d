import { describe, expect, it } from "vitest";
import { loadConfig } from "~/config.server.ts";
import { generateSignerKey } from "~/lib/signed-note.server.ts";

const base = { DATA_DIR: "/tmp/dauys-config-test" };

describe("configuration", () => {
  it("works with nothing set: SQLite under ./data, port 3000, dev outbox", () => {
    const config = loadConfig({ ...base });
    expect(config.database).toBe("sqlite");
    expect(config.databaseUrl).toBe("file:/tmp/dauys-config-test/dauys.db");
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe("http://localhost:3000");
    expect(config.smtpUrl).toBeUndefined();
    expect(config.sessionSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(loadConfig({ ...base }).sessionSecret).toBe(config.sessionSecret);
    expect(config.seedDemo).toBe(true);
    expect(config.confirmTokenTtlMs).toBe(7 * 86_400_000);
    // The log's signing key is generated once into the data folder, named after the site.
    expect(config.logSigningKey).toMatch(/^PRIVATE\+KEY\+localhost:3000\/log\+[0-9a-f]{8}\+/);
    expect(loadConfig({ ...base }).logSigningKey).toBe(config.logSigningKey);
    expect(config.checkpointIntervalMs).toBe(10_000);
    expect(config.witnessKeys).toEqual([]);
  });

  it("refuses a malformed log key or witness key", () => {
    expect(() => loadConfig({ ...base, LOG_SIGNING_KEY: "PRIVATE+KEY+x+00000000+AAAA" })).toThrow(/LOG_SIGNING_KEY/);
    expect(() => loadConfig({ ...base, WITNESS_KEYS: "newsroom.example/w+00000000+BAAA" })).toThrow(/WITNESS_KEYS/);
    expect(() => loadConfig({ ...base, LOG_ORIGIN: "has space" })).toThrow(/LOG_ORIGIN/);
  });

  it("selects PostgreSQL from a postgres:// URL and reads durations", () => {
    const config = loadConfig({
      ...base,
      DATABASE_URL: "postgres://u@db:5432/dauys",
      CONFIRM_TOKEN_TTL: "36h",
      PORT: "8080",
    });
    expect(config.database).toBe("postgres");
    expect(config.confirmTokenTtlMs).toBe(36 * 3_600_000);
    expect(config.publicUrl).toBe("http://localhost:8080");
  });

  it("keeps LISTEN and migrations on DATABASE_DIRECT_URL when DATABASE_URL goes through a pooler", () => {
    const direct = loadConfig({ ...base, DATABASE_URL: "postgres://u@db:5432/dauys" });
    expect(direct.databaseDirectUrl).toBe("postgres://u@db:5432/dauys");
    expect(direct.databasePooled).toBe(false);
    const pooled = loadConfig({
      ...base,
      DATABASE_URL: "postgres://u@127.0.0.1:6432/dauys",
      DATABASE_DIRECT_URL: "postgres://u@db:5432/dauys",
    });
    expect(pooled.databaseUrl).toBe("postgres://u@127.0.0.1:6432/dauys");
    expect(pooled.databaseDirectUrl).toBe("postgres://u@db:5432/dauys");
    expect(pooled.databasePooled).toBe(true);
    expect(() => loadConfig({ ...base, DATABASE_DIRECT_URL: "postgres://u@db:5432/dauys" })).toThrow(
      /DATABASE_DIRECT_URL: only with a postgres:\/\/ DATABASE_URL/,
    );
    expect(() =>
      loadConfig({ ...base, DATABASE_URL: "postgres://u@db/dauys", DATABASE_DIRECT_URL: "file:x.db" }),
    ).toThrow(/DATABASE_DIRECT_URL: must start with postgres:\/\//);
  });

  it("trusts X-Forwarded-* from loopback unless TRUST_PROXY names the proxies", () => {
    expect(loadConfig({ ...base }).trustProxy).toEqual(["loopback"]);
    expect(loadConfig({ ...base, TRUST_PROXY: "loopback, 10.0.0.0/8,192.0.2.7" }).trustProxy).toEqual([
      "loopback",
      "10.0.0.0/8",
      "192.0.2.7",
    ]);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ ...base, TRUST_PROXY: "everyone" })).toThrow(/TRUST_PROXY/);
  });

  it("names every bad variable in one clear message", () => {
    expect(() =>
      loadConfig({
        ...base,
        DATABASE_URL: "mysql://x",
        PORT: "http",
        SMTP_URL: "mail.example.kz",
        CONFIRM_TOKEN_TTL: "week",
      }),
    ).toThrow(
      /DATABASE_URL: must start with file: or postgres:\/\/[\s\S]*PORT[\s\S]*SMTP_URL: must start with smtp:\/\/ or smtps:\/\/[\s\S]*CONFIRM_TOKEN_TTL/,
    );
  });

  it("refuses to start in production without a real secret, and never seeds demo content there", () => {
    expect(() => loadConfig({ ...base, NODE_ENV: "production" })).toThrow(
      /SESSION_SECRET: required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ ...base, NODE_ENV: "production", SESSION_SECRET: "short" })).toThrow(
      /at least 32 characters/,
    );
    expect(() => loadConfig({ ...base, NODE_ENV: "production", SESSION_SECRET: "x".repeat(40) })).toThrow(
      /SMTP_URL: required[\s\S]*PUBLIC_URL: required[\s\S]*LOG_SIGNING_KEY: required/,
    );
    const production = loadConfig({
      ...base,
      NODE_ENV: "production",
      SESSION_SECRET: "x".repeat(40),
      SMTP_URL: "smtp://127.0.0.1:25",
      PUBLIC_URL: "https://dauys.example.kz",
      LOG_SIGNING_KEY: generateSignerKey("dauys.example.kz/log"),
    });
    expect(production.seedDemo).toBe(false);
    expect(production.logOrigin).toBe("dauys.example.kz/log");
  });

  it("limits sign-in per requester by default, and reads the SIGNIN_* settings", () => {
    const defaults = loadConfig({ ...base });
    expect(defaults.signinMailRequester).toEqual({ limit: 5, windowMs: 3_600_000 });
    expect(defaults.signinMailIp).toEqual({ limit: 20, windowMs: 3_600_000 });
    expect(defaults.signinMailAddress).toEqual({ limit: 10, windowMs: 3_600_000 });
    expect(defaults.signinCodeTries).toBe(5);
    expect(defaults.signinCodeIp).toEqual({ limit: 30, windowMs: 3_600_000 });
    expect(defaults.signinKnownBrowserMs).toBe(180 * 86_400_000);
    const set = loadConfig({
      ...base,
      SIGNIN_MAIL_ADDRESS: "30/1d",
      SIGNIN_CODE_TRIES: "3",
      SIGNIN_KNOWN_BROWSER: "30d",
    });
    expect(set.signinMailAddress).toEqual({ limit: 30, windowMs: 86_400_000 });
    expect(set.signinCodeTries).toBe(3);
    expect(set.signinKnownBrowserMs).toBe(30 * 86_400_000);
    expect(() => loadConfig({ ...base, SIGNIN_CODE_TRIES: "0", SIGNIN_CODE_IP: "lots" })).toThrow(
      /SIGNIN_CODE_TRIES: at least 1 try per code[\s\S]*SIGNIN_CODE_IP: use hits\/duration/,
    );
  });
});
