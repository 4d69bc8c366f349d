import { describe, expect, it } from "vitest";
import {
  appendLeaves,
  consistencyProof,
  frontierKeys,
  frontierRoot,
  inclusionProof,
  leafHash,
  nodeId,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type Frontier,
} from "~/lib/merkle.ts";
import {
  checkpointText,
  cosign,
  generateSignerKey,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKey,
  verifyCosignature,
  verifyNote,
} from "~/lib/signed-note.server.ts";
import {
  hex,
  leaf,
  mth,
  nobleWitnessKey,
  noteKeyId,
  parseCheckpointText,
  parseVkey,
  path,
  proof,
  rootFromPath,
  splitNote,
  verifyCosignatureLine,
  verifyNoteSignature,
} from "../support/rfc9162.ts";

const data = (n: number) => Array.from({ length: n }, (_, i) => new TextEncoder().encode(`petition-${i % 3}|${i}|x`));

/** Builds the app's stored tree in uneven batches, as the sequencer does. */
function stored(items: Uint8Array[]) {
  const nodes = new Map<string, Buffer>();
  let frontier: Frontier = [];
  let size = 0;
  for (let at = 0; at < items.length;) {
    const batch = items.slice(at, at + 1 + (at % 4));
    const result = appendLeaves(size, frontier, batch.map(leafHash));
    for (const node of result.nodes) nodes.set(nodeId(node.level, node.index), node.hash);
    ({ frontier, size } = result);
    at += batch.length;
    // The frontier is exactly the stored nodes frontierKeys names.
    expect(frontierKeys(size).map((key) => hex(nodes.get(nodeId(key.level, key.index))!))).toEqual(
      frontier.map((node) => hex(node.hash)),
    );
  }
  const read = (level: number, index: number) => {
    const found = nodes.get(nodeId(level, index));
    if (!found) throw new Error(`missing ${level}/${index}`);
    return found;
  };
  return { read, frontier, nodes };
}

describe("the log's Merkle tree against RFC 9162 written out naively", () => {
  it("gives the same roots, inclusion proofs and consistency proofs for every tree up to 33 leaves", () => {
    const items = data(33);
    const { read, frontier } = stored(items);
    expect(hex(frontierRoot(frontier))).toBe(hex(mth(items)));
    expect(hex(treeRoot(read, 0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    for (let size = 1; size <= items.length; size++) {
      const prefix = items.slice(0, size);
      const root = treeRoot(read, size);
      expect(hex(root)).toBe(hex(mth(prefix)));
      for (let index = 0; index < size; index++) {
        const mine = inclusionProof(read, index, size);
        expect(mine.map(hex)).toEqual(path(index, prefix).map(hex));
        expect(hex(rootFromPath(index, size, leaf(prefix[index]), mine))).toBe(hex(root));
        expect(verifyInclusion(leafHash(prefix[index]), index, size, mine, root)).toBe(true);
        // A proof for a neighbour's leaf, or at the wrong index, fails.
        if (size > 1) {
          expect(verifyInclusion(leafHash(prefix[(index + 1) % size]), index, size, mine, root)).toBe(false);
          expect(verifyInclusion(leafHash(prefix[index]), (index + 1) % size, size, mine, root)).toBe(false);
        }
      }
      for (let from = 1; from <= size; from++) {
        const mine = consistencyProof(read, from, size);
        expect(mine.map(hex)).toEqual(from === size ? [] : proof(from, prefix).map(hex));
        expect(verifyConsistency(from, size, treeRoot(read, from), root, mine)).toBe(true);
        if (from < size) {
          const forged = treeRoot(read, from - 1 || 1);
          if (hex(forged) !== hex(treeRoot(read, from)))
            expect(verifyConsistency(from, size, forged, root, mine)).toBe(false);
        }
      }
    }
  });
});

describe("checkpoints and cosignatures in the C2SP formats, checked with @noble/ed25519", () => {
  it("signs a checkpoint that an independent Ed25519 verifier accepts byte for byte", async () => {
    const key = generateSignerKey("dauys.example.kz/log");
    const signer = parseSignerKey(key);
    const vkey = verifierKey(signer);
    expect(vkey).toMatch(/^dauys\.example\.kz\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const parsed = parseVkey(vkey);
    expect(hex(noteKeyId(parsed.name, 1, parsed.publicKey))).toBe(hex(parsed.keyId));
    const root = mth(data(5));
    const note = signNote(checkpointText("dauys.example.kz/log", 5, root), signer);
    expect(note).toMatch(
      /^dauys\.example\.kz\/log\n5\n[A-Za-z0-9+/]{43}=\n\n\u2014 dauys\.example\.kz\/log [A-Za-z0-9+/]{91}=\n$/u,
    );
    expect(await verifyNoteSignature(note, vkey)).toBe(true);
    expect(parseCheckpointText(splitNote(note).text)).toEqual({ origin: "dauys.example.kz/log", size: 5, root });
    // A changed byte anywhere in the text, or another key of the same name, fails.
    expect(await verifyNoteSignature(note.replace("\n5\n", "\n6\n"), vkey)).toBe(false);
    const other = verifierKey(parseSignerKey(generateSignerKey("dauys.example.kz/log")));
    expect(await verifyNoteSignature(note, other)).toBe(false);
    expect(verifyNote(parseNote(note)!, parseVerifierKey(vkey))).toBe(true);
    expect(verifyNote(parseNote(note)!, parseVerifierKey(other))).toBe(false);
    expect(parseCheckpoint(parseNote(note)!.text)).toMatchObject({ size: 5, extensions: [] });
  });

  it("accepts cosignatures made with @noble/ed25519 and makes ones it verifies", async () => {
    const witness = await nobleWitnessKey("newsroom.example/witness");
    const text = checkpointText("dauys.example.kz/log", 3, mth(data(3)));
    const line = await witness.cosign(text, 1_796_000_000);
    const signature = parseNote(`${text}\n${line}\n`)!.signatures[0];
    expect(verifyCosignature(text, signature, parseVerifierKey(witness.vkey))).toBe(1_796_000_000);
    expect(verifyCosignature(text.replace("\n3\n", "\n4\n"), signature, parseVerifierKey(witness.vkey))).toBeNull();
    // The other way round: the app's cosignature (as scripts/witness.js makes them) checked by noble.
    const mine = parseSignerKey(witness.privateText);
    const own = cosign(text, mine, 1_796_000_001);
    expect(await verifyCosignatureLine(text, splitNote(`${text}\n${own}\n`).signatures[0], witness.vkey)).toBe(
      1_796_000_001,
    );
  });
});
