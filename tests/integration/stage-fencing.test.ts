import { randomUUID } from "node:crypto";
import { runPipelineStage, type StageResult, transactionalIdFor } from "@newswire/runtime";
import { type Kafka, Partitioners } from "kafkajs";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createTopic, runtimeKafka } from "../support/resources.js";
import { TopicReader } from "../support/topic-reader.js";

const lines: string[] = [];
const logger = pino({ level: "info" }, { write: (line: string) => lines.push(line) });
const kafka: Kafka = runtimeKafka("stage-fencing-test", logger);
const open: { disconnect(): Promise<void> }[] = [];
afterEach(async () => {
  for (const client of open.splice(0).reverse()) await client.disconnect().catch(() => undefined);
});
const logged = (msg: RegExp) =>
  lines.filter((line) => msg.test(String((JSON.parse(line) as { msg?: unknown }).msg)));

describe("a stage whose partition's transactional id is initialised again while it still owns the partition", () => {
  it("fences in again and publishes every record once, without rebuilding its session (a previous owner's late fence-in is no zombie)", async () => {
    const [input, output, dlq] = await Promise.all([
      createTopic(kafka, { prefix: "fence-in" }),
      createTopic(kafka, { prefix: "fence-out" }),
      createTopic(kafka, { prefix: "fence-dlq" }),
    ]);
    const groupId = `fence-${randomUUID()}`;
    const stage = runPipelineStage({
      kafka,
      logger,
      stage: "fencing",
      inputTopic: input,
      outputTopic: output,
      dlqTopic: dlq,
      groupId,
      handler: (record): StageResult => ({
        kind: "publish",
        key: record.key,
        value: String(record.value),
        headers: {},
      }),
    });
    open.push({ disconnect: () => stage.stop() });
    const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    open.push(producer);
    const send = (from: number, to: number) =>
      producer.send({
        topic: input,
        acks: -1,
        messages: Array.from({ length: to - from }, (_, i) => ({
          key: "k",
          value: `v${from + i}`,
        })),
      });
    const reader = await TopicReader.start(kafka, output);
    open.push({ disconnect: () => reader.stop() });

    await send(0, 5);
    await reader.waitFor((m) => m.length >= 5, 60_000, "the first 5 records");

    // What a previous owner's fence-in that was still retrying does when it finally lands: an
    // InitProducerId for the partition's id, which bumps the epoch under the live owner.
    const stale = kafka.producer({
      transactionalId: transactionalIdFor(groupId, input, 0),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await stale.connect();
    const fenceIn = await stale.transaction();
    await fenceIn.abort();
    await stale.disconnect();

    await send(5, 10);
    await reader.waitFor((m) => m.length >= 10, 60_000, "all 10 records");
    await new Promise((r) => setTimeout(r, 1_000));
    expect(reader.messages.map((m) => String(m.value)).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `v${i}`).sort(),
    );
    expect(logged(/fencing in again/)).toHaveLength(1);
    expect(logged(/kafka session failed/)).toEqual([]);
    expect(stage.ready()).toBe(true);
  });
});
