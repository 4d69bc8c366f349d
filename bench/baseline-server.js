#!/usr/bin/env node
// The baseline of `npm run bench`: the same work as the app's hot paths, written as bare
// node:http + the raw database driver (no Express, no Remix, no React, no Prisma). It runs in
// its own process, like the app, against a database the app migrated and seeded, and writes the
// same rows in the same transactions with the same durability settings:
//
//   POST /<lang>/p/<slug>         sign: Signature + LedgerEntry `sign` (hash-chained) + RegionCount (pending+1) + two SignatureToken
//                                 + OutboxMessage, one transaction; 303 to the check-email page
//   POST /<lang>/confirm/<token>  confirm (the page's button): token lookup; Signature → confirmed, LedgerHead/LedgerEntry
//                                 appended (hash-chained), RegionCount moved, token used,
//                                 withdraw token issued, one transaction; then live broadcast
//   GET  /api/v1/petitions/<slug>/events   server-sent events: counts now and after every confirm
//   GET  /api/v1/petitions/<slug>, /badge/<slug>.svg, /<lang>/p/<slug>: static bytes (PUT /__static/…)
//   GET  /__links?n=N             confirmation links from queued outbox rows (mail is not sent)
//
// Environment: PORT, DATABASE_URL (file:… or postgres://…), SESSION_SECRET, PUBLIC_URL.
import Database from "better-sqlite3";
import { createHash, createHmac, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { gzipSync } from "node:zlib";
import pg from "pg";

const port = Number(process.env.PORT ?? 3100);
const databaseUrl = process.env.DATABASE_URL ?? "";
const secret = process.env.SESSION_SECRET ?? "bench-secret-bench-secret-bench-secret";
const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;
const regionCodes = new Set([
  ...JSON.parse(readFileSync(new URL("../app/data/kz-regions.json", import.meta.url), "utf8")).map(
    (/** @type {{code: string}} */ r) => r.code,
  ),
  "abroad",
]);
const GENESIS = "0".repeat(64);
const CONFIRM_TTL_MS = 7 * 86_400_000;
const WITHDRAW_TTL_MS = 400 * 86_400_000;

const keyedHash = (/** @type {string} */ value) =>
  createHmac("sha256", secret).update(value).digest("base64url").slice(0, 32);
const sha256 = (/** @type {string} */ value) => createHash("sha256").update(value).digest("hex");
const newToken = () => randomBytes(24).toString("base64url");
const minute = (/** @type {Date} */ at) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);

/** About the size of the app's confirmation mail (text ≈ 0.8 KB, HTML ≈ 2.3 KB). */
function confirmationMail(
  /** @type {{ name: string, email: string, slug: string, confirm: string, withdraw: string, receipt: string }} */ m,
) {
  const confirmUrl = `${publicUrl}/kk/confirm/${m.confirm}`;
  const withdrawUrl = `${publicUrl}/kk/withdraw/${m.withdraw}`;
  const text = [
    `Сәлеметсіз бе, ${m.name}!`,
    "",
    `Сіз «${m.slug}» петициясына қол қойдыңыз. Қолыңыз есептелуі үшін оны растаңыз:`,
    "",
    confirmUrl,
    "",
    "Сілтеме 7 күн жарамды. Егер сіз қол қоймаған болсаңыз, бұл хатты елемеңіз.",
    `Түбіртек: ${m.receipt}`,
    `Қолыңызды кері қайтару: ${withdrawUrl}`,
    "",
    "Дауыс — электрондық поштамен расталған қоғамдық қолдау. Бұл ресми электрондық петиция емес.".repeat(3),
  ].join("\n");
  const html = `<!doctype html><html><body><p>Сәлеметсіз бе, ${m.name}!</p><p><a href="${confirmUrl}">Растау</a></p>${"<p>Дауыс — электрондық поштамен расталған қоғамдық қолдау.</p>".repeat(20)}<p><a href="${withdrawUrl}">Кері қайтару</a></p></body></html>`;
  return { kind: "confirm", to: m.email, subject: "Қолыңызды растаңыз — Дауыс", text, html };
}

