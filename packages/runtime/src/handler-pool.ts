import { Piscina } from "piscina";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import type { InputRecord } from "./kafka-record.js";
import type { StageHandler, StageResult } from "./pipeline-stage.js";
import { RuntimeError } from "./runtime-error.js";

/**
 * What a handler module exports for the pool: `createHandler(options)`, called once in each
 * worker with the pool's (structured-cloneable) options, returning the pure handler.
 */
export type HandlerFactory<O = unknown> = (options: O) => StageHandler;

export interface HandlerPoolOptions {
  /** File URL (or path) of a module exporting `createHandler` (HandlerFactory). */
  module: string | URL;
  /** Passed to createHandler in every worker; structured-cloneable (no functions). */
  options?: unknown;
  threads?: number;
  /** A record without a result by then has its worker terminated: HANDLER_TIMEOUT. */
  deadlineMs?: number;
  /** Old-generation heap of a worker; exhausting it is a HANDLER_CRASH. */
  maxHeapMb?: number;
}

export interface HandlerPool {
  /** The pooled handler: the stage calls it like an in-thread one. */
  readonly handler: StageHandler;
  readonly threads: number;
  readonly deadlineMs: number;
  close(): Promise<void>;
}

/** The record as it crosses to a worker (Buffers arrive as Uint8Arrays). */
export type WorkerTask = { warmup: true } | { record: InputRecord };

/** What a worker answers: thrown errors travel as their classification, which a clone would lose. */
export type WorkerReply =
  | { ok: true; result: StageResult }
  | { ok: false; error: SerializedError }
  | { ok: true; warm: true };

export interface SerializedError {
  name: string;
  message: string;
  code?: unknown;
  retryable?: unknown;
  retriable?: unknown;
  fatal?: unknown;
  deadLetterCode?: unknown;
}

// Running from the sources (vitest, tsx), the worker entry is TypeScript too: a small
// bootstrap registers tsx in the worker first.
const fromSources = import.meta.url.endsWith(".ts");
const workerEntry = new URL(
  fromSources ? "./handler-worker-from-sources.mjs" : "./handler-worker.js",
  import.meta.url,
);

/**
 * Runs a CPU-bound handler where it can be stopped: a fixed pool of worker threads (piscina).
 * A synchronous handler cannot be interrupted in its own thread; a worker can be terminated.
 * At most `threads` records are in the pool at once, so a record's deadline runs from when a
 * worker takes it. A record past its deadline (its worker is terminated and replaced) throws a
 * HANDLER_TIMEOUT, one whose worker died (heap exhausted, exit) or that hit V8's limits throws a
 * HANDLER_CRASH; both are retryable, and the stage's attempt budget bounds them. Starts (and
 * loads the module in every worker) before it resolves: a module that does not load is fatal.
 */
