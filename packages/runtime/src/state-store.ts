import { randomUUID } from "node:crypto";
import { type Admin, AssignerProtocol, type Kafka, type PartitionAssigner } from "kafkajs";
import type { Logger } from "pino";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import type { OutputRecord } from "./pipeline-stage.js";
import { errorMessage, RuntimeError } from "./runtime-error.js";

/** How a store's values become changelog record values and back. */
export interface StateCodec<V> {
  encode(value: V): string | Buffer;
  /**
   * Throws when the bytes are no value of this store (another writer, an incompatible version):
   * the restore then stops with STATE_INVALID, which is fatal. Guessing would corrupt the state.
   */
  decode(bytes: Buffer, key: string): V;
}

export interface RestoreOptions<V> {
  kafka: Kafka;
  /** A connected admin client: the partition's end offset, and the restore group's removal. */
  admin: Admin;
  /** The compacted changelog topic; the store holds one partition of it. */
  topic: string;
  partition: number;
  codec: StateCodec<V>;
  /** Names the restore consumer's group: `<groupPrefix>.restore.<partition>.<random>`. */
  groupPrefix: string;
  logger?: Logger;
  /** The restore fails (retryable) when it reads nothing for this long; default 30 s. */
  stallTimeoutMs?: number;
}

/** What restore() reports, for the log line and the tests. */
export interface RestoreFigures {
  records: number;
  keys: number;
  endOffset: string;
  ms: number;
}

/**
 * One partition of a key-value state kept in Kafka, the way a Kafka Streams task keeps a state
 * store: the truth is a compacted changelog topic, and this is its in-memory view.
 *
 * - restore(): reads the changelog partition from its beginning to its end (read_committed, so
 *   only what committed transactions wrote), last write per key wins, a null value deletes.
 *   Call it after the owner's transactional producer has fenced the previous owner: then no
 *   transaction of the previous owner is still open, and the end offset is final.
 * - put() / delete() stage a write and return the changelog record for it, which the caller
 *   sends in the same transaction as its outputs and input offsets; get() sees staged writes.
 * - commit() once that transaction committed; discard() when it was never attempted. When a
 *   commit's fate is unknown, throw the store away and restore a new one.
 *
 * Writes name their partition explicitly: the changelog partition is the input partition
 * (co-partitioning, state-store-topics.ts), whatever the key hashes to.
 */
export class PartitionStateStore<V> {
  readonly topic: string;
  readonly partition: number;
  readonly #codec: StateCodec<V>;
  /** Least recently written first: a write moves its key to the end. */
  readonly #committed = new Map<string, V>();
  readonly #staged = new Map<string, V | null>();

  constructor(
    topic: string,
    partition: number,
    codec: StateCodec<V>,
    entries: Iterable<[string, V]> = [],
  ) {
    this.topic = topic;
    this.partition = partition;
    this.#codec = codec;
    for (const [key, value] of entries) this.#committed.set(key, value);
  }

  /** The store as the changelog partition holds it now (see the class comment for when). */
  static async restore<V>(
    options: RestoreOptions<V>,
  ): Promise<{ store: PartitionStateStore<V>; figures: RestoreFigures }> {
    const started = performance.now();
    const store = new PartitionStateStore(options.topic, options.partition, options.codec);
    const offsets = await options.admin.fetchTopicOffsets(options.topic);
    const found = offsets.find((o) => o.partition === options.partition);
    if (!found) {
      throw new RuntimeError(
        "TOPICS_INVALID",
        `state changelog ${options.topic} has no partition ${options.partition}: it needs as many partitions as the input topic`,
      );
    }
    const end = BigInt(found.high);
    let records = 0;
    if (end > BigInt(found.low)) {
      records = await readPartition(options, end, (key, value) => {
        if (value === null) store.#committed.delete(key);
        else {
          store.#committed.delete(key);
          store.#committed.set(key, value);
        }
      });
    }
    const figures = {
      records,
      keys: store.#committed.size,
      endOffset: end.toString(),
      ms: Math.round(performance.now() - started),
    };
    options.logger?.info(
      { changelog: options.topic, partition: options.partition, ...figures },
      "state restored",
    );
    return { store, figures };
  }

