import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmStep } from "~/components/confirm-step.tsx";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { publicationMode } from "~/lib/publication-mode.ts";
import { readSmallForm } from "~/lib/small-form.server.ts";
import { allowedTransitions, changeStatus, isTransition } from "~/models/lifecycle.server.ts";
import { requireCsrf, requireEdit, requireUser, safeNext } from "~/services/workspace-auth.server.ts";

// Open, close, reopen or archive a publication (organizers of its organization, or admins).
// GET ?transition=… is the confirmation step (changes nothing); POST makes the change.
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
          deactivated: "team:errors.organizationDeactivated",
        }[changed.reason],
      },
      { status: 409 },
    );
  return redirect(safeNext(form.back, locale), { status: 303 });
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  const query = new URL(request.url).searchParams;
  const transition = query.get("transition");
  if (transition === null) return redirect(`/${locale}/workspace`);
  const publication = await db().publication.findUnique({
    where: { id: params.id ?? "" },
    select: {
      id: true,
      slug: true,
      kind: true,
      endorsable: true,
      status: true,
      anonymizedAt: true,
      organizationId: true,
      titleKk: true,
      titleRu: true,
    },
  });
  if (!publication) throw new Response("Not Found", { status: 404 });
  requireEdit(user, publication.organizationId);
  if (!isTransition(transition)) throw json({ messageKey: "team:errors.unknownChange" }, { status: 400 });
  const back = safeNext(query.get("back"), locale);
  const possible = allowedTransitions(publication).includes(transition);
  return json(
    {
      locale,
      csrf: user.csrfToken,
      id: publication.id,
      slug: publication.slug,
      mode: publicationMode(publication),
      kind: publication.kind,
      title: (locale === "kk" ? publication.titleKk : publication.titleRu) || publication.titleKk || publication.slug,
      transition,
      possible,
      back,
      pageTitle: serverT(locale, "team")(`confirmStatus.${transition}.heading`),
    },
    { status: possible ? 200 : 409, headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function StatusChange() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("team");
  const key = `confirmStatus.${data.transition}`;
  if (!data.possible)
    return (
      <div className="card mx-auto max-w-xl space-y-3">
        <h1 className="text-2xl font-bold">{t(`${key}.heading`)}</h1>
        <p role="alert">{t("editor:errors.statusChanged")}</p>
        <a className="underline" href={data.back}>
          {t("back")}
        </a>
      </div>
    );
  return (
    <ConfirmStep
      heading={t(`${key}.heading`)}
      subject={`${t(`common:kind.${data.kind}`)}: «${data.title}»`}
      consequences={t(`${key}.${data.mode}`, { returnObjects: true, slug: data.slug }) as string[]}
      action={`/${data.locale}/workspace/publications/${data.id}/status`}
      csrf={data.csrf}
      fields={{ transition: data.transition, back: data.back }}
      confirmLabel={t(`transition.${data.mode}.${data.transition}`)}
      cancelLabel={t("cancel")}
      cancelTo={data.back}
      danger={data.transition === "archive" || data.transition === "close"}
    />
  );
}
