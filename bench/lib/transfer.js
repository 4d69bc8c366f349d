// What a first visit to a page transfers: the HTML plus every script and stylesheet it names
// (<script src>, <link rel=stylesheet|modulepreload href>), measured on the wire with and
// without gzip (node:http does not decompress, so the byte counts are what was sent).
import http from "node:http";

/**
 * @param {string} url
 * @param {boolean} gzip
 * @returns {Promise<{ status: number, bytes: number, encoding: string, body: Buffer }>}
 */
function fetchRaw(url, gzip) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, headers: gzip ? { "Accept-Encoding": "gzip" } : {} }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          bytes: body.length,
          encoding: String(res.headers["content-encoding"] ?? "identity"),
          body,
        });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

/** Asset URLs named by an HTML page, in document order, without duplicates. */
function assetsOf(/** @type {string} */ html) {
  const found = new Set();
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (/** @type {string} */ name) =>
      new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, "i")
        .exec(tag)
        ?.slice(2)
        .find((v) => v !== undefined);
    if (/^<script/i.test(tag)) {
      const src = attr("src");
      if (src) found.add(src);
    } else if (/^(stylesheet|modulepreload)$/i.test(attr("rel") ?? "")) {
      const href = attr("href");
      if (href) found.add(href);
    }
  }
  return [...found];
}

/** @param {string} pageUrl */
export async function transferSize(pageUrl) {
  const plain = await fetchRaw(pageUrl, false);
  const zipped = await fetchRaw(pageUrl, true);
  const html = plain.body.toString("utf8");
  const inlineScriptBytes = (html.match(/<script\b(?![^>]*\bsrc=)[^>]*>[\s\S]*?<\/script>/gi) ?? []).reduce(
    (sum, s) => sum + Buffer.byteLength(s),
    0,
  );
  /** @type {Array<{ url: string, status: number, bytes: number, gzipBytes: number, gzipEncoding: string }>} */
  const assets = [];
  for (const href of assetsOf(html)) {
    const url = new URL(href, pageUrl).href;
    const [a, b] = [await fetchRaw(url, false), await fetchRaw(url, true)];
    assets.push({
      url: new URL(url).pathname,
      status: a.status,
      bytes: a.bytes,
      gzipBytes: b.bytes,
      gzipEncoding: b.encoding,
    });
  }
  const sum = (/** @type {"bytes" | "gzipBytes"} */ key) => assets.reduce((total, asset) => total + asset[key], 0);
  return {
    html: {
      status: plain.status,
      bytes: plain.bytes,
      gzipBytes: zipped.bytes,
      gzipEncoding: zipped.encoding,
      inlineScriptBytes,
    },
    assets,
    totalBytes: plain.bytes + sum("bytes"),
    totalGzipBytes: zipped.bytes + sum("gzipBytes"),
  };
}
