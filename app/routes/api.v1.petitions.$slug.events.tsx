import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { apiError } from "~/lib/api.server.ts";
import type { Counts } from "~/models/counts.server.ts";
import { countsJson, petitionDetail } from "~/models/petition-api.server.ts";
import { claimStreamSlot, onShutdown, watchCounts } from "~/services/live.server.ts";

const HEARTBEAT_MS = 20_000;

// Server-sent events: "counts" with the petition's figures now and after every change.
export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const petition = await petitionDetail(params.slug ?? "");
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  // A refused EventSource does not retry: the pages' scripts fall back to polling the JSON at once.
  const releaseSlot = claimStreamSlot(String(context.clientIp ?? ""));
  if (!releaseSlot) {
    const refused = apiError(
      429,
      "too_many_streams",
      `This client already has ${config().liveStreamsPerIp} live streams open; poll /api/v1/petitions/${encodeURIComponent(params.slug ?? "")} instead.`,
    );
    refused.headers.set("Retry-After", "60");
    return refused;
  }
  const initial = petition.body;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const sendJson = (data: unknown) => send(`event: counts\ndata: ${JSON.stringify(data)}\n\n`);
      const sendCounts = (counts: Counts) => sendJson(countsJson(counts));
      // Watch before sending the first figures: a change in between is then sent, not lost.
      const stopWatching = watchCounts(petition.id, sendCounts);
      send("retry: 3000\n\n");
      const { confirmed, tiers, regions, removedByReason, updatedAt } = initial;
      sendJson({ confirmed, tiers, regions, removedByReason, updatedAt });
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      const stopOnShutdown = onShutdown(() => cleanup());
      cleanup = () => {
        cleanup = () => {};
        clearInterval(heartbeat);
        releaseSlot();
        stopWatching();
        stopOnShutdown();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      request.signal.addEventListener("abort", () => cleanup());
      // Gone while the petition was read: the abort event has passed already.
      if (request.signal.aborted) cleanup();
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
