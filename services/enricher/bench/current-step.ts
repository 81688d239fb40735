/**
 * What the current-story step costs the enricher, printed (no targets):
 *   node --import tsx services/enricher/bench/current-step.ts
 *
 * 1. CPU per record of the main-thread step (createCurrentTask: parse the worker's Story, decide
 *    against the key's state, write the Story back, stage the changelog entry), over every
 *    corpus and feed fixture that is a story, each as a chain of 3 versions, in-thread; beside
 *    it the JSON round trip alone, the part the step cannot avoid while the worker hands over
 *    JSON text.
 * 2. The size of a state entry (changelog value): one version, and the most versions it keeps.
 * 3. With KAFKA_BROKERS set: restore of a changelog partition of BENCH_RESTORE_ENTRIES (50,000)
 *    entries from the real broker: wall time, entries per second, heap per entry.
 */
import { readdirSync, readFileSync } from "node:fs";
import { enrichStory, isRejection, normalizeWire } from "@newswire/core";
import {
  createKafka,
  createLogger,
  kafkaEnvSchema,
  loadConfig,
  PartitionStateStore,
  partitionOfKey,
  type StageResult,
} from "@newswire/runtime";
import type { Story } from "@newswire/schemas";
import { Partitioners } from "kafkajs";
import {
  type CurrentEntry,
  currentEntryCodec,
  decideCurrent,
  EARLIER_VERSIONS_KEPT,
} from "../src/current-state.js";
import { createCurrentTask } from "../src/current-task.js";

const root = new URL("../../../", import.meta.url);
const PARTITIONS = 6;

function fixtureFiles(): string[] {
  const files: string[] = [];
  const corpus = new URL("tests/fixtures/corpus/", root);
  for (const f of readdirSync(corpus)) if (/^\d+-/.test(f)) files.push(new URL(f, corpus).pathname);
  const feeds = new URL("tests/fixtures/feeds/", root);
  for (const f of readdirSync(feeds, { recursive: true, encoding: "utf8" })) {
    if (/\/[^/]+\.[a-z0-9]+$/.test(f) && !/\.(json\.expected\.json|expected\.json|md)$/.test(f)) {
      files.push(new URL(f, feeds).pathname);
    }
  }
  return files;
}

function stories(): Story[] {
  const out: Story[] = [];
  for (const file of fixtureFiles()) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch {
      continue;
    }
    const result = normalizeWire(bytes, { feed: "bench", receivedAt: "2024-05-17T06:00:00Z" });
    if (!isRejection(result)) out.push(enrichStory(result));
  }
  return out;
}

const cpuUs = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

function measureStep(base: Story[]): void {
  // Each fixture as 3 versions of one key, on the partition the key belongs to; the JSON as the
  // enricher's handler writes it (lifecycle last), and in schema order (the full-parse path).
  const records: { last: StageResult; inOrder: StageResult; partition: number }[] = [];
  base.forEach((story, i) => {
    for (let v = 1; v <= 3; v++) {
      const storyKey = `id|urn:bench:${i}`;
      const versioned: Story = {
        ...story,
        id: `${story.id.slice(0, 28)}${String(v).padStart(4, "0")}`,
        lifecycle: {
          ...story.lifecycle,
          storyKey,
          version: v,
          fingerprint: (BigInt(i * 3 + v) * 0x9e3779b97f4a7c15n)
            .toString(16)
            .padStart(16, "0")
            .slice(-16),
        },
      };
      const { lifecycle, ...rest } = versioned;
      const publish = (value: string): StageResult => ({
        kind: "publish",
        key: versioned.id,
        value,
        headers: { "schema-version": versioned.schemaVersion },
      });
      records.push({
        partition: partitionOfKey(storyKey, PARTITIONS),
        last: publish(JSON.stringify({ ...rest, lifecycle })),
        inOrder: publish(JSON.stringify(versioned)),
      });
    }
  });
  const rounds = 20;
  const total = records.length * rounds;
  const bytes = records.reduce(
    (n, r) => n + (r.last.kind === "publish" ? String(r.last.value).length : 0),
    0,
  );

  let started = cpuUs();
  for (let round = 0; round < rounds; round++) {
    for (const { last } of records) {
      if (last.kind === "publish") JSON.stringify(JSON.parse(String(last.value)));
    }
  }
  const jsonUs = (cpuUs() - started) / total;

  const step = (lifecycleLast: boolean): number => {
    started = cpuUs();
    for (let round = 0; round < rounds; round++) {
      const tasks = Array.from({ length: PARTITIONS }, (_, partition) =>
        createCurrentTask({
          store: new PartitionStateStore("state", partition, currentEntryCodec),
          partition,
          partitions: PARTITIONS,
          inputTopic: "in",
          currentTopic: "current",
          killTombstoneAfterMs: 86_400_000,
          stateRetentionMs: 30 * 86_400_000,
          maxDuplicateBits: 3,
        }),
      );
      for (const { last, inOrder, partition } of records) {
        tasks[partition]?.process(lifecycleLast ? last : inOrder, {
          topic: "in",
          partition,
          offset: "0",
          timestamp: "0",
          key: null,
          value: null,
          headers: {},
          rawHeaders: {},
        });
        tasks[partition]?.commit();
      }
    }
    return (cpuUs() - started) / total;
  };
  const fastUs = step(true);
  const fullUs = step(false);
  console.log(
    `state step: ${records.length} records (${base.length} fixtures x 3 versions, ${Math.round(bytes / records.length)} bytes of Story JSON on average), ${rounds} rounds, CPU per record:`,
  );
  console.log(
    `  the step, lifecycle-last JSON (as the handler writes it): ${fastUs.toFixed(1)} µs`,
  );
  console.log(
    `  the step, parsing the whole Story (JSON in another order): ${fullUs.toFixed(1)} µs`,
  );
  console.log(
    `  a JSON parse + stringify of the Story alone:              ${jsonUs.toFixed(1)} µs`,
  );
}

