/**
 * Pipeline benchmark on the real stack (`npm run bench`; it builds first). Prints figures, then
 * each target met or missed with its number, the bottleneck, and a machine-readable last line:
 * RESULT e2e_per_s=<n> ceiling_per_s=<n> e2e_ratio=<r> cpu_ratio=<r> archive_ratio=<r> p50_ms=<n>
 * p95_ms=<n> p99_ms=<n> max_rss_mb=<n> [scale_<k>_per_s=<n> ...]
 * It exits non-zero, with a FAIL line, when the pipeline beat its own ceiling (e2e_ratio > 1):
 * then the ceiling measures nothing.
 *
 * Phases (BENCH_PHASES, default e2e,ceiling,archive,latency; `scale` on request):
 * 1. e2e: normalizer + enricher (the two exactly-once hops wire.raw -> stories.enriched) drain a
 *    stream of BENCH_STORIES corpus-mix inputs (95% distinct valid stories from every corpus
 *    format, 5% bad) sent as fast as the producer goes.
 * 2. ceiling: the same inputs through two bare pass-through processes
 *    (scripts/bench/pass-through.ts) with the same output sizes.
 * 3. archive: the archiver drains BENCH_ARCHIVE_OBJECTS inputs; against a bare PutObject loop of
 *    the same bytes at the same concurrency (ARCHIVE_CONCURRENCY, default 16).
 * 4. latency: all three services, a steady BENCH_RATE (100) stories/s for BENCH_LATENCY_SECONDS,
 *    produce -> arrival on stories.enriched (read_committed).
 * 5. scale: e2e stories/s with 1, 2 and 3 normalizer replicas (distinct INSTANCE_IDs, one
 *    consumer group) and one enricher, on 6 partitions, BENCH_SCALE_STORIES inputs each.
 * Peak RSS (VmHWM) of every service process is taken at the end of each phase.
 *
 * BENCH_SMOKE=1: every phase (scale too) at a tenth of the sizes and 5 s of latency, to show the
 * benchmark still runs (CI does this); its figures are printed but too small to judge, so the
 * FAIL rule is reported, not applied.
 *
 * Env: BENCH_STORIES (6000), BENCH_ARCHIVE_OBJECTS (3000), BENCH_LATENCY_SECONDS (30),
 * BENCH_RATE (100), BENCH_PARTITIONS (latency phase only; default infra/topics.json),
 * BENCH_SCALE_STORIES (BENCH_STORIES), BENCH_SEED (42), BENCH_LOG_LEVEL (info),
 * BENCH_PROFILE=1 (node --cpu-prof on the services; prints where their CPU goes),
 * BENCH_NODE_OPTIONS (NODE_OPTIONS of the service processes; default the Dockerfile's, empty: none).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { CreateBucketCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { createS3Client } from "@newswire/archive";
import { storyId } from "@newswire/core";
import { HEADERS } from "@newswire/schemas";
import { repoRoot } from "../tests/support/paths.js";
import { Pipeline, type PipelineOptions } from "../tests/support/pipeline.js";
import { buildServices, type ServiceName } from "../tests/support/service-process.js";
import { getStack, type StackConnection } from "../tests/support/stack.js";
import { type WireInput, WireInputFactory } from "../tests/support/wire-inputs.js";
import { connectWireProducer, sendInputs } from "../tests/support/wire-producer.js";
import { selfTimeByPackage, topSelfTime } from "./bench/cpu-profile-top.js";
import { percentile } from "./bench/percentile.js";
import { processCpuMs } from "./bench/proc-cpu.js";
import { type BenchFigures, bottleneck, invalidRun, judge } from "./bench/verdicts.js";

const num = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw === undefined || raw === "" ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`${name} must be a positive number (got ${JSON.stringify(raw)})`);
    process.exit(2);
  }
  return value;
};
const SMOKE = process.env.BENCH_SMOKE === "1";
const STORIES = num("BENCH_STORIES", SMOKE ? 600 : 6_000);
const ARCHIVE_OBJECTS = num("BENCH_ARCHIVE_OBJECTS", SMOKE ? 300 : 3_000);
const LATENCY_SECONDS = num("BENCH_LATENCY_SECONDS", SMOKE ? 5 : 30);
const RATE = num("BENCH_RATE", 100);
const SCALE_STORIES = num("BENCH_SCALE_STORIES", STORIES);
const SEED = num("BENCH_SEED", 42);
const CONCURRENCY = num("ARCHIVE_CONCURRENCY", 16);
const LATENCY_PARTITIONS = process.env.BENCH_PARTITIONS ? num("BENCH_PARTITIONS", 6) : undefined;
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? "info";
const PROFILE = process.env.BENCH_PROFILE === "1";
/**
 * NODE_OPTIONS of the service processes: by default the image's (the Dockerfile's
 * `ENV NODE_OPTIONS=` line), so the bench measures the services as they ship; BENCH_NODE_OPTIONS
 * (empty: none) to try heap settings side by side.
 */
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? imageNodeOptions();

