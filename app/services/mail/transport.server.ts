// Where mail actually goes: an SMTP server (SMTP_URL), or, in development without one, .eml files
// under data/outbox/ with each link printed to the console.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { config } from "~/config.server.ts";
import { log } from "~/lib/log.server.ts";

type OutgoingMail = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
};
/**
 * Keys of a stored mail's headers that are not sent as they are: the sender's display name (the
 * address stays MAIL_FROM's, so SPF and DKIM still hold) and Reply-To, handed to nodemailer, which
 * encodes them (RFC 2047) instead of copying text into the header.
 */
export const SENDER_NAME = ":sender-name";
export const REPLY_TO = ":reply-to";

/** An organization's name as a sender name: one line, no controls or address syntax, short. */
function senderName(name: string) {
  return name
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"<>\\;,:@()[\]]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 64)
    .trim();
}

/** A Reply-To address only when it is a plain single address (the admin form checks it too). */
export function replyToAddress(address: string | null | undefined) {
  return address &&
    address.length <= 254 &&
    /^[^\s@<>",;:()[\]\\]+@[^\s@<>",;:()[\]\\]+\.[^\s@<>",;:()[\]\\]+$/.test(address)
    ? address
    : null;
}

/** The mailbox of MAIL_FROM ("Dauys <no-reply@…>" → "no-reply@…"). */
const fromAddress = (mailFrom: string) => /<([^<>]+)>\s*$/.exec(mailFrom)?.[1] ?? mailFrom.trim();

type SendResult = { ok: true } | { ok: false; error: string };
export type MailTransport = { send(mail: OutgoingMail): Promise<SendResult>; close(): void };

export function createTransport(): MailTransport {
  const { smtpUrl, mailFrom, dataDir, publicUrl } = config();
  const transporter = smtpUrl
    ? // A small pool of kept-open connections: one SMTP handshake per connection, not per mail.
      nodemailer.createTransport({
        url: smtpUrl,
        pool: true,
        maxConnections: 3,
        maxMessages: 500,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      } as Parameters<typeof nodemailer.createTransport>[0])
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const outboxDir = join(dataDir, "outbox");

  return {
    async send(mail) {
      try {
        const { [SENDER_NAME]: name, [REPLY_TO]: replyTo, ...headers } = mail.headers ?? {};
        const display = name ? senderName(name) : "";
        const reply = replyToAddress(replyTo);
        const info = await transporter.sendMail({
          from: display ? { name: display, address: fromAddress(mailFrom) } : mailFrom,
          ...(reply ? { replyTo: reply } : {}),
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers,
          // A stable Message-ID per outbox row lets receivers drop a rare duplicate after a crash.
          messageId: `<${mail.id}@${new URL(publicUrl).hostname}>`,
        });
        if (!smtpUrl) {
          mkdirSync(outboxDir, { recursive: true });
          const file = join(outboxDir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.id}.eml`);
          writeFileSync(file, (info as unknown as { message: Buffer }).message);
          const links = mail.text.split("\n").filter((line) => line.startsWith(publicUrl));
          // Development only (no SMTP_URL): the newcomer needs the link to confirm a demo signature.
          console.log(
            `[dev mail] ${mail.subject}\n  saved to ${file}${links.map((link) => `\n  link: ${link}`).join("")}`,
          );
        }
        return { ok: true };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.warn("mail.send_failed", { outboxId: mail.id, error: message.replace(/\S+@\S+/g, "<address>") });
        return { ok: false, error: message };
      }
    },
    close() {
      transporter.close();
    },
  };
}
