/**
 * Pipeline benchmark on the real stack (`npm run bench`; build first: `npm run build`).
 * Prints figures; the last line is machine-readable:
 * RESULT e2e_per_s=<n> ceiling_per_s=<n> e2e_ratio=<r> archive_ratio=<r> p50_ms=<n> p95_ms=<n> p99_ms=<n> max_rss_mb=<n>
 *
 * 1. e2e: normalizer + enricher (the two exactly-once hops wire.raw -> stories.enriched) drain a
 *    stream of BENCH_STORIES corpus-mix inputs (95% distinct valid stories from every corpus
 *    format, 5% bad) sent as fast as the producer goes.
 * 2. ceiling: the same inputs through two bare kafkajs pass-through processes with the same
 *    transaction settings, chunk size, partitions and output sizes (scripts/bench/pass-through.ts).
 * 3. archive: the archiver drains BENCH_ARCHIVE_OBJECTS inputs; against a bare PutObject loop of
 *    the same bytes at the same concurrency (ARCHIVE_CONCURRENCY, default 16).
 * 4. latency: all three services, a steady BENCH_RATE (100) stories/s for BENCH_LATENCY_SECONDS,
 *    produce -> arrival on stories.enriched (read_committed).
 * 5. peak RSS (VmHWM) of every service process.
 *
 * Env: BENCH_STORIES (6000), BENCH_ARCHIVE_OBJECTS (3000), BENCH_LATENCY_SECONDS (30),
 * BENCH_RATE (100), BENCH_PARTITIONS (latency phase only; default infra/topics.json),
 * BENCH_SEED (42), BENCH_LOG_LEVEL (info), BENCH_PROFILE=1 (node --cpu-prof on
 * the services; prints where their CPU goes), BENCH_PHASES (e2e,ceiling,archive,latency).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client } from "@newswire/archive";
import { storyId } from "@newswire/core";
import { HEADERS } from "@newswire/schemas";
import { TopicCollector } from "../tests/faults/harness/conservation.js";
import { FaultPipeline } from "../tests/faults/harness/fault-pipeline.js";
import {
  buildServices,
  repoRoot,
  type ServiceName,
} from "../tests/faults/harness/service-process.js";
import { type WireInput, WireInputFactory } from "../tests/faults/harness/wire-inputs.js";
import { connectWireProducer, sendInputs } from "../tests/faults/harness/wire-producer.js";
import { getStack } from "../tests/support/stack.js";
import { selfTimeByPackage, topSelfTime } from "./bench/cpu-profile-top.js";
import { percentile } from "./bench/percentile.js";
import { processCpuMs } from "./bench/proc-cpu.js";

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const STORIES = num("BENCH_STORIES", 6_000);
const ARCHIVE_OBJECTS = num("BENCH_ARCHIVE_OBJECTS", 3_000);
const LATENCY_SECONDS = num("BENCH_LATENCY_SECONDS", 30);
const RATE = num("BENCH_RATE", 100);
const SEED = num("BENCH_SEED", 42);
const CONCURRENCY = num("ARCHIVE_CONCURRENCY", 16);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const PROFILE = process.env.BENCH_PROFILE === "1";
const PHASES = new Set((process.env.BENCH_PHASES ?? "e2e,ceiling,archive,latency").split(","));
const runDir = `${repoRoot}.stack/bench/${new Date().toISOString().replace(/[:.]/g, "-")}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.log(line);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));

const peakRss: Partial<Record<ServiceName, number>> = {};
const notePeakRss = (pipeline: FaultPipeline) => {
  for (const service of pipeline.wanted) {
    const mb = pipeline.services[service].peakRssMb();
    if (mb !== undefined) peakRss[service] = Math.max(peakRss[service] ?? 0, mb);
  }
};

function machine(): string[] {
  const version = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }).trim();
    } catch {
      return "?";
    }
  };
  const pkg = (name: string) => {
    try {
      const json = JSON.parse(
        readFileSync(`${repoRoot}node_modules/${name}/package.json`, "utf8"),
      ) as {
        version: string;
      };
      return json.version;
    } catch {
      return "?";
    }
  };
  return [
    `machine: ${cpus().length} cpus (nproc ${version("nproc", [])}), ${cpus()[0]?.model ?? "?"}, ${round(totalmem() / 2 ** 30, 1)} GiB RAM (${round(freemem() / 2 ** 30, 1)} free), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
    `software: node ${process.version}, kafkajs ${pkg("kafkajs")}, @aws-sdk/client-s3 ${pkg("@aws-sdk/client-s3")}, Kafka ${process.env.KAFKA_VERSION ?? "4.4.0"} (KRaft), S3Proxy ${process.env.S3PROXY_VERSION ?? "4.1.0"} (filesystem)`,
  ];
}

/** The corpus mix: distinct valid stories from every corpus file, 5% bad (no 2 MB ones). */
function corpusMix(factory: WireInputFactory, total: number): WireInput[] {
  const invalid = Math.round(total * 0.05);
  return factory.mix({
    valid: total - invalid,
    invalid,
    badKinds: [
      "corpus-bad",
      "random-bytes",
      "truncated-xml",
      "entity-bomb",
      "wrong-content-type",
      "empty",
    ],
    maxOversize: 0,
  });
}

