// How the app's process is sized (decision 053), in one place, so that `node server.js` (systemd
// unit, the benchmark, the tests) runs the same way everywhere. Both settings must be given when
// a process starts, so server.js calls relaunchWithRuntimeSettings() first: where one is missing
// it replaces itself once (process.execve: same process id, same open files) with them added.
// What an operator sets (NODE_OPTIONS, MALLOC_ARENA_MAX, node flags) is kept and wins.
// Plain syntax on purpose, like node-support.js: it loads before anything else.

// V8's young generation: Node 24 lets each semi-space grow to 64 MB (128 MB resident under load);
// 16 MB measured as fast for this app's requests while holding ~96 MB less (decision 053).
export const SEMI_SPACE_MB = 16;
// V8's old generation: after each full collection its next trigger is set at the live size times
// a factor V8 picks by itself, up to 4× when the app allocates fast (a crowd of reads after a
// signing burst grew a ~100 MB live heap to ~210 MB). At most 2× held the peak to ~280 MB with the
// same read rate (decision 053, addendum). Not a limit: the heap still grows to what is live.
export const HEAP_GROWING_PERCENT = 100;
// glibc keeps one malloc arena per thread that allocates (up to 8 per core); memory freed in
// them stays resident. Two arenas held ~20–40 MB less after the benchmark (decision 053).
export const MALLOC_ARENAS = "2";

/** The flags and environment to add to this process, or null when nothing is missing. */
export function missingRuntimeSettings(execArgv, env) {
  const given = execArgv.concat(String(env.NODE_OPTIONS || "").split(/\s+/));
  const flags = [];
  if (!given.some((arg) => /^--max-semi-space-size(=|$)/.test(arg)))
    flags.push("--max-semi-space-size=" + SEMI_SPACE_MB);
  if (!given.some((arg) => /^--heap[-_]growing[-_]percent(=|$)/.test(arg)))
    flags.push("--heap-growing-percent=" + HEAP_GROWING_PERCENT);
  const extraEnv = env.MALLOC_ARENA_MAX ? {} : { MALLOC_ARENA_MAX: MALLOC_ARENAS };
  if (!flags.length && !Object.keys(extraEnv).length) return null;
  return { flags, env: extraEnv };
}

/**
 * Re-executes this process with the missing settings (at most once: DAUYS_RUNTIME marks the new
 * process). Returns without doing anything where process.execve does not exist (Node < 23.11),
 * when DAUYS_RUNTIME=off, or when everything is set already.
 */
export function relaunchWithRuntimeSettings() {
  if (process.env.DAUYS_RUNTIME || typeof process.execve !== "function") return;
  const missing = missingRuntimeSettings(process.execArgv, process.env);
  if (!missing) return;
  const env = Object.assign({}, process.env, missing.env, { DAUYS_RUNTIME: "relaunched" });
  try {
    process.execve(
      process.execPath,
      [process.execPath].concat(process.execArgv, missing.flags, process.argv.slice(1)),
      env,
    );
  } catch (error) {
    // Not allowed here (e.g. a sandbox refusing execve): run as started.
    console.error("runtime settings not applied: " + (error && error.message ? error.message : error));
  }
}
