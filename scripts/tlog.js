// Transparency-log checks for scripts/verify.js and scripts/witness.js, with Node's built-ins only
// and no code from the app (docs/ledger.md, "The witnessed log"):
//   - RFC 9162 Merkle trees: leaf hash SHA-256(0x00 || data), node hash SHA-256(0x01 || l || r),
//     inclusion and consistency proof verification (sections 2.1.3.2 and 2.1.4.2);
//   - C2SP signed notes, checkpoints and Ed25519 cosignatures (c2sp.org/signed-note,
//     c2sp.org/tlog-checkpoint, c2sp.org/tlog-cosignature).
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify } from "node:crypto";

const sha256 = (...parts) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
export const leafHash = (data) => sha256(Buffer.from([0]), Buffer.from(data));
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);
const half = (n) => Math.floor(n / 2);
const odd = (n) => n % 2 === 1;

/** The root of a list of leaf hashes (MTH of RFC 9162 2.1.1), computed in one pass. */
export function rootOf(leaves) {
  if (leaves.length === 0) return sha256();
  const stack = []; // [size, hash] of complete subtrees, largest first
  for (const leaf of leaves) {
    let node = [1, leaf];
    while (stack.length && stack[stack.length - 1][0] === node[0]) {
      const left = stack.pop();
      node = [left[0] * 2, nodeHash(left[1], node[1])];
    }
    stack.push(node);
  }
  let root = stack.pop()[1];
  while (stack.length) root = nodeHash(stack.pop()[1], root);
  return root;
}

export function verifyInclusion(leaf, index, size, path, root) {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else r = nodeHash(r, p);
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && r.equals(root);
}

export function verifyConsistency(first, second, firstRoot, secondRoot, path) {
  if (first < 0 || first > second) return false;
  if (first === 0) return path.length === 0;
  if (first === second) return path.length === 0 && firstRoot.equals(secondRoot);
  const proof = Number.isInteger(Math.log2(first)) ? [firstRoot, ...path] : path;
  if (!proof.length) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) [fn, sn] = [half(fn), half(sn)];
  let fr = proof[0];
  let sr = proof[0];
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) [fn, sn] = [half(fn), half(sn)];
    } else sr = nodeHash(sr, c);
    [fn, sn] = [half(fn), half(sn)];
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}

// ---- signed notes ----

const SPKI = Buffer.from("302a300506032b6570032100", "hex");
const PKCS8 = Buffer.from("302e020100300506032b657004220420", "hex");
const keyId = (name, type, publicKey) =>
  sha256(Buffer.from(`${name}\n`), Buffer.from([type]), publicKey).subarray(0, 4);

/** `name+keyID+base64(type || key)` → { name, type, id, key }; throws when malformed. */
export function parseVerifierKey(text) {
  const match = /^([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(String(text).trim());
  if (!match) throw new Error(`not a verifier key: ${text}`);
  const bytes = Buffer.from(match[3], "base64");
  if (bytes.length !== 33) throw new Error("a verifier key holds a type byte and a 32-byte Ed25519 key");
  const id = keyId(match[1], bytes[0], bytes.subarray(1));
  if (id.toString("hex") !== match[2]) throw new Error("the verifier key's ID does not match its key");
  const key = createPublicKey({ key: Buffer.concat([SPKI, bytes.subarray(1)]), format: "der", type: "spki" });
  return { name: match[1], type: bytes[0], id, key, text: String(text).trim() };
}

/** A new Ed25519 key: its private key text and verifier key; type 0x01 for a log, 0x04 for a witness. */
export function newKey(name, type) {
  if (!/^[^\s+]+$/.test(name)) throw new Error("a key name has no spaces and no '+'");
  const seed = randomBytes(32);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(-32);
  const id = keyId(name, type, publicKey).toString("hex");
  return {
    private: `PRIVATE+KEY+${name}+${id}+${Buffer.concat([Buffer.from([type]), seed]).toString("base64")}`,
    verifier: `${name}+${id}+${Buffer.concat([Buffer.from([type]), publicKey]).toString("base64")}`,
  };
}
export const newWitnessKey = (name) => newKey(name, 4);

export function parsePrivateKey(text) {
  const match = /^PRIVATE\+KEY\+([^\s+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(String(text).trim());
  if (!match) throw new Error("not a PRIVATE+KEY+… key");
  const bytes = Buffer.from(match[3], "base64");
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8, bytes.subarray(1)]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey).export({ format: "der", type: "spki" }).subarray(-32);
  if (keyId(match[1], bytes[0], publicKey).toString("hex") !== match[2]) throw new Error("the key's ID does not match");
  return { name: match[1], type: bytes[0], id: Buffer.from(match[2], "hex"), privateKey };
}

/** Splits a signed note: its text (ending in a newline) and its signature lines. */
export function parseNote(note) {
  const split = note.lastIndexOf("\n\n");
  if (!note.endsWith("\n") || split < 0) throw new Error("not a signed note");
  const text = note.slice(0, split + 1);
  const signatures = note
    .slice(split + 2, -1)
    .split("\n")
    .map((line) => {
      const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
      if (!match) throw new Error(`not a signature line: ${line}`);
      const bytes = Buffer.from(match[2], "base64");
      return { name: match[1], id: bytes.subarray(0, 4), signature: bytes.subarray(4), line };
    });
  return { text, signatures };
}

/** True when the note has a valid Ed25519 signature (type 0x01) by this key; throws on a bad one. */
export function verifyNote(note, verifier) {
  const line = note.signatures.find((s) => s.name === verifier.name && s.id.equals(verifier.id));
  if (!line) return false;
  if (!verify(null, Buffer.from(note.text), verifier.key, line.signature))
    throw new Error(`the signature of ${verifier.name} does not verify`);
  return true;
}

/** origin, size and root of a checkpoint's text. */
export function parseCheckpoint(text) {
  const [origin, size, root] = text.split("\n");
  const bytes = Buffer.from(root ?? "", "base64");
  if (!origin || !/^(0|[1-9]\d*)$/.test(size ?? "") || bytes.length !== 32) throw new Error("not a checkpoint");
  return { origin, size: Number(size), root: bytes };
}

/** A cosignature line (c2sp.org/tlog-cosignature, Ed25519) over a checkpoint's text. */
export function cosign(text, key, timestamp = Math.floor(Date.now() / 1000)) {
  const time = Buffer.alloc(8);
  time.writeBigUInt64BE(BigInt(timestamp));
  const signature = sign(null, Buffer.from(`cosignature/v1\ntime ${timestamp}\n${text}`), key.privateKey);
  return `\u2014 ${key.name} ${Buffer.concat([key.id, time, signature]).toString("base64")}`;
}

export async function getText(url) {
  const response = await fetch(url, { headers: { "Cache-Control": "no-cache" } });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
  return response.text();
}
export const getJson = async (url) => JSON.parse(await getText(url));
