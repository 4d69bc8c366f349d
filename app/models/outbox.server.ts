// Queueing mail: a database write done inside the caller's transaction, so it lives with the
// models. Delivery (the worker, SMTP, retries) stays in services/mail/outbox.server.ts.
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";

type Tx = Pick<Db, "outboxMessage">;
export type NewMail = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
  /** The petition the mail is about: retention deletes a petition's mail by it, and only it. */
  publicationId?: string;
  dedupeKey?: string;
  notBefore?: Date;
};

/** Queues a mail inside the caller's transaction; it is delivered once that commits (afterCommit). */
export async function enqueueMail(tx: Tx, mail: NewMail) {
  const { headers, dedupeKey, notBefore, publicationId, ...fields } = mail;
  const data = {
    ...fields,
    headers: headers ? JSON.stringify(headers) : null,
    publicationId: publicationId ?? null,
    dedupeKey: dedupeKey ?? null,
    ...(notBefore ? { nextAttemptAt: notBefore } : {}),
  };
  // With a key, enqueueing twice (a retried batch, a double click) still queues one message.
  if (dedupeKey)
    await tx.outboxMessage.upsert({ where: { dedupeKey }, create: data, update: {}, select: { id: true } });
  else await tx.outboxMessage.create({ data, select: { id: true } });
}

/** enqueueMail for the raw fast paths (app/lib/raw-sql.server.ts): the same rows, one statement. */
export async function enqueueMailsRaw(sql: RawSql, mails: NewMail[]) {
  if (mails.length === 0) return;
  const now = new Date();
  // A key that is already queued skips its row (NULL keys never collide).
  await sql.run(
    `INSERT INTO "OutboxMessage" ("id", "kind", "to", "subject", "text", "html", "headers", "publicationId", "dedupeKey", "status", "attempts", "nextAttemptAt", "createdAt")
     VALUES ${mails.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)").join(", ")} ON CONFLICT ("dedupeKey") DO NOTHING`,
    mails.flatMap((mail) => [
      randomUUID(),
      mail.kind,
      mail.to,
      mail.subject,
      mail.text,
      mail.html,
      mail.headers ? JSON.stringify(mail.headers) : null,
      mail.publicationId ?? null,
      mail.dedupeKey ?? null,
      mail.notBefore ?? now,
      now,
    ]),
  );
}
