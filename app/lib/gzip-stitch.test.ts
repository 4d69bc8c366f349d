import { randomBytes } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { stitchable, stitchGzip } from "./gzip-stitch.ts";

const page = (parts: string[]) => stitchable(parts.map((part) => Buffer.from(part, "utf8")));
const plain = (parts: string[], values: string[]) => parts.map((part, index) => part + (values[index] ?? "")).join("");

describe("stitched gzip", () => {
  it("decompresses (CRC and length checked by zlib) to the page with its values put in", () => {
    const parts = ['<html><script nonce="', '">Дауыс — әділ сайлау</script><form data-stamp="', '"></form></html>'];
    const values = ["dGhpcy1pcy1hLW5vbmNl", "1733140000.abcdef"];
    const gz = stitchGzip(
      page(parts),
      values.map((value) => Buffer.from(value)),
    );
    expect(gunzipSync(gz).toString("utf8")).toBe(plain(parts, values));
  });

  it("handles empty parts, values longer than one stored block and binary bytes", () => {
    const big = randomBytes(150_000);
    const parts = ["", "a".repeat(10_000), "", "конец"];
    const stitched = stitchable(parts.map((part) => Buffer.from(part)));
    const values = [big, Buffer.alloc(0), Buffer.from("ü")];
    const expected = Buffer.concat([
      Buffer.from(parts[0]!),
      big,
      Buffer.from(parts[1]!),
      Buffer.from(parts[2]!),
      Buffer.from("ü"),
      Buffer.from(parts[3]!),
    ]);
    expect(gunzipSync(stitchGzip(stitched, values)).equals(expected)).toBe(true);
  });

  it("refuses a wrong number of values", () => {
    expect(() => stitchGzip(page(["a", "b"]), [])).toThrow(/one value/);
  });

  it("stays close to compressing the whole page at once", () => {
    const html = Array.from({ length: 400 }, (_, i) => `<tr><td>Облыс ${i}</td><td>${i * 37}</td></tr>`).join("");
    const parts = [html.slice(0, 9_000), html.slice(9_000, 18_000), html.slice(18_000)];
    const values = ["nonce-value-1234567890", "stamp-0987654321"];
    const stitched = stitchGzip(
      page(parts),
      values.map((value) => Buffer.from(value)),
    );
    const whole = gzipSync(plain(parts, values));
    expect(stitched.length).toBeLessThan(whole.length * 1.1 + 200);
  });
});