async function profileReport(pipeline: FaultPipeline, service: ServiceName): Promise<void> {
  if (!PROFILE) return;
  const dir = `${runDir}/profile-${pipeline.name}-${service}`;
  say(`  cpu profile of ${service} (${dir}), self time by package:`);
  for (const line of selfTimeByPackage(dir)) say(`    ${line}`);
  say("  top functions by self time:");
  for (const line of topSelfTime(dir)) say(`    ${line}`);
}

function nodeArgsFor(name: string, services: readonly ServiceName[]) {
  if (!PROFILE) return {};
  return Object.fromEntries(
    services.map((s) => [s, ["--cpu-prof", `--cpu-prof-dir=${runDir}/profile-${name}-${s}`]]),
  );
}

/**
 * Sends everything as fast as the broker takes it. On this loaded 2-core box a produce can time
 * out and kafkajs' idempotent producer then fails with OUT_OF_ORDER_SEQUENCE_NUMBER; the bench
 * reconnects and resends that batch (a rare duplicate on wire.raw only makes a drain finish
 * sooner by one record, which does not move the figures).
 */
async function preload(pipeline: FaultPipeline, inputs: WireInput[]): Promise<void> {
  const batch = 100;
  let producer = await connectWireProducer(pipeline.kafka);
  for (let i = 0; i < inputs.length; i += batch) {
    for (let attempt = 1; ; attempt++) {
      try {
        await sendInputs(producer, pipeline.topics.raw, inputs.slice(i, i + batch), {
          batchSize: batch,
        });
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await producer.disconnect().catch(() => undefined);
        producer = await connectWireProducer(pipeline.kafka);
      }
    }
  }
  await producer.disconnect();
}

/** Set when a ceiling pass-through process dies: the drain must not wait for it. */
let passThroughFailure: Error | undefined;

/** Time from the first send to the last record on `outTopics`, for `inputs` drained. */
async function drainTimed(
  pipeline: FaultPipeline,
  inputs: WireInput[],
  outTopics: { stories: string; dlq: string },
): Promise<{ elapsedMs: number; stories: number; dlq: number; firstSend: number }> {
  const stories = new TopicCollector(pipeline.kafka, outTopics.stories, `bench-${pipeline.id}-s`);
  const dlq = new TopicCollector(pipeline.kafka, outTopics.dlq, `bench-${pipeline.id}-d`);
  await Promise.all([stories.start(), dlq.start()]);
  const firstSend = Date.now();
  await preload(pipeline, inputs);
  const wantStories = inputs.filter((i) => i.expect === "story").length;
  const wantDlq = inputs.length - wantStories;
  const deadline = Date.now() + 30 * 60_000;
  while (stories.records.length < wantStories || dlq.records.length < wantDlq) {
    if (Date.now() > deadline) throw new Error("bench stream did not drain in 30 minutes");
    if (passThroughFailure) throw passThroughFailure;
    const crashed = pipeline.wanted.filter((s) => pipeline.services[s].crashes.length > 0);
    if (crashed.length > 0)
      throw new Error(`${crashed.join(", ")} exited; logs ${pipeline.logDir}`);
    await sleep(200);
  }
  const last = Math.max(...[...stories.records, ...dlq.records].map((r) => r.timestamp));
  await Promise.all([stories.stop(), dlq.stop()]);
  return {
    elapsedMs: last - firstSend,
    stories: stories.records.length,
    dlq: dlq.records.length,
    firstSend,
  };
}

