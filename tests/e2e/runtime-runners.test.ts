import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { ArchiveError } from "@newswire/archive";
import {
  createLogger,
  type InputRecord,
  runPipelineStage,
  runSink,
  type StageHandler,
  type StageResult,
  startHandlerPool,
  transactionalIdFor,
} from "@newswire/runtime";
import { type Consumer, type Kafka, type KafkaMessage, Partitioners } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createTopic, runtimeKafka } from "../support/resources.js";

const logger = createLogger({ service: "runtime-test", level: "silent" });
const kafka: Kafka = runtimeKafka("runtime-test", logger);
const markedHandler = new URL(
  "../../packages/runtime/test-fixtures/marked-handler.mjs",
  import.meta.url,
);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function produce(topic: string, values: readonly string[], partition?: number) {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic,
    acks: -1,
    messages: values.map((value) => ({
      value,
      headers: { "wire-source": "runtime-test" },
      ...(partition === undefined ? {} : { partition }),
    })),
  });
  await producer.disconnect();
}

/** A read_committed reader of a whole topic, each record kept once by partition and offset. */
class Reader {
  readonly messages: KafkaMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(topic: string): Promise<Reader> {
    const consumer = kafka.consumer({
      groupId: `rt-reader-${randomUUID()}`,
      readUncommitted: false,
    });
    const reader = new Reader(consumer);
    const seen = new Set<string>();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const position = `${partition}:${message.offset}`;
        if (seen.has(position)) return;
        seen.add(position);
        reader.messages.push(message);
      },
    });
    cleanups.push(() => consumer.disconnect());
    return reader;
  }

  values(): string[] {
    return this.messages.map((m) => String(m.value));
  }

  async waitFor(count: number, what: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < count) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}: ${this.messages.length} of ${count}`);
      }
      await sleep(25);
    }
  }
}

function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

/** Waits until the group's committed offsets reach the end of every partition of the topic. */
async function waitForCommittedEnd(groupId: string, topic: string, timeoutMs = 60_000) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      const behind = ends.filter((end) => {
        const at = committed?.partitions.find((p) => p.partition === end.partition);
        return Number(at?.offset ?? -1) < Number(end.high);
      });
      if (behind.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(`group ${groupId} did not commit to the end of ${topic}`);
      }
      await sleep(100);
    }
  } finally {
    await admin.disconnect();
  }
}

const upper: StageHandler = (record: InputRecord): StageResult => {
  const value = String(record.value);
  return { kind: "publish", key: value, value: value.toUpperCase(), headers: {} };
};

async function stageTopics(partitions = 1) {
  const [input, output, dlq] = await Promise.all([
    createTopic(kafka, { prefix: "rt-in", partitions }),
    createTopic(kafka, { prefix: "rt-out" }),
    createTopic(kafka, { prefix: "rt-dlq" }),
  ]);
  return { input, output, dlq, groupId: `rt-${randomUUID()}` };
}

describe("runPipelineStage on a real broker", () => {
  it("publishes, dead-letters rejects and unclassified throws, and retries retryable throws", async () => {
    const { input, output, dlq, groupId } = await stageTopics(2);
    const attempts = new Map<string, number>();
    const handler = (record: InputRecord): StageResult => {
      const value = String(record.value);
      const attempt = (attempts.get(value) ?? 0) + 1;
      attempts.set(value, attempt);
      if (value.startsWith("flaky") && attempt < 3) {
        throw Object.assign(new Error("not yet"), { retryable: true });
      }
      if (value.startsWith("bug")) throw new TypeError("cannot read properties of undefined");
      if (value.startsWith("bad")) return { kind: "reject", code: "NO_BODY", message: "no body" };
      return upper(record) as StageResult;
    };
    const stage = runPipelineStage({
      kafka,
      logger,
      stage: "test-stage",
      inputTopic: input,
      outputTopic: output,
      dlqTopic: dlq,
      groupId,
      handler,
      maxRecordsPerTransaction: 3,
      maxHandlerAttempts: 3,
    });
    cleanups.push(() => stage.stop());
    await produce(input, ["a", "b", "flaky-c", "bad-d", "bug-e", "f", "g", "h"]);

    const out = await Reader.start(output);
    const dead = await Reader.start(dlq);
    await out.waitFor(6, "6 outputs");
    await dead.waitFor(2, "2 dead letters");
    await waitForCommittedEnd(groupId, input);

    expect(out.values().sort()).toEqual(["A", "B", "F", "FLAKY-C", "G", "H"]);
    expect(attempts.get("flaky-c")).toBe(3);
    expect(attempts.get("bug-e")).toBe(1);
    expect(stage.stats.retried).toBe(2);

    const byCode = Object.fromEntries(dead.messages.map((m) => [header(m, "error-code"), m]));
    expect(Object.keys(byCode).sort()).toEqual(["HANDLER_ERROR", "NO_BODY"]);
    const bug = byCode.HANDLER_ERROR;
    expect(String(bug?.value)).toBe("bug-e");
    expect(bug && header(bug, "error-message")).toBe("cannot read properties of undefined");
    expect(bug && header(bug, "failed-stage")).toBe("test-stage");
    expect(bug && header(bug, "original-topic")).toBe(input);
    expect(bug && header(bug, "wire-source")).toBe("runtime-test");
    await sleep(500);
    expect(out.messages).toHaveLength(6);
    expect(dead.messages).toHaveLength(2);
  });

  it.each([
    { via: "one message per record", chunked: false },
    { via: "one message per chunk", chunked: true },
  ])(
    "moves a partition past records that hang, exhaust the heap or kill the handler's worker ($via)",
    async ({ chunked }) => {
      const { input, output, dlq, groupId } = await stageTopics(1);
      // The heap fills long before the deadline, even on a loaded machine: each marked record
      // meets the fate it is marked for, never the other one.
      const pool = await startHandlerPool({
        module: markedHandler,
        threads: 1,
        deadlineMs: 10_000,
        maxHeapMb: 64,
      });
      cleanups.push(() => pool.close());
      const stage = runPipelineStage({
        kafka,
        logger,
        stage: "test-pool",
        inputTopic: input,
        outputTopic: output,
        dlqTopic: dlq,
        groupId,
        handler: pool.handler,
        ...(chunked ? { chunkHandler: pool.chunkHandler } : {}),
        maxHandlerAttempts: 2,
      });
      cleanups.push(() => stage.stop());
      const values = ["a", "hang", "b", "explode-heap", "c", "explode-string", "d", "exit", "e"];
      await produce(input, values, 0);

      const out = await Reader.start(output);
      const dead = await Reader.start(dlq);
      await out.waitFor(5, "the 5 good records");
      await dead.waitFor(4, "the 4 marked records");
      await waitForCommittedEnd(groupId, input);

      // In order: the partition moved past every marked record.
      expect(out.values()).toEqual(["A", "B", "C", "D", "E"]);
      expect(dead.messages.map((m) => [String(m.value), header(m, "error-code")])).toEqual([
        ["hang", "TOO_COMPLEX"],
        ["explode-heap", "HANDLER_CRASH"],
        ["explode-string", "HANDLER_CRASH"],
        ["exit", "HANDLER_CRASH"],
      ]);
      const hang = dead.messages[0];
      expect(hang && header(hang, "error-message")).toMatch(
        /^no result within 10000 ms \(RECORD_DEADLINE_MS\); its worker was terminated \(2 attempts\)$/,
      );
      // Each marked record had its two attempts, never more.
      expect(stage.stats.retried).toBe(4);
    },
  );

  it("is fenced when another producer initialises a partition's transactional id while the group still gives it the partition: fences in again, no restart, no duplicate", async () => {
    const { input, output, dlq, groupId } = await stageTopics(1);
    const lines: Record<string, unknown>[] = [];
    const capture = createLogger({
      service: "runtime-test",
      level: "warn",
      destination: { write: (line: string) => lines.push(JSON.parse(line)) },
    });
    const stage = runPipelineStage({
      kafka,
      logger: capture,
      stage: "test-fence",
      inputTopic: input,
      outputTopic: output,
      dlqTopic: dlq,
      groupId,
      handler: upper,
    });
    cleanups.push(() => stage.stop());
    const out = await Reader.start(output);
    await produce(input, ["one", "two"], 0);
    await out.waitFor(2, "the first two outputs");

    // What a new owner of input/0 does on assignment: the same id, initialised (epoch bumped).
    const usurper = kafka.producer({
      transactionalId: transactionalIdFor(groupId, input, 0),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await usurper.connect();
    await (await usurper.transaction()).abort();
    await usurper.disconnect();

    await produce(input, ["three", "four"], 0);
    await out.waitFor(4, "the outputs after the fence");
    await waitForCommittedEnd(groupId, input);
    await sleep(500);
    expect(out.values()).toEqual(["ONE", "TWO", "THREE", "FOUR"]);
    // A member the coordinator still gives the partition is no zombie (that case, with a
    // session rebuilt, is tests/integration/stage-fencing's and the scale-out fault test's).
    expect(
      lines.some((l) => String(l.msg).startsWith("producer fenced although the group still gives")),
    ).toBe(true);
    expect(stage.stats.restarts).toBe(0);
  });

  it("keeps every input exactly once while replicas join and leave the group mid-stream", async () => {
    const { input, output, dlq, groupId } = await stageTopics(4);
    const options = {
      kafka,
      logger,
      stage: "test-replicas",
      inputTopic: input,
      outputTopic: output,
      dlqTopic: dlq,
      groupId,
      handler: upper,
      maxRecordsPerTransaction: 20,
    };
    const first = runPipelineStage(options);
    cleanups.push(() => first.stop());
    const values = Array.from({ length: 600 }, (_, i) => `story-${i}`);
    const out = await Reader.start(output);
    await produce(input, values.slice(0, 200));
    await out.waitFor(50, "the first outputs");
    const second = runPipelineStage(options);
    cleanups.push(() => second.stop());
    await produce(input, values.slice(200, 400));
    await out.waitFor(300, "outputs with two replicas");
    await first.stop();
    await produce(input, values.slice(400));
    await out.waitFor(values.length, "every output");
    await waitForCommittedEnd(groupId, input);
    await sleep(500);
    expect(out.values().sort()).toEqual(values.map((v) => v.toUpperCase()).sort());
    expect(second.stats.processed).toBeGreaterThan(0);
  });
});

describe("runSink on a real broker", () => {
  it("commits only after the write succeeded, retrying a transient failure, dead-lettering what can never be written", async () => {
    const [input, dlq] = await Promise.all([
      createTopic(kafka, { prefix: "rs-in" }),
      createTopic(kafka, { prefix: "rs-dlq" }),
    ]);
    const written: string[] = [];
    const lines: Record<string, unknown>[] = [];
    let failuresLeft = 3;
    const groupId = `rs-${randomUUID()}`;
    const sink = runSink({
      kafka,
      logger: createLogger({
        service: "runtime-test",
        level: "info",
        destination: { write: (line: string) => lines.push(JSON.parse(line)) },
      }),
      stage: "test-sink",
      inputTopic: input,
      dlqTopic: dlq,
      groupId,
      concurrency: 2,
      retry: { initialMs: 50, maxMs: 200 },
      handler: async (record) => {
        const value = String(record.value);
        if (value === "outage" && failuresLeft > 0) {
          failuresLeft -= 1;
          throw new ArchiveError("unavailable", "connect ECONNREFUSED");
        }
        if (value === "rejected-by-s3") throw new ArchiveError("rejected", "EntityTooLarge");
        if (value === "bug") throw new TypeError("cannot read properties of undefined");
        written.push(value);
        return { kind: "done", log: { storyId: `id-${value}` } };
      },
    });
    cleanups.push(() => sink.stop());
    await produce(input, ["one", "outage", "two", "rejected-by-s3", "bug"]);
    const dead = await Reader.start(dlq);
    await dead.waitFor(2, "2 dead letters");
    await waitForCommittedEnd(groupId, input);

    expect(written.sort()).toEqual(["one", "outage", "two"]);
    expect(failuresLeft).toBe(0);
    // The same default for an unclassified throw as the stage's: HANDLER_ERROR, at once.
    expect(dead.messages.map((m) => [String(m.value), header(m, "error-code")])).toEqual([
      ["rejected-by-s3", "ARCHIVE_REJECTED"],
      ["bug", "HANDLER_ERROR"],
    ]);
    // The generic sink says "written"; only the archiver names its records "archived".
    const done = lines.filter((l) => l.msg === "written");
    expect(done.map((l) => l.storyId).sort()).toEqual(["id-one", "id-outage", "id-two"]);
    expect(lines.some((l) => l.msg === "archived")).toBe(false);
  });
});

describe("service configuration", () => {
  it.each(["normalizer", "enricher", "archiver"])(
    "%s stops at start on KAFKA_BROKERS='not a broker', naming the variable, without connecting",
    async (service) => {
      const root = fileURLToPath(new URL("../../", import.meta.url));
      const child = spawn(
        process.execPath,
        ["--import", "tsx", `services/${service}/src/main.ts`],
        {
          cwd: root,
          env: { ...process.env, KAFKA_BROKERS: "not a broker", NO_PRETTY: "1" },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      let stderr = "";
      let stdout = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
      });
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      expect(code).toBe(1);
      const fatal = stderr
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { level: string; service: string; msg: string });
      expect(fatal).toEqual([
        {
          level: "fatal",
          service,
          msg: "Invalid configuration: KAFKA_BROKERS is invalid: entry 1 is not host:port (a host name or IP address, a port 1-65535); separate brokers with commas",
        },
      ]);
      // Nothing was tried: no client, no kafkajs line, no retry.
      expect(stdout).toBe("");
      expect(stderr).not.toMatch(/kafkajs|Port should be|retry/i);
    },
  );
});