export async function startHandlerPool(options: HandlerPoolOptions): Promise<HandlerPool> {
  const defaults = RUNTIME_DEFAULTS.handlerPool;
  const threads = options.threads ?? defaults.threads;
  const deadlineMs = options.deadlineMs ?? defaults.recordDeadlineMs;
  const module = String(options.module instanceof URL ? options.module.href : options.module);
  const piscina = new Piscina<WorkerTask, WorkerReply>({
    filename: workerEntry.href,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: Number.POSITIVE_INFINITY,
    resourceLimits: {
      maxOldGenerationSizeMb: options.maxHeapMb ?? defaults.maxHeapMb,
      maxYoungGenerationSizeMb: defaults.youngHeapMb,
    },
    workerData: { module, options: options.options },
  });
  const slots = new Slots(threads);

  const warm = async (): Promise<void> => {
    const reply = await piscina.run({ warmup: true });
    if (!reply.ok) throw revive(reply.error);
  };
  try {
    await Promise.all(Array.from({ length: threads }, () => warm()));
  } catch (cause) {
    await piscina.destroy().catch(() => undefined);
    throw new RuntimeError("CONFIG_INVALID", `handler module ${module} did not load in a worker`, {
      cause,
    });
  }

  const handler: StageHandler = async (record) => {
    await slots.take();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    let reply: WorkerReply;
    try {
      const { task, transferList } = compact(record);
      reply = await piscina.run(task, { signal: deadline.signal, transferList });
    } catch (error) {
      // Aborted (the deadline), out of memory, exited: piscina has replaced the worker; it
      // loads the module before the slot is given to the next record.
      await warm().catch(() => undefined);
      if (deadline.signal.aborted) {
        throw new RuntimeError(
          "HANDLER_TIMEOUT",
          `no result within ${deadlineMs} ms (RECORD_DEADLINE_MS); its worker was terminated`,
          { cause: error },
        );
      }
      throw new RuntimeError("HANDLER_CRASH", `handler worker died: ${errorText(error)}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      slots.give();
    }
    if (!reply.ok) throw revive(reply.error);
    if ("result" in reply) {
      const { result } = reply;
      if (
        result.kind === "publish" &&
        typeof result.value !== "string" &&
        !Buffer.isBuffer(result.value)
      ) {
        const bytes: Uint8Array = result.value;
        return { ...result, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
      }
      if (result.kind === "emit") {
        // Buffers arrive as plain Uint8Arrays (the type says Buffer, the clone does not keep it).
        const records = result.records.map((r) => {
          if (r.value === null || typeof r.value === "string" || Buffer.isBuffer(r.value)) return r;
          const bytes: Uint8Array = r.value;
          return { ...r, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
        });
        return { ...result, records };
      }
      return result;
    }
    throw new Error("handler worker answered a record with a warm-up reply");
  };

  return {
    handler,
    threads,
    deadlineMs,
    close: async () => {
      await piscina.destroy();
    },
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? `${code}: ${error.message}` : error.message;
}

/** The worker's error with its classification, rebuilt as the kind the failure policy reads. */
function revive(serialized: SerializedError): Error {
  const error =
    serialized.name === "RangeError"
      ? new RangeError(serialized.message)
      : new Error(serialized.message);
  if (serialized.name !== "RangeError") error.name = serialized.name;
  const flags: Record<string, unknown> = {};
  for (const name of ["code", "retryable", "retriable", "fatal", "deadLetterCode"] as const) {
    if (serialized[name] !== undefined) flags[name] = serialized[name];
  }
  return Object.assign(error, flags);
}

/**
 * The record with every byte array in a buffer of its own, handed over (transferred), not
 * copied again. kafkajs' values, keys and headers are views into the whole fetch response, and a
 * structured clone of a view copies its entire backing buffer: megabytes per record.
 */
function compact(record: InputRecord): { task: WorkerTask; transferList: ArrayBuffer[] } {
  const transferList: ArrayBuffer[] = [];
  const own = (bytes: Uint8Array): Uint8Array => {
    const copy = new Uint8Array(bytes);
    transferList.push(copy.buffer);
    return copy;
  };
  const rawHeaders: Record<string, Uint8Array | string | (Uint8Array | string)[]> = {};
  for (const [name, value] of Object.entries(record.rawHeaders)) {
    if (Array.isArray(value)) {
      rawHeaders[name] = value.map((v) => (typeof v === "string" ? v : own(v)));
    } else if (value !== undefined) {
      rawHeaders[name] = typeof value === "string" ? value : own(value);
    }
  }
  const task = {
    record: {
      ...record,
      key: record.key === null ? null : own(record.key),
      value: record.value === null ? null : own(record.value),
      rawHeaders,
    },
  } as WorkerTask;
  return { task, transferList };
}

/** A counting semaphore: at most `size` records in the pool. */
class Slots {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  take(): Promise<void> {
    if (this.#free > 0) {
      this.#free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  give(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free += 1;
  }
}
