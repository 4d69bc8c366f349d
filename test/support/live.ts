import { expect } from "vitest";
import { confirmLink } from "./smtp-sink.ts";
import { demoPetition, postForm, signer, type TestApp } from "./app.ts";

export type CountsEvent = { confirmed: number; regions: { code: string; confirmed: number }[] };

/** Reads "counts" events from a server-sent event stream. */
export async function openStream(url: string) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { Accept: "text/event-stream" } });
  expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: CountsEvent[] = [];
  let buffer = "";
  const pump = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.includes("event: counts"))
          events.push(
            JSON.parse(
              block
                .split("\n")
                .find((line) => line.startsWith("data: "))!
                .slice(6),
            ),
          );
      }
    }
  })();
  return {
    events,
    async next(predicate: (event: CountsEvent) => boolean, timeoutMs: number) {
      const started = Date.now();
      while (Date.now() - started < timeoutMs) {
        const match = events.find(predicate);
        if (match) return { event: match, ms: Date.now() - started };
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(
        `no matching event within ${timeoutMs} ms; got ${JSON.stringify(events.map((event) => event.confirmed))}`,
      );
    },
    close() {
      controller.abort();
      return pump;
    },
  };
}

export async function signAndGetLink(app: TestApp, email: string, region: string) {
  await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email, region }));
  await app.smtp.waitFor(() => app.smtp.mailsTo(email).length === 1);
  return confirmLink(app.smtp.mailsTo(email)[0]);
}
