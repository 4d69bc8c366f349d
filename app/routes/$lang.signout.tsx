import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { requireLocale } from "~/i18n.ts";
import { endSession, sessionCookie } from "~/models/user.server.ts";
import { requireCsrf, requireUser } from "~/services/workspace-auth.server.ts";

// Sign out this browser, or every session of the account ("everywhere").
export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  const everywhere = form.everywhere === "1";
  await endSession({ sessionId: user.sessionId, userId: user.id }, everywhere);
  return redirect(`/${locale}`, {
    status: 303,
    headers: { "Set-Cookie": await sessionCookie().serialize("", { maxAge: 0 }) },
  });
}

export function loader({ params }: ActionFunctionArgs) {
  return redirect(`/${requireLocale(params)}/workspace`);
}
