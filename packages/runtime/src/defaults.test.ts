import { describe, expect, it } from "vitest";
import { RUNTIME_DEFAULTS } from "./defaults.js";

describe("RUNTIME_DEFAULTS", () => {
  it("is frozen all the way down, so no caller can change a default for everyone", () => {
    expect(Object.isFrozen(RUNTIME_DEFAULTS)).toBe(true);
    expect(Object.isFrozen(RUNTIME_DEFAULTS.stage.transactionBackoff)).toBe(true);
    expect(() => {
      (RUNTIME_DEFAULTS.sink as { concurrency: number }).concurrency = 1;
    }).toThrow(TypeError);
  });

  it("keeps a record's deadline far below the transaction timeout", () => {
    const { handlerPool, stage } = RUNTIME_DEFAULTS;
    expect(handlerPool.recordDeadlineMs * 4).toBeLessThan(stage.transactionTimeoutMs);
  });
});
