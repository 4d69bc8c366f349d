// Queueing mail: a database write done inside the caller's transaction, so it lives with the
// models. Delivery (the worker, SMTP, retries) stays in services/mail/outbox.server.ts.
import { randomUUID } from "node:crypto";
import { sqlFor, type PrismaTx, type RawSql } from "~/lib/raw-sql.server.ts";

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

/**
 * Queues mails inside the caller's transaction, raw (app/lib/raw-sql.server.ts) or a Prisma
 * interactive one, in one statement; the worker delivers them once it commits (kickOutbox after).
 * With a dedupe key, queueing twice (a retried batch, a double click) still queues one message.
 */
export async function enqueueMails(into: RawSql | PrismaTx, mails: NewMail[]) {
  if (mails.length === 0) return;
  const sql = "run" in into ? into : sqlFor(into);
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
