// Gzip for a page that is the same for everyone except a few short values put in per response (the
// petition page from memory: its CSP nonce and form stamp, decision 028). Compressing the whole page
// for every response costs a zlib stream each (≈1 ms of CPU and ≈300 KB of malloc memory that glibc
// keeps after a crowd is gone). Instead the fixed parts are compressed once, each ending on a byte
// boundary (a sync flush, RFC 1951 3.2.4), and a response is put together from them with its values
// as uncompressed "stored" blocks in between: a valid gzip member (RFC 1952) with no compression
// work per response, only a CRC-32 over the page.
import { constants, crc32, deflateRawSync } from "node:zlib";

export type StitchedPage = {
  /** The page between its values, as bytes: n parts for n − 1 values. */
  parts: Buffer[];
  /** Each part as raw deflate ending in a sync flush (so any block may follow it). */
  deflated: Buffer[];
};

const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]); // deflate, no name, no time, Unix
// An empty stored block with BFINAL set: ends the deflate stream.
const FINAL_BLOCK = Buffer.from([0x01, 0x00, 0x00, 0xff, 0xff]);
const STORED_MAX = 0xffff;

export function stitchable(parts: Buffer[]): StitchedPage {
  return {
    parts,
    deflated: parts.map((part) => deflateRawSync(part, { finishFlush: constants.Z_SYNC_FLUSH })),
  };
}

/** Stored (uncompressed) deflate blocks for `value`, none final. */
function storedBlocks(value: Buffer): Buffer[] {
  const blocks: Buffer[] = [];
  for (let at = 0; at < value.length; at += STORED_MAX) {
    const chunk = value.subarray(at, at + STORED_MAX);
    const header = Buffer.alloc(5);
    header[0] = 0x00; // BFINAL 0, BTYPE 00 (stored); the rest of the byte is padding
    header.writeUInt16LE(chunk.length, 1);
    header.writeUInt16LE(~chunk.length & 0xffff, 3);
    blocks.push(header, chunk);
  }
  return blocks;
}

/** The gzip member of `parts[0] values[0] parts[1] … parts[n-1]`. */
export function stitchGzip(page: StitchedPage, values: Buffer[]): Buffer {
  if (values.length !== page.parts.length - 1) throw new Error("stitchGzip: one value between each two parts");
  const body: Buffer[] = [GZIP_HEADER];
  let crc = 0;
  let size = 0;
  page.parts.forEach((part, index) => {
    body.push(page.deflated[index]!);
    crc = crc32(part, crc);
    size += part.length;
    const value = values[index];
    if (value === undefined) return;
    body.push(...storedBlocks(value));
    crc = crc32(value, crc);
    size += value.length;
  });
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc >>> 0, 0);
  trailer.writeUInt32LE(size >>> 0, 4); // ISIZE: the length modulo 2^32
  body.push(FINAL_BLOCK, trailer);
  return Buffer.concat(body);
}
