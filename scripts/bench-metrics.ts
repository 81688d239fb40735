/**
 * What the metrics cost, CPU per input, side by side (`npm run bench:metrics`). Prints figures;
 * not a test.
 *
 * Each side runs in a fresh process of its own (prom-client's process metrics hook the GC and
 * the event loop process-wide, so one process cannot hold both), several times, alternating:
 * - `none`: the three stages' handler work per input, in one thread: normalizeWire, the
 *   NormalizedStory's JSON, its parse, enrichStory, the Story's JSON (what the workers do);
 * - `metrics`: the same, plus every metric call the runners make for it, as they make it: per
 *   record `handled()` in each stage and the archiver's S3 `putDone()`; per chunk of 500 the
 *   `committed()` of each stage with the records' observations (feed, format, agencies,
 *   end-to-end) and the transaction outcomes; the registries with prom-client's process
 *   metrics on; and one scrape of all three registries per 1,500 inputs (Prometheus every 15 s
 *   at 100 inputs/s).
 * The lag monitor's fixed cost (two admin requests per 5 s) is measured on the real broker when
 * KAFKA_BROKERS is set: CPU per reading, and per second of a service's life.
 *
 * `calls`: the metric calls alone, replayed over the inputs' traces (handler work done once, untimed),
 * the figure the side-by-side runs bracket without their noise.
 * Env: BENCH_INPUTS (3000 a run), BENCH_RUNS (3 per side), BENCH_SEED (42).
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { AGENCY_IDS, enrichStory, isRejection, normalizeWire } from "@newswire/core";
import {
  type CommittedRecord,
  createLogger,
  createServiceMetrics,
  LagMonitor,
  type StageMetrics,
} from "@newswire/runtime";
import { type DeadLetterCode, HEADERS, type NormalizedStory } from "@newswire/schemas";
import { Kafka, logLevel } from "kafkajs";
import { WireInputFactory } from "../tests/support/wire-inputs.js";

const INPUTS = Number(process.env.BENCH_INPUTS ?? 3_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SEED = Number(process.env.BENCH_SEED ?? 42);
const CHUNK = 500;
const SCRAPE_EVERY = 1_500;
/** BENCH_PROCESS_METRICS=0: without prom-client's process metrics (to see their share). */
const PROCESS_METRICS = process.env.BENCH_PROCESS_METRICS !== "0";

interface Side {
  mode: "none" | "metrics";
  cpuUsPerInput: number;
  inputs: number;
}

/** What one input gave the three stages: what their runners count for it. */
interface Trace {
  timestampMs: number;
  bytes: number;
  normalizerSeconds: number;
  feed: string;
  code?: string;
  format?: string;
  enricherSeconds?: number;
  agencies?: { id: string; roles: string[] }[];
}

function inputsOf() {
  const factory = new WireInputFactory({ seed: SEED });
  return factory.mix({
    valid: Math.round(INPUTS * 0.95),
    invalid: Math.round(INPUTS * 0.05),
    maxOversize: 0,
    feeds: ["reuters", "afp", "webdesk", "cli"],
  });
}

/** The handler work of the three stages for one input, in this thread. */
function handle(input: ReturnType<typeof inputsOf>[number]): Trace {
  const meta = {
    feed: input.headers[HEADERS.wireSource] ?? null,
    receivedAt: input.headers[HEADERS.receivedAt] ?? null,
    contentType: input.headers[HEADERS.contentType] ?? null,
  };
  const timestampMs = Date.now();
  let started = performance.now();
  const result = normalizeWire(input.value, meta);
  const base = { timestampMs, bytes: input.value.byteLength, feed: meta.feed ?? "unknown" };
  if (isRejection(result)) {
    return { ...base, normalizerSeconds: (performance.now() - started) / 1000, code: result.code };
  }
  const json = JSON.stringify(result);
  const normalizerSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const story = enrichStory(JSON.parse(json) as NormalizedStory);
  JSON.stringify(story);
  return {
    ...base,
    normalizerSeconds,
    format: result.source.format,
    enricherSeconds: (performance.now() - started) / 1000,
    agencies: story.agencies.map((a) => ({ id: a.id, roles: [...a.roles] })),
  };
}

