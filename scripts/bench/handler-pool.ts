/**
 * What running the normalizer's handler in a worker thread costs (packages/runtime
 * startHandlerPool): the same records through the handler in-thread, through the pool one
 * message per record (`handler`), and through the pool one message per chunk of 500 records
 * (`chunkHandler`, what the stage uses), CPU of the whole process (both threads) per record, and
 * the process RSS with the pool. Needs a build (services/normalizer/dist): `npx tsc -b`.
 *
 *   node --import tsx scripts/bench/handler-pool.ts [records=3000] [threads=1]
 */
import { readdirSync, readFileSync } from "node:fs";
import { normalizeWire } from "@newswire/core";
import {
  type InputRecord,
  type StageChunkHandler,
  type StageHandler,
  startHandlerPool,
} from "@newswire/runtime";

const records = Number(process.argv[2] ?? 3000);
const threads = Number(process.argv[3] ?? 1);
const root = new URL("../../", import.meta.url);
const corpus = new URL("tests/fixtures/corpus/", root);
const files = readdirSync(corpus).filter((f) => /^\d\d-/.test(f));
const inputs = files.map((f) => readFileSync(new URL(f, corpus)));

const record = (i: number): InputRecord => {
  const base = inputs[i % inputs.length] as Buffer;
  // A distinct story each time (the id is a hash of the bytes), as in the pipeline benchmark.
  const value = Buffer.concat([base, Buffer.from(`\nToken ${i}.\n`)]);
  return {
    topic: "wire.raw",
    partition: 0,
    offset: String(i),
    timestamp: String(Date.parse("2026-12-01T09:00:00Z")),
    key: null,
    value,
    headers: { "wire-source": "bench" },
    rawHeaders: { "wire-source": Buffer.from("bench") },
  };
};

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const CHUNK = 500;

async function measure(
  name: string,
  handler: StageHandler,
  chunkHandler?: StageChunkHandler,
): Promise<number> {
  const run = async (from: number, count: number) => {
    if (!chunkHandler) {
      for (let i = from; i < from + count; i++) await handler(record(i));
      return;
    }
    for (let i = from; i < from + count; i += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, from + count - i) }, (_, j) =>
        record(i + j),
      );
      await chunkHandler(chunk);
    }
  };
  await run(0, 300); // warm-up
  const before = cpuMs();
  const wallBefore = performance.now();
  await run(300, records);
  const perRecord = (cpuMs() - before) / records;
  const wall = (performance.now() - wallBefore) / records;
  process.stdout.write(
    `${name}: ${(perRecord * 1000).toFixed(0)} µs CPU per record (${(wall * 1000).toFixed(0)} µs wall), rss ${Math.round(process.memoryUsage.rss() / 1048576)} MB\n`,
  );
  return perRecord;
}

const { createNormalizerHandler } = (await import(
  new URL("services/normalizer/dist/normalizer-handler.js", root).href
)) as typeof import("../../services/normalizer/src/normalizer-handler.js");
const inThread = await measure(
  "in-thread",
  createNormalizerHandler({ normalize: normalizeWire, maxBytes: 2 * 1024 * 1024 }),
);
const pool = await startHandlerPool({
  module: new URL("services/normalizer/dist/normalizer-worker.js", root),
  options: { maxBytes: 2 * 1024 * 1024 },
  threads,
});
const threadsText = `${threads} thread${threads === 1 ? "" : "s"}`;
const pooled = await measure(`pool, a message per record (${threadsText})`, pool.handler);
const chunked = await measure(
  `pool, a message per ${CHUNK}-record chunk (${threadsText})`,
  pool.handler,
  pool.chunkHandler,
);
await pool.close();
const us = (ms: number) => Math.round(ms * 1000);
process.stdout.write(
  `RESULT pool_cost_us_per_record=${us(pooled - inThread)} chunk_cost_us_per_record=${us(chunked - inThread)} in_thread_us=${us(inThread)} pooled_us=${us(pooled)} chunked_us=${us(chunked)}\n`,
);
