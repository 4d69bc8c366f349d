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
});
