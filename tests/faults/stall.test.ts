import { HEADERS } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { checkConservation } from "../support/conservation.js";
import type { Pipeline } from "../support/pipeline.js";
import { startPipeline } from "../support/resources.js";
import { readObjects } from "../support/s3-objects.js";
import { testLog, throttled } from "../support/test-log.js";
import type { ReadRecord } from "../support/topic-reader.js";
import { sha256, type WireInput, WireInputFactory, wireInput } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

const log = testLog("faults:stall");

const MB = 1024 * 1024;
const VALID = 150;
const HOSTILE = 3;

/**
 * Issue 11.4: one record must not stall its partition. Real hostile input, no test hooks: a
 * record whose processing outlasts RECORD_DEADLINE_MS (an ANPA take of 7.5 MB, MAX_INPUT_BYTES
 * raised, that is two million one-word heading segments: about 5 s of CPU on a quiet core where a
 * story takes a millisecond, and a JIT-cold one after a worker replacement about 0.1 s) and a
 * record whose tree outgrows HANDLER_MAX_HEAP_MB (2 MB of misnested formatting tags,
 * `<b><i>x</b></i>` over and over: the tree builder's 200,000 elements, each with its text, need
 * about 80 MB of heap, `scripts/attack-heap.ts`, against a 32 MB worker; a story needs under 20).
 * Each sits mid-stream on a single partition, so every story behind it waits for it unless it is
 * dead-lettered.
 */
function slowInput(i: number): WireInput {
  const head = `\x16\x16\x01a000${i}\x1f-----\r\nr a BC-X--Y   01-01 0100\r\n\x02^Headline ${i}<\r\n^`;
  return wireInput({
    kind: `slow:${i}`,
    value: Buffer.from(head + "x< ^".repeat(Math.floor((7.5 * MB) / 4)), "latin1"),
    feed: "stall",
    receivedAt: new Date().toISOString(),
    expect: "dlq",
  });
}

function heavyInput(i: number): WireInput {
  const head = `<!DOCTYPE html><html><head><title>T${i}</title></head><body><h1>Headline ${i}</h1><p>First.</p>`;
  return wireInput({
    kind: `heavy:${i}`,
    value: Buffer.from(head + "<b><i>x</b></i>".repeat(Math.floor((2 * MB - 2048) / 15))),
    feed: "stall",
    receivedAt: new Date().toISOString(),
    expect: "dlq",
  });
}

/** Stories with the hostile records spread through the middle of the stream. */
function stream(factory: WireInputFactory, hostile: WireInput[]): WireInput[] {
  const inputs = Array.from({ length: VALID }, () => factory.valid("stall"));
  hostile.forEach((h, k) => {
    inputs.splice(Math.floor(((k + 1) * inputs.length) / (hostile.length + 1)), 0, h);
  });
  return inputs;
}

const codeOf = (r: ReadRecord) => r.headers[HEADERS.errorCode];
const messageOf = (r: ReadRecord) => r.headers[HEADERS.errorMessage] ?? "";

async function runStream(
  pipeline: Pipeline,
  inputs: WireInput[],
): Promise<{ dlq: ReadRecord[]; problems: string[] }> {
  await sendOnce(pipeline.kafka, pipeline.topics.raw, inputs, { batchSize: 10 });
  const drained = await pipeline.drain(inputs, { timeoutMs: 600_000, onProgress: throttled(log) });
  const objects = await readObjects(pipeline.s3, pipeline.bucket);
  const result = checkConservation({ inputs, ...drained, objects });
  log(JSON.stringify(result.figures));
  return { dlq: drained.dlq, problems: result.problems };
}

/** The DLQ record of each hostile input, found by its bytes. */
function deadLetters(dlq: ReadRecord[], hostile: WireInput[]): ReadRecord[] {
  return hostile.map((h) => {
    const found = dlq.filter((r) => r.value !== null && sha256(r.value) === h.sha256);
    expect(found, `${h.kind} is dead-lettered exactly once`).toHaveLength(1);
    return found[0] as ReadRecord;
  });
}

describe("one record cannot stall a partition", () => {
  const factory = new WireInputFactory();

  it("a record past RECORD_DEADLINE_MS is dead-lettered TOO_COMPLEX after 2 attempts; every story behind it is delivered once", async () => {
    const pipeline = await startPipeline({
      name: "faults-stall-deadline",
      partitions: 1,
      serviceEnv: {
        normalizer: {
          RECORD_DEADLINE_MS: "1000",
          RECORD_MAX_ATTEMPTS: "2",
          MAX_INPUT_BYTES: String(8 * MB),
        },
      },
    });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}`);
    const hostile = Array.from({ length: HOSTILE }, (_, i) => slowInput(i));
    const { dlq, problems } = await runStream(pipeline, stream(factory, hostile));
    expect(problems).toEqual([]);
    for (const record of deadLetters(dlq, hostile)) {
      expect(codeOf(record)).toBe("TOO_COMPLEX");
      expect(record.headers[HEADERS.failedStage]).toBe("normalizer");
      expect(messageOf(record)).toMatch(/^no result within 1000 ms .*\(2 attempts\)$/);
    }
    expect(dlq).toHaveLength(HOSTILE);
    expect(pipeline.crashed()).toEqual([]);
    expect(await pipeline.lag()).toEqual({ normalizer: 0, enricher: 0, archiver: 0 });
  });

  it("a record that exhausts its worker's heap is dead-lettered HANDLER_CRASH after 2 attempts; every story behind it is delivered once", async () => {
    const pipeline = await startPipeline({
      name: "faults-stall-crash",
      partitions: 1,
      serviceEnv: {
        normalizer: {
          HANDLER_MAX_HEAP_MB: "32",
          RECORD_MAX_ATTEMPTS: "2",
          // Dying must be what stops it, not the clock: the deadline is the largest allowed.
          RECORD_DEADLINE_MS: "50000",
        },
      },
    });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}`);
    const hostile = Array.from({ length: HOSTILE }, (_, i) => heavyInput(i));
    const { dlq, problems } = await runStream(pipeline, stream(factory, hostile));
    expect(problems).toEqual([]);
    for (const record of deadLetters(dlq, hostile)) {
      expect(codeOf(record)).toBe("HANDLER_CRASH");
      expect(record.headers[HEADERS.failedStage]).toBe("normalizer");
      expect(messageOf(record)).toMatch(/^handler worker died: .*\(2 attempts\)$/);
    }
    expect(dlq).toHaveLength(HOSTILE);
    expect(pipeline.crashed()).toEqual([]);
    expect(await pipeline.lag()).toEqual({ normalizer: 0, enricher: 0, archiver: 0 });
  });
});
