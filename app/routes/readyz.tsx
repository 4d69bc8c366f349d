import { db } from "~/db.server.ts";

export async function loader() {
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return new Response("ready\n", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
  } catch {
    return new Response("database unavailable\n", {
      status: 503,
      headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
    });
  }
}
