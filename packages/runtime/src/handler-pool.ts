import { Piscina } from "piscina";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import type { InputRecord } from "./kafka-record.js";
import type {
  HandledRecord,
  StageChunkHandler,
  StageHandler,
  StageResult,
} from "./pipeline-stage.js";
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
  /**
   * A whole chunk in one message to a worker and one back (the stage's chunkHandler), each
   * record still under its own deadline: a record past it (or one whose worker died) has its
   * worker terminated and gets its HANDLER_TIMEOUT (HANDLER_CRASH); the chunk's other records
   * come back undefined, for the stage to run one by one through `handler`.
   */
  readonly chunkHandler: StageChunkHandler;
  readonly threads: number;
  readonly deadlineMs: number;
  close(): Promise<void>;
}

/**
 * The record (or a chunk of them) as it crosses to a worker (Buffers arrive as Uint8Arrays). A
 * chunk's `progress` is shared memory where the worker writes which record it is on and since
 * when (packProgress), so the main thread enforces each record's own deadline.
 */
export type WorkerTask =
  | { warmup: true }
  | { record: InputRecord }
  | { records: InputRecord[]; progress: SharedArrayBuffer };

/** One record's outcome in a chunk's reply. */
export type WorkerOutcome =
  | { ok: true; result: StageResult; durationMs: number }
  | { ok: false; error: SerializedError; durationMs: number };

/** What a worker answers: thrown errors travel as their classification, which a clone would lose. */
export type WorkerReply =
  | { ok: true; result: StageResult }
  | { ok: false; error: SerializedError }
  | { ok: true; outcomes: WorkerOutcome[] }
  | { ok: true; warm: true };

/** Bits of a chunk's progress word that hold the time (ms since epoch fits in 42 bits until 2109). */
const PROGRESS_TIME_BITS = 42n;

/** The chunk's record index and the time it started, as one word (a single atomic store). */
export function packProgress(index: number, startedAtMs: number): bigint {
  return (BigInt(index) << PROGRESS_TIME_BITS) | BigInt(Math.floor(startedAtMs));
}

