import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { DoneMessage, ErrorAlert, TextField } from "~/components/admin-forms.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { isMemberRole, memberRoles } from "~/lib/member-roles.ts";
import {
  changeMemberRole,
  getOrganization,
  parseMember,
  parseOrganization,
  removeMembership,
  saveOrganization,
} from "~/models/admin.server.ts";
import { slugSuggestions } from "~/lib/slug-suggestions.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { setOrganizationActive } from "~/models/team.server.ts";
import { addMemberAndInvite } from "~/services/team.server.ts";
import { requireAdmin, requireCsrf, requireUser } from "~/services/workspace-auth.server.ts";

// One organization (or "new"): its public details and its members. Admins only.
export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireAdmin(user);
  const organization = params.id === "new" ? null : await getOrganization(params.id ?? "");
  if (params.id !== "new" && !organization) throw new Response("Not Found", { status: 404 });
  const t = serverT(locale, "admin");
  return json(
    {
      locale,
      csrf: user.csrfToken,
      pageTitle: organization ? (locale === "kk" ? organization.nameKk : organization.nameRu) : t("newOrganization"),
      organization,
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

type Failure = { intent: string; error?: string; errors?: Record<string, string>; values?: Record<string, string> };

export async function action({ params, request }: ActionFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const form = await readSmallForm(request);
  requireCsrf(user, form);
  requireAdmin(user);
  const id = params.id === "new" ? null : (params.id ?? "");
  const here = (orgId: string, done: string) =>
    redirect(`/${locale}/workspace/admin/organizations/${orgId}?done=${done}`, { status: 303 });
  const refuse = (failure: Failure, status: number) => json(failure, { status });
  const intent = form.intent ?? "";

  if (intent === "save" || intent === "suggest") {
    const values = {
      slug: form.slug ?? "",
      nameKk: form.nameKk ?? "",
      nameRu: form.nameRu ?? "",
      website: form.website ?? "",
      email: form.email ?? "",
    };
    // "Suggest" only fills the list of short names from the names typed so far (without JavaScript).
    if (intent === "suggest") return json({ intent: "save", values } satisfies Failure);
    const parsed = parseOrganization(form);
    if (!parsed.ok) return refuse({ intent, errors: parsed.errors, values }, 400);
    const saved = await saveOrganization({ actorId: user.id, id, data: parsed.data });
    if (!saved.ok)
      return refuse(
        { intent, errors: saved.error === "slugTaken" ? { slug: "slugTaken" } : {}, error: saved.error, values },
        saved.status,
      );
    return here(saved.id, id === null ? "organizationCreated" : "organizationSaved");
  }
  if (id === null) return refuse({ intent, error: "invalid" }, 400);
  const member = { actorId: user.id, organizationId: id, userId: form.user ?? "" };
  if (intent === "addMember") {
    const values = { email: form.email ?? "", name: form.name ?? "", role: form.role ?? "", locale: form.locale ?? "" };
    const parsed = parseMember(form);
    if (!parsed.ok) return refuse({ intent, errors: parsed.errors, values }, 400);
    const added = await addMemberAndInvite({ actorId: user.id, organizationId: id, ...parsed.data });
    return added.ok ? here(id, "memberAdded") : refuse({ intent, error: added.error, values }, added.status);
  }
  if (intent === "setRole") {
    if (!isMemberRole(form.role)) return refuse({ intent, error: "roleInvalid" }, 400);
    const changed = await changeMemberRole({ ...member, role: form.role });
    return changed.ok ? here(id, "roleChanged") : refuse({ intent, error: changed.error }, changed.status);
  }
  if (intent === "removeMember") {
    const removed = await removeMembership(member);
    return removed.ok ? here(id, "memberRemoved") : refuse({ intent, error: removed.error }, removed.status);
  }
  if (intent === "deactivate" || intent === "reactivate") {
    const changed = await setOrganizationActive({
      actorId: user.id,
      organizationId: id,
      active: intent === "reactivate",
    });
    return changed.ok
      ? here(id, intent === "deactivate" ? "organizationDeactivated" : "organizationReactivated")
      : refuse({ intent, error: changed.error }, changed.status);
  }
  return refuse({ intent, error: "invalid" }, 400);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function OrganizationAdmin() {
  const { locale, csrf, organization } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failure | undefined;
  const { t } = useTranslation("admin");
  const saving = failed?.intent === "save" ? failed : undefined;
  const adding = failed?.intent === "addMember" ? failed : undefined;
  const value = (field: string) => saving?.values?.[field] ?? organization?.[field as "slug"] ?? "";
  // The short names on offer follow the names as they are typed (with JavaScript) or as posted.
  const [names, setNames] = useState({ nameKk: value("nameKk"), nameRu: value("nameRu"), website: value("website") });
  const suggestions = slugSuggestions({ ...names, current: organization?.slug });
  const chosenSlug = value("slug");
  const slugOptions = chosenSlug && !suggestions.includes(chosenSlug) ? [chosenSlug, ...suggestions] : suggestions;
  const base = `/${locale}/workspace/admin`;
  return (
    <div className="space-y-6">
      <p>
        <Link className="underline" to={`/${locale}/workspace/admin`}>
          {t("title")}
        </Link>
      </p>
      <h1 className="text-2xl font-bold">{organization ? t("editOrganization") : t("newOrganization")}</h1>
      <DoneMessage />
      {failed?.error && failed.error !== "slugTaken" ? <ErrorAlert error={failed.error} /> : null}
      {saving?.errors && Object.keys(saving.errors).length ? (
        <p role="alert" className="field-error">
          {t("formErrors")}
        </p>
      ) : null}

      {organization?.deactivatedAt ? (
        <p className="rounded border border-amber-400 bg-amber-50 p-3" data-deactivated>
          {t("team:organizationIsDeactivated")}
        </p>
      ) : null}

      <Form
        method="post"
        className="card space-y-3"
        noValidate
        onInput={(event) => {
          const field = event.target as HTMLInputElement;
          if (field.name === "nameKk" || field.name === "nameRu" || field.name === "website")
            setNames((before) => ({ ...before, [field.name]: field.value }));
        }}
      >
        <input type="hidden" name="csrf" value={csrf} />
        <TextField
          name="nameKk"
          label={t("nameKk")}
          hint={t("nameHint")}
          defaultValue={value("nameKk")}
          error={saving?.errors?.nameKk}
          required
        />
        <TextField
          name="nameRu"
          label={t("nameRu")}
          defaultValue={value("nameRu")}
          error={saving?.errors?.nameRu}
          required
        />
        <TextField
          name="website"
          type="url"
          label={t("website")}
          hint={t("websiteHint")}
          defaultValue={value("website")}
          error={saving?.errors?.website}
        />
        <TextField
          name="email"
          type="email"
          label={t("publicEmail")}
          hint={t("publicEmailHint")}
          defaultValue={value("email")}
          error={saving?.errors?.email}
        />
        <SlugChoice
          options={slugOptions}
          defaultValue={chosenSlug}
          error={saving?.errors?.slug}
          locked={Boolean(organization)}
        />
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="save" className="btn-primary">
            {organization ? t("save") : t("create")}
          </button>
          <button
            type="submit"
            name="intent"
            value="suggest"
            className="rounded-md border border-slate-400 px-4 py-2"
            data-suggest
          >
            {t("team:slug.suggest")}
          </button>
        </div>
      </Form>

      {organization ? (
        <section className="card space-y-3" aria-labelledby="members-heading">
          <h2 id="members-heading" className="text-lg font-bold">
            {t("membersTitle")}
          </h2>
          <p className="text-sm text-slate-700">{t("rolesHelp")}</p>
          {organization.memberships.length === 0 ? (
            <p>{t("noMembers")}</p>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="members">
              {organization.memberships.map(({ role, user }) => (
                <li
                  key={user.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-2"
                  data-member={user.email}
                >
                  <span className="break-all">
                    {user.email}
                    {user.name ? ` · ${user.name}` : ""}{" "}
                    {user.deactivatedAt ? <span className="text-sm">({t("team:deactivated")})</span> : null}{" "}
                    <span className="text-sm text-slate-700">({t(`roles.${role}`)})</span>
                  </span>
                  <span className="flex flex-wrap gap-2">
                    <Form method="post" className="flex items-center gap-1">
                      <input type="hidden" name="csrf" value={csrf} />
                      <input type="hidden" name="intent" value="setRole" />
                      <input type="hidden" name="user" value={user.id} />
                      <label className="sr-only" htmlFor={`role-${user.id}`}>
                        {t("role")}
                      </label>
                      <select
                        id={`role-${user.id}`}
                        name="role"
                        defaultValue={role}
                        className="rounded border border-slate-400 px-2 py-1 text-sm"
                      >
                        {memberRoles.map((option) => (
                          <option key={option} value={option}>
                            {t(`roles.${option}`)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="rounded border border-slate-400 px-2 py-1 text-sm">
                        {t("changeRole")}
                      </button>
                    </Form>
                    <Link
                      className="rounded border border-red-700 px-2 py-1 text-sm text-red-800"
                      to={`${base}/confirm?intent=removeMember&organization=${organization.id}&user=${user.id}`}
                    >
                      {t("team:ask", { action: t("removeMember") })}
                    </Link>
                  </span>
                </li>
              ))}
            </ul>
          )}
          {/* A new key after each added member empties the form (inputs are uncontrolled). */}
          <Form
            key={organization.memberships.length}
            method="post"
            className="space-y-3 border-t border-slate-200 pt-3"
            noValidate
          >
            <h3 className="font-bold">{t("addMember")}</h3>
            <p className="text-sm text-slate-700">{t("addMemberHint")}</p>
            <input type="hidden" name="csrf" value={csrf} />
            <input type="hidden" name="intent" value="addMember" />
            <TextField
              name="email"
              id="member-email"
              type="email"
              label={t("email")}
              defaultValue={adding?.values?.email ?? ""}
              error={adding?.errors?.email}
              required
            />
            <TextField
              name="name"
              id="member-name"
              label={t("team:memberName")}
              hint={t("team:memberNameHint")}
              defaultValue={adding?.values?.name ?? ""}
              error={adding?.errors?.name}
            />
            <fieldset>
              <legend className="field-label">{t("role")}</legend>
              {memberRoles.map((option) => (
                <label key={option} className="mr-4 inline-flex items-center gap-1">
                  <input
                    type="radio"
                    name="role"
                    value={option}
                    defaultChecked={(adding?.values?.role ?? "organizer") === option}
                  />{" "}
                  {t(`roles.${option}`)}
                </label>
              ))}
              {adding?.errors?.role ? <p className="field-error">{t(`errors.${adding.errors.role}`)}</p> : null}
            </fieldset>
            <div>
              <label htmlFor="member-locale" className="field-label">
                {t("mailLocale")}
              </label>
              <select
                id="member-locale"
                name="locale"
                defaultValue={adding?.values?.locale || locale}
                className="field-input"
              >
                <option value="kk">{t("localeNames.kk")}</option>
                <option value="ru">{t("localeNames.ru")}</option>
              </select>
            </div>
            <button type="submit" className="btn-primary">
              {t("addMember")}
            </button>
          </Form>
        </section>
      ) : null}

      {organization ? (
        <section className="card space-y-2" aria-labelledby="deactivation-heading">
          <h2 id="deactivation-heading" className="text-lg font-bold">
            {t("team:organizationStatus")}
          </h2>
          <p className="text-sm text-slate-700">{t("team:organizationDeactivationHelp")}</p>
          <Link
            className="inline-block rounded border border-slate-400 px-3 py-1"
            to={`${base}/confirm?intent=${organization.deactivatedAt ? "reactivateOrganization" : "deactivateOrganization"}&organization=${organization.id}`}
          >
            {t("team:ask", {
              action: organization.deactivatedAt ? t("team:reactivateOrganization") : t("team:deactivateOrganization"),
            })}
          </Link>
        </section>
      ) : null}
    </div>
  );
}

/** The organization's short name, picked from suggestions built from its names (never typed). */
function SlugChoice(props: { options: string[]; defaultValue: string; error?: string; locked: boolean }) {
  const { t } = useTranslation("admin");
  const described = ["field-slug-hint", props.error ? "field-slug-error" : ""].filter(Boolean).join(" ");
  return (
    <div>
      <label htmlFor="field-slug" className="field-label">
        {t("slug")}
      </label>
      <p id="field-slug-hint" className="text-sm text-slate-700">
        {t("slugHint")} {props.options.length ? t("team:slug.hint") : t("team:slug.empty")}
        {props.locked ? ` ${t("team:slug.changeWarning")}` : ""}
      </p>
      <select
        id="field-slug"
        name="slug"
        // A new key when the options change keeps the chosen value in step with the list.
        key={props.options.join(",")}
        defaultValue={props.options.includes(props.defaultValue) ? props.defaultValue : (props.options[0] ?? "")}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described}
        required
        className="field-input"
      >
        {props.options.length === 0 ? <option value="">{t("team:slug.placeholder")}</option> : null}
        {props.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
      {props.error ? (
        <p id="field-slug-error" className="field-error">
          {t(`errors.${props.error}`)}
        </p>
      ) : null}
    </div>
  );
}
