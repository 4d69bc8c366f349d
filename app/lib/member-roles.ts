// Roles inside an organization (site admins are a flag on the user). Shared by server and browser.
export const memberRoles = ["organizer", "auditor"] as const;
export type MemberRole = (typeof memberRoles)[number];

export const isMemberRole = (value: unknown): value is MemberRole => memberRoles.includes(value as MemberRole);
