// Accounts from the command line (the first admin; everything else also at /kk/workspace/admin):
//   npm run admin:create -- --email admin@example.kz [--name "…"]
//   npm run member:add -- --email someone@example.kz --org <organization-slug> --role organizer|auditor
//   npm run moderator:add -- --email someone@example.kz [--off]   (citizen petitions only, decision 040)
// Uses DATABASE_URL like the app. Sign-in is then by a code sent to that address.
import * as build from "../build/index.js";

const [command, ...rest] = process.argv.slice(2);
const args = Object.fromEntries(
  rest.reduce(
    (pairs, arg, index, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[index + 1]]] : pairs),
    [],
  ),
);
const app = build.entry.module;
try {
  if (command === "admin" && args.email) {
    const user = await app.withDatabase(() => app.createAdmin(args.email, args.name ?? ""));
    console.log(`admin: ${user.email} (sign in at /kk/signin with a code sent there)`);
  } else if (command === "moderator" && args.email) {
    const off = process.argv.includes("--off");
    const user = await app.withDatabase(() => app.createModerator(args.email, !off));
    console.log(`moderator ${off ? "revoked" : "granted"}: ${user.email}`);
  } else if (command === "member" && args.email && args.org && ["organizer", "auditor"].includes(args.role)) {
    await app.withDatabase(() => app.addMember({ email: args.email, organizationSlug: args.org, role: args.role }));
    console.log(`${args.role}: ${args.email.toLowerCase()} in ${args.org}`);
  } else {
    console.error(
      "usage: npm run admin:create -- --email <address> | npm run member:add -- --email <address> --org <slug> --role organizer|auditor | npm run moderator:add -- --email <address> [--off]",
    );
    process.exit(2);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
