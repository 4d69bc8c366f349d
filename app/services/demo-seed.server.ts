// Demo content for a fresh database outside production, so a newcomer sees a working site.
import { demoOrganization, demoPublications } from "~/demo/publications.ts";
import { db } from "~/db.server.ts";
import { log } from "~/lib/log.server.ts";
import { createPublication } from "~/models/publication.server.ts";

const DAY = 86_400_000;

/** Seeds only an empty database; returns whether it did. */
export async function seedDemoIfEmpty(now = Date.now()) {
  if ((await db().organization.count()) > 0) return false;
  const organization = await db().organization.create({ data: demoOrganization, select: { id: true } });
  for (const item of demoPublications) {
    const { deadlineDaysFromNow, publishedDaysAgo, ...fields } = item;
    const publishedAt = new Date(now - publishedDaysAgo * DAY);
    await createPublication({
      ...fields,
      organizationId: organization.id,
      publishedAt,
      deadline: deadlineDaysFromNow ? new Date(now + deadlineDaysFromNow * DAY) : null,
      closedAt: item.status === "closed" ? new Date(now - Math.max(1, Math.floor(publishedDaysAgo / 2)) * DAY) : null,
    });
  }
  log.info("demo.seeded", { publications: demoPublications.length });
  return true;
}
