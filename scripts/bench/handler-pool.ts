/**
 * What running the normalizer's handler in a worker thread costs (packages/runtime
 * startHandlerPool): the same records through the handler in-thread and through the pool, one
 * at a time like a partition's chunk, CPU of the whole process (both threads) per record, and
 * the process RSS with the pool. Needs a build (services/normalizer/dist): `npx tsc -b`.
 *
 *   node --import tsx scripts/bench/handler-pool.ts [records=3000] [threads=1]
 */
import { readdirSync, readFileSync } from "node:fs";
import { normalizeWire } from "@newswire/core";
import { type InputRecord, type StageHandler, startHandlerPool } from "@newswire/runtime";

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

async function measure(name: string, handler: StageHandler): Promise<number> {
  for (let i = 0; i < 300; i++) await handler(record(i)); // warm-up
  const before = cpuMs();
  const wallBefore = performance.now();
  for (let i = 0; i < records; i++) await handler(record(i + 300));
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
const pooled = await measure(`pool (${threads} thread${threads === 1 ? "" : "s"})`, pool.handler);
await pool.close();
process.stdout.write(
  `RESULT pool_cost_us_per_record=${Math.round((pooled - inThread) * 1000)} in_thread_us=${Math.round(inThread * 1000)} pooled_us=${Math.round(pooled * 1000)}\n`,
);
