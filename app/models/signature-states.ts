// The one table of what can happen to a signature (decision 032). Every change of a signature's
// state — signing, confirming, holding, releasing, withdrawing, removing, restoring — is a row
// here: the state it leaves, the state it enters, and the ledger entry that records the move.
// Each state is a published tier, each tier counter counts the signatures in that state, and
// every move is in the public ledger, so every published figure can be recomputed from it.
// Paper batches are the one ledger entry that is not a signature: they move the `paper` tier.
// Pure data, no I/O: the writer is app/models/signature.server.ts, the reader scripts/verify.js.

export const signatureStates = ["pending", "confirmed", "held", "withdrawn", "removed"] as const;
export type SignatureState = (typeof signatureStates)[number];

/** Published tiers: one per signature state, plus paper signatures (never blended). */
export const tiers = ["confirmed", "pending", "held", "withdrawn", "removed", "paper"] as const;
export type Tier = (typeof tiers)[number];
export type TierFigures = Record<Tier, number>;

export type SignatureAction = "sign" | "confirm" | "hold" | "release" | "withdraw" | "remove" | "restore";

export type Transition = {
  action: SignatureAction;
  /** null: the signature did not exist before (signing). */
  from: SignatureState | null;
  to: SignatureState;
  /** The ledger entry type that records this move (docs/ledger.md). */
  entry: LedgerType;
};

const transitions = [
  { action: "sign", from: null, to: "pending", entry: "sign" },
  { action: "confirm", from: "pending", to: "confirmed", entry: "confirm" },
  // A confirmation that an abuse rule flagged waits for a moderator instead of counting.
  { action: "hold", from: "pending", to: "held", entry: "hold" },
  { action: "release", from: "held", to: "confirmed", entry: "release" },
  { action: "withdraw", from: "pending", to: "withdrawn", entry: "withdraw-pending" },
  { action: "withdraw", from: "confirmed", to: "withdrawn", entry: "withdraw" },
  { action: "withdraw", from: "held", to: "withdrawn", entry: "withdraw-held" },
  { action: "remove", from: "pending", to: "removed", entry: "remove-pending" },
  { action: "remove", from: "confirmed", to: "removed", entry: "remove" },
  { action: "remove", from: "held", to: "removed", entry: "remove-held" },
  // A restored signature goes back to the state it was removed from.
  { action: "restore", from: "removed", to: "pending", entry: "restore-pending" },
  { action: "restore", from: "removed", to: "confirmed", entry: "restore" },
  { action: "restore", from: "removed", to: "held", entry: "restore-held" },
] as const satisfies readonly Transition[];

export const ledgerTypes = [
  "sign",
  "confirm",
  "hold",
  "release",
  "withdraw",
  "withdraw-pending",
  "withdraw-held",
  "remove",
  "remove-pending",
  "remove-held",
  "restore",
  "restore-pending",
  "restore-held",
  "paper",
] as const;
export type LedgerType = (typeof ledgerTypes)[number];

/**
 * What each ledger entry does to the tiers of its region: `amount` leaves `from` (if any) and
 * enters `to`. Entries whose `to` is `removed` add to their reason's removal count; entries whose
 * `from` is `removed` take from it. This is the whole arithmetic an outside verifier needs.
 */
export const ledgerMoves: Record<LedgerType, { from: Tier | null; to: Tier }> = {
  ...(Object.fromEntries(transitions.map((row) => [row.entry, { from: row.from, to: row.to }])) as Record<
    Exclude<LedgerType, "paper">,
    { from: Tier | null; to: Tier }
  >),
  paper: { from: null, to: "paper" },
};

/** Entry types that carry a removal reason. */
export const reasonedTypes: ReadonlySet<LedgerType> = new Set(
  ledgerTypes.filter((type) => ledgerMoves[type].to === "removed" || ledgerMoves[type].from === "removed"),
);

/** The move an action makes from a state, or null when the action does not apply there. */
export function transitionFor(
  action: SignatureAction,
  from: SignatureState | null,
  target?: SignatureState | null,
): Transition | null {
  return (
    transitions.find(
      (row) =>
        row.action === action && row.from === from && (action !== "restore" || row.to === (target ?? "confirmed")),
    ) ?? null
  );
}

/** States in which a signature still belongs to its signer's choice (a withdrawal applies). */
export const withdrawableStates: readonly SignatureState[] = transitions
  .filter((row) => row.action === "withdraw")
  .map((row) => row.from!);

export const isSignatureState = (value: unknown): value is SignatureState =>
  typeof value === "string" && (signatureStates as readonly string[]).includes(value);

/** The change of tier figures a move makes in its region. */
export function tierChange(entry: LedgerType, amount = 1): Partial<TierFigures> {
  const move = ledgerMoves[entry];
  return move.from ? { [move.from]: -amount, [move.to]: amount } : { [move.to]: amount };
}
