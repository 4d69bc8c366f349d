// The in-process hub for "counts of petition X changed". Models announce here after their write
// commits; the live feed service (services/live.server.ts) listens, so models never import it.
// On PostgreSQL the announcement also goes to the other instances through pg_notify.
import { EventEmitter } from "node:events";
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";

export const COUNTS_CHANNEL = "dauys_counts";

export const countChanges = new EventEmitter();
countChanges.setMaxListeners(0);

/** Call after the transaction that changed a petition's counts has committed. */
export async function announceCountChange(publicationId: string) {
  // This instance at once (its caches and streams), the others through PostgreSQL.
  countChanges.emit("change", publicationId);
  if (config().database === "postgres") {
    await db()
      .$executeRawUnsafe("SELECT pg_notify($1, $2)", COUNTS_CHANNEL, publicationId)
      .catch((error) => log.warn("live.notify_failed", errorFields(error)));
  }
}
