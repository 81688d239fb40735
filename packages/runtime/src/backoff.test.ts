import { describe, expect, it } from "vitest";
import { backoffDelay, sleep } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles from the initial delay up to the cap", () => {
    const exact = { initialMs: 100, maxMs: 1000, jitter: 0 };
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelay(n, exact))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("keeps jittered delays within the jitter share", () => {
    expect(backoffDelay(1, { initialMs: 1000, jitter: 0.5, random: () => 0 })).toBe(500);
    expect(backoffDelay(1, { initialMs: 1000, jitter: 0.5, random: () => 1 })).toBe(1000);
  });
});

describe("sleep", () => {
  it("ends early when aborted", async () => {
    const controller = new AbortController();
    const startedAt = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort();
    await pending;
    expect(Date.now() - startedAt).toBeLessThan(1000);
  });
});
