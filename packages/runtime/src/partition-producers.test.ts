import { pino } from "pino";
import { describe, expect, it } from "vitest";
import {
  type ChunkCommit,
  PartitionProducers,
  type TransactionalProducerLike,
  type TransactionLike,
} from "./partition-producers.js";

type Step = "sendBatch" | "sendOffsets" | "commit" | "abort";

/** Records every call; a step can fail (once) or wait for a gate the test opens. */
class FakeProducer implements TransactionalProducerLike {
  readonly calls: string[] = [];
  readonly failures = new Map<Step, unknown>();
  readonly gates = new Map<Step, Promise<void>>();
  disconnected = false;

  constructor(readonly transactionalId: string) {}

  async connect(): Promise<void> {
    this.calls.push("connect");
  }

  async disconnect(): Promise<void> {
    this.calls.push("disconnect");
    this.disconnected = true;
  }

  async transaction(): Promise<TransactionLike> {
    this.calls.push("transaction");
    const step = async (name: Step, detail = "") => {
      this.calls.push(`${name}${detail}`);
      await this.gates.get(name);
      const failure = this.failures.get(name);
      if (failure !== undefined) {
        this.failures.delete(name);
        throw failure;
      }
    };
    return {
      sendBatch: (batch) =>
        step(
          "sendBatch",
          ` ${batch.topicMessages.map((t) => `${t.topic}:${t.messages.length}`).join(",")}`,
        ),
      sendOffsets: (offsets) =>
        step(
          "sendOffsets",
          ` ${offsets.consumerGroupId} ${offsets.topics
            .map((t) => t.partitions.map((p) => `${t.topic}/${p.partition}@${p.offset}`).join(","))
            .join(",")}`,
        ),
      commit: () => step("commit"),
      abort: () => step("abort"),
    };
  }
}

const kafkaError = (type: string, retriable: boolean) =>
  Object.assign(new Error(type), { name: "KafkaJSProtocolError", type, retriable });

function setup(
  committed: Record<number, bigint | null> = {},
  owns?: (topic: string, partition: number) => Promise<boolean>,
) {
  const created: FakeProducer[] = [];
  const order: string[] = [];
  const producers = new PartitionProducers({
    groupId: "g",
    outputTopic: "out",
    dlqTopic: "dlq",
    logger: pino({ level: "silent" }),
    backoff: { initialMs: 1, maxMs: 1 },
    createProducer: (id) => {
      const producer = new FakeProducer(id);
      created.push(producer);
      return producer;
    },
    committedOffset: async (_topic, partition) => {
      order.push(`committedOffset ${partition}`);
      return committed[partition] ?? null;
    },
    ...(owns ? { owns } : {}),
  });
  const latest = (partition: number) =>
    created.filter((p) => p.transactionalId === `g:in:${partition}`).at(-1) as FakeProducer;
  return { producers, created, latest, order };
}

const chunk = (partition: number, nextOffset: bigint, outputs = 2, dead = 1): ChunkCommit => ({
  topic: "in",
  partition,
  outputs: Array.from({ length: outputs }, (_, i) => ({ key: `k${i}`, value: `v${i}` })),
  deadLetters: Array.from({ length: dead }, () => ({ key: null, value: "bad" })),
  nextOffset,
});