/** The three services' metrics, with prom-client's process metrics on, as the services run. */
function createMetrics() {
  const services = {
    normalizer: createServiceMetrics({
      service: "normalizer",
      processMetrics: PROCESS_METRICS,
      feeds: [
        { name: "reuters", quietWindowSeconds: 900 },
        { name: "afp", quietWindowSeconds: 1800 },
      ],
    }),
    enricher: createServiceMetrics({
      service: "enricher",
      agencyIds: AGENCY_IDS,
      processMetrics: PROCESS_METRICS,
    }),
    archiver: createServiceMetrics({ service: "archiver", processMetrics: PROCESS_METRICS }),
  };
  const stages = {
    normalizer: services.normalizer.stage("normalizer"),
    enricher: services.enricher.stage("enricher"),
    archiver: services.archiver.stage("archiver"),
  };
  stages.normalizer.watchFeeds();
  const s3 = stages.archiver.s3();
  const pending = {
    normalizer: [] as CommittedRecord[],
    enricher: [] as CommittedRecord[],
    archiver: [] as CommittedRecord[],
  };
  const codes: DeadLetterCode[] = [];
  let count = 0;
  const flush = (stage: StageMetrics, key: keyof typeof pending, topic: string) => {
    stage.transaction("committed");
    stage.committed({
      records: pending[key],
      outputTopic: topic,
      outputs: pending[key].filter((r) => r.published).length,
      dlqTopic: "wire.dlq",
      deadLetterCodes: key === "normalizer" ? codes.splice(0) : [],
    });
    pending[key] = [];
  };
  /** The calls the runners make for one input, and per chunk, and a scrape now and then. */
  const count1 = async (trace: Trace) => {
    stages.normalizer.handled(trace.normalizerSeconds);
    const published = trace.code === undefined;
    if (!published) codes.push(trace.code as DeadLetterCode);
    pending.normalizer.push({
      published,
      timestampMs: trace.timestampMs,
      observe: published
        ? { feed: trace.feed, format: trace.format as string }
        : { feed: trace.feed },
    });
    if (trace.enricherSeconds !== undefined) {
      stages.enricher.handled(trace.enricherSeconds);
      pending.enricher.push({
        published: true,
        timestampMs: trace.timestampMs,
        endToEndFromMs: trace.timestampMs,
        observe: { agencies: trace.agencies ?? [] },
      });
    }
    stages.archiver.handled(0.004);
    s3.putDone(0.004, trace.bytes);
    pending.archiver.push({ published: true, timestampMs: trace.timestampMs });
    count += 1;
    if (count % CHUNK === 0) {
      flush(stages.normalizer, "normalizer", "wire.normalized");
      flush(stages.enricher, "enricher", "stories.enriched");
      flush(stages.archiver, "archiver", "wire.raw");
    }
    if (count % SCRAPE_EVERY === 0) {
      await Promise.all(Object.values(services).map((m) => m.text()));
    }
  };
  return count1;
}

/**
 * One side in this process: a warm-up pass, then a timed one. `calls` times the metric calls
 * alone, replayed over the inputs' traces ten times (the handler work done once, untimed).
 */
async function measure(mode: Side["mode"] | "calls"): Promise<Side> {
  const inputs = inputsOf();
  if (mode === "calls") {
    const traces = inputs.map(handle);
    const count = createMetrics();
    for (const trace of traces) await count(trace);
    const before = process.cpuUsage();
    for (let i = 0; i < 10; i++) for (const trace of traces) await count(trace);
    const used = process.cpuUsage(before);
    return {
      mode: "metrics",
      inputs: traces.length,
      cpuUsPerInput: (used.user + used.system) / (10 * traces.length),
    };
  }
  const count = mode === "metrics" ? createMetrics() : undefined;
  const pass = async () => {
    for (const input of inputs) {
      const trace = handle(input);
      if (count) await count(trace);
    }
  };
  await pass();
  const before = process.cpuUsage();
  await pass();
  const used = process.cpuUsage(before);
  return { mode, inputs: inputs.length, cpuUsPerInput: (used.user + used.system) / inputs.length };
}

async function lagCost(): Promise<string> {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) return "lag monitor: KAFKA_BROKERS unset, not measured";
  const kafka = new Kafka({
    clientId: "bench-metrics",
    brokers: brokers.split(","),
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-metrics.${randomUUID().slice(0, 8)}`;
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6 }] });
    const metrics = createServiceMetrics({ service: "bench", processMetrics: false });
    const monitor = new LagMonitor({
      admin,
      groupId: `bench-metrics-${randomUUID()}`,
      topic,
      metrics: metrics.stage("bench"),
      logger: createLogger({ service: "bench", level: "silent" }),
      intervalMs: 5_000,
      timeoutMs: 4_000,
    });
    for (let i = 0; i < 20; i++) await monitor.poll();
    const readings = 200;
    const before = process.cpuUsage();
    for (let i = 0; i < readings; i++) await monitor.poll();
    const used = process.cpuUsage(before);
    const perReading = (used.user + used.system) / readings;
    return `lag monitor: ${perReading.toFixed(0)} µs CPU per reading (6 partitions, real broker); at one reading per 5 s: ${(perReading / 5 / 1000).toFixed(3)} ms CPU per second of a service`;
  } finally {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

const role = process.argv[2];
if (role === "none" || role === "metrics" || role === "calls") {
  console.log(JSON.stringify(await measure(role)));
} else {
  const self = fileURLToPath(import.meta.url);
  const sides: Record<Side["mode"], number[]> = { none: [], metrics: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const mode of ["none", "metrics"] as const) {
      const out = execFileSync(process.execPath, ["--import", "tsx", self, mode], {
        encoding: "utf8",
      });
      const side = JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Side;
      sides[mode].push(side.cpuUsPerInput);
      console.log(
        `run ${run + 1} ${mode.padEnd(7)} ${side.cpuUsPerInput.toFixed(1)} µs CPU per input (${side.inputs} inputs)`,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const none = median(sides.none);
  const withMetrics = median(sides.metrics);
  console.log(
    `median CPU per input, all three stages' work: without metrics ${none.toFixed(1)} µs, with ${withMetrics.toFixed(1)} µs: +${(withMetrics - none).toFixed(1)} µs (${(((withMetrics - none) / none) * 100).toFixed(1)}%)`,
  );
  const calls: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const out = execFileSync(process.execPath, ["--import", "tsx", self, "calls"], {
      encoding: "utf8",
    });
    calls.push((JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as Side).cpuUsPerInput);
  }
  console.log(
    `the metric calls alone (replayed over the same inputs, 10 passes a run): ${calls.map((c) => c.toFixed(2)).join(", ")} µs CPU per input; median ${median(calls).toFixed(2)} µs`,
  );
  console.log(await lagCost());
}
