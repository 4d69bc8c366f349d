import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicationEditor, type EditConflict } from "~/components/publication-editor.tsx";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { minorEditsUsed } from "~/models/editor.server.ts";
import {
  editablePublicationSelect,
  editableOrganizations,
  editorValues,
  handleEditorPost,
} from "~/services/editor-page.server.ts";
import { requireEdit, requireUser } from "~/services/workspace-auth.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const publication = await db().publication.findUnique({
    where: { id: params.id ?? "" },
    select: editablePublicationSelect,
  });
  if (!publication) throw new Response("Not Found", { status: 404 });
  requireEdit(user, publication.organizationId);
  if (publication.status === "archived") throw json({ messageKey: "editor:errors.archived" }, { status: 409 });
  const [organizations, signatures, minorEdits] = await Promise.all([
    editableOrganizations(user, locale),
    db().signature.count({ where: { publicationId: publication.id } }),
    minorEditsUsed(publication.id, publication.version),
  ]);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      id: publication.id,
      slug: publication.slug,
      status: publication.status,
      version: publication.version,
      versioned: signatures > 0,
      minorEdits,
      organizations,
      values: editorValues(publication),
      pageTitle: serverT(locale, "editor")("editTitle"),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  return handleEditorPost({ request, locale, user, id: params.id ?? "" });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function EditPublication() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as
    | {
        errors: Record<string, string>;
        values: Record<string, string>;
        previews: { kk: string; ru: string } | null;
        conflict: EditConflict | null;
      }
    | undefined;
  const { t } = useTranslation("editor");
  return (
    <div className="space-y-4">
      <p>
        <Link className="underline" to={`/${data.locale}/workspace/publications/${data.id}`}>
          ← {data.slug}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{t("editTitle")}</h1>
      <PublicationEditor
        locale={data.locale}
        csrf={data.csrf}
        mode="edit"
        locked={data.status !== "draft"}
        versioned={data.versioned}
        version={data.version}
        minorEdits={data.minorEdits}
        conflict={result?.conflict ?? null}
        editUrl={`/${data.locale}/workspace/publications/${data.id}/edit`}
        organizations={data.organizations}
        values={result?.values ?? data.values}
        errors={result?.errors ?? {}}
        previews={result?.previews}
      />
    </div>
  );
}