/** packProgress back; undefined before the worker started the chunk's first record. */
export function unpackProgress(word: bigint): { index: number; startedAtMs: number } | undefined {
  if (word < 0n) return undefined;
  return {
    index: Number(word >> PROGRESS_TIME_BITS),
    startedAtMs: Number(word & ((1n << PROGRESS_TIME_BITS) - 1n)),
  };
}

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

  /**
   * Aborted (the deadline), out of memory, exited: piscina has replaced the worker; it loads the
   * module before the slot is given to the next record.
   */
  const failed = async (error: unknown, timedOut: boolean): Promise<RuntimeError> => {
    await warm().catch(() => undefined);
    if (timedOut) {
      return new RuntimeError(
        "HANDLER_TIMEOUT",
        `no result within ${deadlineMs} ms (RECORD_DEADLINE_MS); its worker was terminated`,
        { cause: error },
      );
    }
    return new RuntimeError("HANDLER_CRASH", `handler worker died: ${errorText(error)}`, {
      cause: error,
    });
  };

  const handler: StageHandler = async (record) => {
    await slots.take();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    let reply: WorkerReply;
    try {
      const { records, transferList } = compact([record]);
      reply = await piscina.run(
        { record: records[0] as InputRecord },
        { signal: deadline.signal, transferList },
      );
    } catch (error) {
      throw await failed(error, deadline.signal.aborted);
    } finally {
      clearTimeout(timer);
      slots.give();
    }
    if (!reply.ok) throw revive(reply.error);
    if ("result" in reply) return asBuffers(reply.result);
    throw new Error("handler worker answered a record with another reply");
  };

  const chunkHandler: StageChunkHandler = async (records) => {
    if (records.length === 0) return [];
    await slots.take();
    const progress = new BigInt64Array(new SharedArrayBuffer(8));
    Atomics.store(progress, 0, -1n);
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Wakes when the record in progress would reach its deadline; a later record started since
    // gets its own. Before the first record starts, a full deadline again.
    const watch = (delayMs: number) => {
      timer = setTimeout(() => {
        const now = unpackProgress(Atomics.load(progress, 0));
        const left = now === undefined ? deadlineMs : now.startedAtMs + deadlineMs - Date.now();
        if (left <= 0) deadline.abort();
        else watch(left);
      }, delayMs);
    };
    watch(deadlineMs);
    let reply: WorkerReply;
    try {
      const { records: owned, transferList } = compact(records);
      reply = await piscina.run(
        { records: owned, progress: progress.buffer as SharedArrayBuffer },
        { signal: deadline.signal, transferList },
      );
    } catch (error) {
      clearTimeout(timer);
      // The record in progress takes the failure; the chunk's others were not (or no longer)
      // answered and are run one by one.
      const at = unpackProgress(Atomics.load(progress, 0));
      const failure = await failed(error, deadline.signal.aborted);
      const outcomes: (HandledRecord | undefined)[] = records.map(() => undefined);
      if (at !== undefined && at.index < records.length) {
        outcomes[at.index] = {
          ok: false,
          error: failure,
          durationMs: Date.now() - at.startedAtMs,
        };
      }
      return outcomes;
    } finally {
      clearTimeout(timer);
      slots.give();
    }
    if (!reply.ok) throw revive(reply.error);
    if (!("outcomes" in reply) || reply.outcomes.length !== records.length) {
      throw new Error("handler worker answered a chunk with another reply");
    }
    return reply.outcomes.map((outcome) =>
      outcome.ok
        ? { ok: true, result: asBuffers(outcome.result), durationMs: outcome.durationMs }
        : { ok: false, error: revive(outcome.error), durationMs: outcome.durationMs },
    );
  };

  return {
    handler,
    chunkHandler,
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

/** Buffers arrive as plain Uint8Arrays (the type says Buffer, the clone does not keep it). */
function asBuffers(result: StageResult): StageResult {
  if (
    result.kind === "publish" &&
    typeof result.value !== "string" &&
    !Buffer.isBuffer(result.value)
  ) {
    const bytes: Uint8Array = result.value;
    return { ...result, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  if (result.kind === "emit") {
    const records = result.records.map((r) => {
      if (r.value === null || typeof r.value === "string" || Buffer.isBuffer(r.value)) return r;
      const bytes: Uint8Array = r.value;
      return { ...r, value: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
    });
    return { ...result, records };
  }
  return result;
}

/**
 * The records with every byte array copied into one buffer of their own, handed over
 * (transferred), not copied again: the worker gets views into it. kafkajs' values, keys and
 * headers are views into the whole fetch response, and a structured clone of a view copies its
 * entire backing buffer: megabytes per record.
 */
function compact(records: readonly InputRecord[]): {
  records: InputRecord[];
  transferList: ArrayBuffer[];
} {
  let size = 0;
  const measure = (bytes: Uint8Array | string | undefined | null) => {
    if (bytes !== null && bytes !== undefined && typeof bytes !== "string")
      size += bytes.byteLength;
  };
  for (const record of records) {
    measure(record.key);
    measure(record.value);
    for (const value of Object.values(record.rawHeaders)) {
      if (Array.isArray(value)) for (const v of value) measure(v);
      else measure(value);
    }
  }
  const slab = new Uint8Array(size);
  let at = 0;
  const own = (bytes: Uint8Array): Buffer => {
    slab.set(bytes, at);
    const view = slab.subarray(at, at + bytes.byteLength);
    at += bytes.byteLength;
    // A view, typed as the Buffer the worker rebuilds from it.
    return view as Buffer;
  };
  const owned = records.map((record): InputRecord => {
    const rawHeaders: InputRecord["rawHeaders"] = {};
    for (const [name, value] of Object.entries(record.rawHeaders)) {
      if (Array.isArray(value)) {
        rawHeaders[name] = value.map((v) => (typeof v === "string" ? v : own(v)));
      } else if (value !== undefined) {
        rawHeaders[name] = typeof value === "string" ? value : own(value);
      }
    }
    return {
      ...record,
      key: record.key === null ? null : own(record.key),
      value: record.value === null ? null : own(record.value),
      rawHeaders,
    };
  });
  return { records: owned, transferList: [slab.buffer] };
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
