// The mails of citizen petitions (decision 040), in the creator's language. Strings:
// locales/<lng>/citizen.json. The flows that send them: app/services/citizen.server.ts.
import { serverT } from "~/i18n.server.ts";
import { isLocale, type Locale } from "~/i18n.ts";
import { hidesText, type RejectionReason } from "~/lib/citizen-options.ts";
import type { CitizenView } from "~/models/citizen.server.ts";
import { linkMail } from "./templates.server.tsx";

type Petition = Pick<
  CitizenView,
  | "id"
  | "slug"
  | "status"
  | "titleKk"
  | "titleRu"
  | "creatorEmail"
  | "creatorLocale"
  | "changesNote"
  | "rejectionReason"
  | "rejectionNote"
>;
const creatorLocale = (petition: Petition): Locale =>
  isLocale(petition.creatorLocale) ? petition.creatorLocale : "kk";
const titleIn = (petition: Petition, locale: Locale) => (locale === "kk" ? petition.titleKk : petition.titleRu);

/** Goes to an address nobody confirmed yet: nothing the visitor typed, only our words and the link. */
export function citizenConfirmMail(input: {
  to: string;
  locale: Locale;
  publicationId: string;
  confirmUrl: string;
  ttlDays: number;
}) {
  const t = serverT(input.locale, "citizen");
  return linkMail({
    kind: "citizen-confirm",
    to: input.to,
    locale: input.locale,
    publicationId: input.publicationId,
    subject: t("mail.confirm.subject"),
    paragraphs: [t("mail.confirm.intro"), t("mail.confirm.action")],
    link: { label: t("mail.confirm.button"), url: input.confirmUrl },
    notes: [t("mail.confirm.expires", { count: input.ttlDays }), t("mail.confirm.ignore")],
  });
}

/** The creator's link to the draft: after confirming the address, or with a moderator's request for changes. */
export function citizenManageMail(
  petition: Petition,
  token: string,
  kind: "citizen-draft" | "citizen-changes",
  publicUrl: string,
) {
  const locale = creatorLocale(petition);
  const t = serverT(locale, "citizen");
  const paragraphs =
    kind === "citizen-draft"
      ? [t("mail.draft.intro", { title: titleIn(petition, locale) }), t("mail.draft.action")]
      : [
          t("mail.changes.intro", { title: titleIn(petition, locale) }),
          petition.changesNote ?? "",
          t("mail.changes.action"),
        ];
  return linkMail({
    kind,
    to: petition.creatorEmail,
    locale,
    publicationId: petition.id,
    subject: t(kind === "citizen-draft" ? "mail.draft.subject" : "mail.changes.subject", {
      title: titleIn(petition, locale),
    }),
    paragraphs,
    link: { label: t("mail.draft.button"), url: `${publicUrl}/${locale}/start/manage/${token}` },
    notes: [t("mail.draft.keep")],
  });
}

/** The moderator's decision, told to the creator: published, rejected (and why), or changes asked for. */
export function citizenOutcomeMail(petition: Petition, manageToken: string | null, publicUrl: string) {
  if (petition.status === "draft" && manageToken)
    return citizenManageMail(petition, manageToken, "citizen-changes", publicUrl);
  const locale = creatorLocale(petition);
  const t = serverT(locale, "citizen");
  const title = titleIn(petition, locale);
  if (petition.status === "open")
    return linkMail({
      kind: "citizen-published",
      to: petition.creatorEmail,
      locale,
      publicationId: petition.id,
      subject: t("mail.published.subject", { title }),
      paragraphs: [t("mail.published.intro", { title }), t("mail.published.share")],
      link: { label: t("mail.published.button"), url: `${publicUrl}/${locale}/p/${petition.slug}` },
    });
  const reason = petition.rejectionReason as RejectionReason;
  return linkMail({
    kind: "citizen-rejected",
    to: petition.creatorEmail,
    locale,
    publicationId: petition.id,
    subject: t("mail.rejected.subject", { title }),
    paragraphs: [
      t("mail.rejected.intro", { title }),
      `${t("mail.rejected.reason")} ${t(`reasons.${reason}.title`)}`,
      ...(petition.rejectionNote ? [`${t("mail.rejected.note")} ${petition.rejectionNote}`] : []),
      t(hidesText.has(reason) ? "mail.rejected.hidden" : "mail.rejected.listed"),
    ],
    link: { label: t("mail.rejected.standards"), url: `${publicUrl}/${locale}/standards` },
  });
}