function imageNodeOptions(): string | undefined {
  const dockerfile = readFileSync(`${repoRoot}Dockerfile`, "utf8");
  const line = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile);
  return line?.[1];
}
const KNOWN_PHASES = ["e2e", "ceiling", "archive", "latency", "scale"] as const;
const PHASES = new Set(
  (
    process.env.BENCH_PHASES ?? (SMOKE ? KNOWN_PHASES.join(",") : "e2e,ceiling,archive,latency")
  ).split(","),
);
const unknownPhases = [...PHASES].filter((p) => !(KNOWN_PHASES as readonly string[]).includes(p));
if (unknownPhases.length > 0) {
  console.error(
    `BENCH_PHASES: unknown ${unknownPhases.join(", ")} (known: ${KNOWN_PHASES.join(", ")})`,
  );
  process.exit(2);
}
/** Normalizer replicas of the scale phase; 6 partitions leave every replica work. */
const SCALE_REPLICAS = [1, 2, 3] as const;
const SCALE_PARTITIONS = 6;
const runDir = `${repoRoot}.stack/bench/${new Date().toISOString().replace(/[:.]/g, "-")}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const say = (line: string) => console.log(line);
const round = (n: number, digits = 0) => Number(n.toFixed(digits));
const perThousand = (msPerInput: number) => `${round(msPerInput * 1000)} ms`;

const peakRss: Record<string, number> = {};
const notePeakRss = (pipeline: Pipeline) => {
  for (const process of pipeline.processes) {
    const mb = process.peakRssMb();
    if (mb !== undefined) peakRss[process.service] = Math.max(peakRss[process.service] ?? 0, mb);
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
      ) as { version: string };
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

function profileReport(pipeline: Pipeline, service: ServiceName): void {
  if (!PROFILE) return;
  const dir = `${runDir}/profile-${pipeline.name}-${service}`;
  say(`  cpu profile of ${service} (${dir}), self time by package:`);
  for (const line of selfTimeByPackage(dir)) say(`    ${line}`);
  say("  top functions by self time:");
  for (const line of topSelfTime(dir)) say(`    ${line}`);
}

/** A pipeline of `services` for one phase, the bench's log level, profiled on request. */
function benchPipeline(
  stack: StackConnection,
  name: string,
  services: readonly ServiceName[],
  options: Partial<PipelineOptions> = {},
): Pipeline {
  const nodeArgs = PROFILE
    ? Object.fromEntries(
        services.map((s) => [s, ["--cpu-prof", `--cpu-prof-dir=${runDir}/profile-${name}-${s}`]]),
      )
    : {};
  return new Pipeline({
    stack,
    name,
    services,
    nodeArgs,
    ...options,
    env: {
      LOG_LEVEL,
      STATS_INTERVAL_MS: "10000",
      ...(NODE_OPTIONS ? { NODE_OPTIONS } : {}),
      ...options.env,
    },
  });
}

/**
 * Sends everything as fast as the broker takes it. On this loaded 2-core box a produce can time
 * out and kafkajs' idempotent producer then fails with OUT_OF_ORDER_SEQUENCE_NUMBER; the bench
 * reconnects and resends that batch (a rare duplicate on wire.raw only makes a drain finish
 * sooner by one record, which does not move the figures).
 */
async function preload(pipeline: Pipeline, inputs: readonly WireInput[]): Promise<void> {
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

/** Time from the first send to the last record on stories/DLQ, for `inputs` drained. */
async function drainTimed(
  pipeline: Pipeline,
  inputs: readonly WireInput[],
): Promise<{ elapsedMs: number; stories: number; dlq: number }> {
  const stories = await pipeline.read("stories");
  const dlq = await pipeline.read("dlq");
  const firstSend = Date.now();
  await preload(pipeline, inputs);
  const wantStories = inputs.filter((i) => i.expect === "story").length;
  const wantDlq = inputs.length - wantStories;
  const deadline = Date.now() + 30 * 60_000;
  while (stories.messages.length < wantStories || dlq.messages.length < wantDlq) {
    if (Date.now() > deadline) throw new Error("bench stream did not drain in 30 minutes");
    if (passThroughFailure) throw passThroughFailure;
    const crashed = pipeline.crashed();
    if (crashed.length > 0)
      throw new Error(`${crashed.join(", ")} exited; logs ${pipeline.logDir}`);
    await sleep(200);
  }
  let last = 0;
  for (const r of [...stories.messages, ...dlq.messages]) last = Math.max(last, r.timestamp);
  return {
    elapsedMs: last - firstSend,
    stories: stories.messages.length,
    dlq: dlq.messages.length,
  };
}

/** CPU ms each process used while `run` ran. */
async function cpuDuring<T>(
  pids: readonly (number | undefined)[],
  run: () => Promise<T>,
): Promise<{ result: T; cpuMs: number[] }> {
  const before = pids.map((pid) => processCpuMs(pid) ?? 0);
  const result = await run();
  const cpuMs = pids.map((pid, i) => (processCpuMs(pid) ?? 0) - (before[i] ?? 0));
  return { result, cpuMs };
}

const E2E_SERVICES: readonly ServiceName[] = ["normalizer", "enricher"];

async function phaseE2e(stack: StackConnection, inputs: readonly WireInput[]) {
  const pipeline = benchPipeline(stack, "bench-e2e", E2E_SERVICES);
  try {
    await pipeline.create();
    await pipeline.startAll();
    const { result: run, cpuMs } = await cpuDuring(
      E2E_SERVICES.map((s) => pipeline.services[s].pid),
      () => drainTimed(pipeline, inputs),
    );
    notePeakRss(pipeline);
    // The real output sizes, for the ceiling's pass-through to publish the same bytes.
    const sizes = await outputSizes(pipeline);
    await pipeline.stopAll();
    const perSec = (run.stories * 1000) / run.elapsedMs;
    const cpuPerInput = E2E_SERVICES.map((name, i) => ({
      name,
      cpuPerInput: (cpuMs[i] ?? 0) / inputs.length,
    }));
    say(
      `e2e (normalizer + enricher, exactly-once, LOG_LEVEL=${LOG_LEVEL}): ${run.stories} stories + ${run.dlq} dead letters in ${run.elapsedMs} ms = ${round(perSec)} stories/s`,
    );
    say(
      `  service CPU per 1,000 inputs: ${cpuPerInput.map((s) => `${s.name} ${perThousand(s.cpuPerInput)}`).join(", ")}`,
    );
    for (const s of E2E_SERVICES) profileReport(pipeline, s);
    return { perSec, sizes, cpuPerInput };
  } finally {
    await pipeline.destroy();
  }
}

/** What the real stages published for one input, by story id: the ceiling publishes the same. */
interface OutputShape {
  /** wire.normalized: key (the storyKey) and value bytes. */
  normalized: Map<string, { key: string; size: number }>;
  /** stories.enriched: key (the story id) and value bytes. */
  stories: Map<string, { key: string; size: number }>;
  /** stories.current: value bytes, for the stories that became current (keyed by storyKey). */
  current: Map<string, number>;
  /** The changelog: records per story and their mean size (an entry names no input). */
  stateRecordsPerStory: number;
  stateMeanSize: number;
}

const emptyShape = (): OutputShape => ({
  normalized: new Map(),
  stories: new Map(),
  current: new Map(),
  stateRecordsPerStory: 0,
  stateMeanSize: 0,
});

async function outputSizes(pipeline: Pipeline): Promise<OutputShape> {
  const admin = await pipeline.admin();
  const read = async (topic: "normalized" | "stories" | "current" | "currentState") => {
    const reader = await pipeline.read(topic);
    await reader.readToEnd(admin, 120_000);
    return reader.messages;
  };
  const idOf = (value: Buffer | null | undefined): string => {
    try {
      return String((JSON.parse(String(value)) as { id?: unknown }).id ?? "");
    } catch {
      return "";
    }
  };
  const byId = (messages: Awaited<ReturnType<typeof read>>) =>
    new Map(messages.map((r) => [idOf(r.value), { key: r.key ?? "", size: r.value?.length ?? 0 }]));
  const normalized = byId(await read("normalized"));
  const stories = byId(await read("stories"));
  const current = new Map(
    (await read("current"))
      .filter((r) => r.value !== null)
      .map((r) => [idOf(r.value), r.value?.length ?? 0]),
  );
  const state = await read("currentState");
  const stateBytes = state.reduce((n, r) => n + (r.value?.length ?? 0), 0);
  return {
    normalized,
    stories,
    current,
    stateRecordsPerStory: stories.size === 0 ? 0 : state.length / stories.size,
    stateMeanSize: state.length === 0 ? 0 : Math.round(stateBytes / state.length),
  };
}

/** One bare hop as its own process; resolves when it printed "ready" (joined its group). */
function startPassThrough(
  stack: StackConnection,
  pipeline: Pipeline,
  hop: { hop: string; in: string; out: string },
  children: ChildProcess[],
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", `${repoRoot}scripts/bench/pass-through.ts`],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          KAFKA_BROKERS: stack.kafkaBrokers.join(","),
          IN_TOPIC: hop.in,
          OUT_TOPIC: hop.out,
          DLQ_TOPIC: pipeline.topics.dlq,
          CURRENT_TOPIC: pipeline.topics.current,
          STATE_TOPIC: pipeline.topics.currentState,
          GROUP_ID: `${pipeline.groups.normalizer}-hop${hop.hop}`,
          HOP: hop.hop,
        },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    children.push(child);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve();
    });
    child.once("exit", (code, signal) => {
      // The phase's own SIGTERM at its end is no failure.
      if (child.killed) return;
      const error = new Error(`pass-through ${hop.hop} exited (${signal ?? `code ${code}`})`);
      reject(error);
      passThroughFailure = error;
    });
  });
}

async function phaseCeiling(
  stack: StackConnection,
  inputs: readonly WireInput[],
  sizes: OutputShape,
) {
  const pipeline = benchPipeline(stack, "bench-ceiling", []);
  const children: ChildProcess[] = [];
  passThroughFailure = undefined;
  try {
    await pipeline.create();
    const hops = [
      { hop: "1", in: pipeline.topics.raw, out: pipeline.topics.normalized },
      { hop: "2", in: pipeline.topics.normalized, out: pipeline.topics.stories },
    ];
    await Promise.all(hops.map((h) => startPassThrough(stack, pipeline, h, children)));
    // Each hop publishes what its real stage published for that input: the same topics, keys,
    // sizes and partitions (the enricher's stories.current record and changelog entries too).
    let stateOwed = 0;
    const annotated = inputs.map((input) => {
      const id = storyId(input.value);
      const n = sizes.normalized.get(id);
      const s = sizes.stories.get(id);
      const headers = { ...input.headers };
      const story = input.expect === "story" && n !== undefined && s !== undefined;
      headers["bench-out-1"] = story ? String(n.size) : "dlq";
      headers["bench-key-1"] = n?.key ?? id;
      headers["bench-out-2"] = story ? String(s.size) : "dlq";
      headers["bench-key-2"] = s?.key ?? id;
      const current = sizes.current.get(id);
      if (story && current !== undefined) headers["bench-current-2"] = String(current);
      if (story) {
        stateOwed += sizes.stateRecordsPerStory;
        const records = Math.floor(stateOwed);
        stateOwed -= records;
        if (records > 0) headers["bench-state-2"] = `${records}x${sizes.stateMeanSize}`;
      }
      return { ...input, headers };
    });
    const { result: run, cpuMs } = await cpuDuring(
      children.map((c) => c.pid),
      () => drainTimed(pipeline, annotated),
    );
    const perSec = (run.stories * 1000) / run.elapsedMs;
    const cpuPerInput = cpuMs.map((ms) => ms / inputs.length);
    say(
      `ceiling (2 bare pass-through hops, same sizes): ${run.stories} records + ${run.dlq} dead letters in ${run.elapsedMs} ms = ${round(perSec)} records/s`,
    );
    say(
      `  pass-through CPU per 1,000 inputs: ${cpuPerInput.map((c, i) => `hop ${i + 1} ${perThousand(c)}`).join(", ")}`,
    );
    return { perSec, cpuPerInput };
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await pipeline.destroy();
  }
}

async function barePutLoop(stack: StackConnection, inputs: readonly WireInput[]) {
  const client = createS3Client({
    endpoint: stack.s3.endpoint,
    region: stack.s3.region,
    forcePathStyle: stack.s3.forcePathStyle,
    credentials: { accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey },
  });
  // Only its bucket (name, removal) is used: no topics, no services.
  const bare = benchPipeline(stack, "bench-bare-put", []);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bare.bucket }));
    let next = 0;
    const cpu = process.cpuUsage();
    const started = Date.now();
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
    const ms = Date.now() - started;
    const used = process.cpuUsage(cpu);
    const rate = (inputs.length * 1000) / ms;
    say(
      `bare PutObject loop (concurrency ${CONCURRENCY}): ${inputs.length} objects in ${ms} ms = ${round(rate)} PUT/s`,
    );
    say(
      `  bare loop CPU per 1,000 objects: ${perThousand((used.user + used.system) / 1000 / inputs.length)}`,
    );
    return rate;
  } finally {
    client.destroy();
    await bare.destroy();
  }
}

async function phaseArchive(stack: StackConnection, inputs: readonly WireInput[]) {
  const bareRate = await barePutLoop(stack, inputs);
  const pipeline = benchPipeline(stack, "bench-archive", ["archiver"], {
    env: { ARCHIVE_CONCURRENCY: String(CONCURRENCY) },
  });
  try {
    await pipeline.create();
    await preload(pipeline, inputs);
    // The backlog is there before the archiver starts: the clock runs from its group join to
    // its last committed offset.
    await pipeline.startAll();
    const start = Date.now();
    const { cpuMs } = await cpuDuring([pipeline.services.archiver.pid], async () => {
      while ((await pipeline.lag()).archiver > 0) await sleep(100);
    });
    const ms = Date.now() - start;
    notePeakRss(pipeline);
    await pipeline.stopAll();
    const rate = (inputs.length * 1000) / ms;
    say(
      `archiver (ARCHIVE_CONCURRENCY=${CONCURRENCY}): ${inputs.length} objects in ${ms} ms = ${round(rate)} PUT/s`,
    );
    say(`  archiver CPU per 1,000 objects: ${perThousand((cpuMs[0] ?? 0) / inputs.length)}`);
    profileReport(pipeline, "archiver");
    return { rate, bareRate };
  } finally {
    await pipeline.destroy();
  }
}

async function phaseLatency(stack: StackConnection, factory: WireInputFactory) {
  const pipeline = benchPipeline(stack, "bench-latency", ["normalizer", "enricher", "archiver"], {
    ...(LATENCY_PARTITIONS === undefined ? {} : { partitions: LATENCY_PARTITIONS }),
  });
  try {
    await pipeline.create();
    await pipeline.startAll();
    const total = Math.round(RATE * LATENCY_SECONDS);
    const inputs = Array.from({ length: total }, () => factory.valid("bench"));
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const warmupUntil = Date.now() + 3_000;
    const stories = await pipeline.read("stories");
    stories.onRecord = (record) => {
      const sent = record.key === null ? undefined : sentAt.get(record.key);
      if (sent !== undefined && sent >= warmupUntil) latencies.push(record.receivedAt - sent);
    };
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
    while (stories.messages.length < total && Date.now() < deadline) await sleep(200);
    notePeakRss(pipeline);
    await pipeline.stopAll();
    const p = (q: number) => round(percentile(latencies, q));
    let max = 0;
    for (const l of latencies) max = Math.max(max, l);
    say(
      `latency at ${round(offered, 1)} stories/s offered (all three services${LATENCY_PARTITIONS ? `, ${LATENCY_PARTITIONS} partitions per topic` : ""}, ${latencies.length} stories after a 3 s warm-up): p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms, max ${round(max)} ms`,
    );
    return { p50: p(50), p95: p(95), p99: p(99), offered };
  } finally {
    await pipeline.destroy();
  }
}

/** Waits until `service`'s consumer group is Stable with `members` members (no rebalance on). */
async function waitGroupStable(pipeline: Pipeline, service: ServiceName, members: number) {
  const admin = await pipeline.admin();
  const deadline = Date.now() + 120_000;
  for (;;) {
    const { groups } = await admin.describeGroups([pipeline.groups[service]]);
    const group = groups[0];
    if (group?.state === "Stable" && group.members.length === members) return;
    if (Date.now() > deadline) {
      throw new Error(
        `${service} group not Stable with ${members} members (${group?.state}, ${group?.members.length})`,
      );
    }
    await sleep(250);
  }
}

async function phaseScale(stack: StackConnection, inputs: readonly WireInput[]) {
  const figures: { replicas: number; perSec: number; cpuPerInput: number }[] = [];
  for (const replicas of SCALE_REPLICAS) {
    const pipeline = benchPipeline(stack, `bench-scale-${replicas}`, E2E_SERVICES, {
      partitions: SCALE_PARTITIONS,
    });
    try {
      for (let instance = 1; instance < replicas; instance++) {
        pipeline.addReplica("normalizer", String(instance));
      }
      await pipeline.create();
      await pipeline.startAll();
      await waitGroupStable(pipeline, "normalizer", replicas);
      const { result: run, cpuMs } = await cpuDuring(
        pipeline.processes.map((p) => p.pid),
        () => drainTimed(pipeline, inputs),
      );
      notePeakRss(pipeline);
      await pipeline.stopAll();
      const perSec = (run.stories * 1000) / run.elapsedMs;
      const cpuPerInput = cpuMs.reduce((a, b) => a + b, 0) / inputs.length;
      figures.push({ replicas, perSec, cpuPerInput });
      say(
        `scale: ${replicas} normalizer replica${replicas > 1 ? "s" : ""} + 1 enricher on ${SCALE_PARTITIONS} partitions: ${run.stories} stories in ${run.elapsedMs} ms = ${round(perSec)} stories/s (CPU per 1,000 inputs, all processes: ${perThousand(cpuPerInput)})`,
      );
    } finally {
      await pipeline.destroy();
    }
  }
  const [one] = figures;
  if (one) {
    say(
      `  speed-up over 1 replica: ${figures.map((f) => `${f.replicas}: ${round(f.perSec / one.perSec, 2)}x`).join(", ")} on ${cpus().length} cores`,
    );
  }
  return figures;
}

async function main(): Promise<number> {
  mkdirSync(runDir, { recursive: true });
  buildServices();
  for (const line of machine()) say(line);
  const stack = await getStack();
  say(`service NODE_OPTIONS: ${NODE_OPTIONS ? JSON.stringify(NODE_OPTIONS) : "none"}`);
  say(
    `stack: ${stack.source}, kafka ${stack.kafkaBrokers.join(",")}, s3 ${stack.s3.endpoint}; logs ${runDir}`,
  );
  const factory = new WireInputFactory({ seed: SEED });
  const inputs = corpusMix(factory, STORIES);
  say(
    `inputs: ${inputs.length} (${inputs.filter((i) => i.expect === "story").length} distinct valid stories from ${factory.templateCount} corpus files, ${inputs.filter((i) => i.expect === "dlq").length} bad), mean ${round(inputs.reduce((a, i) => a + i.value.length, 0) / inputs.length)} bytes`,
  );
  const figures: BenchFigures = {
    e2ePerSec: Number.NaN,
    ceilingPerSec: Number.NaN,
    servicesCpuPerInput: Number.NaN,
    bareCpuPerInput: Number.NaN,
    archivePerSec: Number.NaN,
    barePutPerSec: Number.NaN,
    p99Ms: Number.NaN,
    offeredPerSec: Number.NaN,
    peakRssMb: peakRss,
  };
  const latency = { p50: Number.NaN, p95: Number.NaN };
  let services: { name: string; cpuPerInput: number }[] = [];
  let bare: number[] = [];
  let scale: { replicas: number; perSec: number }[] = [];
  try {
    let sizes = emptyShape();
    if (PHASES.has("e2e")) {
      const e2e = await phaseE2e(stack, inputs);
      figures.e2ePerSec = e2e.perSec;
      figures.servicesCpuPerInput = e2e.cpuPerInput.reduce((a, s) => a + s.cpuPerInput, 0);
      services = e2e.cpuPerInput;
      sizes = e2e.sizes;
    }
    if (PHASES.has("ceiling")) {
      const ceiling = await phaseCeiling(stack, inputs, sizes);
      figures.ceilingPerSec = ceiling.perSec;
      figures.bareCpuPerInput = ceiling.cpuPerInput.reduce((a, b) => a + b, 0);
      bare = ceiling.cpuPerInput;
    }
    if (PHASES.has("archive")) {
      const archive = await phaseArchive(stack, inputs.slice(0, ARCHIVE_OBJECTS));
      figures.archivePerSec = archive.rate;
      figures.barePutPerSec = archive.bareRate;
    }
    if (PHASES.has("latency")) {
      const result = await phaseLatency(stack, factory);
      figures.p99Ms = result.p99;
      figures.offeredPerSec = result.offered;
      Object.assign(latency, result);
    }
    if (PHASES.has("scale")) scale = await phaseScale(stack, corpusMix(factory, SCALE_STORIES));
  } finally {
    await stack.stop();
  }
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
  for (const verdict of judge(figures)) say(verdict.line);
  const slowest = services.length > 0 ? bottleneck(services, bare) : undefined;
  if (slowest) say(slowest);
  const maxRss = Math.max(0, ...Object.values(peakRss));
  say(
    [
      "RESULT",
      `e2e_per_s=${round(figures.e2ePerSec)}`,
      `ceiling_per_s=${round(figures.ceilingPerSec)}`,
      `e2e_ratio=${round(figures.e2ePerSec / figures.ceilingPerSec, 2)}`,
      `cpu_ratio=${round(figures.servicesCpuPerInput / figures.bareCpuPerInput, 2)}`,
      `archive_ratio=${round(figures.archivePerSec / figures.barePutPerSec, 2)}`,
      `p50_ms=${latency.p50}`,
      `p95_ms=${latency.p95}`,
      `p99_ms=${figures.p99Ms}`,
      `max_rss_mb=${round(maxRss)}`,
      ...scale.map((s) => `scale_${s.replicas}_per_s=${round(s.perSec)}`),
    ].join(" "),
  );
  const invalid = invalidRun(figures);
  if (invalid && SMOKE) {
    say(`smoke run, not judged: a full run would fail here (${invalid})`);
  } else if (invalid) {
    console.error(`FAIL: ${invalid}`);
    return 1;
  }
  return 0;
}

process.exit(await main());
