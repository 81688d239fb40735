import { describe, expect, it } from "vitest";
import { abortedFilterIsPatched } from "./kafka-client-check.js";

describe("abortedFilterIsPatched", () => {
  it("finds the installed kafkajs patched (npm ci runs patch-package)", () => {
    expect(abortedFilterIsPatched()).toBe(true);
  });
});
