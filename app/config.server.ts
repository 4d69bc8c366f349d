// Configuration comes from the environment, validated once at start. Every variable has a
// default that makes `npm start` work on a fresh clone; production demands real values.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { dirname, resolve } from "node:path";
import { z } from "zod";
import {
  COSIGNATURE_V1,
  ED25519,
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
} from "~/lib/signed-note.server.ts";

const durationSchema = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, "use a number with ms, s, m, h or d, e.g. 7d")
  .transform((value) => {
    const [, amount, unit] = /^(\d+)(ms|s|m|h|d)$/.exec(value)!;
    const units = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
    return Number(amount) * units[unit as keyof typeof units];
  });

const rateSchema = z
  .string()
  .regex(/^\d+\/\d+(ms|s|m|h|d)$/, "use hits/duration, e.g. 5/60s")
  .transform((value) => {
    const [limit, window] = value.split("/");
    return { limit: Number(limit), windowMs: durationSchema.parse(window) };
  });

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((url) => !url || /^(file:|postgres(ql)?:\/\/)/.test(url), "must start with file: or postgres://"),
  // PostgreSQL only: a direct connection for what a transaction pooler (PgBouncer) cannot carry.
  DATABASE_DIRECT_URL: z
    .string()
    .optional()
    .refine((url) => !url || /^postgres(ql)?:\/\//.test(url), "must start with postgres://"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Proxies whose X-Forwarded-For/-Proto are believed: Express's names or addresses/CIDRs, comma-separated.
  TRUST_PROXY: z
    .string()
    .default("loopback")
    .refine(
      (value) =>
        value
          .split(",")
          .map((item) => item.trim())
          .every(
            (item) =>
              ["loopback", "linklocal", "uniquelocal"].includes(item) ||
              (isIP(item.split("/")[0]) !== 0 && /^[^/]+(\/\d{1,3})?$/.test(item)),
          ),
      "use loopback, linklocal, uniquelocal or IP addresses/CIDR ranges, comma-separated",
    ),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  SMTP_URL: z
    .string()
    .optional()
    .refine((url) => !url || /^smtps?:\/\//.test(url), "must start with smtp:// or smtps://"),
  MAIL_FROM: z.string().default("Dauys <no-reply@dauys.localhost>"),
  SESSION_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  CONFIRM_TOKEN_TTL: durationSchema.default(7 * 86_400_000),
  CONFIRM_GRACE_AFTER_CLOSE: durationSchema.default(3 * 86_400_000),
  OUTBOX_RETRY_BASE: durationSchema.default(5_000),
  OUTBOX_POLL: durationSchema.default(1_000),
  RATE_LIMITS: z.enum(["on", "off"]).default("on"),
  SIGN_FLAG_BURST: rateSchema.default({ limit: 5, windowMs: 60_000 }),
  SIGN_FLAG_SUSTAINED: rateSchema.default({ limit: 20, windowMs: 3_600_000 }),
  SIGN_BLOCK: rateSchema.default({ limit: 100, windowMs: 600_000 }),
  RESEND_BLOCK: rateSchema.default({ limit: 10, windowMs: 600_000 }),
  SIGN_REQUESTER_BLOCK: rateSchema.default({ limit: 300, windowMs: 3_600_000 }),
  MAILBOX_MAIL_HOURLY: rateSchema.default({ limit: 10, windowMs: 3_600_000 }),
  MAILBOX_MAIL_DAILY: rateSchema.default({ limit: 20, windowMs: 86_400_000 }),
  SIGNIN_MAIL_REQUESTER: rateSchema.default({ limit: 5, windowMs: 3_600_000 }),
  SIGNIN_MAIL_IP: rateSchema.default({ limit: 20, windowMs: 3_600_000 }),
  SIGNIN_MAIL_ADDRESS: rateSchema.default({ limit: 10, windowMs: 3_600_000 }),
  SIGNIN_CODE_TRIES: z.coerce
    .number()
    .int()
    .min(1, "at least 1 try per code")
    .max(10, "at most 10 tries per code")
    .default(5),
  SIGNIN_CODE_IP: rateSchema.default({ limit: 30, windowMs: 3_600_000 }),
  // Citizen petitions (decision 040).
  SUPPORTERS_NEEDED: z.coerce.number().int().min(0, "at least 0").max(1000, "at most 1000").default(5),
  CITIZEN_START_EMAIL: rateSchema.default({ limit: 3, windowMs: 86_400_000 }),
  CITIZEN_START_IP: rateSchema.default({ limit: 10, windowMs: 3_600_000 }),
  CITIZEN_PENDING_MAX: z.coerce.number().int().min(1, "at least 1").max(100, "at most 100").default(3),
  SIGNIN_KNOWN_BROWSER: durationSchema.default(180 * 86_400_000),
  IP_HASH_RETENTION: durationSchema.default(30 * 86_400_000),
  READ_CACHE: durationSchema.default(5_000),
  PAGE_CACHE: durationSchema.default(2_000),
  MEMORY_RELEASE_IDLE: durationSchema.default(10_000),
  LIVE_STREAMS_PER_IP: z.coerce.number().int().min(1, "at least 1").max(10_000, "at most 10000").default(8),
  OUTBOX_RETENTION: durationSchema.default(7 * 86_400_000),
  UPDATE_MAIL_RATE: z.coerce
    .number()
    .int()
    .min(1, "at least 1 mail per minute")
    .max(60_000, "at most 60000 mails per minute")
    .default(600),
  DISPOSABLE_EMAILS: z.enum(["reject", "allow"]).default("reject"),
  SEED_DEMO: z.enum(["auto", "never"]).default("auto"),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // The site's signed log (docs/ledger.md, "The witnessed log"; decision 035).
  LOG_SIGNING_KEY: z
    .string()
    .optional()
    .refine(
      (key) => !key || validKey(() => parseSignerKey(key).type === ED25519),
      "must be PRIVATE+KEY+<name>+<key ID>+<base64> of an Ed25519 key (npm run log-key -- <name>)",
    ),
  LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, "no spaces and no '+', e.g. dauys.example.kz/log")
    .optional(),
  CHECKPOINT_INTERVAL: durationSchema.default(10_000),
  LOG_SEQUENCE_EVERY: durationSchema.default(1_000),
  WITNESS_KEYS: z
    .string()
    .default("")
    .transform((text) => text.split(/[\s,]+/).filter(Boolean))
    .refine(
      (keys) => keys.every((key) => validKey(() => parseVerifierKey(key).type === COSIGNATURE_V1)),
      "a space- or comma-separated list of witness keys <name>+<key ID>+<base64(0x04 || public key)>",
    ),
});