async function phaseE2e(stack: Awaited<ReturnType<typeof getStack>>, inputs: WireInput[]) {
  const services: ServiceName[] = ["normalizer", "enricher"];
  const pipeline = new FaultPipeline({
    stack,
    name: "bench-e2e",
    services,
    env: { LOG_LEVEL, STATS_INTERVAL_MS: "10000" },
    nodeArgs: nodeArgsFor("bench-e2e", services),
  });
  try {
    await pipeline.create();
    await pipeline.startAll();
    const cpuBefore = services.map((s) => processCpuMs(pipeline.services[s].pid) ?? 0);
    const run = await drainTimed(pipeline, inputs, pipeline.topics);
    const cpuMs = services.map(
      (s, i) => (processCpuMs(pipeline.services[s].pid) ?? 0) - (cpuBefore[i] ?? 0),
    );
    notePeakRss(pipeline);
    // The real output sizes, for the ceiling's pass-through to publish the same bytes.
    const sizes = await outputSizes(pipeline);
    await pipeline.stopAll();
    const perSec = (run.stories * 1000) / run.elapsedMs;
    say(
      `e2e (normalizer + enricher, exactly-once, LOG_LEVEL=${LOG_LEVEL}): ${run.stories} stories + ${run.dlq} dead letters in ${run.elapsedMs} ms = ${round(perSec)} stories/s`,
    );
    say(
      `  service CPU per 1,000 inputs: ${services.map((s, i) => `${s} ${round(((cpuMs[i] ?? 0) * 1000) / inputs.length)} ms`).join(", ")}`,
    );
    for (const s of services) await profileReport(pipeline, s);
    return { perSec, sizes, cpuPerInput: cpuMs.reduce((a, b) => a + b, 0) / inputs.length };
  } finally {
    await pipeline.destroy();
  }
}

async function outputSizes(pipeline: FaultPipeline) {
  const read = async (topic: string) => {
    const collector = new TopicCollector(
      pipeline.kafka,
      topic,
      `bench-${pipeline.id}-sizes-${topic}`,
    );
    await collector.start();
    const admin = await pipeline.admin();
    while (!(await collector.atEnd(admin))) await sleep(200);
    await collector.stop();
    return new Map(collector.records.map((r) => [r.key ?? "", r.value?.length ?? 0]));
  };
  return {
    normalized: await read(pipeline.topics.normalized),
    stories: await read(pipeline.topics.stories),
  };
}

