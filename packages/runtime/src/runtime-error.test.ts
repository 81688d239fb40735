import { describe, expect, it } from "vitest";
import {
  ConfigError,
  classifyError,
  deadLetterCodeOf,
  RUNTIME_ERROR_CODES,
  RuntimeError,
  type RuntimeErrorCode,
} from "./runtime-error.js";

describe("RuntimeError", () => {
  it("takes retryable, fatal and its dead-letter code from the code table", () => {
    for (const code of Object.keys(RUNTIME_ERROR_CODES) as RuntimeErrorCode[]) {
      const error = new RuntimeError(code, "x");
      const spec: { retryable: boolean; fatal: boolean; deadLetter?: string } =
        RUNTIME_ERROR_CODES[code];
      expect(error).toMatchObject({ code, retryable: spec.retryable, fatal: spec.fatal });
      expect(error.deadLetterCode).toBe(spec.deadLetter);
    }
    expect(new RuntimeError("HANDLER_TIMEOUT", "x").deadLetterCode).toBe("TOO_COMPLEX");
    expect(new ConfigError([{ variable: "A", problem: "is bad" }]).fatal).toBe(true);
  });
});

describe("classifyError", () => {
  it("reads fatal, retryable and kafkajs' retriable flags", () => {
    expect(classifyError(new RuntimeError("CONFIG_INVALID", "x"))).toBe("fatal");
    expect(classifyError(new RuntimeError("HANDLER_CRASH", "x"))).toBe("retryable");
    expect(classifyError(new RuntimeError("PRODUCER_FENCED", "x"))).toBe("permanent");
    expect(classifyError(Object.assign(new Error("x"), { retriable: true }))).toBe("retryable");
  });

  it("calls anything without a flag unclassified", () => {
    expect(classifyError(new TypeError("boom"))).toBe("unclassified");
    expect(classifyError("boom")).toBe("unclassified");
    expect(classifyError(null)).toBe("unclassified");
  });
});

describe("deadLetterCodeOf", () => {
  it("accepts only a code of the closed list", () => {
    expect(deadLetterCodeOf({ deadLetterCode: "ARCHIVE_REJECTED" })).toBe("ARCHIVE_REJECTED");
    expect(deadLetterCodeOf({ deadLetterCode: "REJECTED" })).toBeUndefined();
    expect(deadLetterCodeOf({ code: "TOO_LARGE" })).toBeUndefined();
    expect(deadLetterCodeOf(undefined)).toBeUndefined();
  });
});
