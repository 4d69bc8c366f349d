import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  HEAP_GROWING_PERCENT,
  MALLOC_ARENAS,
  SEMI_SPACE_MB,
  missingRuntimeSettings,
} from "../../scripts/runtime-settings.js";

describe("runtime settings of the app's process (decision 053)", () => {
  it("adds the young-generation size, the old generation's growth step and the malloc arena count when none is given", () => {
    expect(missingRuntimeSettings([], {})).toEqual({
      flags: [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`],
      env: { MALLOC_ARENA_MAX: MALLOC_ARENAS },
    });
  });

  it("keeps what the operator set, on the command line or in NODE_OPTIONS", () => {
    expect(
      missingRuntimeSettings(["--max-semi-space-size=32", "--heap-growing-percent=50"], { MALLOC_ARENA_MAX: "4" }),
    ).toBeNull();
    expect(missingRuntimeSettings([], { NODE_OPTIONS: "--enable-source-maps --max-semi-space-size=8" })).toEqual({
      flags: [`--heap-growing-percent=${HEAP_GROWING_PERCENT}`],
      env: { MALLOC_ARENA_MAX: MALLOC_ARENAS },
    });
  });

  it("relaunches a process once with them, under the same process id", () => {
    const script = `
      import { relaunchWithRuntimeSettings } from "./scripts/runtime-settings.js";
      relaunchWithRuntimeSettings();
      console.log(JSON.stringify({ pid: process.pid, argv: process.execArgv, arenas: process.env.MALLOC_ARENA_MAX ?? null }));
    `;
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: "" };
    delete env.MALLOC_ARENA_MAX;
    delete env.DAUYS_RUNTIME;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], { env, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split("\n");
    if (typeof (process as { execve?: unknown }).execve !== "function") {
      // Node without process.execve: the process runs as started.
      expect(lines).toHaveLength(1);
      return;
    }
    expect(lines).toHaveLength(1);
    const seen = JSON.parse(lines[0]);
    expect(seen.argv).toContain(`--max-semi-space-size=${SEMI_SPACE_MB}`);
    expect(seen.argv).toContain(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(seen.arenas).toBe(MALLOC_ARENAS);
    expect(seen.pid).toBe(result.pid);
  });
});