async function phaseCeiling(
  stack: Awaited<ReturnType<typeof getStack>>,
  inputs: WireInput[],
  sizes: { normalized: Map<string, number>; stories: Map<string, number> },
) {
  const pipeline = new FaultPipeline({ stack, name: "bench-ceiling", services: [] });
  const children: ChildProcess[] = [];
  passThroughFailure = undefined;
  try {
    await pipeline.create();
    const hops = [
      { hop: "1", in: pipeline.topics.raw, out: pipeline.topics.normalized },
      { hop: "2", in: pipeline.topics.normalized, out: pipeline.topics.stories },
    ];
    await Promise.all(
      hops.map(
        (h) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              ["--import", "tsx", `${repoRoot}scripts/bench/pass-through.ts`],
              {
                cwd: repoRoot,
                env: {
                  ...process.env,
                  KAFKA_BROKERS: stack.kafkaBrokers.join(","),
                  IN_TOPIC: h.in,
                  OUT_TOPIC: h.out,
                  DLQ_TOPIC: pipeline.topics.dlq,
                  GROUP_ID: `bench-${pipeline.id}-hop${h.hop}`,
                  HOP: h.hop,
                },
                stdio: ["ignore", "pipe", "inherit"],
              },
            );
            children.push(child);
            child.stdout?.on("data", (d: Buffer) => {
              if (d.toString().includes("ready")) resolve();
            });
            child.once("exit", (code) => {
              const error = new Error(`pass-through ${h.hop} exited ${code}`);
              reject(error);
              passThroughFailure = error;
            });
          }),
      ),
    );
    const annotated = inputs.map((input) => {
      const id = storyId(input.value);
      const n = sizes.normalized.get(id);
      const s = sizes.stories.get(id);
      const headers = { ...input.headers };
      headers["bench-out-1"] = input.expect === "story" && n !== undefined ? String(n) : "dlq";
      headers["bench-out-2"] = input.expect === "story" && s !== undefined ? String(s) : "dlq";
      headers["bench-key"] = id;
      return { ...input, headers };
    });
    const cpuBefore = children.map((c) => processCpuMs(c.pid) ?? 0);
    const run = await drainTimed(pipeline, annotated, pipeline.topics);
    const cpuMs = children.map((c, i) => (processCpuMs(c.pid) ?? 0) - (cpuBefore[i] ?? 0));
    const perSec = (run.stories * 1000) / run.elapsedMs;
    say(
      `ceiling (2 bare kafkajs pass-through hops, same transactions and sizes): ${run.stories} records + ${run.dlq} dead letters in ${run.elapsedMs} ms = ${round(perSec)} records/s`,
    );
    say(
      `  pass-through CPU per 1,000 inputs: ${cpuMs.map((ms, i) => `hop ${i + 1} ${round((ms * 1000) / inputs.length)} ms`).join(", ")}`,
    );
    return { perSec, cpuPerInput: cpuMs.reduce((a, b) => a + b, 0) / inputs.length };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await pipeline.destroy();
  }
}

async function phaseArchive(stack: Awaited<ReturnType<typeof getStack>>, inputs: WireInput[]) {
  const client = createS3Client({
    endpoint: stack.s3.endpoint,
    region: stack.s3.region,
    forcePathStyle: stack.s3.forcePathStyle,
    credentials: { accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey },
  });
  // Bare loop: one PutObject per input, same bytes, metadata and concurrency, no Kafka.
  const bare = new FaultPipeline({ stack, name: "bench-bare-put", services: [] });
  const { CreateBucketCommand } = await import("@aws-sdk/client-s3");
  await client.send(new CreateBucketCommand({ Bucket: bare.bucket }));
  let next = 0;
  const bareCpu = process.cpuUsage();
  const bareStart = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < inputs.length) {
        const i = next++;
        const input = inputs[i] as WireInput;
        await client.send(
          new PutObjectCommand({
            Bucket: bare.bucket,
            Key: `originals/2026/01/01/bench/${input.sha256.slice(0, 32)}.bin`,
            Body: input.value,
            ContentType: input.headers[HEADERS.contentType] ?? "application/octet-stream",
            Metadata: {
              sha256: input.sha256,
              "received-at": input.headers[HEADERS.receivedAt] ?? "",
              feed: input.headers[HEADERS.wireSource] ?? "",
              "kafka-topic": "bench",
              "kafka-partition": "0",
              "kafka-offset": String(i),
            },
          }),
        );
      }
    }),
  );
  const bareMs = Date.now() - bareStart;
  const bareRate = (inputs.length * 1000) / bareMs;
  say(
    `bare PutObject loop (concurrency ${CONCURRENCY}): ${inputs.length} objects in ${bareMs} ms = ${round(bareRate)} PUT/s`,
  );
  const bareUsed = process.cpuUsage(bareCpu);
  const bareCpuMs = (bareUsed.user + bareUsed.system) / 1000;
  say(`  bare loop CPU per 1,000 objects: ${round((bareCpuMs * 1000) / inputs.length)} ms`);
  await bare.destroy();
  client.destroy();

  const services: ServiceName[] = ["archiver"];
  const pipeline = new FaultPipeline({
    stack,
    name: "bench-archive",
    services,
    env: { LOG_LEVEL, STATS_INTERVAL_MS: "10000", ARCHIVE_CONCURRENCY: String(CONCURRENCY) },
    nodeArgs: nodeArgsFor("bench-archive", services),
  });
  try {
    await pipeline.create();
    await preload(pipeline, inputs);
    // The backlog is there before the archiver starts: the clock runs from its group join to
    // its last committed offset.
    await pipeline.services.archiver.start();
    await pipeline.services.archiver.waitReady(120_000);
    const start = Date.now();
    const cpuBefore = processCpuMs(pipeline.services.archiver.pid) ?? 0;
    while ((await pipeline.lag()).archiver > 0) await sleep(100);
    const ms = Date.now() - start;
    const cpuMs = (processCpuMs(pipeline.services.archiver.pid) ?? 0) - cpuBefore;
    notePeakRss(pipeline);
    await pipeline.stopAll();
    const rate = (inputs.length * 1000) / ms;
    say(
      `archiver (ARCHIVE_CONCURRENCY=${CONCURRENCY}): ${inputs.length} objects in ${ms} ms = ${round(rate)} PUT/s`,
    );
    say(`  archiver CPU per 1,000 objects: ${round((cpuMs * 1000) / inputs.length)} ms`);
    await profileReport(pipeline, "archiver");
    return { rate, bareRate };
  } finally {
    await pipeline.destroy();
  }
}

