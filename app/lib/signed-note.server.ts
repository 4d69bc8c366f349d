// C2SP signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and Ed25519
// cosignatures (c2sp.org/tlog-cosignature), with node:crypto's Ed25519. Keys are written the way
// Go's golang.org/x/mod/sumdb/note writes them, so tools from that ecosystem read them:
//   signer key    PRIVATE+KEY+<name>+<key ID hex>+<base64(type || 32-byte seed)>
//   verifier key  <name>+<key ID hex>+<base64(type || 32-byte public key)>
// with key ID = SHA-256(<name> || "\n" || type || public key)[:4], type 0x01 for the log's own
// signatures and 0x04 for witnesses' timestamped cosignatures.
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from "node:crypto";

export const ED25519 = 0x01;
export const COSIGNATURE_V1 = 0x04;
type KeyType = typeof ED25519 | typeof COSIGNATURE_V1;

// DER prefixes of an Ed25519 key's PKCS#8 and SPKI encodings (RFC 8410), before the 32 key bytes.
const PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

const NAME = /^[^\s+]+$/u;

function keyId(name: string, type: KeyType, publicKey: Uint8Array) {
  return createHash("sha256")
    .update(Buffer.concat([Buffer.from(`${name}\n`, "utf8"), Uint8Array.of(type), publicKey]))
    .digest()
    .subarray(0, 4);
}

export type Signer = { name: string; type: KeyType; keyId: Buffer; publicKey: Buffer; privateKey: KeyObject };
export type Verifier = { name: string; type: KeyType; keyId: Buffer; publicKey: Buffer; key: KeyObject };

function publicKeyObject(raw: Uint8Array) {
  return createPublicKey({ key: Buffer.concat([SPKI_PREFIX, raw]), format: "der", type: "spki" });
}

function signerFromSeed(name: string, type: KeyType, seed: Buffer): Signer {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(-32);
  return { name, type, keyId: keyId(name, type, publicKey), publicKey, privateKey };
}

/** A new signer key, as text. */
export function generateSignerKey(name: string, type: KeyType = ED25519) {
  if (!NAME.test(name)) throw new Error("a key name has no spaces and no '+'");
  const seed = randomBytes(32);
  const signer = signerFromSeed(name, type, seed);
  return `PRIVATE+KEY+${name}+${signer.keyId.toString("hex")}+${Buffer.concat([Uint8Array.of(type), seed]).toString("base64")}`;
}

/** Parses `PRIVATE+KEY+name+id+base64`; throws with a reason when it is not a valid Ed25519 key. */
export function parseSignerKey(text: string): Signer {
  const match = /^PRIVATE\+KEY\+([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!match) throw new Error("expected PRIVATE+KEY+<name>+<8 hex digits>+<base64>");
  const [, name, id, material] = match;
  const bytes = Buffer.from(material, "base64");
  if (bytes.length !== 33 || (bytes[0] !== ED25519 && bytes[0] !== COSIGNATURE_V1))
    throw new Error("the key is not an Ed25519 key (type 0x01 or 0x04, 32 bytes)");
  const signer = signerFromSeed(name, bytes[0] as KeyType, bytes.subarray(1));
  if (signer.keyId.toString("hex") !== id) throw new Error("the key ID does not match the key");
  return signer;
}

export function verifierKey(key: { name: string; type: KeyType; keyId: Buffer; publicKey: Buffer }) {
  return `${key.name}+${key.keyId.toString("hex")}+${Buffer.concat([Uint8Array.of(key.type), key.publicKey]).toString("base64")}`;
}

/** Parses `name+id+base64`; throws with a reason. */
export function parseVerifierKey(text: string): Verifier {
  const match = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(text.trim());
  if (!match) throw new Error("expected <name>+<8 hex digits>+<base64>");
  const [, name, id, material] = match;
  const bytes = Buffer.from(material, "base64");
  if (bytes.length !== 33 || (bytes[0] !== ED25519 && bytes[0] !== COSIGNATURE_V1))
    throw new Error("the key is not an Ed25519 key (type 0x01 or 0x04, 32 bytes)");
  const type = bytes[0] as KeyType;
  const publicKey = Buffer.from(bytes.subarray(1));
  if (keyId(name, type, publicKey).toString("hex") !== id) throw new Error("the key ID does not match the key");
  return { name, type, keyId: Buffer.from(id, "hex"), publicKey, key: publicKeyObject(publicKey) };
}

export type SignatureLine = { name: string; keyId: Buffer; signature: Buffer; line: string };
export type Note = { text: string; signatures: SignatureLine[] };

/** Splits a signed note into its text and signature lines; null when it is not one. */
export function parseNote(note: string): Note | null {
  if (note.length > 64_000 || /[\u0000-\u0009\u000b-\u001f]/.test(note) || !note.endsWith("\n")) return null;
  const split = note.lastIndexOf("\n\n");
  if (split < 0) return null;
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split("\n");
  const signatures: SignatureLine[] = [];
  for (const line of lines) {
    const match = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!match) return null;
    const bytes = Buffer.from(match[2], "base64");
    if (bytes.length < 5) return null;
    signatures.push({ name: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4), line });
  }
  return signatures.length && signatures.length <= 32 ? { text, signatures } : null;
}