  /** The value, staged writes first. */
  get(key: string): V | undefined {
    if (this.#staged.has(key)) return this.#staged.get(key) ?? undefined;
    return this.#committed.get(key);
  }

  /** Stages a write; the returned record goes into the same transaction as the outputs. */
  put(key: string, value: V): OutputRecord {
    this.#staged.set(key, value);
    return {
      topic: this.topic,
      partition: this.partition,
      key,
      value: this.#codec.encode(value),
      headers: {},
    };
  }

  /** Stages a deletion: a tombstone on the changelog, which compaction then removes. */
  delete(key: string): OutputRecord {
    this.#staged.set(key, null);
    return { topic: this.topic, partition: this.partition, key, value: null, headers: {} };
  }

  /** Committed entries, least recently written first (staged writes are not in it yet). */
  entries(): IterableIterator<[string, V]> {
    return this.#committed.entries();
  }

  get size(): number {
    return this.#committed.size;
  }

  /** Writes staged since the last commit() or discard(). */
  get staged(): number {
    return this.#staged.size;
  }

  /** The transaction holding the staged writes committed: they are the state now. */
  commit(): void {
    for (const [key, value] of this.#staged) {
      this.#committed.delete(key);
      if (value !== null) this.#committed.set(key, value);
    }
    this.#staged.clear();
  }

  /** The staged writes were never sent: forget them. */
  discard(): void {
    this.#staged.clear();
  }
}

/** A kafkajs assigner that gives the group's one member exactly one partition of one topic. */
function onePartition(topic: string, partition: number): PartitionAssigner {
  return () => ({
    name: "NewswireStateRestore",
    version: 0,
    assign: async ({ members }) =>
      members.map((member, index) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({
          version: 0,
          assignment: index === 0 ? { [topic]: [partition] } : {},
          userData: Buffer.alloc(0),
        }),
      })),
    protocol: ({ topics }) => ({
      name: "NewswireStateRestore",
      metadata: AssignerProtocol.MemberMetadata.encode({
        version: 0,
        topics,
        userData: Buffer.alloc(0),
      }),
    }),
  });
}

/**
 * Reads one partition from its beginning up to `end` with read_committed and hands each record
 * to `apply` in offset order. kafkajs has no manual assignment, so the reader is the one member
 * of a group of its own whose assigner gives it just this partition; the group commits nothing
 * and is deleted after. The position counts control records (END_BATCH_PROCESS reports batches
 * of markers only), so a log ending in a commit marker is read to its end.
 */
async function readPartition<V>(
  options: RestoreOptions<V>,
  end: bigint,
  apply: (key: string, value: V | null) => void,
): Promise<number> {
  const { kafka, topic, partition, codec } = options;
  const groupId = `${options.groupPrefix}.restore.${partition}.${randomUUID().slice(0, 8)}`;
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    partitionAssigners: [onePartition(topic, partition)],
    maxWaitTimeInMs: 200,
    maxBytesPerPartition: RUNTIME_DEFAULTS.stateStore.restoreFetchBytes,
    allowAutoTopicCreation: false,
  });
  const stallMs = options.stallTimeoutMs ?? RUNTIME_DEFAULTS.stateStore.restoreStallMs;
  let records = 0;
  let position = -1n;
  let lastProgress = Date.now();
  let settle: (error?: unknown) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error));
  });
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.partition !== partition) return;
    const next = BigInt(payload.lastOffset) + 1n;
    if (next > position) {
      position = next;
      lastProgress = Date.now();
    }
    if (position >= end) settle();
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) settle(payload.error);
  });
  const ticker = setInterval(() => {
    if (Date.now() - lastProgress > stallMs) {
      settle(
        new RuntimeError(
          "STATE_RESTORE_STALLED",
          `restoring ${topic}/${partition}: nothing read for ${stallMs} ms (at ${position}, end ${end})`,
        ),
      );
    }
  }, 1_000);
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        if (batch.partition !== partition) return;
        for (const message of batch.messages) {
          if (BigInt(message.offset) >= end) break;
          if (message.key === null) continue;
          const key = message.key.toString("utf8");
          let value: V | null = null;
          if (message.value !== null) {
            try {
              value = codec.decode(message.value, key);
            } catch (cause) {
              settle(
                new RuntimeError(
                  "STATE_INVALID",
                  `${topic}/${partition} offset ${message.offset} (key ${JSON.stringify(key.slice(0, 80))}) is not a value of this store: ${errorMessage(cause)}`,
                  { cause },
                ),
              );
              return;
            }
          }
          apply(key, value);
          records += 1;
        }
      },
    });
    await finished;
    return records;
  } finally {
    clearInterval(ticker);
    await consumer.disconnect().catch(() => undefined);
    void options.admin.deleteGroups([groupId]).catch(() => undefined);
  }
}
