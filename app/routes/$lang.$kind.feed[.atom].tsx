import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { kindForSegment } from "~/models/publication.server.ts";
import { feedResponse } from "~/services/feeds.server.ts";

export function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const kind = kindForSegment(params.kind);
  if (!kind) throw new Response("Not Found", { status: 404 });
  return feedResponse(request, locale, kind);
}
