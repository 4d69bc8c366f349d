import { json, redirect, type ActionFunctionArgs } from "@remix-run/node";
import { db } from "~/db.server.ts";
import { requireLocale } from "~/i18n.ts";
import { changeStatus, isTransition } from "~/models/lifecycle.server.ts";
import { readSmallForm } from "~/services/signing.server.ts";
import { requireCsrf, requireEdit, requireUser, safeNext } from "~/services/workspace-auth.server.ts";

// Open, close, reopen or archive a publication (organizers of its organization, or admins).
export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  const publication = await db().publication.findUnique({
    where: { id: params.id ?? "" },
    select: { id: true, organizationId: true },
  });
  if (!publication) throw new Response("Not Found", { status: 404 });
  requireEdit(user, publication.organizationId);
  if (!isTransition(form.transition)) throw new Response("Bad Request", { status: 400 });
  const changed = await changeStatus({
    publicationId: publication.id,
    transition: form.transition,
    userId: user.id,
  });
  // The error page shows `messageKey` in the page's language.
  if (!changed.ok)
    throw json(
      {
        messageKey: {
          incomplete: "editor:errors.incompleteForPublishing",
          anonymized: "editor:errors.anonymizedCannotReopen",
          conflict: "editor:errors.statusChanged",
        }[changed.reason],
      },
      { status: 409 },
    );
  return redirect(safeNext(form.back, locale), { status: 303 });
}

export async function loader({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  await requireUser(request, locale);
  return redirect(`/${locale}/workspace`);
}

// A page component (never shown: GET redirects) makes refusals render as translated error pages
// for browsers posting the form without JavaScript, rather than as bare resource responses.
export default function StatusChange() {
  return null;
}
