// A real SMTP server in the test process. Messages are parsed with mailparser; `refuse` makes it
// answer every message with a temporary failure, as a broken relay would.
import { simpleParser, type ParsedMail } from "mailparser";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export type SinkMail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: ParsedMail["headers"];
};

export async function startSmtpSink() {
  const messages: SinkMail[] = [];
  const waiters: Array<() => void> = [];
  let refusing = false;
  let delayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
        if (refusing) {
          const error = new Error("451 temporarily unavailable") as Error & { responseCode: number };
          error.responseCode = 451;
          return callback(error);
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        const to = Array.isArray(parsed.to) ? parsed.to[0]?.text : parsed.to?.text;
        messages.push({
          to: to ?? "",
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
          messageId: parsed.messageId ?? "",
          headers: parsed.headers,
        });
        callback();
        waiters.splice(0).forEach((wake) => wake());
      });
    },
  });
  // A client that dies mid-connection (the crash test kills the app) resets its socket: expected.
  server.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "ECONNRESET" && error.code !== "EPIPE") console.error("smtp sink:", error);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse(value: boolean) {
      refusing = value;
    },
    /** Answers each message only after this long, like a slow relay. */
    slowDown(ms: number) {
      delayMs = ms;
    },
    /** Waits until `predicate` holds for the messages received so far. */
    async waitFor(predicate: (all: SinkMail[]) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(messages)) {
        if (Date.now() > deadline)
          throw new Error(`smtp sink: condition not met within ${timeoutMs} ms (${messages.length} messages)`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return messages;
    },
    mailsTo(address: string) {
      return messages.filter((message) => message.to.toLowerCase().includes(address.toLowerCase()));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpSink = Awaited<ReturnType<typeof startSmtpSink>>;

/** The confirmation link: the plain-text line that is a URL ending in /confirm/<token>. */
export function confirmLink(mail: SinkMail) {
  const line = mail.text
    .split("\n")
    .find((candidate) => /^https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]+$/.test(candidate.trim()));
  if (!line) throw new Error(`no confirmation link on a line of its own in: ${mail.text}`);
  return line.trim();
}

/**
 * What a person does with a mailed confirmation link: opens it (GET shows the button, confirms
 * nothing) and presses the button (POST). Returns the page shown after the press.
 */
export async function pressConfirm(link: string): Promise<Response> {
  const pressed = await fetch(link, { method: "POST", redirect: "manual" });
  await pressed.text();
  if (pressed.status !== 303) throw new Error(`pressing confirm on ${link}: HTTP ${pressed.status}`);
  return fetch(new URL(pressed.headers.get("location")!, link));
}

export async function pressConfirmText(link: string) {
  return (await pressConfirm(link)).text();
}
