import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decideFailure } from "./failure-policy.js";
import { type HandlerPool, startHandlerPool } from "./handler-pool.js";
import type { InputRecord } from "./kafka-record.js";

const fixture = new URL("../test-fixtures/marked-handler.mjs", import.meta.url);

const record = (value: string): InputRecord => ({
  topic: "t",
  partition: 0,
  offset: "1",
  timestamp: "0",
  key: null,
  value: Buffer.from(value),
  headers: {},
  rawHeaders: { "wire-source": Buffer.from("unit") },
});

const failure = (promise: unknown): Promise<unknown> =>
  Promise.resolve(promise).then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

// Workers are replaced and load their module again: seconds on a loaded machine.
describe("startHandlerPool", { timeout: 60_000 }, () => {
  // A deadline no crash can reach, even on a loaded machine: the crash cases must not race it.
  let pool: HandlerPool;
  let quick: HandlerPool;
  beforeAll(async () => {
    pool = await startHandlerPool({
      module: fixture,
      options: { tag: "from-options" },
      threads: 1,
      deadlineMs: 60_000,
      maxHeapMb: 64,
    });
    quick = await startHandlerPool({ module: fixture, threads: 1, deadlineMs: 500 });
  }, 60_000);
  afterAll(async () => {
    await pool.close();
    await quick.close();
  });

  it("runs the module's handler in a worker with the pool's options and the record's Buffers", async () => {
    expect(await pool.handler(record("story"))).toEqual({
      kind: "publish",
      key: "story",
      value: "STORY",
      headers: { tag: "from-options", "is-buffer": "true" },
    });
  });

  it("terminates a record that runs past its deadline (HANDLER_TIMEOUT), and the next one runs", async () => {
    const error = await failure(quick.handler(record("hang forever")));
    expect(error).toMatchObject({
      code: "HANDLER_TIMEOUT",
      retryable: true,
      deadLetterCode: "TOO_COMPLEX",
    });
    expect(await quick.handler(record("after"))).toMatchObject({ value: "AFTER" });
  });

  it("reports a worker that exhausted its heap or exited as HANDLER_CRASH", async () => {
    expect(await failure(pool.handler(record("explode-heap")))).toMatchObject({
      code: "HANDLER_CRASH",
      deadLetterCode: "HANDLER_CRASH",
    });
    expect(await failure(pool.handler(record("exit now")))).toMatchObject({
      code: "HANDLER_CRASH",
    });
    expect(await pool.handler(record("still"))).toMatchObject({ value: "STILL" });
  });

  it("brings V8's RangeError back as a RangeError, which the policy reads as HANDLER_CRASH", async () => {
    const error = await failure(pool.handler(record("explode-string")));
    expect(error).toBeInstanceOf(RangeError);
    const policy = { maxAttempts: 1, permanentCode: "HANDLER_ERROR", backoff: {} } as const;
    expect(decideFailure(error, 1, policy)).toMatchObject({ code: "HANDLER_CRASH" });
  });

  it("keeps a thrown error's classification across the thread boundary", async () => {
    expect(await failure(pool.handler(record("retryable")))).toMatchObject({
      message: "try later",
      retryable: true,
      code: "LATER",
    });
    const bug = await failure(pool.handler(record("bug")));
    expect(bug).toMatchObject({
      name: "TypeError",
      message: "cannot read properties of undefined",
    });
    expect(bug).not.toHaveProperty("retryable");
  });

  it("refuses to start with a module that has no createHandler (a configuration error)", async () => {
    const error = await failure(
      startHandlerPool({ module: new URL("./defaults.ts", import.meta.url), threads: 1 }),
    );
    expect(error).toMatchObject({ code: "CONFIG_INVALID", fatal: true });
  });
});
