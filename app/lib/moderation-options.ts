// Choices the moderation pages offer. Shared by server and browser: a page's component must not
// take values from a .server module (Remix removes those from the browser bundle).
export const removalReasons = ["duplicate", "fraud", "bot", "signer-request", "invalid-data", "other"] as const;
/** The abuse rules that can hold a signature (app/services/abuse.server.ts). */
export const flagRules = ["rate-burst", "rate-sustained", "too-fast", "tampered"] as const;
export const conditionStatuses = ["confirmed", "held", "removed", "pending"] as const;
/** Most signatures one bulk action may change. */
export const BULK_LIMIT = 5_000;
