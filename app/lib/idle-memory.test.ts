import v8 from "node:v8";
import { describe, expect, it } from "vitest";
import { IdleRelease, releaseMemory } from "~/lib/idle-memory.server.ts";

describe("IdleRelease", () => {
  function clocked(quietMs: number) {
    let now = 1_000;
    let releases = 0;
    const idle = new IdleRelease({ quietMs, release: () => releases++, now: () => now });
    return {
      idle,
      advance: (ms: number) => (now += ms),
      releases: () => releases,
    };
  }

  it("releases once when requests have stopped for the quiet time, and again only after new requests", () => {
    const { idle, advance, releases } = clocked(10_000);
    idle.touch();
    idle.check(); // activity seen: the quiet time starts now
    advance(9_999);
    expect(idle.check()).toBe(false);
    advance(1);
    expect(idle.check()).toBe(true);
    expect(releases()).toBe(1);
    advance(60_000);
    expect(idle.check()).toBe(false);
    expect(releases()).toBe(1);

    idle.touch();
    idle.check();
    advance(10_000);
    expect(idle.check()).toBe(true);
    expect(releases()).toBe(2);
  });

  it("never releases while requests keep coming", () => {
    const { idle, advance, releases } = clocked(10_000);
    for (let i = 0; i < 100; i++) {
      idle.touch();
      advance(2_500);
      idle.check();
    }
    expect(releases()).toBe(0);
  });

  it("does nothing after start-up without any request", () => {
    const { idle, advance, releases } = clocked(10_000);
    advance(60_000);
    expect(idle.check()).toBe(false);
    expect(releases()).toBe(0);
  });
});

describe("releaseMemory", () => {
  it("shrinks a heap grown by garbage back towards what is alive", () => {
    const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space")!.space_size;
    // Garbage with survivors: V8 grows the young generation and the old space.
    let keep: object[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      keep.push({ i, text: `item ${i}` });
      if (keep.length > 200_000) keep = [];
    }
    keep = [];
    const before = process.memoryUsage().heapTotal;
    const newBefore = newSpace();
    expect(releaseMemory()).toBe(true);
    const after = process.memoryUsage().heapTotal;
    expect(after).toBeLessThan(before / 2);
    expect(newSpace()).toBeLessThanOrEqual(newBefore);
    // The app's global object is not given a gc function.
    expect((globalThis as { gc?: unknown }).gc).toBeUndefined();
  });
});
