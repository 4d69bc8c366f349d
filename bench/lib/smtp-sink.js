// An SMTP server inside the bench process that accepts everything the app sends. Messages are
// kept raw while load runs (parsing costs CPU the app and the load generator need) and parsed
// afterwards, only as many as are needed for their confirmation links.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const CONFIRM_LINE = /^https?:\/\/\S+\/confirm\/[A-Za-z0-9_-]{32}$/;

export async function startSmtpSink() {
  /** @type {Buffer[]} */
  const raw = [];
  let parsedUpTo = 0;
  /** @type {string[]} */
  const links = [];
  let lastAt = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      /** @type {Buffer[]} */
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        raw.push(Buffer.concat(chunks));
        lastAt = Date.now();
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.listen(0, "127.0.0.1", () => resolve(undefined));
    server.on("error", reject);
  });
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Messages received so far. */
    get count() {
      return raw.length;
    },
    get lastMessageAt() {
      return lastAt;
    },
    /**
     * Confirmation links (path only, e.g. /kk/confirm/<token>) from messages not taken before:
     * parses messages in arrival order until `want` links are found or messages run out.
     * @param {number} want
     */
    async takeConfirmLinks(want) {
      while (links.length < want && parsedUpTo < raw.length) {
        const mail = await simpleParser(raw[parsedUpTo]);
        raw[parsedUpTo] = Buffer.alloc(0); // free it
        parsedUpTo++;
        const line = (mail.text ?? "")
          .split("\n")
          .map((text) => text.trim())
          .find((text) => CONFIRM_LINE.test(text));
        if (line) links.push(new URL(line).pathname);
      }
      return links.splice(0, want);
    },
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  };
}

/** @typedef {Awaited<ReturnType<typeof startSmtpSink>>} SmtpSink */
