// The official response document of a petition (PDF), public: anyone can fetch it and check it
// against the SHA-256 published on the page. Stored like paper scans, by its hash (decision 044).
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { apiError } from "~/lib/api.server.ts";
import { findResponseDocument } from "~/models/petition-api.server.ts";
import { findScan } from "~/services/paper-upload.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const document = await findResponseDocument(params.slug ?? "");
  const file = document ? await findScan(document.sha256) : null;
  if (!document || !file || file.type !== "application/pdf")
    return apiError(404, "not_found", "This petition has no published response document.");
  const stream = Readable.toWeb(createReadStream(file.path)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(file.bytes),
      "Content-Disposition": `inline; filename="response-${document.slug.replace(/[^a-z0-9-]/g, "_")}.pdf"`,
      // The file behind a hash never changes; a new document has a new hash (the page links afresh).
      "Cache-Control": "public, max-age=300",
      "Access-Control-Allow-Origin": "*",
      "Repr-Digest": `sha-256=:${Buffer.from(document.sha256, "hex").toString("base64")}:`,
      // X-Content-Type-Options comes with every answer (security-headers.server.ts): set here too, it went out twice.
    },
  });
}
