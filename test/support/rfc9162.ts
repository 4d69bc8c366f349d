// A second, deliberately naive implementation of what the witnessed log promises, written from
// the texts (RFC 9162 section 2.1, c2sp.org/signed-note, c2sp.org/tlog-checkpoint,
// c2sp.org/tlog-cosignature) and sharing no code with the app or scripts/tlog.js. Ed25519 comes
// from @noble/ed25519, not node:crypto, so signatures are checked by an independent verifier.
import * as ed from "@noble/ed25519";
import { createHash } from "node:crypto";

const sha256 = (bytes: Uint8Array) => new Uint8Array(createHash("sha256").update(bytes).digest());
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
const utf8 = (text: string) => new TextEncoder().encode(text);
export const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
export const fromHex = (text: string) => new Uint8Array(Buffer.from(text, "hex"));
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

// RFC 9162 2.1.1: MTH({}) = SHA-256(), MTH({d0}) = SHA-256(0x00 || d0),
// MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
const largestPowerOfTwoBelow = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
export const leaf = (data: Uint8Array) => sha256(concat(Uint8Array.of(0), data));
const node = (left: Uint8Array, right: Uint8Array) => sha256(concat(Uint8Array.of(1), left, right));

export function mth(data: Uint8Array[]): Uint8Array {
  if (data.length === 0) return sha256(new Uint8Array());
  if (data.length === 1) return leaf(data[0]);
  const k = largestPowerOfTwoBelow(data.length);
  return node(mth(data.slice(0, k)), mth(data.slice(k)));
}

// RFC 9162 2.1.3.1.
export function path(m: number, data: Uint8Array[]): Uint8Array[] {
  if (data.length === 1) return [];
  const k = largestPowerOfTwoBelow(data.length);
  return m < k
    ? [...path(m, data.slice(0, k)), mth(data.slice(k))]
    : [...path(m - k, data.slice(k)), mth(data.slice(0, k))];
}

// RFC 9162 2.1.4.1.
export function proof(m: number, data: Uint8Array[]): Uint8Array[] {
  const subproof = (m: number, d: Uint8Array[], b: boolean): Uint8Array[] => {
    if (m === d.length) return b ? [] : [mth(d)];
    const k = largestPowerOfTwoBelow(d.length);
    return m <= k
      ? [...subproof(m, d.slice(0, k), b), mth(d.slice(k))]
      : [...subproof(m - k, d.slice(k), false), mth(d.slice(0, k))];
  };
  return subproof(m, data, true);
}

/** Inclusion check by recomputation: rebuild the root from the leaf and the path, per 2.1.3.1's shape. */
export function rootFromPath(index: number, size: number, leafHash: Uint8Array, audit: Uint8Array[]): Uint8Array {
  const walk = (m: number, n: number, rest: Uint8Array[]): Uint8Array => {
    if (n === 1) {
      if (rest.length) throw new Error("path too long");
      return leafHash;
    }
    const k = largestPowerOfTwoBelow(n);
    const sibling = rest[rest.length - 1];
    if (!sibling) throw new Error("path too short");
    return m < k ? node(walk(m, k, rest.slice(0, -1)), sibling) : node(sibling, walk(m - k, n - k, rest.slice(0, -1)));
  };
  return walk(index, size, audit);
}

// ---- C2SP ----

export type NoteSignature = { name: string; keyId: Uint8Array; signature: Uint8Array };

export function splitNote(note: string) {
  const at = note.lastIndexOf("\n\n");
  const text = note.slice(0, at + 1);
  const signatures: NoteSignature[] = note
    .slice(at + 2)
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      if (!line.startsWith("\u2014 ")) throw new Error(`bad signature line ${line}`);
      const [name, b64] = line.slice(2).split(" ");
      const bytes = new Uint8Array(Buffer.from(b64, "base64"));
      return { name, keyId: bytes.slice(0, 4), signature: bytes.slice(4) };
    });
  return { text, signatures };
}

export function parseVkey(vkey: string) {
  const [, name, id, b64] = /^([^+]+)\+([0-9a-f]{8})\+(.+)$/.exec(vkey.trim())!;
  const bytes = new Uint8Array(Buffer.from(b64, "base64"));
  return { name, keyId: fromHex(id), type: bytes[0], publicKey: bytes.slice(1) };
}

export const noteKeyId = (name: string, type: number, publicKey: Uint8Array) =>
  sha256(concat(utf8(`${name}\n`), Uint8Array.of(type), publicKey)).slice(0, 4);

export async function verifyNoteSignature(note: string, vkey: string) {
  const key = parseVkey(vkey);
  if (!equal(noteKeyId(key.name, key.type, key.publicKey), key.keyId)) return false;
  const { text, signatures } = splitNote(note);
  const line = signatures.find((s) => s.name === key.name && equal(s.keyId, key.keyId));
  return Boolean(line && (await ed.verifyAsync(line.signature, utf8(text), key.publicKey)));
}

export async function verifyCosignatureLine(text: string, line: NoteSignature, vkey: string) {
  const key = parseVkey(vkey);
  if (key.type !== 4 || line.name !== key.name || !equal(line.keyId, key.keyId)) return null;
  const timestamp = Number(Buffer.from(line.signature.slice(0, 8)).readBigUInt64BE(0));
  const message = utf8(`cosignature/v1\ntime ${timestamp}\n${text}`);
  return (await ed.verifyAsync(line.signature.slice(8), message, key.publicKey)) ? timestamp : null;
}

export function parseCheckpointText(text: string) {
  const lines = text.split("\n");
  return { origin: lines[0], size: Number(lines[1]), root: new Uint8Array(Buffer.from(lines[2], "base64")) };
}

/** A witness key made with @noble/ed25519 (type 0x04): what an admin puts in WITNESS_KEYS. */
export async function nobleWitnessKey(name: string) {
  const secretKey = ed.utils.randomSecretKey();
  const publicKey = await ed.getPublicKeyAsync(secretKey);
  const id = noteKeyId(name, 4, publicKey);
  const vkey = `${name}+${hex(id)}+${Buffer.from(concat(Uint8Array.of(4), publicKey)).toString("base64")}`;
  return {
    vkey,
    privateText: `PRIVATE+KEY+${name}+${hex(id)}+${Buffer.from(concat(Uint8Array.of(4), secretKey)).toString("base64")}`,
    async cosign(text: string, timestamp = Math.floor(Date.now() / 1000)) {
      const time = new Uint8Array(8);
      new DataView(time.buffer).setBigUint64(0, BigInt(timestamp));
      const signature = await ed.signAsync(utf8(`cosignature/v1\ntime ${timestamp}\n${text}`), secretKey);
      return `\u2014 ${name} ${Buffer.from(concat(id, time, signature)).toString("base64")}`;
    },
  };
}
