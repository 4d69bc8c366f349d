import { describe, expect, it } from "vitest";
import { groupCommit } from "~/lib/group-commit.ts";

describe("groupCommit", () => {
  it("writes items submitted together as one batch and later ones in the next, keeping each caller's result", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const submit = groupCommit(
      async (items: number[]) => {
        batches.push(items);
        if (batches.length === 1) await gate;
        return items.map((n) => ({ status: "fulfilled", value: n * 10 }) as const);
      },
      { maxBatch: 100, maxWaiting: 1000, overloaded: () => new Error("busy") },
    );
    const first = [1, 2, 3].map(submit);
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is in flight: these wait and go together into the second.
    const second = [4, 5].map(submit);
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it("never puts more than maxBatch items in one batch", async () => {
    const sizes: number[] = [];
    const submit = groupCommit(
      async (items: number[]) => (
        sizes.push(items.length),
        items.map((value) => ({ status: "fulfilled", value }) as const)
      ),
      { maxBatch: 4, maxWaiting: 1000, overloaded: () => new Error("busy") },
    );
    await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("rejects every caller of a failed batch and goes on with the next batch", async () => {
    let calls = 0;
    const submit = groupCommit(
      async (items: string[]) => {
        calls++;
        if (items.includes("bad")) throw new Error("write failed");
        return items.map((value) => ({ status: "fulfilled", value }) as const);
      },
      { maxBatch: 2, maxWaiting: 1000, overloaded: () => new Error("busy") },
    );
    const results = await Promise.allSettled(["a", "bad", "c"].map(submit));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(calls).toBe(2);
  });

  it("lets one item fail alone when the write says so", async () => {
    const submit = groupCommit(
      async (items: string[]) =>
        items.map((item): PromiseSettledResult<string> =>
          item === "bad" ? { status: "rejected", reason: new Error(item) } : { status: "fulfilled", value: item },
        ),
      { maxBatch: 10, maxWaiting: 1000, overloaded: () => new Error("busy") },
    );
    const results = await Promise.allSettled(["a", "bad", "c"].map(submit));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("refuses a write that returns the wrong number of results", async () => {
    const submit = groupCommit(async () => [{ status: "fulfilled", value: 1 } as const], {
      maxBatch: 10,
      maxWaiting: 1000,
      overloaded: () => new Error("busy"),
    });
    await expect(Promise.all([submit(1), submit(2)])).rejects.toThrow(/2 items/);
  });

  it("fails the items waiting behind a batch at once when the batch's error says they would fail too", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const sizes: number[] = [];
    const submit = groupCommit(
      async (_items: number[]) => {
        await gate;
        throw new Error("database away");
      },
      {
        maxBatch: 2,
        maxWaiting: 1000,
        overloaded: () => new Error("busy"),
        failsWaiting: (error) => (error as Error).message === "database away",
        onBatch: (size) => sizes.push(size),
      },
    );
    const first = [1, 2].map(submit);
    await new Promise((resolve) => setImmediate(resolve));
    const waiting = [3, 4, 5].map(submit);
    release();
    const results = await Promise.allSettled([...first, ...waiting]);
    expect(
      results.every((result) => result.status === "rejected" && (result.reason as Error).message === "database away"),
    ).toBe(true);
    // The waiting items were never written: one batch only.
    expect(sizes).toEqual([2]);
  });

  it("refuses at once when too many items wait, and takes items again once the line is short", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const submit = groupCommit(
      async (items: number[]) => {
        await gate;
        return items.map((value) => ({ status: "fulfilled", value }) as const);
      },
      { maxBatch: 1, maxWaiting: 2, overloaded: () => new Error("busy") },
    );
    const inFlight = submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const queued = [submit(2), submit(3)];
    await expect(submit(4)).rejects.toThrow("busy");
    release();
    expect(await Promise.all([inFlight, ...queued])).toEqual([1, 2, 3]);
    expect(await submit(5)).toBe(5);
  });
});