function signatureLine(name: string, id: Buffer, signature: Uint8Array) {
  return `\u2014 ${name} ${Buffer.concat([id, signature]).toString("base64")}`;
}

/** The note text signed by the log's key: the text, a blank line, one signature line. */
export function signNote(text: string, signer: Signer) {
  const signature = sign(null, Buffer.from(text, "utf8"), signer.privateKey);
  return `${text}\n${signatureLine(signer.name, signer.keyId, signature)}\n`;
}

const matches = (line: SignatureLine, key: { name: string; keyId: Buffer }) =>
  line.name === key.name && line.keyId.equals(key.keyId);

/** True when the note carries a valid signature by this (type 0x01) key. */
export function verifyNote(note: Note, verifier: Verifier) {
  const line = note.signatures.find((candidate) => matches(candidate, verifier));
  return Boolean(line && verify(null, Buffer.from(note.text, "utf8"), verifier.key, line.signature));
}

const cosignatureMessage = (text: string, timestamp: number) => `cosignature/v1\ntime ${timestamp}\n${text}`;

/** A witness's cosignature line over a checkpoint text (c2sp.org/tlog-cosignature, Ed25519). */
export function cosign(text: string, signer: Signer, timestamp = Math.floor(Date.now() / 1000)) {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, Buffer.from(cosignatureMessage(text, timestamp), "utf8"), signer.privateKey);
  return signatureLine(signer.name, signer.keyId, Buffer.concat([time, signature]));
}

/** The timestamp of a valid cosignature by this (type 0x04) key on the note's text, or null. */
export function verifyCosignature(text: string, line: SignatureLine, verifier: Verifier) {
  if (!matches(line, verifier) || line.signature.length !== 72) return null;
  const timestamp = line.signature.readBigUInt64BE(0);
  if (timestamp >= 2n ** 63n) return null;
  const message = Buffer.from(cosignatureMessage(text, Number(timestamp)), "utf8");
  return verify(null, message, verifier.key, line.signature.subarray(8)) ? Number(timestamp) : null;
}

export type Checkpoint = { origin: string; size: number; root: Buffer; extensions: string[] };

/** The checkpoint's note text (c2sp.org/tlog-checkpoint): origin, size, base64 root, newline-terminated. */
export function checkpointText(origin: string, size: number, root: Uint8Array) {
  return `${origin}\n${size}\n${Buffer.from(root).toString("base64")}\n`;
}

export function parseCheckpoint(text: string): Checkpoint | null {
  const lines = text.split("\n");
  if (lines.length < 4 || lines.at(-1) !== "") return null;
  const [origin, size, root, ...rest] = lines;
  const extensions = rest.slice(0, -1);
  if (!origin || !/^(0|[1-9]\d{0,15})$/.test(size) || extensions.some((line) => line === "")) return null;
  const rootBytes = Buffer.from(root, "base64");
  if (rootBytes.length !== 32 || rootBytes.toString("base64") !== root) return null;
  return { origin, size: Number(size), root: rootBytes, extensions };
}
