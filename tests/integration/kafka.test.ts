import { execFile } from "node:child_process";
import { createLogger, ensureTopics } from "@newswire/runtime";
import type { Consumer, EachMessagePayload, Kafka, Producer } from "kafkajs";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import {
  createTopic,
  registerCleanup,
  testKafka,
  uniqueGroup,
  uniqueTopic,
  uniqueTransactionalId,
} from "../support/resources.js";

const kafka: Kafka = testKafka("kafka-integration-test");
const open: Array<Producer | Consumer> = [];
afterAll(async () => {
  for (const client of open.splice(0).reverse()) await client.disconnect();
});

interface Seen {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

function toSeen({ topic, partition, message }: EachMessagePayload): Seen {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (value !== undefined) headers[name] = value.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString(),
    value: message.value?.toString(),
    headers,
  };
}

/** Runs a consumer on `topic` from the beginning until `done(seen)` holds; returns what it saw. */
async function consumeUntil(
  consumer: Consumer,
  topic: string,
  done: (seen: readonly Seen[]) => boolean,
  timeoutMs = 60_000,
): Promise<Seen[]> {
  const seen: Seen[] = [];
  await consumer.connect();
  open.push(consumer);
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${timeoutMs} ms with ${seen.length} records`)),
      timeoutMs,
    );
    consumer
      .run({
        eachMessage: async (payload) => {
          seen.push(toSeen(payload));
          if (done(seen)) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.stop();
  return seen;
}

describe("kafkajs against the real broker", () => {
  it("produces and consumes keyed records with headers through a consumer group", async () => {
    const topic = await createTopic(kafka, { prefix: "it.keys", partitions: 3 });
    // Idempotent: a retried produce request (a slow, busy or fresh broker) writes no duplicate.
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    open.push(producer);

    const keys = ["alpha", "bravo", "charlie", "delta", "echo"];
    const messages = Array.from({ length: 40 }, (_, i) => {
      const key = keys[i % keys.length] ?? "alpha";
      return {
        key,
        value: JSON.stringify({ key, seq: i }),
        headers: { "x-seq": String(i), "x-source": "integration", "x-unicode": "Zürich – 東京" },
      };
    });
    await producer.send({ topic, messages });
    const admin = kafka.admin();
    await admin.connect();
    onTestFinished(() => admin.disconnect());
    const written = (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
    expect(written).toBe(messages.length);

    const group = uniqueGroup("it-keys");
    // A group delivers at least once: a rebalance right after the first join (usual on a freshly
    // started broker) may hand out records again, so count distinct positions.
    const position = (r: Seen): string => `${r.partition}:${r.offset}`;
    const delivered = await consumeUntil(
      kafka.consumer({ groupId: group }),
      topic,
      (s) => new Set(s.map(position)).size >= messages.length,
    );
    const seen = [...new Map(delivered.map((r) => [position(r), r])).values()];

    expect(seen).toHaveLength(messages.length);
    for (const record of seen) {
      const body = JSON.parse(record.value ?? "{}") as { key: string; seq: number };
      expect(record.key).toBe(body.key);
      expect(record.headers).toEqual({
        "x-seq": String(body.seq),
        "x-source": "integration",
        "x-unicode": "Zürich – 東京",
      });
    }
    // One key, one partition, in produce order.
    for (const key of keys) {
      const ofKey = seen.filter((r) => r.key === key);
      expect(new Set(ofKey.map((r) => r.partition)).size).toBe(1);
      const seqs = ofKey.map((r) => (JSON.parse(r.value ?? "{}") as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }

    // The group committed its position.
    {
      const deadline = Date.now() + 30_000;
      let committed = 0;
      while (Date.now() < deadline) {
        const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
        committed = (offsets?.partitions ?? []).reduce(
          (sum, p) => sum + Math.max(0, Number(p.offset)),
          0,
        );
        if (committed === messages.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(committed).toBe(messages.length);
    }
  });

  it("consume-transform-produce in transactions: read_committed sees commits, not aborts", async () => {
    const input = await createTopic(kafka, { prefix: "it.tx-in", partitions: 2 });
    const output = await createTopic(kafka, { prefix: "it.tx-out", partitions: 1 });

    const plain = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await plain.connect();
    open.push(plain);
    const inputs = Array.from({ length: 6 }, (_, i) => ({ key: `k${i}`, value: `in-${i}` }));
    await plain.send({ topic: input, messages: inputs });

    const txProducer = kafka.producer({
      transactionalId: uniqueTransactionalId("it"),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await txProducer.connect();
    open.push(txProducer);

    // Consume each input, produce its output and the consumed offset in one transaction.
    const group = uniqueGroup("it-tx");
    const processor = kafka.consumer({ groupId: group, readUncommitted: false });
    await processor.connect();
    open.push(processor);
    await processor.subscribe({ topic: input, fromBeginning: true });
    const processed = new Set<string>();
    await new Promise<void>((resolve, reject) => {
      processor
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const tx = await txProducer.transaction();
            try {
              await tx.send({
                topic: output,
                messages: [{ key: message.key, value: `out-${message.value?.toString()}` }],
              });
              await tx.sendOffsets({
                consumerGroupId: group,
                topics: [
                  {
                    topic,
                    partitions: [{ partition, offset: (BigInt(message.offset) + 1n).toString() }],
                  },
                ],
              });
              await tx.commit();
            } catch (error) {
              await tx.abort();
              throw error;
            }
            processed.add(`${partition}:${message.offset}`);
            if (processed.size === inputs.length) resolve();
          },
        })
        .catch(reject);
    });
    await processor.stop();

    // The offsets went in with the transactions.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [input] });
      const committed = (offsets?.partitions ?? []).reduce((sum, p) => sum + Number(p.offset), 0);
      expect(committed).toBe(inputs.length);
    } finally {
      await admin.disconnect();
    }

    // An aborted transaction, then a committed sentinel after it on the same partition.
    const aborted = await txProducer.transaction();
    await aborted.send({
      topic: output,
      messages: [
        { key: "x", value: "aborted-1" },
        { key: "y", value: "aborted-2" },
      ],
    });
    await aborted.abort();
    const sentinel = await txProducer.transaction();
    await sentinel.send({ topic: output, messages: [{ key: "z", value: "sentinel" }] });
    await sentinel.commit();

    const committedView = await consumeUntil(
      kafka.consumer({ groupId: uniqueGroup("it-rc"), readUncommitted: false }),
      output,
      (s) => s.some((r) => r.value === "sentinel"),
    );
    // (kafkajs has no KIP-447 group fencing: a rebalance could repeat an input's transaction, so
    // compare the distinct values.)
    expect([...new Set(committedView.map((r) => r.value))].sort()).toEqual(
      [...inputs.map((m) => `out-${m.value}`), "sentinel"].sort(),
    );

    // The aborted records were really written: read_uncommitted sees them.
    const uncommittedView = await consumeUntil(
      kafka.consumer({ groupId: uniqueGroup("it-ru"), readUncommitted: true }),
      output,
      (s) => s.some((r) => r.value === "sentinel"),
    );
    expect(uncommittedView.map((r) => r.value)).toEqual(
      expect.arrayContaining(["aborted-1", "aborted-2"]),
    );
  });
});

describe("read_committed delivery (kafkajs patched at install: patches/kafkajs+2.2.4.patch)", () => {
  it("never hands over a record of an aborted transaction, also when two aborted transactions overlap", async () => {
    // The shape a scale-out run produced: two producers killed inside open transactions on one
    // partition, rolled back one after the other, and a consumer whose fetch starts between the
    // first one's first offset and its abort marker. Unpatched kafkajs 2.2.4 activates at most one
    // aborted transaction per message, so B's record leaked.
    const topic = await createTopic(kafka, { prefix: "it.aborted-overlap", partitions: 1 });
    const a = kafka.producer({
      transactionalId: uniqueTransactionalId("it-a"),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const b = kafka.producer({
      transactionalId: uniqueTransactionalId("it-b"),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    const plain = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    for (const producer of [a, b, plain]) {
      await producer.connect();
      open.push(producer);
    }
    const ta = await a.transaction();
    await ta.send({ topic, messages: [{ partition: 0, value: "a1 (aborted)" }] }); // offset 0
    const tb = await b.transaction();
    await tb.send({ topic, messages: [{ partition: 0, value: "b1 (aborted)" }] }); // offset 1
    await ta.abort(); // marker at 2; the last stable offset is now b1's
    await plain.send({ topic, messages: [{ partition: 0, value: "c1 (committed)" }] });

    const seen: string[] = [];
    const consumer = kafka.consumer({
      groupId: uniqueGroup("it-overlap"),
      readUncommitted: false,
      maxWaitTimeInMs: 200,
    });
    await consumer.connect();
    open.push(consumer);
    // The consumer has stepped over a1 (a batch of nothing but aborted records) once a batch
    // ending at offset 0 was processed: its next fetch starts at 1, inside B's transaction.
    let pastFirstAbort: () => void = () => undefined;
    const steppedOver = new Promise<void>((resolve) => {
      pastFirstAbort = resolve;
    });
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      if (Number(payload.lastOffset) >= 0) pastFirstAbort();
    });
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
      },
    });
    await steppedOver;
    expect(seen).toEqual([]);

    // Now a fetch from offset 1 lists both aborted transactions (A's first offset 0, B's 1).
    await tb.abort();
    await plain.send({ topic, messages: [{ partition: 0, value: "c2 (committed)" }] });
    const deadline = Date.now() + 30_000;
    while (!seen.includes("c2 (committed)") && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen).toEqual(["c1 (committed)", "c2 (committed)"]);
  });
});

describe("kafkajs on Node 24", () => {
  it("connects, produces and disconnects without a TimeoutNegativeWarning (patched request queue)", async () => {
    // A child process, so the warning would reach its stderr as it reaches a service's.
    const script = `
      import { Kafka, logLevel } from "kafkajs";
      const kafka = new Kafka({ brokers: process.env.KAFKA_BROKERS.split(","), logLevel: logLevel.NOTHING });
      const admin = kafka.admin();
      await admin.connect();
      await admin.listTopics();
      await admin.disconnect();
    `;
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ["--input-type=module", "-e", script],
        { env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: "1" }, timeout: 60_000 },
        (error, _stdout, err) => (error ? reject(error) : resolve(err)),
      );
    });
    expect(stderr).not.toMatch(/Warning/);
  });
});

describe("ensureTopics on the real broker", () => {
  it("four processes starting at once create the same new topics once, each with its leaders", async () => {
    const names = [uniqueTopic("ensure"), uniqueTopic("ensure"), uniqueTopic("ensure")];
    const definitions = names.map((name) => ({
      name,
      partitions: 6,
      replicationFactor: 1,
      config: {},
    }));
    const logger = createLogger({ service: "test", level: "silent" });
    const [first, ...others] = [1, 2, 3, 4].map(() => kafka.admin());
    if (!first) throw new Error("no admin");
    const admins = [first, ...others];
    registerCleanup(async () => {
      await first.deleteTopics({ topics: names });
      for (const admin of admins) await admin.disconnect();
    });
    for (const admin of admins) await admin.connect();
    // Racing creators get TOPIC_ALREADY_EXISTS, and the winner's topics may briefly be unknown
    // to the broker's metadata: every one of them must still end with the topics ready.
    await Promise.all(admins.map((admin) => ensureTopics(admin, definitions, logger)));
    const { topics } = await first.fetchTopicMetadata({ topics: names });
    expect(topics.map((t) => [t.name, t.partitions.length]).sort()).toEqual(
      names.map((name) => [name, 6]).sort(),
    );
    expect(topics.every((t) => t.partitions.every((p) => p.leader >= 0))).toBe(true);
  });
});
