import type { LoaderFunctionArgs } from "@remix-run/node";
import { Outlet } from "@remix-run/react";
import { ErrorMessage } from "~/components/error-message.tsx";
import { requireLocale } from "~/i18n.ts";

// Every page lives under /kk or /ru. Errors of the pages below are shown here, inside the site's
// frame and in the page's language (the root loader, which carries the translations, still runs).
export function loader({ params }: LoaderFunctionArgs) {
  requireLocale(params);
  return null;
}

export default function LanguageLayout() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorMessage />;
}
