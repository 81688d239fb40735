import { describe, expect, it } from "vitest";
import { poolWithCheckpoints } from "./checkpoint-pool.js";

describe("poolWithCheckpoints", () => {
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("keeps the pool full across checkpoints and checkpoints only finished prefixes, in order", async () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    let running = 0;
    let peak = 0;
    const finished = new Set<number>();
    const checkpoints: [number, number][] = [];
    let inFlightAtCheckpoint = 0;
    const ok = await poolWithCheckpoints(
      items,
      4,
      10,
      async (n) => {
        running += 1;
        peak = Math.max(peak, running);
        await delay(((n * 7) % 5) + 1);
        running -= 1;
        finished.add(n);
        return n * 2;
      },
      async (from, to, results) => {
        for (let i = 0; i < to; i++) expect(finished.has(i)).toBe(true);
        expect(results).toEqual(items.slice(from, to).map((n) => n * 2));
        inFlightAtCheckpoint = Math.max(inFlightAtCheckpoint, running);
        checkpoints.push([from, to]);
        await delay(5);
        return true;
      },
    );
    expect(ok).toBe(true);
    expect(peak).toBe(4);
    expect(inFlightAtCheckpoint).toBeGreaterThan(0);
    expect(checkpoints[0]?.[0]).toBe(0);
    checkpoints.forEach(([from], i) => {
      if (i > 0) expect(from).toBe(checkpoints[i - 1]?.[1]);
    });
    expect(checkpoints.at(-1)?.[1]).toBe(40);
  });

  it("never checkpoints past a stopped item, and rethrows errors after the calls in flight", async () => {
    const seen: number[] = [];
    const ok = await poolWithCheckpoints(
      [0, 1, 2, 3, 4, 5],
      2,
      1,
      async (n) => (n === 3 ? "stop" : n),
      async (_from, to) => {
        seen.push(to);
        return true;
      },
    );
    expect(ok).toBe(false);
    expect(Math.max(0, ...seen)).toBeLessThanOrEqual(3);

    let settled = 0;
    await expect(
      poolWithCheckpoints(
        [0, 1, 2, 3],
        4,
        1,
        async (n) => {
          if (n === 0) throw new Error("fatal");
          await delay(10);
          settled += 1;
          return n;
        },
        async () => true,
      ),
    ).rejects.toThrow("fatal");
    expect(settled).toBe(3);
  });
});
