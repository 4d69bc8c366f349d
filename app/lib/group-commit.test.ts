import { describe, expect, it } from "vitest";
import { groupCommit } from "~/lib/group-commit.ts";

describe("groupCommit", () => {
  it("writes items submitted together as one batch and later ones in the next, keeping each caller's result", async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const submit = groupCommit(async (items: number[]) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((n) => ({ status: "fulfilled", value: n * 10 }) as const);
    }, 100);
    const first = [1, 2, 3].map(submit);
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is in flight: these wait and go together into the second.
    const second = [4, 5].map(submit);
    release();
    expect(await Promise.all([...first, ...second])).toEqual([10, 20, 30, 40, 50]);
    expect(batches).toEqual([[1, 2, 3], [4, 5]]);
  });

  it("never puts more than maxBatch items in one batch", async () => {
    const sizes: number[] = [];
    const submit = groupCommit(async (items: number[]) => (sizes.push(items.length), items.map((value) => ({ status: "fulfilled", value }) as const)), 4);
    await Promise.all(Array.from({ length: 10 }, (_, i) => submit(i)));
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("rejects every caller of a failed batch and goes on with the next batch", async () => {
    let calls = 0;
    const submit = groupCommit(async (items: string[]) => {
      calls++;
      if (items.includes("bad")) throw new Error("write failed");
      return items.map((value) => ({ status: "fulfilled", value }) as const);
    }, 2);
    const results = await Promise.allSettled(["a", "bad", "c"].map(submit));
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(calls).toBe(2);
  });

  it("lets one item fail alone when the write says so", async () => {
    const submit = groupCommit(
      async (items: string[]) => items.map((item): PromiseSettledResult<string> => (item === "bad" ? { status: "rejected", reason: new Error(item) } : { status: "fulfilled", value: item })),
      10,
    );
    const results = await Promise.allSettled(["a", "bad", "c"].map(submit));
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("refuses a write that returns the wrong number of results", async () => {
    const submit = groupCommit(async () => [{ status: "fulfilled", value: 1 } as const], 10);
    await expect(Promise.all([submit(1), submit(2)])).rejects.toThrow(/2 items/);
  });
});
