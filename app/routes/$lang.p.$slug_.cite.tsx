import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { requireLocale } from "~/i18n.ts";
import { findPublicPetition } from "~/models/petition-api.server.ts";
import { takeSnapshot } from "~/models/snapshot.server.ts";

// "Cite this count": freeze the figures and send the visitor to their permanent page.
export async function action({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const petition = await findPublicPetition(params.slug ?? "");
  if (!petition) throw new Response("Not Found", { status: 404 });
  const id = await takeSnapshot(petition.id);
  return redirect(`/${locale}/s/${id}`, { status: 303 });
}

export function loader({ params }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  return redirect(`/${locale}/p/${encodeURIComponent(params.slug ?? "")}`);
}
