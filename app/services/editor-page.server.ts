// The server side of the editor pages (new and edit share it): who may edit, reading the form,
// preview or save, and what the form shows again after a refusal.
import { json, redirect } from "@remix-run/node";
import { db } from "~/db.server.ts";
import type { Locale } from "~/i18n.ts";
import { renderMarkdown } from "~/lib/markdown.server.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import {
  createDraftPublication,
  deadlineInputValue,
  parseEditorForm,
  savePublication,
} from "~/models/editor.server.ts";
import { serverT } from "~/i18n.server.ts";
import type { SessionUser } from "~/models/user.server.ts";
import { canEdit, requireCsrf, requireEdit } from "~/services/workspace-auth.server.ts";

/** Two texts of up to 60 000 characters each, in UTF-8, plus the rest of the form. */
export const EDITOR_FORM_BYTES = 512 * 1024;

export const editablePublicationSelect = {
  id: true,
  slug: true,
  kind: true,
  status: true,
  organizationId: true,
  version: true,
  revision: true,
  endorsable: true,
  titleKk: true,
  titleRu: true,
  summaryKk: true,
  summaryRu: true,
  bodyKk: true,
  bodyRu: true,
  titleKkLatn: true,
  summaryKkLatn: true,
  addresseeKk: true,
  addresseeRu: true,
  goal: true,
  deadline: true,
  regionScope: true,
  onlyLanguage: true,
} as const;

type Editable = { [K in keyof typeof editablePublicationSelect]: unknown } & {
  kind: string;
  organizationId: string;
  slug: string;
  goal: number | null;
  deadline: Date | null;
  regionScope: string;
  onlyLanguage: string | null;
  endorsable: boolean;
  revision: number;
  titleKk: string;
  titleRu: string;
  summaryKk: string;
  summaryRu: string;
  bodyKk: string;
  bodyRu: string;
  titleKkLatn: string;
  summaryKkLatn: string;
  addresseeKk: string | null;
  addresseeRu: string | null;
};

/** A stored publication as the editor form's values. */
export function editorValues(publication: Editable): Record<string, string> {
  return {
    kind: publication.kind,
    organizationId: publication.organizationId,
    slug: publication.slug,
    titleKk: publication.titleKk,
    titleRu: publication.titleRu,
    summaryKk: publication.summaryKk,
    summaryRu: publication.summaryRu,
    bodyKk: publication.bodyKk,
    bodyRu: publication.bodyRu,
    titleKkLatn: publication.titleKkLatn,
    summaryKkLatn: publication.summaryKkLatn,
    addresseeKk: publication.addresseeKk ?? "",
    addresseeRu: publication.addresseeRu ?? "",
    goal: publication.goal ? String(publication.goal) : "",
    deadline: deadlineInputValue(publication.deadline),
    regionScope: publication.regionScope,
    onlyLanguage: publication.onlyLanguage ?? "",
    endorsable: publication.endorsable ? "on" : "",
    revision: String(publication.revision),
  };
}

/** Organizations this user may create publications for, in the page's language. */
export async function editableOrganizations(user: SessionUser, locale: Locale) {
  const organizations = await db().organization.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, nameKk: true, nameRu: true },
  });
  return organizations
    .filter((org) => canEdit(user, org.id))
    .map((org) => ({ id: org.id, name: locale === "kk" ? org.nameKk : org.nameRu }));
}

/** Handles "preview" and "save" for a new (id null) or existing publication. */
export async function handleEditorPost(input: {
  request: Request;
  locale: Locale;
  user: SessionUser;
  id: string | null;
}) {
  const { request, locale, user, id } = input;
  const form = await readSmallForm(request, EDITOR_FORM_BYTES);
  requireCsrf(user, form);
  const { csrf: _csrf, ...typed } = form;
  const values: Record<string, string> = {
    ...typed,
    regionScope: Object.keys(form)
      .filter((key) => key.startsWith("scope:"))
      .map((key) => key.slice(6))
      .join(","),
  };
  const parsed = parseEditorForm(form);
  // The organization chosen (new) or the publication's (edit) must be one this user edits.
  if (id) {
    const existing = await db().publication.findUnique({ where: { id }, select: { organizationId: true } });
    if (!existing) throw new Response("Not Found", { status: 404 });
    requireEdit(user, existing.organizationId);
  }
  if (parsed.ok) requireEdit(user, parsed.data.organizationId);

  if (form.intent === "preview") {
    const label = serverT(locale)("reportData.tableLabel");
    return json(
      {
        errors: parsed.ok ? {} : parsed.errors,
        values,
        previews: { kk: renderMarkdown(form.bodyKk ?? "", label), ru: renderMarkdown(form.bodyRu ?? "", label) },
        conflict: null,
      },
      { status: 200 },
    );
  }
  if (!parsed.ok) return json({ errors: parsed.errors, values, previews: null, conflict: null }, { status: 400 });
  const outcome = id
    ? await savePublication(id, parsed.data, { userId: user.id })
    : await createDraftPublication(parsed.data, { userId: user.id });
  if (!outcome.ok) {
    // Refused as a minor edit: the same form, saved again with a note, makes the new version.
    if (
      outcome.errors.minorEdit ||
      Object.values(outcome.errors).some(
        (error) => error === "tooBigForMinorEdit" || error === "wordsChangedInMinorEdit",
      )
    )
      values.minorEdit = "";
    return json(
      { errors: outcome.errors, values, previews: null, conflict: outcome.conflict ?? null },
      { status: outcome.status },
    );
  }
  const notice = outcome.versionCreated
    ? `?saved=version-${outcome.versionCreated}`
    : outcome.minorEdit
      ? "?saved=minor"
      : "?saved=1";
  return redirect(`/${locale}/workspace/publications/${outcome.id}${notice}`, { status: 303 });
}
