import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { updatesFeedResponse } from "~/services/feeds.server.ts";

// Atom feed of a petition's public updates (/kk/p/{slug}/updates.atom).
export function loader({ params, request }: LoaderFunctionArgs) {
  return updatesFeedResponse(request, requireLocale(params), params.slug ?? "");
}