describe("PartitionProducers (one transactional producer per input partition)", () => {
  it("fences each assigned partition's id on assignment, then commits a chunk as one transaction", async () => {
    const { producers, latest } = setup({ 0: 40n });
    producers.assign({ in: [0, 1] });
    const p0 = await producers.get("in", 0);
    expect(p0?.transactionalId).toBe("g:in:0");
    // kafkajs initialises the id at the first transaction: an empty one, at once.
    expect(latest(0).calls).toEqual(["connect", "transaction", "abort"]);
    expect(await p0?.committedOffsetOnce()).toBe(40n);
    expect(await p0?.committedOffsetOnce()).toBeUndefined();

    expect(await p0?.commit(chunk(0, 42n))).toBe("committed");
    expect(latest(0).calls.slice(3)).toEqual([
      "transaction",
      "sendBatch out:2,dlq:1",
      "sendOffsets g in/0@42",
      "commit",
    ]);
    expect(latest(1).calls).toEqual(["connect", "transaction", "abort"]);
  });

  it("aborts a transaction that failed and reports the chunk for processing again", async () => {
    const { producers, latest } = setup();
    producers.assign({ in: [0] });
    const p0 = await producers.get("in", 0);
    latest(0).failures.set("sendOffsets", kafkaError("COORDINATOR_NOT_AVAILABLE", true));
    expect(await p0?.commit(chunk(0, 10n))).toBe("aborted");
    expect(latest(0).calls.slice(-2)).toEqual(["sendOffsets g in/0@10", "abort"]);
    expect(latest(0).calls).not.toContain("commit");
    expect(await p0?.commit(chunk(0, 10n))).toBe("committed");
  });

  it("remembers the offset its last committed transaction moved the group to, kept when the partition stays with this member, never set by an aborted one", async () => {
    const { producers, latest } = setup({ 0: 40n });
    producers.assign({ in: [0] });
    const p0 = await producers.get("in", 0);
    expect(p0?.committedNext).toBeUndefined();
    expect(await p0?.commit(chunk(0, 42n))).toBe("committed");
    expect(p0?.committedNext).toBe(42n);
    latest(0).failures.set("sendOffsets", kafkaError("COORDINATOR_NOT_AVAILABLE", true));
    expect(await p0?.commit(chunk(0, 50n))).toBe("aborted");
    expect(p0?.committedNext).toBe(42n);
    // A rebalance that leaves the partition here keeps the producer, and with it the floor.
    producers.assign({ in: [0, 1] });
    expect(await producers.get("in", 0)).toBe(p0);
    expect(p0?.committedNext).toBe(42n);
    // A partition given back after it left starts over with a new producer.
    producers.assign({ in: [1] });
    producers.assign({ in: [0, 1] });
    expect((await producers.get("in", 0))?.committedNext).toBeUndefined();
  });

  it("treats a fenced producer's work as lost for good: no abort, no retry", async () => {
    const { producers, latest } = setup();
    producers.assign({ in: [0] });
    const p0 = await producers.get("in", 0);
    latest(0).failures.set("commit", kafkaError("INVALID_PRODUCER_EPOCH", false));
    expect(await p0?.commit(chunk(0, 5n))).toBe("fenced");
    const callsAfterFence = latest(0).calls.length;
    expect(latest(0).calls.at(-1)).toBe("commit");
    expect(await p0?.commit(chunk(0, 5n))).toBe("fenced");
    expect(latest(0).calls).toHaveLength(callsAfterFence);
  });

  it("fences in again when a fence comes while the group still gives this member the partition (a previous owner's late initialisation), a few times at most", async () => {
    const asked: string[] = [];
    const { producers, created, latest, order } = setup({ 0: 7n }, async (topic, partition) => {
      asked.push(`${topic}/${partition}`);
      return true;
    });
    producers.assign({ in: [0] });
    const p0 = await producers.get("in", 0);
    expect(await p0?.committedOffsetOnce()).toBe(7n);
    latest(0).failures.set("commit", kafkaError("INVALID_PRODUCER_EPOCH", false));
    // Not a zombie: the chunk is processed again, on a producer fenced in anew.
    expect(await p0?.commit(chunk(0, 9n))).toBe("aborted");
    expect(asked).toEqual(["in/0"]);
    expect(created).toHaveLength(2);
    expect((created[0] as FakeProducer).disconnected).toBe(true);
    const again = await producers.get("in", 0);
    expect(latest(0).calls).toEqual(["connect", "transaction", "abort"]);
    // The stale initialisation aborted our transaction: the position is read again.
    expect(await again?.committedOffsetOnce()).toBe(7n);
    expect(order).toEqual(["committedOffset 0", "committedOffset 0"]);
    expect(await again?.commit(chunk(0, 9n))).toBe("committed");
    // Bounded: past three fence-ins of one ownership a fence ends it.
    for (let i = 0; i < 2; i++) {
      latest(0).failures.set("sendBatch", kafkaError("INVALID_PRODUCER_EPOCH", false));
      expect(await p0?.commit(chunk(0, 10n))).toBe("aborted");
      await producers.get("in", 0);
    }
    latest(0).failures.set("sendBatch", kafkaError("INVALID_PRODUCER_EPOCH", false));
    expect(await p0?.commit(chunk(0, 10n))).toBe("fenced");
    expect(created).toHaveLength(4);
  });

  it("treats a fence as lost ownership when the coordinator no longer gives this member the partition", async () => {
    const { producers, created, latest } = setup({}, async () => false);
    producers.assign({ in: [0] });
    const p0 = await producers.get("in", 0);
    latest(0).failures.set("commit", kafkaError("PRODUCER_FENCED", false));
    expect(await p0?.commit(chunk(0, 5n))).toBe("fenced");
    expect(created).toHaveLength(1);
  });

  it("replaces a producer whose abort failed, and reads the position again after its fence", async () => {
    const { producers, created, latest, order } = setup({ 0: 7n });
    producers.assign({ in: [0] });
    const p0 = await producers.get("in", 0);
    expect(await p0?.committedOffsetOnce()).toBe(7n);
    const first = latest(0);
    first.failures.set("commit", kafkaError("REQUEST_TIMED_OUT", true));
    first.failures.set("abort", new Error("Cannot continue to use transaction once ended"));
    expect(await p0?.commit(chunk(0, 9n))).toBe("aborted");
    expect(created).toHaveLength(2);
    expect(first.disconnected).toBe(true);
    // The commit may have gone through: the replacement fences in, then the offset is read again.
    const again = await producers.get("in", 0);
    expect(latest(0).calls).toEqual(["connect", "transaction", "abort"]);
    expect(await again?.committedOffsetOnce()).toBe(7n);
    expect(order).toEqual(["committedOffset 0", "committedOffset 0"]);
  });

  it("on a rebalance mid-chunk, closes a revoked partition's producer only after its transaction settled", async () => {
    const { producers, latest, created } = setup();
    producers.assign({ in: [0, 1] });
    const p0 = await producers.get("in", 0);
    const p1Producer = latest(1);
    let release: () => void = () => undefined;
    latest(0).gates.set("commit", new Promise<void>((resolve) => (release = resolve)));
    const inFlight = p0?.commit(chunk(0, 3n));
    await new Promise((resolve) => setTimeout(resolve, 5));

    producers.assign({ in: [1, 2] });
    expect(await producers.get("in", 0)).toBeUndefined();
    expect(latest(0).disconnected).toBe(false);
    release();
    expect(await inFlight).toBe("committed");
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(latest(0).calls.slice(-2)).toEqual(["commit", "disconnect"]);
    // The partition kept is not fenced again; the new one is.
    expect(latest(1)).toBe(p1Producer);
    expect(created.map((p) => p.transactionalId)).toEqual(["g:in:0", "g:in:1", "g:in:2"]);
    expect(await p0?.commit(chunk(0, 4n))).toBe("revoked");
    await producers.close();
    expect(created.every((p) => p.disconnected)).toBe(true);
  });

  it("commits a partition while another's slow transaction is still open", async () => {
    const { producers, latest } = setup();
    producers.assign({ in: [0, 1] });
    const [p0, p1] = await Promise.all([producers.get("in", 0), producers.get("in", 1)]);
    let release: () => void = () => undefined;
    latest(0).gates.set("sendBatch", new Promise<void>((resolve) => (release = resolve)));
    const settled: string[] = [];
    const slow = p0?.commit(chunk(0, 100n)).then((o) => settled.push(`p0 ${o}`));
    const fast = p1?.commit(chunk(1, 50n)).then((o) => settled.push(`p1 ${o}`));
    await fast;
    expect(settled).toEqual(["p1 committed"]);
    release();
    await slow;
    expect(settled).toEqual(["p1 committed", "p0 committed"]);
  });

  it("rejects get() when a partition's producer could not be fenced in (the session then ends)", async () => {
    const { producers, created } = setup();
    producers.assign({ in: [0] });
    // assign() starts the fence; its empty transaction's abort is still ahead.
    (created[0] as FakeProducer).failures.set(
      "abort",
      kafkaError("TRANSACTIONAL_ID_AUTHORIZATION_FAILED", false),
    );
    await expect(producers.get("in", 0)).rejects.toMatchObject({
      type: "TRANSACTIONAL_ID_AUTHORIZATION_FAILED",
    });
  });
});
