// Gives memory back to the operating system once a burst of traffic is over (decision 053).
// Under load V8 grows its young generation and old space for throughput, and keeps them: after a
// surge the process idled at 450–530 MB with ~50 MB of live objects. V8 shrinks only after a
// "memory-reducing" collection, which it starts by itself rarely. So when requests have stopped
// for a while, one such collection runs: it compacts the heap, shrinks the young generation to
// its minimum and unmaps the freed pages. It runs once per quiet period, never under load.
import v8 from "node:v8";
import vm from "node:vm";

type GcOptions = { type: "major"; execution: "sync"; flavor: "last-resort" };
let collect: ((options: GcOptions) => void) | null | undefined;

/**
 * V8's collection that releases all it can (`flavor: "last-resort"`: full collections with
 * memory reduction, young generation shrunk, pooled pages unmapped). Reached through the gc
 * extension of a fresh context, so the app's own global object never gets a `gc` function.
 * Returns false where the extension is not available.
 */
export function releaseMemory(): boolean {
  if (collect === undefined) {
    try {
      const exposed = (globalThis as { gc?: unknown }).gc;
      if (typeof exposed === "function") collect = exposed as (options: GcOptions) => void;
      else {
        v8.setFlagsFromString("--expose-gc");
        collect = vm.runInNewContext("gc") as (options: GcOptions) => void;
        v8.setFlagsFromString("--no-expose-gc");
      }
    } catch {
      collect = null;
    }
  }
  if (!collect) return false;
  collect({ type: "major", execution: "sync", flavor: "last-resort" });
  return true;
}

/**
 * Counts activity (cheaply: one increment per request) and calls `release` once activity has
 * stopped for `quietMs`; again only after new activity. `check()` is called by a timer (start())
 * or directly by tests.
 */
export class IdleRelease {
  #activity = 0;
  #seen = 0;
  #quietSince: number;
  #pending = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly options: {
      quietMs: number;
      release: () => void;
      now?: () => number;
    },
  ) {
    this.#quietSince = this.#now();
  }

  #now() {
    return (this.options.now ?? Date.now)();
  }

  touch() {
    this.#activity++;
  }

  check() {
    const now = this.#now();
    if (this.#activity !== this.#seen) {
      this.#seen = this.#activity;
      this.#quietSince = now;
      this.#pending = true;
      return false;
    }
    if (!this.#pending || now - this.#quietSince < this.options.quietMs) return false;
    this.#pending = false;
    this.options.release();
    return true;
  }

  /** Checks every quietMs/4 (at least 250 ms) on a timer that does not keep the process alive. */
  start() {
    this.stop();
    this.#timer = setInterval(() => this.check(), Math.max(250, Math.floor(this.options.quietMs / 4)));
    this.#timer.unref();
    return this;
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
