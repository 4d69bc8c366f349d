// Starts Dauys from the Remix build (`npm run build` first; `npm start` does both).
// The Node check comes first and the build is imported only after it, so an unsupported Node
// stops with one line (scripts/node-support.js) instead of a stack trace from deep in the app.
import { refuseUnsupportedNode } from "./scripts/node-support.js";
import { relaunchWithRuntimeSettings } from "./scripts/runtime-settings.js";

refuseUnsupportedNode();
// The process's memory sizing (scripts/runtime-settings.js, decision 053): set at start or not at all.
relaunchWithRuntimeSettings();

try {
  const build = await import("./build/index.js");
  await build.entry.module.boot({ build, handleSignals: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
