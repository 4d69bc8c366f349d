import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { defaultLocale } from "~/i18n.ts";
import { findByUnsubscribeToken, unsubscribe } from "~/services/updates.server.ts";

// The List-Unsubscribe address of every update mail. Mail clients POST
// "List-Unsubscribe=One-Click" here (RFC 8058) and expect 200; a person's GET goes to the page
// in the signer's language, which asks before it changes anything (link scanners only GET).
export async function action({ params }: ActionFunctionArgs) {
  const done = await unsubscribe(params.token ?? "");
  return new Response(done ? "Unsubscribed\n" : "Not Found\n", {
    status: done ? 200 : 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

export async function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  const found = await findByUnsubscribeToken(token);
  const locale = found?.locale === "ru" ? "ru" : found ? "kk" : defaultLocale;
  return redirect(`/${locale}/unsubscribe/${encodeURIComponent(token)}`, {
    headers: { "Cache-Control": "no-store", "Referrer-Policy": "same-origin" },
  });
}
