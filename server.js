// Starts Dauys from the Remix build (`npm run build` first; `npm start` does both).
import * as build from "./build/index.js";

try {
  await build.entry.module.boot({ build, handleSignals: true });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
