// Reads the paper-batch form, with an optional scan (PDF, JPEG or PNG, at most 10 MB). The scan is
// streamed to disk while its SHA-256 is computed; nothing is held in memory beyond one chunk, and
// a body over the limit is refused as soon as the limit is crossed.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { config } from "~/config.server.ts";

export const MAX_SCAN_BYTES = 10 * 1024 * 1024;
const MAX_FIELD_BYTES = 16 * 1024;
// Room for the text fields and the multipart framing around a scan of the maximum size.
const MAX_BODY_BYTES = MAX_SCAN_BYTES + 64 * 1024;

type FileTypes = Record<string, { ext: string; magic: number[] }>;
const scanTypes: FileTypes = {
  "application/pdf": { ext: "pdf", magic: [0x25, 0x50, 0x44, 0x46] },
  "image/jpeg": { ext: "jpg", magic: [0xff, 0xd8, 0xff] },
  "image/png": { ext: "png", magic: [0x89, 0x50, 0x4e, 0x47] },
};

export type UploadProblem = "too-large" | "bad-type" | "bad-form";
export class UploadRefused extends Error {
  constructor(readonly problem: UploadProblem) {
    super(problem);
  }
}

export type ReceivedScan = { sha256: string; ext: string; name: string; tempPath: string; bytes: number };

const scanDir = () => join(config().dataDir, "paper");
const scanPath = (sha256: string, ext: string) => join(scanDir(), `${sha256}.${ext}`);

/** A file name as the uploader called it, made safe to store and show (no paths, no controls). */
function cleanName(name: string) {
  return (
    name
      .normalize("NFC")
      .replace(/[\u0000-\u001f\u007f/\\]/g, "_")
      .slice(-200) || "scan"
  );
}

async function* limited(data: AsyncIterable<Uint8Array>, limit: number) {
  let total = 0;
  for await (const chunk of data) {
    total += chunk.byteLength;
    if (total > limit) throw new UploadRefused("too-large");
    yield chunk;
  }
}

async function drain(data: AsyncIterable<Uint8Array>, limit: number) {
  for await (const _chunk of limited(data, limit));
}

/**
 * The form's text fields and the scan (if one was chosen), from a multipart or urlencoded body.
 * Throws UploadRefused for an oversize body, a file that is not a PDF/JPEG/PNG, or a broken form.
 */
export async function readPaperForm(
  request: Request,
): Promise<{ fields: Record<string, string>; scan: ReceivedScan | null }> {
  return readUploadForm(request, { field: "scan", types: scanTypes });
}

/** PDF only: the official response document, public like the SHA-256 of a scan (decision 044). */
export const documentTypes: FileTypes = { "application/pdf": scanTypes["application/pdf"] };

/**
 * A form with one optional file in the field `field`, of one of `types` (checked by its declared
 * type and its first bytes), stored like paper scans under DATA_DIR/paper by its SHA-256.
 */
export async function readUploadForm(
  request: Request,
  options: { field: string; types: FileTypes; fieldBytes?: number },
): Promise<{ fields: Record<string, string>; scan: ReceivedScan | null }> {
  const allowed = options.types;
  const maxFieldBytes = options.fieldBytes ?? MAX_FIELD_BYTES;
  const length = Number(request.headers.get("Content-Length") ?? 0);
  if (length > MAX_BODY_BYTES + (options.fieldBytes ?? 0)) throw new UploadRefused("too-large");
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    try {
      return { fields: await readSmallForm(request, options.fieldBytes), scan: null };
    } catch (error) {
      if (error instanceof Response) throw new UploadRefused(error.status === 413 ? "too-large" : "bad-form");
      throw error;
    }
  }
  const fields: Record<string, string> = {};
  let fieldBytes = 0;
  let scan: ReceivedScan | null = null;
  let tempPath: string | null = null;

  const handler: UploadHandler = async (part) => {
    if (part.filename === undefined) {
      const chunks: Uint8Array[] = [];
      for await (const chunk of limited(part.data, maxFieldBytes - fieldBytes)) chunks.push(chunk);
      const value = Buffer.concat(chunks).toString("utf8");
      fieldBytes += Buffer.byteLength(value);
      if (value.includes("\u0000")) throw new UploadRefused("bad-form");
      fields[part.name] ??= value;
      return undefined;
    }
    // An empty file input still sends a part, with no name and no content.
    if (part.name !== options.field || scan || !part.filename) {
      await drain(part.data, MAX_SCAN_BYTES);
      return undefined;
    }
    const type = part.contentType.toLowerCase();
    const kind = Object.hasOwn(allowed, type) ? allowed[type] : null;
    if (!kind) throw new UploadRefused("bad-type");
    await mkdir(scanDir(), { recursive: true });
    tempPath = join(scanDir(), `.upload-${randomUUID()}`);
    const hash = createHash("sha256");
    const out = createWriteStream(tempPath, { flags: "wx" });
    let bytes = 0;
    let head = Buffer.alloc(0);
    let checked = false;
    const matches = () => kind.magic.every((byte, index) => head[index] === byte);
    try {
      for await (const chunk of limited(part.data, MAX_SCAN_BYTES)) {
        if (!checked) {
          // Checked as soon as enough bytes arrived: a renamed executable is not a scan.
          head = Buffer.concat([head, chunk]).subarray(0, 8);
          if (head.length >= kind.magic.length) {
            if (!matches()) throw new UploadRefused("bad-type");
            checked = true;
          }
        }
        bytes += chunk.byteLength;
        hash.update(chunk);
        if (!out.write(chunk)) await new Promise((resolve) => out.once("drain", resolve));
      }
      if (!checked) throw new UploadRefused("bad-type");
    } finally {
      await new Promise<void>((resolve, reject) =>
        out.end((error?: Error | null) => (error ? reject(error) : resolve())),
      );
    }
    scan = { sha256: hash.digest("hex"), ext: kind.ext, name: cleanName(part.filename), tempPath, bytes };
    return undefined;
  };

  try {
    await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (tempPath) await rm(tempPath, { force: true });
    if (error instanceof UploadRefused) throw error;
    throw new UploadRefused("bad-form");
  }
  return { fields, scan };
}

/** Moves a received scan to its content-addressed place (the same file twice is stored once). */
export async function keepScan(scan: ReceivedScan) {
  const target = scanPath(scan.sha256, scan.ext);
  const exists = await stat(target).then(
    () => true,
    () => false,
  );
  if (exists) await rm(scan.tempPath, { force: true });
  else await rename(scan.tempPath, target);
  return target;
}

/** A kept scan by its SHA-256: the file, its type and size; null if no such file is kept. */
export async function findScan(sha256: string) {
  if (!/^[0-9a-f]{64}$/.test(sha256)) return null;
  for (const [type, { ext }] of Object.entries(scanTypes)) {
    const path = scanPath(sha256, ext);
    const found = await stat(path).then(
      (info) => info.size,
      () => null,
    );
    if (found !== null) return { path, type, ext, bytes: found };
  }
  return null;
}

export async function discardScan(scan: ReceivedScan | null) {
  if (scan) await rm(scan.tempPath, { force: true });
}
