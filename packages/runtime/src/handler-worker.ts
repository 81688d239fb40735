import type { IHeaders } from "kafkajs";
import { workerData } from "piscina";
import {
  type HandlerFactory,
  packProgress,
  type SerializedError,
  type WorkerOutcome,
  type WorkerReply,
  type WorkerTask,
} from "./handler-pool.js";
import type { InputRecord } from "./kafka-record.js";
import type { StageResult } from "./pipeline-stage.js";

/**
 * The worker side of handler-pool.ts: loads the handler module named in workerData once, then
 * answers one record, or one chunk of records in order, at a time. Errors come back as data
 * (name, message, classification flags) because a structured clone keeps only an Error's name
 * and message. In a chunk, the record in progress and its start go to the shared progress word
 * before it runs: the main thread's deadline watch reads it.
 */
const spec = workerData as { module: string; options: unknown };
const loaded = (await import(spec.module)) as { createHandler?: unknown };
if (typeof loaded.createHandler !== "function") {
  throw new TypeError(`${spec.module} does not export createHandler(options)`);
}
const handler = (loaded.createHandler as HandlerFactory)(spec.options);

export default async function run(task: WorkerTask): Promise<WorkerReply> {
  if ("warmup" in task) return { ok: true, warm: true };
  if ("records" in task) {
    const progress = new BigInt64Array(task.progress);
    const outcomes: WorkerOutcome[] = [];
    for (const [index, record] of task.records.entries()) {
      Atomics.store(progress, 0, packProgress(index, Date.now()));
      const startedAt = performance.now();
      try {
        const result = detached(await handler(revived(record)));
        outcomes.push({ ok: true, result, durationMs: performance.now() - startedAt });
      } catch (error) {
        outcomes.push({
          ok: false,
          error: serialized(error),
          durationMs: performance.now() - startedAt,
        });
      }
    }
    return { ok: true, outcomes };
  }
  try {
    return { ok: true, result: detached(await handler(revived(task.record))) };
  } catch (error) {
    return { ok: false, error: serialized(error) };
  }
}

/**
 * A Buffer result may be a view into a shared slab, which a clone would copy whole: copy out
 * just its bytes (the pool turns them back into a Buffer).
 */
function detached(result: StageResult): StageResult {
  if (result.kind === "publish" && typeof result.value !== "string") {
    return { ...result, value: new Uint8Array(result.value) as Buffer };
  }
  if (result.kind === "emit") {
    const records = result.records.map((r) =>
      r.value === null || typeof r.value === "string"
        ? r
        : { ...r, value: new Uint8Array(r.value) as Buffer },
    );
    return { ...result, records };
  }
  return result;
}

const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Buffers arrive as plain Uint8Arrays; handlers expect the record kafkajs gives. */
function revived(record: InputRecord): InputRecord {
  const rawHeaders: IHeaders = {};
  for (const [name, value] of Object.entries(record.rawHeaders)) {
    if (Array.isArray(value)) {
      rawHeaders[name] = value.map((v) => (typeof v === "string" ? v : asBuffer(v)));
    } else if (value !== undefined) {
      rawHeaders[name] = typeof value === "string" ? value : asBuffer(value);
    }
  }
  return {
    ...record,
    key: record.key === null ? null : asBuffer(record.key),
    value: record.value === null ? null : asBuffer(record.value),
    rawHeaders,
  };
}

const FLAGS = ["code", "retryable", "retriable", "fatal", "deadLetterCode"] as const;

function serialized(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const out: SerializedError = { name: error.name, message: error.message };
  for (const flag of FLAGS) {
    const value = (error as Error & Record<string, unknown>)[flag];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      out[flag] = value;
    }
  }
  return out;
}
