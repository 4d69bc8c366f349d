import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConfirmStep } from "~/components/confirm-step.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { getOrganization } from "~/models/admin.server.ts";
import { describeUser } from "~/models/team.server.ts";
import { requireAdmin, requireUser } from "~/services/workspace-auth.server.ts";

// The confirmation step of the admin screens' irreversible or far-reaching changes: a page (GET,
// changes nothing) that says what will happen and posts the real action to the screen that owns it.
const userIntents = ["grantAdmin", "revokeAdmin", "deactivateUser", "reactivateUser"] as const;
const organizationIntents = ["removeMember", "deactivateOrganization", "reactivateOrganization"] as const;
type Intent = (typeof userIntents)[number] | (typeof organizationIntents)[number];
const isIntent = (value: string | null): value is Intent =>
  [...userIntents, ...organizationIntents].includes(value as Intent);
const dangerous: Intent[] = ["revokeAdmin", "deactivateUser", "removeMember", "deactivateOrganization"];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const user = await requireUser(request, locale);
  requireAdmin(user);
  const query = new URL(request.url).searchParams;
  const intent = query.get("intent");
  if (!isIntent(intent)) throw json({ messageKey: "team:errors.unknownChange" }, { status: 400 });
  const t = serverT(locale, "team");
  const base = `/${locale}/workspace/admin`;
  const organizationId = query.get("organization") ?? "";
  const organization = (organizationIntents as readonly string[]).includes(intent)
    ? await getOrganization(organizationId)
    : null;
  if ((organizationIntents as readonly string[]).includes(intent) && !organization)
    throw new Response("Not Found", { status: 404 });
  const account =
    intent === "deactivateOrganization" || intent === "reactivateOrganization"
      ? null
      : await describeUser(query.get("user") ?? "");
  if (!account && !(intent === "deactivateOrganization" || intent === "reactivateOrganization"))
    throw new Response("Not Found", { status: 404 });
  const orgName = organization ? (locale === "kk" ? organization.nameKk : organization.nameRu) : "";
  const person = account ? (account.name ? `${account.name} <${account.email}>` : account.email) : "";
  const page = query.get("page");
  return json(
    {
      locale,
      csrf: user.csrfToken,
      intent,
      heading: t(`confirmAdmin.${intent}.heading`),
      subject: organization && account ? `${person} · ${orgName}` : organization ? orgName : person,
      consequences: t(`confirmAdmin.${intent}.consequences`, { returnObjects: true }) as string[],
      confirmLabel: t(`confirmAdmin.${intent}.confirm`),
      action: organization ? `${base}/organizations/${organization.id}` : `${base}${page ? `?page=${page}` : ""}`,
      fields: {
        intent:
          intent === "deactivateOrganization"
            ? "deactivate"
            : intent === "reactivateOrganization"
              ? "reactivate"
              : intent,
        ...(account ? { user: account.id } : {}),
      },
      cancelTo: organization ? `${base}/organizations/${organization.id}` : `${base}${page ? `?page=${page}` : ""}`,
      danger: dangerous.includes(intent),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.heading} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function AdminConfirm() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation("team");
  return (
    <ConfirmStep
      heading={data.heading}
      subject={data.subject}
      consequences={data.consequences}
      action={data.action}
      csrf={data.csrf}
      fields={data.fields}
      confirmLabel={data.confirmLabel}
      cancelLabel={t("cancel")}
      cancelTo={data.cancelTo}
      danger={data.danger}
    />
  );
}
