// Structured JSON logs, one object per line. Never pass personal data (emails, names, IPs, tokens).
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: Level = (process.env.LOG_LEVEL as Level) in order ? (process.env.LOG_LEVEL as Level) : "info";

export function setLogLevel(level: Level) {
  threshold = level;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>) {
  if (order[level] < order[threshold]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};

export function errorFields(error: unknown) {
  if (error instanceof Error) return { error: error.message, errorName: error.name };
  // A thrown answer (e.g. the 503 for a database that is away) says what it is by its status.
  if (error instanceof Response)
    return { error: `answer ${error.status} ${error.statusText}`.trim(), errorName: "Response" };
  return { error: String(error) };
}

/** A request path fit for logs: link tokens (confirm, withdraw, sign-in) replaced. */
export function redactPath(path: string) {
  return path.replace(/\/(confirm|withdraw|link|unsubscribe)\/[^/?#]+/g, "/$1/:token");
}
