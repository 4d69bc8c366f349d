import { spawn } from "node:child_process";

/**
 * Runs the independent verifier (scripts/verify.js) against a live server, as an outsider would.
 * Asynchronously: the app under test runs in this very process and must keep answering.
 */
export function runVerifier(
  baseUrl: string,
  slug: string,
  extra: string[] = [],
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["scripts/verify.js", baseUrl, slug, ...extra], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
