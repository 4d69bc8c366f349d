// Remove, restore or release one signature by receipt from a shell: for operators and scripts.
// The workspace's moderation pages do the same through the same code (moderateByReceipt).
//   npm run moderate -- remove <receipt> <reason>    (duplicate|fraud|bot|signer-request|invalid-data|other)
//   npm run moderate -- restore <receipt>
//   npm run moderate -- release <receipt>            (a signature held by an abuse rule)
import * as build from "../build/index.js";

const [action, receipt, reason] = process.argv.slice(2);
if (!["remove", "restore", "release"].includes(action) || !receipt) {
  console.error("usage: npm run moderate -- remove|restore|release <receipt> [reason]");
  process.exit(2);
}
try {
  const done = await build.entry.module.withDatabase(() =>
    build.entry.module.moderateByReceipt({ receipt, action, reason }),
  );
  console.log(
    done ? `${action}: done` : `${action}: nothing to do (unknown receipt, or not in a state that allows it)`,
  );
  process.exit(done ? 0 : 1);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
