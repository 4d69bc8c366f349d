// Adding a member and telling them: the membership, its audit entry, the invitation's sign-in
// link and its mail are written in one transaction; the outbox delivers the mail after it commits.
import { config } from "~/config.server.ts";
import type { MemberRole } from "~/lib/member-roles.ts";
import { addMembership } from "~/models/admin.server.ts";
import { createInvitationLink } from "~/models/user.server.ts";
import { invitationMail } from "~/services/mail/invitation.server.ts";
import { enqueueMails } from "~/models/outbox.server.ts";
import { kickOutbox } from "~/services/mail/outbox.server.ts";

export async function addMemberAndInvite(input: {
  actorId: string;
  organizationId: string;
  email: string;
  name: string;
  role: MemberRole;
  locale: "kk" | "ru";
}) {
  const result = await addMembership({
    ...input,
    onAdded: async (tx, member) => {
      const link = await createInvitationLink(tx, member.userId);
      const base = `${config().publicUrl}/${member.locale}`;
      await enqueueMails(tx, [
        invitationMail({
          to: member.email,
          locale: member.locale,
          organization: member.locale === "kk" ? member.organization.nameKk : member.organization.nameRu,
          role: member.role,
          linkUrl: `${base}/signin/link/${link}`,
          signInUrl: `${base}/signin`,
        }),
      ]);
    },
  });
  if (result.ok) kickOutbox();
  return result;
}
