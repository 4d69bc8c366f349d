// Publication status flow: draft → open → closed → archived; a closed one may be reopened.
// Every change is written to the audit log in the same transaction.
import { db } from "~/db.server.ts";
import { audit } from "~/models/audit.server.ts";
import { announceCountChange } from "~/services/live.server.ts";

export const transitions = {
  open: { from: ["draft"], to: "open" },
  close: { from: ["open"], to: "closed" },
  reopen: { from: ["closed"], to: "open" },
  archive: { from: ["closed"], to: "archived" },
} as const;
export type Transition = keyof typeof transitions;

export function allowedTransitions(status: string): Transition[] {
  return (Object.keys(transitions) as Transition[]).filter((name) => (transitions[name].from as readonly string[]).includes(status));
}

export async function changeStatus(input: { publicationId: string; transition: Transition; userId: string }) {
  const rule = transitions[input.transition];
  const now = new Date();
  const done = await db().$transaction(async (tx) => {
    const publication = await tx.publication.findUnique({ where: { id: input.publicationId }, select: { id: true, slug: true, status: true, organizationId: true, publishedAt: true } });
    if (!publication || !(rule.from as readonly string[]).includes(publication.status)) return null;
    const changed = await tx.publication.updateMany({
      where: { id: publication.id, status: publication.status },
      data: {
        status: rule.to,
        ...(input.transition === "open" && !publication.publishedAt ? { publishedAt: now } : {}),
        ...(input.transition === "close" ? { closedAt: now } : {}),
        ...(input.transition === "reopen" ? { closedAt: null } : {}),
      },
    });
    if (changed.count !== 1) return null;
    await audit({ userId: input.userId, organizationId: publication.organizationId, action: `publication.${input.transition}`, target: publication.slug, details: { from: publication.status, to: rule.to } }, tx);
    return publication;
  });
  if (done) await announceCountChange(done.id);
  return Boolean(done);
}
