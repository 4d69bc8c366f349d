// Readiness: the process answers and its database too (liveness alone is /healthz). A probe reads
// the 503 with the same Retry-After as every other "temporarily unavailable" answer.
import { db } from "~/db.server.ts";
import { serviceUnavailable } from "~/lib/answers.ts";

const plain = { "Content-Type": "text/plain", "Cache-Control": "no-store" };

export async function loader() {
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return new Response("ready\n", { headers: plain });
  } catch {
    return serviceUnavailable("database unavailable\n", plain);
  }
}
