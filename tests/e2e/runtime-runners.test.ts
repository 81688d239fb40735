import { randomUUID } from "node:crypto";
import {
  createKafka,
  createLogger,
  type InputRecord,
  kafkaEnvSchema,
  loadConfig,
  RuntimeError,
  runPipelineStage,
  runSink,
  type StageResult,
} from "@newswire/runtime";
import { type Kafka, Partitioners } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createTopic, stackConnection } from "../support/resources.js";
import { header, TopicReader } from "./pipeline-harness.js";

const logger = createLogger({ service: "runtime-test", level: "silent" });
const kafka: Kafka = createKafka(
  loadConfig(kafkaEnvSchema, { KAFKA_BROKERS: stackConnection().kafkaBrokers.join(",") }),
  logger,
  "runtime-test",
);
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function produce(topic: string, values: string[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic,
    messages: values.map((value) => ({ value, headers: { "wire-source": "runtime-test" } })),
  });
  await producer.disconnect();
}

async function reader(topic: string): Promise<TopicReader> {
  const r = await TopicReader.start(kafka, topic);
  cleanups.push(() => r.stop());
  return r;
}

describe("runPipelineStage on a real broker", () => {
  it("publishes, dead-letters rejects and unclassified throws, and retries retryable throws", async () => {
    const [input, output, dlq] = await Promise.all([
      createTopic(kafka, { prefix: "rt-in", partitions: 2 }),
      createTopic(kafka, { prefix: "rt-out" }),
      createTopic(kafka, { prefix: "rt-dlq" }),
    ]);
    const attempts = new Map<string, number>();
    const handler = (record: InputRecord): StageResult => {
      const value = String(record.value);
      const attempt = (attempts.get(value) ?? 0) + 1;
      attempts.set(value, attempt);
      if (value.startsWith("flaky") && attempt < 3) {
        throw new RuntimeError("KAFKA_TRANSIENT", "not yet", { retryable: true });
      }
      if (value.startsWith("bug")) throw new TypeError("cannot read properties of undefined");
      if (value.startsWith("bad")) return { kind: "reject", code: "NO_BODY", message: "no body" };
      return {
        kind: "publish",
        key: value,
        value: value.toUpperCase(),
        headers: { "schema-version": "1" },
      };
    };
    const groupId = `rt-${randomUUID()}`;
    const stage = runPipelineStage({
      kafka,
      logger,
      stage: "test-stage",
      inputTopic: input,
      outputTopic: output,
      dlqTopic: dlq,
      groupId,
      transactionalId: `${groupId}-0`,
      handler,
      maxRecordsPerTransaction: 3,
    });
    cleanups.push(() => stage.stop());
    const values = ["a", "b", "flaky-c", "bad-d", "bug-e", "f", "g", "h"];
    await produce(input, values);

    const out = await reader(output);
    const dead = await reader(dlq);
    await out.waitFor((m) => m.length >= 6, 60_000, "6 outputs");
    await dead.waitFor((m) => m.length >= 2, 60_000, "2 dead letters");
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    expect(out.messages.map((m) => String(m.value)).sort()).toEqual([
      "A",
      "B",
      "F",
      "FLAKY-C",
      "G",
      "H",
    ]);
    expect(attempts.get("flaky-c")).toBe(3);
    expect(stage.stats.retried).toBe(2);

    const byCode = Object.fromEntries(dead.messages.map((m) => [header(m, "error-code"), m]));
    expect(Object.keys(byCode).sort()).toEqual(["HANDLER_ERROR", "NO_BODY"]);
    const bug = byCode.HANDLER_ERROR;
    expect(String(bug?.value)).toBe("bug-e");
    expect(bug && header(bug, "error-message")).toBe("cannot read properties of undefined");
    expect(bug && header(bug, "failed-stage")).toBe("test-stage");
    expect(bug && header(bug, "original-topic")).toBe(input);
    expect(bug && header(bug, "wire-source")).toBe("runtime-test");

    // The group's committed offsets cover every input: a restart would not redo anything.
    const admin = kafka.admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
    const ends = await admin.fetchTopicOffsets(input);
    await admin.disconnect();
    for (const partition of committed?.partitions ?? []) {
      const end = ends.find((e) => e.partition === partition.partition);
      expect(Number(partition.offset)).toBe(Number(end?.high));
    }
  });
});

describe("runSink on a real broker", () => {
  it("commits only after the write succeeded, retrying a transient failure without dead-lettering", async () => {
    const [input, dlq] = await Promise.all([
      createTopic(kafka, { prefix: "rs-in" }),
      createTopic(kafka, { prefix: "rs-dlq" }),
    ]);
    const written: string[] = [];
    let failuresLeft = 3;
    const groupId = `rs-${randomUUID()}`;
    const sink = runSink({
      kafka,
      logger,
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
          throw Object.assign(new Error("connect ECONNREFUSED"), { retryable: true });
        }
        if (value === "rejected-by-s3") {
          throw Object.assign(new Error("EntityTooLarge"), { retryable: false, code: "rejected" });
        }
        written.push(value);
        return { kind: "done" };
      },
    });
    cleanups.push(() => sink.stop());
    await produce(input, ["one", "outage", "two", "rejected-by-s3"]);
    const dead = await reader(dlq);
    await dead.waitFor((m) => m.length >= 1, 60_000, "1 dead letter");
    const deadline = Date.now() + 30_000;
    while (written.length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    expect(written.sort()).toEqual(["one", "outage", "two"]);
    expect(failuresLeft).toBe(0);
    expect(dead.messages.map((m) => [String(m.value), header(m, "error-code")])).toEqual([
      ["rejected-by-s3", "REJECTED"],
    ]);
    const admin = kafka.admin();
    await admin.connect();
    let offset = -1;
    while (offset !== 4 && Date.now() < deadline) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [input] });
      offset = Number(committed?.partitions[0]?.offset);
      if (offset !== 4) await new Promise((r) => setTimeout(r, 100));
    }
    await admin.disconnect();
    expect(offset).toBe(4);
  });
});
