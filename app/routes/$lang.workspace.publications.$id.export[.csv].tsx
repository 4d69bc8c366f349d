import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { requireLocale } from "~/i18n.ts";
import { exportSignatories } from "~/services/signatory-export.server.ts";
import { findSignablePublication } from "~/services/updates.server.ts";
import { requireCsrf, requireEdit, requireUser } from "~/services/workspace-auth.server.ts";

// The signatory CSV: POST only (CSRF-checked and audited); a GET goes back to the form.
export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  const publication = await findSignablePublication(params.id ?? "");
  if (!publication) throw new Response("Not Found", { status: 404 });
  requireEdit(user, publication.organizationId);
  return exportSignatories({ publication, locale, withEmails: form.emails === "yes", userId: user.id });
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  await requireUser(request, locale);
  return redirect(`/${locale}/workspace/publications/${encodeURIComponent(params.id ?? "")}/export`);
}
