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

  it("answers a chunk in one call, each record as the handler would, in order", async () => {
    const outcomes = await pool.chunkHandler(["one", "bug", "reject", "two"].map(record));
    expect(outcomes.map((o) => (o?.ok ? o.result : o?.error))).toEqual([
      await pool.handler(record("one")),
      expect.objectContaining({
        name: "TypeError",
        message: "cannot read properties of undefined",
      }),
      { kind: "reject", code: "NO_BODY", message: "no body" },
      await pool.handler(record("two")),
    ]);
    expect(outcomes.every((o) => o !== undefined && o.durationMs >= 0)).toBe(true);
    expect(await pool.chunkHandler([])).toEqual([]);
  });

  it("gives each record of a chunk its own deadline, not the chunk", async () => {
    // 8 records of 250 ms each: 2 s in all, four times the 500 ms deadline, each well inside it.
    const outcomes = await quick.chunkHandler(Array.from({ length: 8 }, () => record("slow 250")));
    expect(outcomes.map((o) => o?.ok && o.result.kind)).toEqual(Array(8).fill("publish"));
  });

  it("terminates a chunk's record past its deadline: it alone gets HANDLER_TIMEOUT, the rest come back unanswered", async () => {
    const outcomes = await quick.chunkHandler(["a", "hang", "b"].map(record));
    expect(outcomes[0]).toBeUndefined();
    expect(outcomes[1]).toMatchObject({
      ok: false,
      error: { code: "HANDLER_TIMEOUT", retryable: true },
    });
    expect(outcomes[2]).toBeUndefined();
    expect(await quick.chunkHandler([record("after")])).toMatchObject([
      { ok: true, result: { value: "AFTER" } },
    ]);
  });

  it("gives a chunk's record whose worker died HANDLER_CRASH, the rest unanswered", async () => {
    const outcomes = await pool.chunkHandler(["a", "b", "exit now", "c"].map(record));
    expect(outcomes.map((o) => (o === undefined ? undefined : o.ok))).toEqual([
      undefined,
      undefined,
      false,
      undefined,
    ]);
    expect(outcomes[2]).toMatchObject({ error: { code: "HANDLER_CRASH" } });
    expect(await pool.handler(record("still"))).toMatchObject({ value: "STILL" });
  });

  it("refuses to start with a module that has no createHandler (a configuration error)", async () => {
    const error = await failure(
      startHandlerPool({ module: new URL("./defaults.ts", import.meta.url), threads: 1 }),
    );
    expect(error).toMatchObject({ code: "CONFIG_INVALID", fatal: true });
  });
});
