import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { EDITOR_FORM_BYTES } from "~/services/editor-page.server.ts";
import { requireCsrf, requireUser } from "~/services/workspace-auth.server.ts";

// The editor's live preview: Markdown rendered by the same code as the public page.
export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request, EDITOR_FORM_BYTES);
  requireCsrf(user, form);
  return json(
    { html: renderMarkdown(form.markdown ?? "", serverT(locale)("reportData.tableLabel")) },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  await requireUser(request, locale);
  throw new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });
}
