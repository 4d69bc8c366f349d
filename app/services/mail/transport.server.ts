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
        const info = await transporter.sendMail({
          from: mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          headers: mail.headers,
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
