// The ledger's documentation is part of its promise: an outsider recomputes the figures from
// docs/ledger.md alone, and journalists read the API guide in three languages. These tests hold
// the documents to what the code does.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ledgerMoves, ledgerTypes, type LedgerType } from "~/models/signature-states.ts";
import { parseSignerKey, signNote } from "~/lib/signed-note.server.ts";
import { cosignatureRefusals } from "~/models/api-contract.server.ts";
import {
  hex,
  leaf,
  mth,
  parseCheckpointText,
  path,
  proof,
  splitNote,
  verifyCosignatureLine,
  verifyNoteSignature,
} from "../support/rfc9162.ts";

const read = (path: string) => readFileSync(path, "utf8");
const ledgerDoc = read("docs/ledger.md");
const guides = ["en", "kk", "ru"].map((lang) => ({ lang, text: read(`app/content/api-docs.${lang}.md`) }));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("docs/ledger.md", () => {
  it("lists every entry type with the move the code makes, and no other", () => {
    const rows = [...ledgerDoc.matchAll(/^\| `([a-z-]+)` \| (—|[a-z]+) \| ([a-z]+) \|/gm)].map((match) => ({
      type: match[1],
      from: match[2] === "—" ? null : match[2],
      to: match[3],
    }));
    expect(rows.map((row) => row.type).sort()).toEqual([...ledgerTypes].sort());
    for (const row of rows) expect(ledgerMoves[row.type as LedgerType]).toEqual({ from: row.from, to: row.to });
  });

  it("has a worked example whose hashes and figures recompute by its own rules", () => {
    const lines = ledgerDoc
      .split("\n")
      .filter((line) => line.startsWith('{"seq":') && line.includes('"type"') && line.endsWith("}"))
      .map((line) => JSON.parse(line) as Record<string, string | number>);
    expect(lines.length).toBeGreaterThanOrEqual(5);
    let prevHash = "0".repeat(64);
    const figures: Record<string, number> = {};
    for (const [index, entry] of lines.entries()) {
      expect(entry.seq).toBe(index + 1);
      expect(entry.prevHash).toBe(prevHash);
      const canonical = [
        entry.seq,
        entry.type,
        entry.region,
        entry.amount,
        entry.minute,
        entry.receipt,
        entry.reason,
        entry.prevHash,
      ].join("|");
      expect(createHash("sha256").update(canonical, "utf8").digest("hex")).toBe(entry.hash);
      // The shell examples print the same hashes.
      if (ledgerDoc.includes(`printf '%s' '${canonical}'`)) expect(ledgerDoc).toContain(`# ${entry.hash}`);
      const move = ledgerMoves[entry.type as LedgerType];
      if (move.from) figures[`${entry.region} ${move.from}`] = (figures[`${entry.region} ${move.from}`] ?? 0) - 1;
      figures[`${entry.region} ${move.to}`] = (figures[`${entry.region} ${move.to}`] ?? 0) + 1;
      prevHash = entry.hash as string;
    }
    // The last row of the step-by-step table.
    const table = ledgerDoc.split("\n").filter((line) => /^\| \d `/.test(line));
    const last = table
      .at(-1)!
      .split("|")
      .map((cell) => cell.trim());
    expect(last.slice(2, 7).map(Number)).toEqual([
      figures["KZ-75 pending"],
      figures["KZ-75 confirmed"],
      figures["KZ-11 pending"],
      figures["KZ-11 held"],
      figures["KZ-11 removed"],
    ]);
  });
});

describe("API guide (en, kk, ru)", () => {
  // Every error code the API can send, read from the code itself: literal apiError calls, and the
  // cosignature refusals, which the route sends by the code the log model returns.
  const codes = new Set([
    ...sourceFiles("app").flatMap((path) => [...read(path).matchAll(/apiError\([^,]+, "([a-z_]+)"/g)].map((m) => m[1])),
    ...Object.keys(cosignatureRefusals),
  ]);

  it("documents exactly the error codes the server sends", () => {
    expect(codes.size).toBeGreaterThan(0);
    for (const guide of guides) {
      const documented = new Set([...guide.text.matchAll(/^\| \d{3} \| `([a-z_]+)` \|/gm)].map((match) => match[1]));
      expect({ lang: guide.lang, codes: [...documented].sort() }).toEqual({
        lang: guide.lang,
        codes: [...codes].sort(),
      });
    }
  });

  it("shows ledger entries and the head in the format the server sends", () => {
    for (const guide of guides) {
      const head = /`(\{"seq":\d+,"hash":"[^"]+","time":"([^"]+)"\})`/.exec(guide.text);
      expect(head, guide.lang).not.toBeNull();
      expect(head![2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
      expect(guide.text).toContain('{"seq":0,"hash":"0000…0000","time":null}');
      for (const line of guide.text.split("\n").filter((candidate) => candidate.startsWith('{"seq":'))) {
        const entry = JSON.parse(line) as { type: string; minute: string };
        expect(ledgerTypes).toContain(entry.type);
        expect(entry.minute).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
      }
    }
  });
});

describe("docs/ledger.md, the witnessed log's test vectors", () => {
  const section = ledgerDoc.slice(
    ledgerDoc.indexOf("### Test vectors"),
    ledgerDoc.indexOf("### Witnessing and verifying"),
  );
  const blocks: string[] = [];
  let open: string[] | null = null;
  for (const line of section.split("\n")) {
    if (line.startsWith("```")) {
      if (open) blocks.push(open.map((text) => `${text}\n`).join(""));
      open = open ? null : [];
    } else open?.push(line);
  }
  const rows = [...section.matchAll(/^\| (\d) \| `([^`]+)` \| `([0-9a-f]{64})` \|$/gm)].map((match) => ({
    data: new TextEncoder().encode(match[2].replace(/\\\|/g, "|")),
    hash: match[3],
  }));

  it("leaf hashes, roots, the inclusion and the consistency proof recompute by RFC 9162", () => {
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(hex(leaf(row.data))).toBe(row.hash);
    const data = rows.map((row) => row.data);
    expect(section).toContain(`\`${hex(mth(data.slice(0, 3)))}\``);
    expect(section).toContain(`\`${hex(mth(data))}\``);
    const [inclusion, consistency] = blocks.filter((block) => /^([0-9a-f]{64}\n)+$/.test(block));
    expect(inclusion.trim().split("\n")).toEqual(path(2, data).map(hex));
    expect(consistency.trim().split("\n")).toEqual(proof(3, data).map(hex));
  });

  it("the checkpoint and the cosignature verify with @noble/ed25519, byte for byte", async () => {
    const vkey = /verifier key {2}(\S+)/.exec(section)![1];
    const note = blocks.find((block) => block.startsWith("dauys.example.kz/log\n5\n"))!;
    expect(await verifyNoteSignature(note, vkey)).toBe(true);
    expect(parseCheckpointText(splitNote(note).text)).toMatchObject({ origin: "dauys.example.kz/log", size: 5 });
    const witnessKey = /`(newsroom\.example\/witness\+[^`]+)`/.exec(section)![1];
    const line = blocks.find((block) => block.startsWith("\u2014 newsroom"))!.trim();
    const cosigned = splitNote(`${splitNote(note).text}\n${line}\n`).signatures[0];
    expect(await verifyCosignatureLine(splitNote(note).text, cosigned, witnessKey)).toBe(1796272800);
    // The documented signer key produces exactly the documented signature (Ed25519 is deterministic).
    const signerKey = /signer key {4}(\S+)/.exec(section)![1];
    expect(signNote(splitNote(note).text, parseSignerKey(signerKey))).toBe(note);
  });
});
