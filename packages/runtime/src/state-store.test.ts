import { describe, expect, it } from "vitest";
import { PartitionStateStore, type StateCodec } from "./state-store.js";

const numbers: StateCodec<number> = {
  encode: (n) => String(n),
  decode: (bytes) => {
    const n = Number(bytes.toString("utf8"));
    if (!Number.isInteger(n)) throw new Error("not an integer");
    return n;
  },
};

describe("PartitionStateStore (in memory; restore is tested on the broker)", () => {
  it("returns the changelog record of each staged write, on the store's own partition", () => {
    const store = new PartitionStateStore("state", 4, numbers);
    expect(store.put("a", 1)).toEqual({
      topic: "state",
      partition: 4,
      key: "a",
      value: "1",
      headers: {},
    });
    expect(store.delete("a")).toEqual({
      topic: "state",
      partition: 4,
      key: "a",
      value: null,
      headers: {},
    });
  });

  it("sees staged writes in get() but keeps them out of the state until commit()", () => {
    const store = new PartitionStateStore("state", 0, numbers, [["a", 1]]);
    store.put("a", 2);
    store.put("b", 3);
    expect(store.get("a")).toBe(2);
    expect(store.get("b")).toBe(3);
    expect(store.staged).toBe(2);
    expect([...store.entries()]).toEqual([["a", 1]]);
    store.commit();
    expect([...store.entries()]).toEqual([
      ["a", 2],
      ["b", 3],
    ]);
    expect(store.staged).toBe(0);
  });

  it("forgets staged writes on discard(), deletions included", () => {
    const store = new PartitionStateStore("state", 0, numbers, [["a", 1]]);
    store.delete("a");
    expect(store.get("a")).toBeUndefined();
    store.put("b", 2);
    store.discard();
    expect(store.get("a")).toBe(1);
    expect(store.get("b")).toBeUndefined();
    expect(store.size).toBe(1);
  });

  it("lists entries least recently written first: a write moves its key to the end", () => {
    const store = new PartitionStateStore("state", 0, numbers, [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    store.put("a", 10);
    store.delete("b");
    store.commit();
    expect([...store.entries()].map(([key]) => key)).toEqual(["c", "a"]);
  });
});
