import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicationEditor } from "~/components/publication-editor.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { editableOrganizations, handleEditorPost } from "~/services/editor-page.server.ts";
import { requireUser } from "~/services/workspace-auth.server.ts";

// A new publication starts as a draft: nothing is public until it is opened.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const organizations = await editableOrganizations(user, locale);
  if (organizations.length === 0) throw new Response("Forbidden", { status: 403 });
  const query = new URL(request.url).searchParams;
  const kind = query.get("kind");
  const chosen = organizations.find((org) => org.id === query.get("organization")) ?? organizations[0];
  return json(
    {
      locale,
      csrf: user.csrfToken,
      organizations,
      organizationId: chosen.id,
      kind: kind === "statement" || kind === "report" ? kind : "petition",
      pageTitle: serverT(locale, "editor")("newTitle"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  return handleEditorPost({ request, locale, user, id: null });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function NewPublication() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | { errors: Record<string, string>; values: Record<string, string>; previews: { kk: string; ru: string } | null }
    | undefined;
  const { t } = useTranslation("editor");
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("newTitle")}</h1>
      <PublicationEditor
        locale={data.locale}
        csrf={data.csrf}
        mode="new"
        locked={false}
        versioned={false}
        version={1}
        organizations={data.organizations}
        values={result?.values ?? { kind: data.kind, organizationId: data.organizationId }}
        errors={result?.errors ?? {}}
        previews={result?.previews}
      />
    </div>
  );
}
