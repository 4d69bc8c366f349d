// The mail a new member of an organization gets, in their language. Strings: locales/<lng>/team.json.
import { serverT } from "~/i18n.server.ts";
import type { Locale } from "~/i18n.ts";
import type { MemberRole } from "~/lib/member-roles.ts";
import type { NewMail } from "~/models/outbox.server.ts";
import { layout } from "./templates.server.ts";

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
  const lines = [
    t("invitation.intro", { organization: input.organization, role }),
    t(`invitation.roleHelp.${input.role}`),
  ];
  const later = t("invitation.later", { url: input.signInUrl });
  return {
    kind: "invitation",
    to: input.to,
    subject: t("invitation.subject", { organization: input.organization }),
    text: [
      ...lines,
      "",
      t("invitation.link"),
      input.linkUrl,
      "",
      t("invitation.expires"),
      later,
      t("invitation.ignore"),
      "",
      "--",
      serverT(input.locale, "mail")("footer"),
      "",
    ].join("\n"),
    html: layout(input.locale, lines, { label: t("invitation.link"), url: input.linkUrl }, [
      t("invitation.expires"),
      later,
      t("invitation.ignore"),
    ]),
  };
}
