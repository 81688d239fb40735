import { describe, expect, it } from "vitest";
import {
  attemptRecord,
  type BatchControl,
  decideFailure,
  type FailurePolicy,
  UNCLASSIFIED_ERROR_CODE,
} from "./failure-policy.js";
import { RuntimeError } from "./runtime-error.js";

const stage: FailurePolicy = {
  maxAttempts: 2,
  permanentCode: "HANDLER_ERROR",
  backoff: { initialMs: 1, maxMs: 2 },
};
const sink: FailurePolicy = {
  ...stage,
  maxAttempts: Number.POSITIVE_INFINITY,
  permanentCode: "SINK_REJECTED",
};

describe("decideFailure", () => {
  it("dead-letters an unclassified throw at once with HANDLER_ERROR, in both runners", () => {
    for (const policy of [stage, sink]) {
      expect(decideFailure(new TypeError("x is undefined"), 1, policy)).toEqual({
        action: "dead-letter",
        code: UNCLASSIFIED_ERROR_CODE,
        message: "x is undefined",
      });
    }
  });

  it("retries a timeout within the stage's attempts, then dead-letters it TOO_COMPLEX", () => {
    const timeout = new RuntimeError("HANDLER_TIMEOUT", "no result within 5000 ms");
    expect(decideFailure(timeout, 1, stage)).toMatchObject({ action: "retry" });
    expect(decideFailure(timeout, 2, stage)).toEqual({
      action: "dead-letter",
      code: "TOO_COMPLEX",
      message: "no result within 5000 ms (2 attempts)",
    });
  });

  it("reads V8's allocation limits as a crash of the handler: HANDLER_CRASH after its attempts", () => {
    const exhausted = new RangeError("Invalid string length");
    expect(decideFailure(exhausted, 1, stage)).toMatchObject({ action: "retry" });
    expect(decideFailure(exhausted, 2, stage)).toMatchObject({
      action: "dead-letter",
      code: "HANDLER_CRASH",
    });
    // Any other RangeError is an ordinary bug for that input.
    expect(decideFailure(new RangeError("Invalid time value"), 1, stage)).toMatchObject({
      code: "HANDLER_ERROR",
    });
  });

  it("retries a retryable error forever in the sink and names a permanent one's code", () => {
    const outage = Object.assign(new Error("ECONNREFUSED"), { retryable: true });
    expect(decideFailure(outage, 10_000, sink)).toMatchObject({ action: "retry" });
    const rejected = Object.assign(new Error("EntityTooLarge"), {
      retryable: false,
      deadLetterCode: "ARCHIVE_REJECTED",
    });
    expect(decideFailure(rejected, 1, sink)).toMatchObject({ code: "ARCHIVE_REJECTED" });
    const unnamed = Object.assign(new Error("no"), { retryable: false, code: "rejected" });
    expect(decideFailure(unnamed, 1, sink)).toMatchObject({ code: "SINK_REJECTED" });
    expect(decideFailure(unnamed, 1, stage)).toMatchObject({ code: "HANDLER_ERROR" });
  });

  it("hands a fatal error back to end the session", () => {
    const auth = Object.assign(new Error("AccessDenied"), { fatal: true, retryable: false });
    expect(decideFailure(auth, 1, sink)).toEqual({ action: "fatal", error: auth });
  });
});

describe("attemptRecord", () => {
  const running: BatchControl = {
    isRunning: () => true,
    isStale: () => false,
    heartbeat: async () => {},
  };

  it("retries until the call succeeds, reporting each retry", async () => {
    let calls = 0;
    const retries: number[] = [];
    const result = await attemptRecord(
      async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error("later"), { retryable: true });
        return "done";
      },
      { ...stage, maxAttempts: 5 },
      running,
      (info) => retries.push(info.attempt),
    );
    expect(result).toEqual({ kind: "ok", value: "done" });
    expect(retries).toEqual([1, 2]);
  });

  it("stops waiting when the batch is stopped, and throws a fatal error", async () => {
    let running_ = true;
    const control: BatchControl = { ...running, isRunning: () => running_ };
    const stopped = await attemptRecord(
      async () => {
        running_ = false;
        throw Object.assign(new Error("later"), { retryable: true });
      },
      sink,
      control,
      () => {},
    );
    expect(stopped).toEqual({ kind: "stop" });
    const fatal = Object.assign(new Error("bucket"), { fatal: true });
    await expect(
      attemptRecord(
        () => Promise.reject(fatal),
        sink,
        running,
        () => {},
      ),
    ).rejects.toBe(fatal);
  });
});
