import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { feedResponse } from "~/services/feeds.server.ts";

export function loader({ params, request }: LoaderFunctionArgs) {
  return feedResponse(request, requireLocale(params));
}
