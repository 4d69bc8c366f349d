// The scan of one paper batch, for the petition's organization (organizers and auditors) and
// admins. Scans show people's names and signatures: they are never public (the public sees the
// SHA-256), never cached, always downloaded rather than shown inline, and every download is in
// the audit log.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server.ts";
import { requireLocale } from "~/i18n.ts";
import { audit } from "~/models/audit.server.ts";
import { findScan } from "~/services/paper-upload.server.ts";
import { requireReadablePetition, requireUser } from "~/services/workspace-auth.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const petition = await requireReadablePetition(user, params.id ?? "");
  const batch = await db().paperBatch.findFirst({
    where: { publicationId: petition.id, receipt: params.receipt ?? "" },
    select: { receipt: true, scanSha256: true, scanName: true },
  });
  const scan = batch?.scanSha256 ? await findScan(batch.scanSha256) : null;
  if (!batch || !scan) throw new Response("Not Found", { status: 404 });
  await audit({
    userId: user.id,
    organizationId: petition.organizationId,
    action: "paper.scan_download",
    target: batch.receipt,
    details: { scanSha256: batch.scanSha256 },
  });
  const name = `${batch.receipt}.${scan.ext}`;
  const stream = Readable.toWeb(createReadStream(scan.path)) as ReadableStream<Uint8Array>;
  return new Response(stream, {
    headers: {
      "Content-Type": scan.type,
      "Content-Length": String(scan.bytes),
      // The uploaded file name stays in the workspace list; the download is named by its receipt.
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
      // The hash the public sees, so a download can be checked against it.
      "Repr-Digest": `sha-256=:${Buffer.from(batch.scanSha256!, "hex").toString("base64")}:`,
      "Content-Security-Policy": "default-src 'none'; sandbox",
    },
  });
}
