import { createHash, createHmac, randomBytes } from "node:crypto";

/** 192 random bits, URL-safe. */
export function newToken() {
  return randomBytes(24).toString("base64url");
}

/** Tokens are stored only as their SHA-256: a leaked database cannot confirm anything. */
export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** Keyed hash, for values we must compare but must not keep (IP addresses). */
export function keyedHash(secret: string, value: string) {
  return createHmac("sha256", secret).update(value).digest("base64url").slice(0, 32);
}

/** Tokens look like base64url of 24 bytes; anything else is rejected before a lookup. */
export function looksLikeToken(value: string) {
  return /^[A-Za-z0-9_-]{32}$/.test(value);
}
