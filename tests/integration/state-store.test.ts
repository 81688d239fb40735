import { randomUUID } from "node:crypto";
import {
  assertCopartitioned,
  createLogger,
  PartitionStateStore,
  type PartitionTask,
  partitionOfKey,
  runPipelineStage,
  type StageResult,
  type StateCodec,
} from "@newswire/runtime";
import { type Admin, type Kafka, type Message, Partitioners, type Producer } from "kafkajs";
import { afterEach, describe, expect, it } from "vitest";
import { createTopic, runtimeKafka, uniqueTransactionalId } from "../support/resources.js";
import { TopicReader } from "../support/topic-reader.js";

const logger = createLogger({ service: "state-store-test", level: "silent" });
const kafka: Kafka = runtimeKafka("state-store-test", logger);
const open: { disconnect(): Promise<void> }[] = [];
afterEach(async () => {
  for (const client of open.splice(0).reverse()) await client.disconnect().catch(() => undefined);
});

/**
 * An admin client of the test's own: kafkajs refreshes metadata for every topic a client ever
 * asked about, so one shared across tests fails once an earlier test's topics are deleted.
 */
async function testAdmin(): Promise<Admin> {
  const admin = kafka.admin();
  await admin.connect();
  open.push(admin);
  return admin;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counters: the value of a key is an integer. */
const counts: StateCodec<number> = {
  encode: (n) => String(n),
  decode: (bytes) => {
    const n = Number(bytes.toString("utf8"));
    if (!Number.isSafeInteger(n)) throw new Error("not an integer");
    return n;
  },
};

const changelog = (partitions = 2) =>
  createTopic(kafka, {
    prefix: "state-changelog",
    partitions,
    config: { "cleanup.policy": "compact" },
  });

async function transactionalProducer(transactionalId: string): Promise<Producer> {
  const producer = kafka.producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  open.push(producer);
  return producer;
}

const asMessages = (records: ReturnType<PartitionStateStore<number>["put"]>[]): Message[] =>
  records.map((r) => ({ key: r.key, value: r.value, partition: r.partition, headers: r.headers }));

const restore = async (topic: string, partition: number) =>
  PartitionStateStore.restore({
    kafka,
    admin: await testAdmin(),
    topic,
    partition,
    codec: counts,
    groupPrefix: `state-test-${randomUUID().slice(0, 8)}`,
  });

describe("PartitionStateStore on a real broker", () => {
  it("restores what committed transactions wrote to its partition: last write wins, tombstones delete, aborted writes never count", async () => {
    const topic = await changelog(2);
    const writer = new PartitionStateStore(topic, 1, counts);
    const producer = await transactionalProducer(uniqueTransactionalId("state-writer"));

    const commit = async (records: ReturnType<typeof writer.put>[]) => {
      const transaction = await producer.transaction();
      await transaction.send({ topic, acks: -1, messages: asMessages(records) });
      await transaction.commit();
      writer.commit();
    };
    await commit([writer.put("a", 1), writer.put("b", 1), writer.put("c", 1)]);
    await commit([writer.put("a", 2), writer.delete("b")]);
    // Aborted: none of it may come back.
    const aborted = await producer.transaction();
    await aborted.send({
      topic,
      acks: -1,
      messages: asMessages([writer.put("a", 99), writer.put("z", 99)]),
    });
    await aborted.abort();
    writer.discard();
    await commit([writer.put("c", 3)]);
    // Another partition of the changelog is another store's.
    await producer.send({
      topic,
      acks: -1,
      messages: [{ key: "other", value: "7", partition: 0 }],
    });

    const { store, figures } = await restore(topic, 1);
    expect(new Map(store.entries())).toEqual(
      new Map([
        ["a", 2],
        ["c", 3],
      ]),
    );
    expect(new Map(store.entries())).toEqual(new Map(writer.entries()));
    expect(figures).toMatchObject({ keys: 2, records: 6 });
    const other = await restore(topic, 0);
    expect([...other.store.entries()]).toEqual([["other", 7]]);
  });

  it("restores an empty partition at once, and fails with TOPICS_INVALID for a partition the changelog lacks", async () => {
    const topic = await changelog(1);
    const { store, figures } = await restore(topic, 0);
    expect(store.size).toBe(0);
    expect(figures.records).toBe(0);
    await expect(restore(topic, 3)).rejects.toMatchObject({ code: "TOPICS_INVALID", fatal: true });
  });

  it("stops with STATE_INVALID (fatal) on a record that is no value of the store", async () => {
    const topic = await changelog(1);
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    open.push(producer);
    await producer.send({
      topic,
      acks: -1,
      messages: [
        { key: "a", value: "1", partition: 0 },
        { key: "b", value: "not a number", partition: 0 },
      ],
    });
    await expect(restore(topic, 0)).rejects.toMatchObject({ code: "STATE_INVALID", fatal: true });
  });

  it("keeps a zombie's state writes out: once the new owner's producer is fenced in, the old owner's transaction cannot commit", async () => {
    const topic = await changelog(1);
    const transactionalId = uniqueTransactionalId("state-owner");
    const zombie = await transactionalProducer(transactionalId);
    const zombieStore = new PartitionStateStore(topic, 0, counts);
    const first = await zombie.transaction();
    await first.send({ topic, acks: -1, messages: asMessages([zombieStore.put("k", 1)]) });
    await first.commit();
    zombieStore.commit();

    // The zombie opens its next transaction; meanwhile the partition's new owner initialises the
    // same transactional id (what PartitionProducers does on assignment) and restores.
    const late = await zombie.transaction();
    await late.send({ topic, acks: -1, messages: asMessages([zombieStore.put("k", 100)]) });
    const owner = await transactionalProducer(transactionalId);
    const fence = await owner.transaction();
    await fence.abort();
    const restored = await restore(topic, 0);
    expect(restored.store.get("k")).toBe(1);

    await expect(late.commit()).rejects.toThrow();
    const ownerStore = restored.store;
    const next = await owner.transaction();
    await next.send({ topic, acks: -1, messages: asMessages([ownerStore.put("k", 2)]) });
    await next.commit();
    ownerStore.commit();

    const again = await restore(topic, 0);
    expect([...again.store.entries()]).toEqual([["k", 2]]);
  });
});

describe("co-partitioning", () => {
  it("puts a key where the producer's default partitioner puts it", async () => {
    const topic = await createTopic(kafka, { prefix: "copart", partitions: 6 });
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    open.push(producer);
    const keys = Array.from({ length: 40 }, (_, i) => `id|urn:newsml:example.com:2024:story-${i}`);
    const [sent] = await producer.send({
      topic,
      acks: -1,
      messages: keys.map((key) => ({ key, value: "x" })),
    });
    expect(sent).toBeDefined();
    const reader = await TopicReader.start(kafka, topic);
    open.push({ disconnect: () => reader.stop() });
    await reader.waitFor((m) => m.length >= keys.length, 30_000, "every key");
    expect(reader.messages).toHaveLength(keys.length);
    for (const record of reader.messages) {
      expect(partitionOfKey(record.key ?? "", 6), record.key ?? "").toBe(record.partition);
    }
    expect(new Set(reader.messages.map((m) => m.partition)).size).toBeGreaterThan(1);
  });

  it("refuses topics whose partition counts differ, or a changelog that is not compacted, naming the variables", async () => {
    const [input, six, three, deleting] = await Promise.all([
      createTopic(kafka, { prefix: "copart-in", partitions: 6 }),
      createTopic(kafka, {
        prefix: "copart-six",
        partitions: 6,
        config: { "cleanup.policy": "compact" },
      }),
      createTopic(kafka, {
        prefix: "copart-three",
        partitions: 3,
        config: { "cleanup.policy": "compact" },
      }),
      createTopic(kafka, { prefix: "copart-delete", partitions: 6 }),
    ]);
    const named = (variable: string, name: string) => ({ variable, name });
    const admin = await testAdmin();
    await expect(
      assertCopartitioned(
        admin,
        [named("TOPIC_NORMALIZED", input), named("TOPIC_CURRENT", six)],
        [named("TOPIC_CURRENT", six)],
      ),
    ).resolves.toBe(6);
    await expect(
      assertCopartitioned(admin, [
        named("TOPIC_NORMALIZED", input),
        named("TOPIC_CURRENT_STATE", three),
      ]),
    ).rejects.toThrow(/TOPIC_NORMALIZED \(.*\) has 6, TOPIC_CURRENT_STATE \(.*\) has 3/);
    await expect(
      assertCopartitioned(
        admin,
        [named("TOPIC_NORMALIZED", input)],
        [named("TOPIC_CURRENT_STATE", deleting)],
      ),
    ).rejects.toMatchObject({ code: "TOPICS_INVALID", fatal: true });
  });
});

describe("a stateful stage (runPipelineStage with openPartition) on a real broker", () => {
  /**
   * A task that counts the records of each key in its partition's state and publishes
   * "<key>=<count>"; punctuation publishes "tick:<keys>" once per partition. Stopped and started
   * again, the counts go on from the restored state.
   */
  function countingStage(
    topics: { input: string; output: string; dlq: string; state: string },
    groupId: string,
    slow?: {
      /** Each record's handler waits this long, so a chunk is in flight for a while. */
      handlerDelayMs: number;
      maxRecordsPerTransaction: number;
      onHandle: () => void;
    },
  ) {
    const opened: number[] = [];
    const stage = runPipelineStage({
      kafka,
      logger,
      stage: "counting",
      inputTopic: topics.input,
      outputTopic: topics.output,
      dlqTopic: topics.dlq,
      groupId,
      handler: async (record): Promise<StageResult> => {
        if (slow) {
          slow.onHandle();
          await sleep(slow.handlerDelayMs);
        }
        return { kind: "publish", key: record.key, value: String(record.value), headers: {} };
      },
      ...(slow && {
        maxRecordsPerTransaction: slow.maxRecordsPerTransaction,
        // Heartbeats often, so a rebalance reaches the chunk in flight at its next record.
        consumer: { sessionTimeoutMs: 10_000, heartbeatIntervalMs: 300 },
      }),
      punctuateIntervalMs: 200,
      openPartition: async (context) => {
        const { store } = await PartitionStateStore.restore({
          kafka: context.kafka,
          admin: context.admin,
          topic: topics.state,
          partition: context.partition,
          codec: counts,
          groupPrefix: groupId,
        });
        opened.push(context.partition);
        let ticked = false;
        const task: PartitionTask = {
          process: (result) => {
            if (result.kind !== "publish") return result;
            const key = String(result.key);
            const count = (store.get(key) ?? 0) + 1;
            return {
              kind: "emit",
              records: [{ key, value: `${key}=${count}`, headers: {} }, store.put(key, count)],
            };
          },
          commit: () => store.commit(),
          discard: () => store.discard(),
          punctuate: () => {
            if (ticked || store.size === 0) return [];
            ticked = true;
            return [{ key: "tick", value: `tick:${store.size}`, headers: {}, partition: 0 }];
          },
        };
        return task;
      },
    });
    return { stage, opened };
  }

  it("counts across a restart from the changelog, commits state with the output, and punctuates", async () => {
    const [input, output, dlq, state] = await Promise.all([
      createTopic(kafka, { prefix: "count-in", partitions: 2 }),
      createTopic(kafka, { prefix: "count-out" }),
      createTopic(kafka, { prefix: "count-dlq" }),
      changelog(2),
    ]);
    const topics = { input, output, dlq, state };
    const groupId = `count-${randomUUID()}`;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    open.push(producer);
    const send = (keys: string[]) =>
      producer.send({ topic: input, acks: -1, messages: keys.map((key) => ({ key, value: key })) });
    const reader = await TopicReader.start(kafka, output);
    open.push({ disconnect: () => reader.stop() });
    const values = () => reader.messages.map((m) => String(m.value));

    const first = countingStage(topics, groupId);
    await send(["x", "y", "x", "z", "x"]);
    await reader.waitFor((m) => m.filter((r) => r.key !== "tick").length === 5, 60_000, "5 counts");
    await reader.waitFor((m) => m.some((r) => r.key === "tick"), 30_000, "a punctuation");
    await first.stage.stop();
    expect(values().filter((v) => !v.startsWith("tick"))).toEqual(
      expect.arrayContaining(["x=1", "x=2", "x=3", "y=1", "z=1"]),
    );
    expect(new Set(first.opened)).toEqual(new Set([0, 1]));

    const second = countingStage(topics, groupId);
    await send(["x", "y"]);
    await reader.waitFor((m) => m.filter((r) => r.key !== "tick").length === 7, 60_000, "7 counts");
    await second.stage.stop();
    const counted = values().filter((v) => !v.startsWith("tick"));
    expect(counted.slice(5).sort()).toEqual(["x=4", "y=2"]);
    await sleep(300);
    expect(reader.messages.filter((r) => r.key !== "tick")).toHaveLength(7);
  });

  it("reads a partition's state back after a rebalance cut its chunk short: a member that keeps the partition counts on from what committed, not from what it had staged", async () => {
    const [input, output, dlq, state] = await Promise.all([
      createTopic(kafka, { prefix: "cut-in", partitions: 2 }),
      createTopic(kafka, { prefix: "cut-out" }),
      createTopic(kafka, { prefix: "cut-dlq" }),
      changelog(2),
    ]);
    const topics = { input, output, dlq, state };
    const groupId = `cut-${randomUUID()}`;
    // One key per partition, so whichever partition a member keeps, one key's count is its own.
    const keyOf = (partition: number) => {
      for (let n = 0; ; n++) if (partitionOfKey(`k${n}`, 2) === partition) return `k${n}`;
    };
    const keys = [keyOf(0), keyOf(1)];
    // Enough chunks that a second member, however slowly it starts, joins while some are left.
    const perKey = 100;
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    open.push(producer);
    await producer.send({
      topic: input,
      acks: -1,
      messages: Array.from({ length: perKey }, () =>
        keys.map((key) => ({ key, value: key })),
      ).flat(),
    });
    const reader = await TopicReader.start(kafka, output);
    open.push({ disconnect: () => reader.stop() });
    const counted = () => reader.messages.filter((r) => r.key !== "tick");

    let handled = 0;
    const slow = {
      handlerDelayMs: 100,
      maxRecordsPerTransaction: 20,
      onHandle: () => {
        handled += 1;
      },
    };
    const first = countingStage(topics, groupId, slow);
    // A chunk of each partition committed and the next ones in flight: a second member joins.
    await reader.waitFor(
      () => counted().length >= 2 * slow.maxRecordsPerTransaction,
      60_000,
      "a chunk a partition",
    );
    const second = countingStage(topics, groupId, slow);
    await reader.waitFor(() => counted().length >= 2 * perKey, 120_000, "every count");
    await sleep(1_000);
    await Promise.all([first.stage.stop(), second.stage.stop()]);

    // The rebalance did cut chunks short: some records were handled again after it.
    expect(handled).toBeGreaterThan(2 * perKey);
    // Committed output: each key counted 1..perKey, each count once.
    const expected = keys.flatMap((key) =>
      Array.from({ length: perKey }, (_, i) => `${key}=${i + 1}`),
    );
    expect(
      counted()
        .map((r) => String(r.value))
        .sort(),
    ).toEqual(expected.sort());
  });
});
