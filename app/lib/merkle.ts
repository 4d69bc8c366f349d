// The Merkle tree of RFC 9162 (RFC 6962), section 2.1: leaf hash SHA-256(0x00 || leaf), node hash
// SHA-256(0x01 || left || right), the tree split at the largest power of two below its size.
// Pure functions over 32-byte hashes. The tree itself is kept as its complete subtrees (a subtree
// of 2^level leaves starting at index·2^level, "node (level, index)"): every proof and every root
// is built from O(log n) of them, and each new leaf completes at most log n of them.
// scripts/verify.js, scripts/witness.js and public/receipt-proof.js carry their own copies of the
// verification on purpose (docs/ledger.md, "The witnessed log").
import { createHash } from "node:crypto";

export type Hash = Buffer;
export type NodeKey = { level: number; index: number };
/** Reads a stored complete subtree. Proof builders call it only for nodes that exist. */
export type NodeReader = (level: number, index: number) => Hash;

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const LEAF = Uint8Array.of(0);
const NODE = Uint8Array.of(1);

export const leafHash = (data: Uint8Array) => sha256(LEAF, data);
const nodeHash = (left: Uint8Array, right: Uint8Array) => sha256(NODE, left, right);
/** The root of the empty tree: SHA-256 of nothing. */
const EMPTY_ROOT = sha256();

const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;
/** The largest power of two strictly below n (n ≥ 2). */
function splitPoint(n: number) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[start:end]), from stored complete subtrees. */
function subtreeRoot(read: NodeReader, start: number, end: number): Hash {
  const size = end - start;
  if (size === 0) return EMPTY_ROOT;
  if (isPowerOfTwo(size) && start % size === 0) return read(Math.log2(size), start / size);
  const k = splitPoint(size);
  return nodeHash(subtreeRoot(read, start, start + k), subtreeRoot(read, start + k, end));
}

export const treeRoot = (read: NodeReader, size: number) => subtreeRoot(read, 0, size);

/** RFC 9162 2.1.3.1: PATH(index, D[0:size]), the sibling hashes from the leaf up. */
export function inclusionProof(read: NodeReader, index: number, size: number): Hash[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: Hash[] = [];
  const walk = (m: number, start: number, end: number) => {
    const n = end - start;
    if (n === 1) return;
    const k = splitPoint(n);
    if (m < k) {
      walk(m, start, start + k);
      path.push(subtreeRoot(read, start + k, end));
    } else {
      walk(m - k, start + k, end);
      path.push(subtreeRoot(read, start, start + k));
    }
  };
  walk(index, 0, size);
  return path;
}

/** RFC 9162 2.1.4.1: PROOF(from, D[0:to]). Empty when from is 0 or equal to to. */
export function consistencyProof(read: NodeReader, from: number, to: number): Hash[] {
  if (!(from >= 0 && from <= to)) throw new RangeError(`no consistency proof from ${from} to ${to}`);
  if (from === 0 || from === to) return [];
  const path: Hash[] = [];
  const walk = (m: number, start: number, end: number, complete: boolean) => {
    const n = end - start;
    if (m === n) {
      if (!complete) path.push(subtreeRoot(read, start, end));
      return;
    }
    const k = splitPoint(n);
    if (m <= k) {
      walk(m, start, start + k, complete);
      path.push(subtreeRoot(read, start + k, end));
    } else {
      walk(m - k, start + k, end, false);
      path.push(subtreeRoot(read, start, start + k));
    }
  };
  walk(from, 0, to, true);
  return path;
}

/**
 * Runs a proof builder twice: once to learn which stored nodes it reads, then, after `load`
 * fetched them all in one go, for real. Keeps a proof to one database round trip.
 */
export async function withNodes<T>(
  build: (read: NodeReader) => T,
  load: (keys: NodeKey[]) => Promise<Map<string, Hash>>,
): Promise<T> {
  const wanted = new Map<string, NodeKey>();
  build((level, index) => {
    wanted.set(nodeId(level, index), { level, index });
    return EMPTY_ROOT;
  });
  const nodes = await load([...wanted.values()]);
  return build((level, index) => {
    const node = nodes.get(nodeId(level, index));
    if (!node) throw new Error(`log node ${level}/${index} is missing`);
    return node;
  });
}
export const nodeId = (level: number, index: number) => `${level}/${index}`;

/** The complete subtrees that make up a tree of `size` leaves, largest (leftmost) first. */
export function frontierKeys(size: number): NodeKey[] {
  const keys: NodeKey[] = [];
  let start = 0;
  for (let level = 52; level >= 0; level--) {
    const width = 2 ** level;
    if (Math.floor(size / width) % 2 === 1) {
      keys.push({ level, index: start / width });
      start += width;
    }
  }
  return keys;
}

export type Frontier = Array<{ level: number; hash: Hash }>;

export function frontierRoot(frontier: Frontier): Hash {
  if (frontier.length === 0) return EMPTY_ROOT;
  let root = frontier[frontier.length - 1].hash;
  for (let i = frontier.length - 2; i >= 0; i--) root = nodeHash(frontier[i].hash, root);
  return root;
}

/**
 * Appends leaves to a tree of `size` leaves given by its frontier: returns every node the new
 * leaves complete (the leaves themselves at level 0), and the new frontier.
 */
export function appendLeaves(size: number, frontier: Frontier, leaves: Hash[]) {
  const stack = frontier.map((node) => ({ ...node }));
  const nodes: Array<NodeKey & { hash: Hash }> = [];
  for (const leaf of leaves) {
    nodes.push({ level: 0, index: size, hash: leaf });
    stack.push({ level: 0, hash: leaf });
    size += 1;
    while (stack.length >= 2 && stack[stack.length - 1].level === stack[stack.length - 2].level) {
      const right = stack.pop()!;
      const left = stack.pop()!;
      const level = left.level + 1;
      const hash = nodeHash(left.hash, right.hash);
      nodes.push({ level, index: size / 2 ** level - 1, hash });
      stack.push({ level, hash });
    }
  }
  return { nodes, frontier: stack, size };
}

/** RFC 9162 2.1.3.2. */
export function verifyInclusion(leaf: Hash, index: number, size: number, path: Hash[], root: Hash) {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 2.1.4.2, plus the trivial cases (from 0, or equal sizes). */
export function verifyConsistency(from: number, to: number, fromRoot: Hash, toRoot: Hash, path: Hash[]) {
  if (from < 0 || from > to) return false;
  if (from === 0) return path.length === 0;
  if (from === to) return path.length === 0 && fromRoot.equals(toRoot);
  const proof = isPowerOfTwo(from) ? [fromRoot, ...path] : path;
  if (proof.length === 0) return false;
  let fn = from - 1;
  let sn = to - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = proof[0];
  let sr = proof[0];
  for (const c of proof.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(fromRoot) && sr.equals(toRoot);
}
