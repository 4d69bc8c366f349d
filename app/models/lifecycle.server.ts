// Publication status flow: draft → open → closed → archived; a closed one may be reopened, unless
// its signers were anonymised (retention): their addresses are gone, so nobody could be stopped
// from signing twice. Every change is written to the audit log in the same transaction.
import { db } from "~/db.server.ts";
import { audit } from "~/models/audit.server.ts";
import { missingForPublishing } from "~/models/editor.server.ts";
import { collectsSignatures } from "~/models/publication.server.ts";
import { announceCountChange } from "~/models/count-changes.server.ts";

const transitions = {
  open: { from: ["draft"], to: "open" },
  close: { from: ["open"], to: "closed" },
  reopen: { from: ["closed"], to: "open" },
  archive: { from: ["closed"], to: "archived" },
} as const;
export type Transition = keyof typeof transitions;

/**
 * A report (or a statement nobody endorses) collects nothing, so it is never "closed": it is
 * published and later archived straight from open. ("closed" ones from before are archived too.)
 */
const withoutCollecting: Partial<Record<Transition, readonly string[] | null>> = {
  close: null,
  reopen: null,
  archive: ["open", "closed"],
};

type Kinded = { kind: string; endorsable?: boolean | null };

/** The statuses a transition starts from for this kind of publication (empty: never offered). */
function transitionFrom(transition: Transition, publication: Kinded): readonly string[] {
  if (collectsSignatures({ kind: publication.kind, endorsable: publication.endorsable === true }))
    return transitions[transition].from;
  const own = withoutCollecting[transition];
  return own === undefined ? transitions[transition].from : (own ?? []);
}

/** A transition's name from a form: only the table's own keys (never "toString" or "__proto__"). */
export function isTransition(value: unknown): value is Transition {
  return typeof value === "string" && Object.hasOwn(transitions, value);
}

export function allowedTransitions(
  publication: Kinded & { status: string; anonymizedAt: Date | null; origin?: string },
): Transition[] {
  // A citizen petition is published by a moderator's decision (app/models/citizen.server.ts), never from here.
  if (publication.origin === "citizen" && publication.status === "draft") return [];
  return (Object.keys(transitions) as Transition[]).filter(
    (name) =>
      transitionFrom(name, publication).includes(publication.status) &&
      !(publication.anonymizedAt && transitions[name].to === "open"),
  );
}

export type ChangeOutcome =
  | { ok: true }
  | { ok: false; reason: "conflict" | "anonymized" | "deactivated" }
  | { ok: false; reason: "incomplete"; missing: string[] };

export async function changeStatus(input: {
  publicationId: string;
  transition: Transition;
  userId: string | null;
  at?: Date;
}): Promise<ChangeOutcome> {
  const rule = transitions[input.transition];
  const now = new Date();
  let missing: string[] = [];
  let anonymized = false;
  let deactivated = false;
  const done = await db().$transaction(async (tx) => {
    const publication = await tx.publication.findUnique({
      where: { id: input.publicationId },
      select: {
        id: true,
        slug: true,
        kind: true,
        endorsable: true,
        status: true,
        organizationId: true,
        organization: { select: { deactivatedAt: true } },
        publishedAt: true,
        anonymizedAt: true,
        origin: true,
        onlyLanguage: true,
        titleKk: true,
        titleRu: true,
        summaryKk: true,
        summaryRu: true,
        bodyKk: true,
        bodyRu: true,
      },
    });
    if (!publication || !transitionFrom(input.transition, publication).includes(publication.status)) return null;
    if (publication.origin === "citizen" && publication.status === "draft") return null;
    // A deactivated organization publishes nothing until an admin reactivates it.
    deactivated = rule.to === "open" && publication.organization.deactivatedAt !== null;
    if (deactivated) return null;
    anonymized = rule.to === "open" && publication.anonymizedAt !== null;
    if (anonymized) return null;
    // Both languages, unless the organizer marked the publication single-language.
    missing = rule.to === "open" ? missingForPublishing(publication) : [];
    if (missing.length) return null;
    const changed = await tx.publication.updateMany({
      // Retention may anonymise between the read and this write: the condition includes it.
      where: { id: publication.id, status: publication.status, ...(rule.to === "open" ? { anonymizedAt: null } : {}) },
      data: {
        status: rule.to,
        ...(input.transition === "open" && !publication.publishedAt ? { publishedAt: now } : {}),
        ...(input.transition === "close" ? { closedAt: input.at ?? now } : {}),
        ...(input.transition === "reopen" ? { closedAt: null } : {}),
      },
    });
    if (changed.count !== 1) return null;
    await audit(
      {
        userId: input.userId,
        organizationId: publication.organizationId,
        action: `publication.${input.transition}`,
        target: publication.slug,
        details: { from: publication.status, to: rule.to },
      },
      tx,
    );
    return publication;
  });
  if (done) await announceCountChange(done.id);
  if (missing.length) return { ok: false, reason: "incomplete", missing };
  if (anonymized) return { ok: false, reason: "anonymized" };
  if (deactivated) return { ok: false, reason: "deactivated" };
  return done ? { ok: true } : { ok: false, reason: "conflict" };
}

/** Petitions whose deadline has passed are closed by the scheduler (logged as the system's action). */
export async function closeExpired(now = new Date()) {
  const due = await db().publication.findMany({
    where: { status: "open", deadline: { lte: now } },
    select: { id: true, deadline: true },
  });
  let closed = 0;
  // Closed as of the deadline itself: the grace period for late confirmations counts from there.
  for (const publication of due)
    if (
      (
        await changeStatus({
          publicationId: publication.id,
          transition: "close",
          userId: null,
          at: publication.deadline ?? now,
        })
      ).ok
    )
      closed++;
  return { closed };
}
