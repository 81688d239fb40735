import { describe, expect, it } from "vitest";
import { ArchiveError } from "./archive-error.js";
import { backoffDelay, sleep } from "./backoff.js";

describe("backoffDelay", () => {
  it("doubles per attempt within [ceiling/2, ceiling] and stops at maxDelayMs", () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, options, () => 0)).toBe(50);
    expect(backoffDelay(1, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(400);
    expect(backoffDelay(4, options, () => 0)).toBe(400);
    expect(backoffDelay(10, options, () => 1)).toBe(1_000);
    expect(backoffDelay(10_000, options, () => 0.5)).toBe(750);
  });
});

describe("sleep", () => {
  it("rejects with an aborted ArchiveError as soon as the signal fires", async () => {
    const controller = new AbortController();
    const started = performance.now();
    const pending = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(new Error("shutdown")), 20);
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).code).toBe("aborted");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("rejects at once for an already aborted signal", async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toMatchObject({ code: "aborted" });
  });
});
