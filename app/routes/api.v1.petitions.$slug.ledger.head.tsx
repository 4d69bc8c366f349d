import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server.ts";
import { apiError, apiJson } from "~/lib/api.server.ts";
import { ledgerHead, minuteText } from "~/models/ledger.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const petition = await db().publication.findFirst({ where: { slug: params.slug ?? "", kind: "petition", status: { not: "draft" } }, select: { id: true } });
  if (!petition) return apiError(404, "not_found", "No published petition has this slug.");
  const head = await ledgerHead(petition.id);
  return apiJson({ seq: head.seq, hash: head.hash, time: head.minute ? minuteText(head.minute) : null }, { request, headers: { "Cache-Control": "public, max-age=2" } });
}
