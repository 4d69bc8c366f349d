// Integration and browser tests run the built app, as production does. Build it once if needed.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";

export default function setup() {
  const built = existsSync("build/index.js") && statSync("build/index.js").mtimeMs;
  if (!built || process.env.DAUYS_TEST_REBUILD === "1") {
    execFileSync(process.execPath, ["node_modules/@remix-run/dev/dist/cli.js", "build"], { stdio: "inherit" });
  }
}