// ---------------------------------------------------------------------------------------------
// Storage: the same statements on both databases; SQLite synchronous (better-sqlite3), PostgreSQL
// through a pg Pool of the app's size (10).

/**
 * @typedef {{ name: string, email: string, region: string, locale: string, ipHash: string }} SignInput
 * @typedef {{
 *   petition(slug: string): Promise<{ id: string, status: string } | undefined>,
 *   sign(petitionId: string, slug: string, input: SignInput): Promise<"created" | "duplicate">,
 *   confirm(tokenHash: string): Promise<{ outcome: string, petitionId?: string }>,
 *   counts(petitionId: string): Promise<unknown>,
 *   takeLinks(n: number): Promise<string[]>,
 * }} Store
 */

/** @returns {Store} */
function sqliteStore(/** @type {string} */ file) {
  const db = new Database(file, { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  const iso = (/** @type {Date} */ d) => d.toISOString().replace("Z", "+00:00");
  // Columns added by later migrations are written when they exist (the schema moves on).
  const hasDomain = /** @type {Array<{ name: string }>} */ (db.pragma("table_info(Signature)")).some(
    (c) => c.name === "emailDomain",
  );
  const q = {
    petition: db.prepare(
      `SELECT id, status FROM Publication WHERE slug = ? AND kind = 'petition' AND status IN ('open','closed','archived')`,
    ),
    insertSignature: db.prepare(
      `INSERT INTO Signature (id, receipt, publicationId, name, email, emailCanonical, region, locale, isPublic, wantsUpdates, ipHash, flag, mailsSent, status, createdAt${hasDomain ? ", emailDomain" : ""})
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, NULL, 1, 'pending', ?${hasDomain ? ", ?" : ""})`,
    ),
    movePending: db.prepare(
      `UPDATE RegionCount SET pending = pending + ?, updatedAt = ? WHERE publicationId = ? AND region = ?`,
    ),
    moveConfirm: db.prepare(
      `UPDATE RegionCount SET pending = pending - 1, confirmed = confirmed + 1, updatedAt = ? WHERE publicationId = ? AND region = ?`,
    ),
    insertToken: db.prepare(
      `INSERT INTO SignatureToken (id, signatureId, purpose, tokenHash, expiresAt, createdAt) VALUES (?, ?, ?, ?, ?, ?)`,
    ),
    insertMail: db.prepare(
      `INSERT INTO OutboxMessage (id, kind, "to", subject, text, html, status, attempts, nextAttemptAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)`,
    ),
    findToken: db.prepare(
      `SELECT t.id AS tokenId, t.purpose, t.expiresAt, s.id AS signatureId, s.status, s.region, s.flag, s.receipt, p.id AS petitionId, p.status AS petitionStatus
       FROM SignatureToken t JOIN Signature s ON s.id = t.signatureId JOIN Publication p ON p.id = s.publicationId WHERE t.tokenHash = ?`,
    ),
    setConfirmed: db.prepare(
      `UPDATE Signature SET status = 'confirmed', confirmedAt = ? WHERE id = ? AND status = 'pending'`,
    ),
    headUpsert: db.prepare(
      `INSERT INTO LedgerHead (publicationId, seq, hash, updatedAt) VALUES (?, 1, ?, ?)
       ON CONFLICT (publicationId) DO UPDATE SET seq = seq + 1, updatedAt = excluded.updatedAt RETURNING seq, hash`,
    ),
    insertEntry: db.prepare(
      `INSERT INTO LedgerEntry (publicationId, seq, type, region, amount, minute, receipt, reason, prevHash, hash) VALUES (?, ?, ?, ?, 1, ?, ?, '', ?, ?)`,
    ),
    headHash: db.prepare(`UPDATE LedgerHead SET hash = ? WHERE publicationId = ?`),
    useToken: db.prepare(`UPDATE SignatureToken SET usedAt = ? WHERE id = ?`),
    counts: db.prepare(
      `SELECT region, confirmed, pending, held, withdrawn, removed, paper, updatedAt FROM RegionCount WHERE publicationId = ?`,
    ),
    queued: db.prepare(`SELECT id, text FROM OutboxMessage WHERE status = 'queued' ORDER BY createdAt LIMIT ?`),
    markSent: db.prepare(`UPDATE OutboxMessage SET status = 'sent' WHERE id = ?`),
  };
  const signTx = db.transaction(
    (/** @type {string} */ petitionId, /** @type {string} */ slug, /** @type {SignInput} */ input) => {
      const now = new Date();
      const id = randomUUID();
      const receipt = keyedHash(`receipt:${id}`).slice(0, 22);
      const values = [
        id,
        receipt,
        petitionId,
        input.name,
        input.email,
        input.email,
        input.region,
        input.locale,
        input.ipHash,
        iso(now),
      ];
      q.insertSignature.run(...values, ...(hasDomain ? [input.email.slice(input.email.lastIndexOf("@") + 1)] : []));
      // As in the app: every signature is a `sign` entry of the ledger (pending is published).
      const head = /** @type {{ seq: number, hash: string }} */ (q.headUpsert.get(petitionId, GENESIS, iso(now)));
      const at = minute(now);
      const hash = sha256(
        [head.seq, "sign", input.region, 1, at.toISOString().slice(0, 16) + "Z", receipt, "", head.hash].join("|"),
      );
      q.insertEntry.run(petitionId, head.seq, "sign", input.region, iso(at), receipt, head.hash, hash);
      q.headHash.run(hash, petitionId);
      q.movePending.run(1, iso(now), petitionId, input.region);
      const [confirm, withdraw] = [newToken(), newToken()];
      q.insertToken.run(
        randomUUID(),
        id,
        "confirm",
        sha256(confirm),
        iso(new Date(now.getTime() + CONFIRM_TTL_MS)),
        iso(now),
      );
      q.insertToken.run(
        randomUUID(),
        id,
        "withdraw",
        sha256(withdraw),
        iso(new Date(now.getTime() + WITHDRAW_TTL_MS)),
        iso(now),
      );
      const mail = confirmationMail({ name: input.name, email: input.email, slug, confirm, withdraw, receipt });
      q.insertMail.run(randomUUID(), mail.kind, mail.to, mail.subject, mail.text, mail.html, iso(now), iso(now));
    },
  );
  const confirmTx = db.transaction((/** @type {any} */ found) => {
    const now = new Date();
    if (q.setConfirmed.run(iso(now), found.signatureId).changes !== 1) return false;
    // As in the app: ledger head first, counters second (one lock order).
    const head = /** @type {{ seq: number, hash: string }} */ (q.headUpsert.get(found.petitionId, GENESIS, iso(now)));
    const at = minute(now);
    const hash = sha256(
      [head.seq, "confirm", found.region, 1, at.toISOString().slice(0, 16) + "Z", found.receipt, "", head.hash].join(
        "|",
      ),
    );
    q.insertEntry.run(found.petitionId, head.seq, "confirm", found.region, iso(at), found.receipt, head.hash, hash);
    q.headHash.run(hash, found.petitionId);
    q.moveConfirm.run(iso(now), found.petitionId, found.region);
    q.useToken.run(iso(now), found.tokenId);
    q.insertToken.run(
      randomUUID(),
      found.signatureId,
      "withdraw",
      sha256(newToken()),
      iso(new Date(now.getTime() + WITHDRAW_TTL_MS)),
      iso(now),
    );
    return true;
  });
  return {
    async petition(slug) {
      return /** @type {any} */ (q.petition.get(slug));
    },
    async sign(petitionId, slug, input) {
      try {
        signTx(petitionId, slug, input);
        return "created";
      } catch (error) {
        if (/** @type {any} */ (error).code === "SQLITE_CONSTRAINT_UNIQUE") return "duplicate";
        throw error;
      }
    },
    async confirm(tokenHash) {
      const found = /** @type {any} */ (q.findToken.get(tokenHash));
      if (!found || found.purpose !== "confirm") return { outcome: "invalid" };
      if (found.status !== "pending") return { outcome: "already-confirmed" };
      return confirmTx(found)
        ? { outcome: "confirmed", petitionId: found.petitionId }
        : { outcome: "already-confirmed" };
    },
    async counts(petitionId) {
      return countsJson(/** @type {any[]} */ (q.counts.all(petitionId)));
    },
    async takeLinks(n) {
      const rows = /** @type {Array<{ id: string, text: string }>} */ (q.queued.all(n));
      db.transaction(() => rows.forEach((row) => q.markSent.run(row.id)))();
      return rows.map((row) => linkOf(row.text)).filter(Boolean);
    },
  };
}

/** @returns {Store} */
function postgresStore(/** @type {string} */ url) {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // Columns added by later migrations are written when they exist (the schema moves on).
  const hasDomain = pool
    .query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'Signature' AND column_name = 'emailDomain'`)
    .then((result) => (result.rowCount ?? 0) > 0);
  /** @param {(client: pg.PoolClient) => Promise<any>} work */
  const transaction = async (work) => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const result = await work(client);
      await client.query(result === false ? "ROLLBACK" : "COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  return {
    async petition(slug) {
      const { rows } = await pool.query(
        `SELECT id, status FROM "Publication" WHERE slug = $1 AND kind = 'petition' AND status IN ('open','closed','archived')`,
        [slug],
      );
      return rows[0];
    },
    async sign(petitionId, slug, input) {
      try {
        await transaction(async (client) => {
          const now = new Date();
          const id = randomUUID();
          const receipt = keyedHash(`receipt:${id}`).slice(0, 22);
          const domain = (await hasDomain) ? input.email.slice(input.email.lastIndexOf("@") + 1) : null;
          await client.query(
            `INSERT INTO "Signature" (id, receipt, "publicationId", name, email, "emailCanonical", region, locale, "isPublic", "wantsUpdates", "ipHash", flag, "mailsSent", status, "createdAt"${domain === null ? "" : `, "emailDomain"`})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, false, $9, NULL, 1, 'pending', $10${domain === null ? "" : ", $11"})`,
            [
              id,
              receipt,
              petitionId,
              input.name,
              input.email,
              input.email,
              input.region,
              input.locale,
              input.ipHash,
              now.toISOString(),
              ...(domain === null ? [] : [domain]),
            ],
          );
          // As in the app: every signature is a `sign` entry of the ledger (pending is published).
          const head = (
            await client.query(
              `INSERT INTO "LedgerHead" ("publicationId", seq, hash, "updatedAt") VALUES ($1, 1, $2, $3)
               ON CONFLICT ("publicationId") DO UPDATE SET seq = "LedgerHead".seq + 1, "updatedAt" = EXCLUDED."updatedAt" RETURNING seq, hash`,
              [petitionId, GENESIS, now.toISOString()],
            )
          ).rows[0];
          const at = minute(now);
          const hash = sha256(
            [head.seq, "sign", input.region, 1, at.toISOString().slice(0, 16) + "Z", receipt, "", head.hash].join("|"),
          );
          await client.query(
            `INSERT INTO "LedgerEntry" ("publicationId", seq, type, region, amount, minute, receipt, reason, "prevHash", hash) VALUES ($1, $2, 'sign', $3, 1, $4, $5, '', $6, $7)`,
            [petitionId, head.seq, input.region, at.toISOString(), receipt, head.hash, hash],
          );
          await client.query(`UPDATE "LedgerHead" SET hash = $1 WHERE "publicationId" = $2`, [hash, petitionId]);
          await client.query(
            `UPDATE "RegionCount" SET pending = pending + 1, "updatedAt" = $1 WHERE "publicationId" = $2 AND region = $3`,
            [now.toISOString(), petitionId, input.region],
          );
          const [confirm, withdraw] = [newToken(), newToken()];
          const token = `INSERT INTO "SignatureToken" (id, "signatureId", purpose, "tokenHash", "expiresAt", "createdAt") VALUES ($1, $2, $3, $4, $5, $6)`;
          await client.query(token, [
            randomUUID(),
            id,
            "confirm",
            sha256(confirm),
            new Date(now.getTime() + CONFIRM_TTL_MS).toISOString(),
            now.toISOString(),
          ]);
          await client.query(token, [
            randomUUID(),
            id,
            "withdraw",
            sha256(withdraw),
            new Date(now.getTime() + WITHDRAW_TTL_MS).toISOString(),
            now.toISOString(),
          ]);
          const mail = confirmationMail({ name: input.name, email: input.email, slug, confirm, withdraw, receipt });
          await client.query(
            `INSERT INTO "OutboxMessage" (id, kind, "to", subject, text, html, status, attempts, "nextAttemptAt", "createdAt") VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $7)`,
            [randomUUID(), mail.kind, mail.to, mail.subject, mail.text, mail.html, now.toISOString()],
          );
        });
        return "created";
      } catch (error) {
        if (/** @type {any} */ (error).code === "23505") return "duplicate";
        throw error;
      }
    },
    async confirm(tokenHash) {
      const { rows } = await pool.query(
        `SELECT t.id AS "tokenId", t.purpose, s.id AS "signatureId", s.status, s.region, s.flag, s.receipt, p.id AS "petitionId"
         FROM "SignatureToken" t JOIN "Signature" s ON s.id = t."signatureId" JOIN "Publication" p ON p.id = s."publicationId" WHERE t."tokenHash" = $1`,
        [tokenHash],
      );
      const found = rows[0];
      if (!found || found.purpose !== "confirm") return { outcome: "invalid" };
      if (found.status !== "pending") return { outcome: "already-confirmed" };
      const done = await transaction(async (client) => {
        const now = new Date();
        const updated = await client.query(
          `UPDATE "Signature" SET status = 'confirmed', "confirmedAt" = $1 WHERE id = $2 AND status = 'pending'`,
          [now.toISOString(), found.signatureId],
        );
        if (updated.rowCount !== 1) return false;
        // As in the app: ledger head first, counters second (one lock order).
        const head = (
          await client.query(
            `INSERT INTO "LedgerHead" ("publicationId", seq, hash, "updatedAt") VALUES ($1, 1, $2, $3)
             ON CONFLICT ("publicationId") DO UPDATE SET seq = "LedgerHead".seq + 1, "updatedAt" = EXCLUDED."updatedAt" RETURNING seq, hash`,
            [found.petitionId, GENESIS, now.toISOString()],
          )
        ).rows[0];
        const at = minute(now);
        const hash = sha256(
          [
            head.seq,
            "confirm",
            found.region,
            1,
            at.toISOString().slice(0, 16) + "Z",
            found.receipt,
            "",
            head.hash,
          ].join("|"),
        );
        await client.query(
          `INSERT INTO "LedgerEntry" ("publicationId", seq, type, region, amount, minute, receipt, reason, "prevHash", hash) VALUES ($1, $2, 'confirm', $3, 1, $4, $5, '', $6, $7)`,
          [found.petitionId, head.seq, found.region, at.toISOString(), found.receipt, head.hash, hash],
        );
        await client.query(`UPDATE "LedgerHead" SET hash = $1 WHERE "publicationId" = $2`, [hash, found.petitionId]);
        await client.query(
          `UPDATE "RegionCount" SET pending = pending - 1, confirmed = confirmed + 1, "updatedAt" = $1 WHERE "publicationId" = $2 AND region = $3`,
          [now.toISOString(), found.petitionId, found.region],
        );
        await client.query(`UPDATE "SignatureToken" SET "usedAt" = $1 WHERE id = $2`, [
          now.toISOString(),
          found.tokenId,
        ]);
        await client.query(
          `INSERT INTO "SignatureToken" (id, "signatureId", purpose, "tokenHash", "expiresAt", "createdAt") VALUES ($1, $2, 'withdraw', $3, $4, $5)`,
          [
            randomUUID(),
            found.signatureId,
            sha256(newToken()),
            new Date(now.getTime() + WITHDRAW_TTL_MS).toISOString(),
            now.toISOString(),
          ],
        );
        return true;
      });
      return done ? { outcome: "confirmed", petitionId: found.petitionId } : { outcome: "already-confirmed" };
    },
    async counts(petitionId) {
      const { rows } = await pool.query(
        `SELECT region, confirmed, pending, held, withdrawn, removed, paper, "updatedAt" FROM "RegionCount" WHERE "publicationId" = $1`,
        [petitionId],
      );
      return countsJson(rows);
    },
    async takeLinks(n) {
      const { rows } = await pool.query(
        `UPDATE "OutboxMessage" SET status = 'sent' WHERE id IN (SELECT id FROM "OutboxMessage" WHERE status = 'queued' ORDER BY "createdAt" LIMIT $1) RETURNING text`,
        [n],
      );
      return rows.map((row) => linkOf(row.text)).filter(Boolean);
    },
  };
}

const linkOf = (/** @type {string} */ text) => {
  const line = text.split("\n").find((l) => /\/confirm\/[A-Za-z0-9_-]{32}$/.test(l.trim()));
  return line ? new URL(line.trim()).pathname : "";
};

/** The same shape as the app's count JSON: confirmed, totals per tier, 21 region rows. */
function countsJson(/** @type {any[]} */ rows) {
  const tiers = { confirmed: 0, pending: 0, held: 0, withdrawn: 0, removed: 0, paper: 0 };
  let updatedAt = "";
  const regions = rows.map((row) => {
    for (const tier of /** @type {(keyof typeof tiers)[]} */ (Object.keys(tiers))) tiers[tier] += Number(row[tier]);
    const at = new Date(row.updatedAt).toISOString();
    if (at > updatedAt) updatedAt = at;
    return {
      code: row.region,
      confirmed: row.confirmed,
      pending: row.pending,
      held: row.held,
      withdrawn: row.withdrawn,
      removed: row.removed,
      paper: row.paper,
    };
  });
  return { confirmed: tiers.confirmed, tiers, regions, removedByReason: [], updatedAt };
}

// ---------------------------------------------------------------------------------------------
// HTTP

const store = databaseUrl.startsWith("file:")
  ? sqliteStore(databaseUrl.slice(5))
  : databaseUrl
    ? postgresStore(databaseUrl)
    : null;
/** @type {Map<string, { body: Buffer, gzip: Buffer, type: string }>} */
const statics = new Map();
/** @type {Map<string, Set<import("node:http").ServerResponse>>} */
const streams = new Map();

async function broadcast(/** @type {string} */ petitionId) {
  const listeners = streams.get(petitionId);
  if (!store || !listeners?.size) return;
  const event = `event: counts\ndata: ${JSON.stringify(await store.counts(petitionId))}\n\n`;
  for (const res of listeners) res.write(event);
}

function readBody(/** @type {import("node:http").IncomingMessage} */ req, limit = 16 * 1024) {
  return new Promise((resolve, reject) => {
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > limit) reject(Object.assign(new Error("too large"), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(
  /** @type {import("node:http").ServerResponse} */ res,
  /** @type {number} */ status,
  /** @type {string | Buffer} */ body,
  headers = {},
) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    const path = url.pathname;
    let match;
    if (path === "/healthz") return send(res, 200, "ok\n");
    if (req.method === "PUT" && (match = /^\/__static\/(json|page|badge)$/.exec(path))) {
      const body = /** @type {Buffer} */ (await readBody(req, 10 * 1024 * 1024));
      const type =
        {
          json: "application/json; charset=utf-8",
          page: "text/html; charset=utf-8",
          badge: "image/svg+xml; charset=utf-8",
        }[match[1]] ?? "";
      statics.set(match[1], { body, gzip: gzipSync(body), type });
      return send(res, 204, "");
    }
    if (path === "/__links" && store)
      return send(res, 200, JSON.stringify(await store.takeLinks(Number(url.searchParams.get("n") ?? 100))), {
        "Content-Type": "application/json",
      });
    if (req.method === "POST" && (match = /^\/(kk|ru)\/p\/([^/]+)$/.exec(path)) && store) {
      const form = new URLSearchParams(/** @type {Buffer} */ (await readBody(req)).toString("utf8"));
      const slug = decodeURIComponent(match[2]);
      const petition = await store.petition(slug);
      if (!petition) return send(res, 404, "Not Found\n");
      const name = (form.get("name") ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
      const email = (form.get("email") ?? "").trim().toLowerCase();
      const region = form.get("region") ?? "";
      if (
        name.length < 2 ||
        name.length > 120 ||
        !emailPattern.test(email) ||
        !regionCodes.has(region) ||
        form.get("consent") !== "on"
      )
        return send(res, 400, "bad form\n");
      const ip = req.socket.remoteAddress ?? "";
      await store.sign(petition.id, slug, { name, email, region, locale: match[1], ipHash: keyedHash(`ip:${ip}`) });
      res.writeHead(303, { Location: `/${match[1]}/p/${encodeURIComponent(slug)}/check-email`, "Content-Length": 0 });
      return res.end();
    }
    if (req.method === "POST" && (match = /^\/(kk|ru)\/confirm\/([A-Za-z0-9_-]{32})$/.exec(path)) && store) {
      for await (const _ of req); // the button's empty form
      const result = await store.confirm(sha256(match[2]));
      if (result.outcome === "confirmed" && result.petitionId)
        void broadcast(result.petitionId).catch((error) => console.error("broadcast", error));
      res.writeHead(303, { Location: path, "Cache-Control": "no-store", "Content-Length": 0 });
      return res.end();
    }
    if (req.method === "GET" && (match = /^\/api\/v1\/petitions\/([^/]+)\/events$/.exec(path)) && store) {
      const petition = await store.petition(decodeURIComponent(match[1]));
      if (!petition) return send(res, 404, "Not Found\n");
      res.writeHead(200, {
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-cache, no-transform",
        Connection: "keep-alive",
      });
      res.write(`retry: 3000\n\nevent: counts\ndata: ${JSON.stringify(await store.counts(petition.id))}\n\n`);
      let set = streams.get(petition.id);
      if (!set) streams.set(petition.id, (set = new Set()));
      set.add(res);
      const listeners = set;
      req.on("close", () => listeners.delete(res));
      return;
    }
    const isJson = /^\/api\/v1\/petitions\/[^/]+$/.test(path);
    const isPage = /^\/(kk|ru)\/p\/[^/]+$/.test(path);
    const isBadge = /^\/badge\/[^/]+\.svg$/.test(path);
    const item = statics.get(isJson ? "json" : isPage ? "page" : isBadge ? "badge" : "");
    if (req.method === "GET" && item) {
      const gzip = /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      return send(res, 200, gzip ? item.gzip : item.body, {
        "Content-Type": item.type,
        ...(gzip ? { "Content-Encoding": "gzip", Vary: "Accept-Encoding" } : {}),
        ...(isJson
          ? { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=5, stale-while-revalidate=30" }
          : {}),
      });
    }
    return send(res, 404, "Not Found\n");
  } catch (error) {
    console.error(error);
    if (!res.headersSent) send(res, /** @type {any} */ (error).status ?? 500, "error\n");
    else res.destroy();
  }
});
server.keepAliveTimeout = 65_000;
server.listen(port, "127.0.0.1", () =>
  console.log(
    `baseline listening on http://127.0.0.1:${port} (${databaseUrl.startsWith("file:") ? "sqlite" : databaseUrl ? "postgres" : "no database"})`,
  ),
);
for (const signal of /** @type {const} */ (["SIGTERM", "SIGINT"])) {
  process.once(signal, () => {
    for (const set of streams.values()) for (const res of set) res.end();
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
