// Operator actions on single signatures, addressed by receipt (what a signer or a report
// quotes). The organizer workspace will add search and bulk actions on top of these.
import { db } from "~/db.server.ts";
import { moderateSignature, removalReasons } from "~/models/signature.server.ts";

export type ModerationAction = "remove" | "restore" | "release";

export async function moderateByReceipt(input: { receipt: string; action: ModerationAction; reason?: string }) {
  if (input.action === "remove" && !removalReasons.includes(input.reason as (typeof removalReasons)[number])) {
    throw new Error(`reason must be one of: ${removalReasons.join(", ")}`);
  }
  const signature = await db().signature.findUnique({ where: { receipt: input.receipt }, select: { id: true } });
  if (!signature) return false;
  return moderateSignature({ signatureId: signature.id, action: input.action, reason: input.reason as (typeof removalReasons)[number] });
}