/** BENCH_PARTITIONS: the latency phase's topics get this many partitions (default: topics.json). */
function topicsFileFor(partitions: string | undefined): string | undefined {
  if (partitions === undefined || partitions === "") return undefined;
  const file = JSON.parse(readFileSync(`${repoRoot}infra/topics.json`, "utf8")) as {
    topics: { partitions: number }[];
  };
  for (const topic of file.topics) topic.partitions = Number(partitions);
  const path = `${runDir}/topics-${partitions}-partitions.json`;
  writeFileSync(path, JSON.stringify(file));
  return path;
}

async function phaseLatency(
  stack: Awaited<ReturnType<typeof getStack>>,
  factory: WireInputFactory,
) {
  const topicsFile = topicsFileFor(process.env.BENCH_PARTITIONS);
  const pipeline = new FaultPipeline({
    stack,
    name: "bench-latency",
    env: { LOG_LEVEL, STATS_INTERVAL_MS: "10000" },
    ...(topicsFile ? { topicsFile } : {}),
  });
  try {
    await pipeline.create();
    await pipeline.startAll();
    const total = Math.round(RATE * LATENCY_SECONDS);
    const inputs = Array.from({ length: total }, () => factory.valid("bench"));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const warmupUntil = Date.now() + 3_000;
    const collector = new TopicCollector(
      pipeline.kafka,
      pipeline.topics.stories,
      `bench-${pipeline.id}-lat`,
    );
    collector.onRecord = (key, at) => {
      const sent = key === null ? undefined : sentAt.get(key.toString());
      if (sent !== undefined && sent >= warmupUntil) latencies.push(at - sent);
    };
    await collector.start();
    const producer = await connectWireProducer(pipeline.kafka);
    for (const input of inputs) sentAt.set(storyId(input.value), 0);
    let i = 0;
    const started = Date.now();
    for (const input of inputs) {
      const due = started + (i++ * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await sleep(wait);
      sentAt.set(storyId(input.value), Date.now());
      await producer.send({
        topic: pipeline.topics.raw,
        acks: -1,
        messages: [{ key: input.key, value: input.value, headers: input.headers }],
      });
    }
    const offered = (total * 1000) / (Date.now() - started);
    await producer.disconnect();
    const deadline = Date.now() + 120_000;
    while (collector.records.length < total && Date.now() < deadline) await sleep(200);
    await collector.stop();
    notePeakRss(pipeline);
    await pipeline.stopAll();
    const p = (q: number) => round(percentile(latencies, q));
    say(
      `latency at ${round(offered, 1)} stories/s offered (all three services${topicsFile ? `, ${process.env.BENCH_PARTITIONS} partitions per topic` : ""}, ${latencies.length} stories after a 3 s warm-up): p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${round(Math.max(...latencies))} ms`,
    );
    return { p50: p(50), p95: p(95), p99: p(99) };
  } finally {
    await pipeline.destroy();
  }
}

async function main(): Promise<void> {
  mkdirSync(runDir, { recursive: true });
  buildServices();
  for (const line of machine()) say(line);
  const stack = await getStack();
  say(
    `stack: ${stack.source}, kafka ${stack.kafkaBrokers.join(",")}, s3 ${stack.s3.endpoint}; logs ${runDir}`,
  );
  const factory = new WireInputFactory({ seed: SEED });
  const inputs = corpusMix(factory, STORIES);
  say(
    `inputs: ${inputs.length} (${inputs.filter((i) => i.expect === "story").length} distinct valid stories from ${factory.templateCount} corpus files, ${inputs.filter((i) => i.expect === "dlq").length} bad), mean ${round(inputs.reduce((a, i) => a + i.value.length, 0) / inputs.length)} bytes`,
  );
  const result = {
    e2e: Number.NaN,
    ceiling: Number.NaN,
    archive: Number.NaN,
    p50: Number.NaN,
    p95: Number.NaN,
    p99: Number.NaN,
  };
  try {
    let sizes = { normalized: new Map<string, number>(), stories: new Map<string, number>() };
    let e2eCpu = Number.NaN;
    if (PHASES.has("e2e")) {
      const e2e = await phaseE2e(stack, inputs);
      result.e2e = e2e.perSec;
      sizes = e2e.sizes;
      e2eCpu = e2e.cpuPerInput;
    }
    if (PHASES.has("ceiling")) {
      const ceiling = await phaseCeiling(stack, inputs, sizes);
      result.ceiling = ceiling.perSec;
      say(
        `  CPU ratio: the two services use ${round(e2eCpu / ceiling.cpuPerInput, 1)}x the CPU per input of the two bare hops (a load-independent view of e2e_ratio)`,
      );
    }
    if (PHASES.has("archive")) {
      const archive = await phaseArchive(stack, inputs.slice(0, ARCHIVE_OBJECTS));
      result.archive = archive.rate / archive.bareRate;
    }
    if (PHASES.has("latency")) Object.assign(result, await phaseLatency(stack, factory));
  } finally {
    await stack.stop();
  }
  const maxRss = Math.max(...Object.values(peakRss));
  say(
    `peak RSS (VmHWM): ${Object.entries(peakRss)
      .map(([s, mb]) => `${s} ${round(mb)} MB`)
      .join(", ")}`,
  );
  say(
    `load after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const targets = [
    ["e2e >= 1000/s", result.e2e >= 1000, round(result.e2e)],
    [
      "e2e >= 70% of ceiling",
      result.e2e / result.ceiling >= 0.7,
      round(result.e2e / result.ceiling, 2),
    ],
    ["archive >= 80% of bare PUT", result.archive >= 0.8, round(result.archive, 2)],
    ["p99 <= 500 ms", result.p99 <= 500, result.p99],
    ["every service < 200 MB", maxRss < 200, round(maxRss)],
  ] as const;
  for (const [name, met, value] of targets)
    say(`target ${name}: ${met ? "met" : "MISSED"} (${value})`);
  say(
    `RESULT e2e_per_s=${round(result.e2e)} ceiling_per_s=${round(result.ceiling)} e2e_ratio=${round(result.e2e / result.ceiling, 2)} archive_ratio=${round(result.archive, 2)} p50_ms=${result.p50} p95_ms=${result.p95} p99_ms=${result.p99} max_rss_mb=${round(maxRss)}`,
  );
}

await main();
process.exit(0);