const validKey = (check: () => boolean) => {
  try {
    return check();
  } catch {
    return false;
  }
};

export type Config = ReturnType<typeof loadConfig>;

export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}\nSee .env.example and the README.`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const dataDir = resolve(e.DATA_DIR);
  const missing = [
    !e.SESSION_SECRET && "SESSION_SECRET: required when NODE_ENV=production (at least 32 random characters)",
    !e.SMTP_URL && "SMTP_URL: required when NODE_ENV=production (the development outbox only writes files)",
    !e.PUBLIC_URL && "PUBLIC_URL: required when NODE_ENV=production (the base of every link in mail)",
    !e.LOG_SIGNING_KEY &&
      "LOG_SIGNING_KEY: required when NODE_ENV=production (the log's signing key: npm run log-key -- <name>)",
  ].filter(Boolean);
  if (production && missing.length) throw new Error(`Invalid configuration:\n  ${missing.join("\n  ")}`);
  const databaseUrl = e.DATABASE_URL ?? `file:${resolve(dataDir, "dauys.db")}`;
  if (e.DATABASE_DIRECT_URL && databaseUrl.startsWith("file:"))
    throw new Error(
      "Invalid configuration:\n  DATABASE_DIRECT_URL: only with a postgres:// DATABASE_URL (SQLite has no pooler)",
    );
  const databaseDirectUrl = e.DATABASE_DIRECT_URL ?? databaseUrl;
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, "");
  const logSigningKey = e.LOG_SIGNING_KEY ?? devLogKey(dataDir, `${new URL(publicUrl).host}/log`);
  return {
    production,
    dataDir,
    databaseUrl,
    /**
     * The direct PostgreSQL connection: LISTEN for live counts and the session advisory lock of
     * migrations, which a transaction pooler cannot carry. Same as databaseUrl unless set.
     */
    databaseDirectUrl,
    /** DATABASE_URL goes through a transaction pooler: no named prepared statements on it. */
    databasePooled: databaseDirectUrl !== databaseUrl,
    database: databaseUrl.startsWith("file:") ? ("sqlite" as const) : ("postgres" as const),
    port: e.PORT,
    trustProxy: e.TRUST_PROXY.split(",").map((item) => item.trim()),
    publicUrl,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    sessionSecret: e.SESSION_SECRET ?? devSecret(dataDir),
    confirmTokenTtlMs: e.CONFIRM_TOKEN_TTL,
    confirmGraceAfterCloseMs: e.CONFIRM_GRACE_AFTER_CLOSE,
    outboxRetryBaseMs: e.OUTBOX_RETRY_BASE,
    outboxPollMs: e.OUTBOX_POLL,
    rateLimits: e.RATE_LIMITS === "on",
    signFlagBurst: e.SIGN_FLAG_BURST,
    signFlagSustained: e.SIGN_FLAG_SUSTAINED,
    signBlock: e.SIGN_BLOCK,
    resendBlock: e.RESEND_BLOCK,
    signRequesterBlock: e.SIGN_REQUESTER_BLOCK,
    mailboxMailHourly: e.MAILBOX_MAIL_HOURLY,
    mailboxMailDaily: e.MAILBOX_MAIL_DAILY,
    signinMailRequester: e.SIGNIN_MAIL_REQUESTER,
    signinMailIp: e.SIGNIN_MAIL_IP,
    supportersNeeded: e.SUPPORTERS_NEEDED,
    citizenStartEmail: e.CITIZEN_START_EMAIL,
    citizenStartIp: e.CITIZEN_START_IP,
    citizenPendingMax: e.CITIZEN_PENDING_MAX,
    signinMailAddress: e.SIGNIN_MAIL_ADDRESS,
    signinCodeTries: e.SIGNIN_CODE_TRIES,
    signinCodeIp: e.SIGNIN_CODE_IP,
    signinKnownBrowserMs: e.SIGNIN_KNOWN_BROWSER,
    ipHashRetentionMs: e.IP_HASH_RETENTION,
    readCacheMs: e.READ_CACHE,
    pageCacheMs: e.PAGE_CACHE,
    /** Quiet time (no request) after which memory grown under load is given back (decision 053); 0 = never. */
    memoryReleaseIdleMs: e.MEMORY_RELEASE_IDLE,
    liveStreamsPerIp: e.LIVE_STREAMS_PER_IP,
    outboxRetentionMs: e.OUTBOX_RETENTION,
    updateMailRatePerMinute: e.UPDATE_MAIL_RATE,
    rejectDisposableEmails: e.DISPOSABLE_EMAILS === "reject",
    seedDemo: !production && e.SEED_DEMO === "auto",
    logLevel: e.LOG_LEVEL,
    metricsPort: e.METRICS_PORT,
    metricsToken: e.METRICS_TOKEN,
    logSigningKey,
    logOrigin: e.LOG_ORIGIN ?? parseSignerKey(logSigningKey).name,
    checkpointIntervalMs: e.CHECKPOINT_INTERVAL,
    logSequenceEveryMs: Math.max(50, e.LOG_SEQUENCE_EVERY),
    witnessKeys: e.WITNESS_KEYS,
  };
}

/** Outside production a secret is generated once and kept, so sessions survive restarts. */
function devSecret(dataDir: string) {
  const path = resolve(dataDir, "session-secret");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const secret = randomBytes(32).toString("hex");
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, secret + "\n", { mode: 0o600 });
  return secret;
}

/** Outside production the log's signing key is generated once and kept, like the session secret. */
function devLogKey(dataDir: string, name: string) {
  const path = resolve(dataDir, "log-signing-key");
  if (existsSync(path)) return readFileSync(path, "utf8").trim();
  const key = generateSignerKey(name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, key + "\n", { mode: 0o600 });
  return key;
}

let current: Config | undefined;

export function config(): Config {
  current ??= loadConfig();
  return current;
}

/** Tests and the boot sequence may set the configuration explicitly. */
export function setConfig(next: Config) {
  current = next;
}
