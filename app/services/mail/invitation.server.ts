// The mail a new member of an organization gets, in their language. Strings: locales/<lng>/team.json.
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import type { MemberRole } from "~/lib/member-roles.ts";
import type { NewMail } from "~/models/outbox.server.ts";
import { linkMail } from "./templates.server.tsx";

export function invitationMail(input: {
  to: string;
  locale: Locale;
  organization: string;
  role: MemberRole;
  linkUrl: string;
  signInUrl: string;
}): NewMail {
  const t = serverT(input.locale, "team");
  const role = t(`invitation.roles.${input.role}`);
  return linkMail({
    kind: "invitation",
    to: input.to,
    locale: input.locale,
    subject: t("invitation.subject", { organization: input.organization }),
    paragraphs: [
      t("invitation.intro", { organization: input.organization, role }),
      t(`invitation.roleHelp.${input.role}`),
    ],
    link: { label: t("invitation.link"), url: input.linkUrl },
    notes: [t("invitation.expires"), t("invitation.later", { url: input.signInUrl }), t("invitation.ignore")],
  });
}
