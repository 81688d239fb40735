import { describe, expect, it } from "vitest";
import { classifyError, errorCode, RuntimeError } from "./runtime-error.js";

describe("classifyError", () => {
  it("reads fatal, retryable and kafkajs' retriable flags", () => {
    expect(classifyError({ fatal: true, retryable: false })).toBe("fatal");
    expect(classifyError(new RuntimeError("KAFKA_TRANSIENT", "x", { retryable: true }))).toBe(
      "retryable",
    );
    expect(classifyError(new RuntimeError("HANDLER_FAILED", "x"))).toBe("permanent");
    expect(classifyError(Object.assign(new Error("x"), { retriable: true }))).toBe("retryable");
  });

  it("calls anything without a flag unclassified", () => {
    expect(classifyError(new TypeError("boom"))).toBe("unclassified");
    expect(classifyError("boom")).toBe("unclassified");
    expect(classifyError(null)).toBe("unclassified");
  });
});

describe("errorCode", () => {
  it("upper-cases a word-like code and falls back for anything else", () => {
    expect(errorCode({ code: "rejected" }, "F")).toBe("REJECTED");
    expect(errorCode({ code: "TOO_LARGE" }, "F")).toBe("TOO_LARGE");
    expect(errorCode({ code: "ECONNREFUSED" }, "F")).toBe("ECONNREFUSED");
    expect(errorCode({ code: "bad\ncode" }, "F")).toBe("F");
    expect(errorCode(new Error("x"), "F")).toBe("F");
  });
});