function entrySizes(): CurrentEntry {
  const version = (n: number) => ({
    id: "0123456789abcdef0123456789abcdef",
    version: n,
    versionTime: "2024-05-17T06:00:00.000Z",
    pubStatus: "usable" as const,
    signal: "update" as const,
    fingerprint: "0123456789abcdef",
    supersedes: "fedcba9876543210fedcba9876543210",
  });
  let entry: CurrentEntry | undefined;
  for (let v = 1; v <= EARLIER_VERSIONS_KEPT + 3; v++) {
    entry = decideCurrent(
      entry,
      { ...version(v), id: `${v}`.padStart(32, "0") },
      {
        maxDuplicateBits: 3,
        now: 1_700_000_000_000 + v,
      },
    ).entry;
    if (v === 1 && entry)
      console.log(`state entry, 1 version:  ${currentEntryCodec.encode(entry).length} bytes`);
  }
  if (!entry) throw new Error("no entry");
  console.log(
    `state entry, ${EARLIER_VERSIONS_KEPT + 1} versions (the most kept): ${currentEntryCodec.encode(entry).length} bytes`,
  );
  return entry;
}

async function measureRestore(sample: CurrentEntry): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) {
    console.log("restore: skipped (set KAFKA_BROKERS to measure it on a real broker)");
    return;
  }
  const entries = Number(process.env.BENCH_RESTORE_ENTRIES ?? 50_000);
  const logger = createLogger({ service: "bench-current", level: "silent" });
  const kafka = createKafka(loadConfig(kafkaEnvSchema, { KAFKA_BROKERS: brokers }), logger);
  const admin = kafka.admin();
  await admin.connect();
  const topic = `bench-current-state-${Date.now()}`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic, numPartitions: 1, configEntries: [{ name: "cleanup.policy", value: "compact" }] },
    ],
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const one = { ...sample, earlier: sample.earlier.slice(0, 1) };
    for (let i = 0; i < entries; i += 1_000) {
      const messages = Array.from({ length: Math.min(1_000, entries - i) }, (_, j) => ({
        key: `id|urn:bench:${i + j}`,
        value: currentEntryCodec.encode(one),
        partition: 0,
      }));
      await producer.send({ topic, acks: -1, messages });
    }
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const { store, figures } = await PartitionStateStore.restore({
      kafka,
      admin,
      topic,
      partition: 0,
      codec: currentEntryCodec,
      groupPrefix: "bench-current",
    });
    const ms = performance.now() - started;
    global.gc?.();
    const heapPerEntry = (process.memoryUsage().heapUsed - heapBefore) / store.size;
    console.log(
      `restore: ${figures.records} entries (2 versions each, ${currentEntryCodec.encode(one).length} bytes) in ${Math.round(ms)} ms: ${Math.round(figures.records / (ms / 1000))} entries/s, ${Math.round(heapPerEntry)} bytes of heap per entry${global.gc ? "" : " (run with --expose-gc for a steadier heap figure)"}`,
    );
  } finally {
    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

const base = stories();
measureStep(base);
const sample = entrySizes();
await measureRestore(sample);
