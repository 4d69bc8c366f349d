import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { rejectedFeedResponse } from "~/services/feeds.server.ts";

export function loader({ params, request }: LoaderFunctionArgs) {
  return rejectedFeedResponse(request, requireLocale(params));
}
