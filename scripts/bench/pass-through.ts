/**
 * The benchmark's ceiling: one bare kafkajs consume -> produce hop, exactly-once like the
 * pipeline stages (packages/runtime runPipelineStage): read_committed consumer, eachBatch with
 * one partition at a time, chunks of MAX_RECORDS_PER_TRANSACTION records, each chunk one
 * transaction holding the outputs and sendOffsets, idempotent producer with one request in
 * flight. No parsing, no JSON, no logging per record: each output is a buffer of the size the
 * real stage would publish (header `bench-out-<hop>`: a byte count, or "dlq" to forward the
 * input unchanged to the DLQ topic as the real stage would), keyed by header `bench-key` (the
 * story id, which the real stages key by). A failure ends the process non-zero.
 *
 * Env: KAFKA_BROKERS, IN_TOPIC, OUT_TOPIC, DLQ_TOPIC, GROUP_ID, HOP (1|2),
 * MAX_RECORDS_PER_TRANSACTION (500). Prints "ready" when it joined its group.
 */
import { Kafka, logLevel, type Message, Partitioners } from "kafkajs";

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const brokers = env("KAFKA_BROKERS").split(",");
const inTopic = env("IN_TOPIC");
const outTopic = env("OUT_TOPIC");
const dlqTopic = env("DLQ_TOPIC");
const groupId = env("GROUP_ID");
const hop = env("HOP");
const maxChunk = Number(env("MAX_RECORDS_PER_TRANSACTION", "500"));
const filler = Buffer.alloc(8 * 1024 * 1024, "x");

const kafka = new Kafka({
  clientId: `bench-pass-through-${hop}`,
  brokers,
  logLevel: logLevel.ERROR,
  retry: { initialRetryTime: 300, retries: 8, maxRetryTime: 10_000 },
});
const producer = kafka.producer({
  transactionalId: `${groupId}-0`,
  idempotent: true,
  maxInFlightRequests: 1,
  transactionTimeout: 60_000,
  createPartitioner: Partitioners.DefaultPartitioner,
});
const consumer = kafka.consumer({
  groupId,
  readUncommitted: false,
  sessionTimeout: 30_000,
  heartbeatInterval: 3_000,
  maxBytesPerPartition: 1_048_576,
});
consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write("ready\n"));
consumer.on(consumer.events.CRASH, ({ payload }) => {
  process.stderr.write(`pass-through ${hop} crashed: ${String(payload.error)}\n`);
  process.exit(1);
});

await producer.connect();
await consumer.connect();
await consumer.subscribe({ topics: [inTopic], fromBeginning: true });
await consumer.run({
  autoCommit: false,
  eachBatchAutoResolve: false,
  partitionsConsumedConcurrently: 1,
  eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
    const { topic, partition, messages } = batch;
    for (let i = 0; i < messages.length; i += maxChunk) {
      if (!isRunning() || isStale()) return;
      const chunk = messages.slice(i, i + maxChunk);
      const last = chunk[chunk.length - 1];
      if (!last) return;
      const lastChunk = i + chunk.length >= messages.length;
      const resolvedTo = lastChunk ? batch.lastOffset() : last.offset;
      const outputs: Message[] = [];
      const deadLetters: Message[] = [];
      for (const message of chunk) {
        const out = message.headers?.[`bench-out-${hop}`]?.toString() ?? "dlq";
        if (out === "dlq") {
          deadLetters.push({ key: message.key, value: message.value, headers: message.headers });
        } else {
          // The real stages key their output by story id (stories.enriched is compacted, so
          // a key is required); the bench computed it up front.
          outputs.push({
            key: message.headers?.["bench-key"]?.toString() ?? message.key,
            value: filler.subarray(0, Number(out)),
            headers: message.headers,
          });
        }
      }
      const topicMessages = [];
      if (outputs.length > 0) topicMessages.push({ topic: outTopic, messages: outputs });
      if (deadLetters.length > 0) topicMessages.push({ topic: dlqTopic, messages: deadLetters });
      const transaction = await producer.transaction();
      try {
        await transaction.sendBatch({ topicMessages, acks: -1 });
        await transaction.sendOffsets({
          consumerGroupId: groupId,
          topics: [
            { topic, partitions: [{ partition, offset: (BigInt(resolvedTo) + 1n).toString() }] },
          ],
        });
        await transaction.commit();
      } catch (error) {
        await transaction.abort();
        throw error;
      }
      for (const message of chunk) resolveOffset(message.offset);
      if (lastChunk) resolveOffset(resolvedTo);
      await heartbeat();
    }
  },
});

const stop = async () => {
  await consumer.disconnect();
  await producer.disconnect();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
