import type { Message } from "kafkajs";
import type { Logger } from "pino";
import { type BackoffOptions, backoffDelay, sleep } from "./backoff.js";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { isFencingError } from "./kafka-errors.js";
import type { Assignment } from "./kafka-session.js";
import { classifyError } from "./runtime-error.js";

/** The part of a kafkajs transaction the commit uses (a fake in unit tests). */
export interface TransactionLike {
  sendBatch(batch: {
    topicMessages: { topic: string; messages: Message[] }[];
    acks?: number;
  }): Promise<unknown>;
  sendOffsets(offsets: {
    consumerGroupId: string;
    topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
  }): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** The part of a kafkajs transactional Producer the runtime uses. */
export interface TransactionalProducerLike {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  transaction(): Promise<TransactionLike>;
}

/** One partition's processed chunk: what its transaction holds. */
export interface ChunkCommit {
  topic: string;
  partition: number;
  outputs: Message[];
  /** Records for topics other than the output topic (a stateful stage's changelog ...). */
  otherOutputs?: readonly { topic: string; messages: Message[] }[];
  deadLetters: Message[];
  /**
   * The input offset the group resumes from once this chunk is committed; undefined for a
   * transaction of outputs only (a partition task's punctuation), which moves no offset.
   */
  nextOffset: bigint | undefined;
}

/**
 * committed: outputs, dead letters and the offset are in. aborted: none of them are; the chunk
 * is fetched and processed again. fenced: another instance owns the partition's transactional
 * id now; the work is dropped for good. revoked: the partition left this member's assignment.
 */
export type ChunkOutcome = "committed" | "aborted" | "fenced" | "revoked";

export interface PartitionProducersOptions {
  groupId: string;
  outputTopic: string;
  dlqTopic: string;
  logger: Logger;
  createProducer: (transactionalId: string) => TransactionalProducerLike;
  /** The group's committed offset of a partition, null when it has none. */
  committedOffset: (topic: string, partition: number) => Promise<bigint | null>;
  /**
   * Whether the group coordinator, asked now, has this member holding the partition in a stable
   * generation. A fence while it does came from no new owner but from a stale initialisation: a
   * previous owner's fence-in that was still retrying (coordinator loading) when the partition
   * moved, and landed after ours. Then the producer fences in again instead of giving up the
   * session. Without it every fence counts as lost ownership.
   */
  owns?: (topic: string, partition: number) => Promise<boolean>;
  backoff?: BackoffOptions;
  maxPermanentFailures?: number;
}

/**
 * The transactional id of an input partition's producer: the group, topic and partition, never
 * the instance. Whoever the group gives the partition to initialises the same id, which bumps its
 * epoch and aborts what the previous owner left open (KIP-98 fencing; the pattern Kafka Streams
 * used before KIP-447, "exactly_once" one producer per task).
 */
export function transactionalIdFor(groupId: string, topic: string, partition: number): string {
  return `${groupId}:${topic}:${partition}`;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** Fence-ins again after a stale initialisation, per ownership; past it a fence ends the session. */
const MAX_REFENCES = 3;

/**
 * Exactly-once across replicas with kafkajs (no KIP-447): one transactional producer per
 * assigned input partition, created and fenced on assignment, closed on revocation. A
 * partition's chunks commit one after another on its own producer; partitions commit in
 * parallel, so a slow partition never holds another.
 */
export class PartitionProducers {
  readonly #options: PartitionProducersOptions;
  readonly #producers = new Map<string, PartitionProducer>();
  readonly #closing = new Set<Promise<void>>();

  constructor(options: PartitionProducersOptions) {
    this.#options = options;
  }

  /** Partitions this member holds a producer for. */
  get size(): number {
    return this.#producers.size;
  }

  /**
   * After a join: a producer for every newly assigned partition (initialising its id fences the
   * previous owner), and the producers of partitions no longer assigned closed once their
   * transaction in flight has settled.
   */
  assign(assignment: Assignment): void {
    const wanted = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const id = key(topic, partition);
        wanted.add(id);
        if (!this.#producers.has(id)) {
          this.#producers.set(id, new PartitionProducer(this.#options, topic, partition));
        }
      }
    }
    for (const [id, producer] of this.#producers) {
      if (wanted.has(id)) continue;
      this.#producers.delete(id);
      this.#retire(producer);
    }
  }

  /**
   * The partition's producer once it is fenced in, or undefined when the partition is not
   * assigned to this member. Rejects when its initialisation failed (the session then ends).
   */
  async get(topic: string, partition: number): Promise<PartitionProducer | undefined> {
    const producer = this.#producers.get(key(topic, partition));
    if (!producer) return undefined;
    await producer.ready;
    return producer;
  }

  /** Closes every producer (after its transaction in flight). */
  async close(): Promise<void> {
    for (const producer of this.#producers.values()) this.#retire(producer);
    this.#producers.clear();
    await Promise.all([...this.#closing]);
  }

  #retire(producer: PartitionProducer): void {
    const closing = producer.close().catch((error: unknown) => {
      this.#options.logger.warn(
        { err: error, transactionalId: producer.transactionalId },
        "error while closing a partition producer",
      );
    });
    this.#closing.add(closing);
    void closing.finally(() => this.#closing.delete(closing));
  }
}

export class PartitionProducer {
  readonly transactionalId: string;
  /** Settles when the producer is connected and its transactional id initialised (fenced in). */
  ready: Promise<void>;
  readonly #options: PartitionProducersOptions;
  readonly #topic: string;
  readonly #partition: number;
  #producer: TransactionalProducerLike;
  #positionKnown = false;
  /** The input offset this producer's last committed transaction moved the group to. */
  #committedNext: bigint | undefined;
  #failures = 0;
  #fenced = false;
  #refences = 0;
  #revoked = false;
  #inFlight: Promise<unknown> = Promise.resolve();

  constructor(options: PartitionProducersOptions, topic: string, partition: number) {
    this.#options = options;
    this.#topic = topic;
    this.#partition = partition;
    this.transactionalId = transactionalIdFor(options.groupId, topic, partition);
    this.#producer = options.createProducer(this.transactionalId);
    this.ready = this.#fenceIn(this.#producer);
    // A failed start is reported to the batch that awaits `ready`, never as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  /**
   * kafkajs initialises a transactional id at the first transaction, not at connect: an empty
   * transaction does it here, on assignment. InitProducerId waits for the previous owner's open
   * transaction to be aborted (or its commit to complete), so what it committed is final.
   */
  async #fenceIn(producer: TransactionalProducerLike): Promise<void> {
    await producer.connect();
    const transaction = await producer.transaction();
    await transaction.abort();
  }

  /**
   * Once per ownership, after the fence: the group's committed offset, read only now because the
   * previous owner's last transaction may have committed after kafkajs fetched the position. The
   * caller seeks there when the batch in hand starts earlier. Undefined once known.
   */
  async committedOffsetOnce(): Promise<bigint | null | undefined> {
    if (this.#positionKnown) return undefined;
    const offset = await this.#options.committedOffset(this.#topic, this.#partition);
    this.#positionKnown = true;
    return offset;
  }

  /**
   * The input offset this producer's last committed transaction moved the group to, while this
   * member has held the partition throughout. A member that keeps a partition across a rebalance
   * has kafkajs fetch the group's committed offset again, and without KIP-447's require_stable
   * (kafkajs has no OffsetFetch v7) the group coordinator may still answer the offset before a
   * transaction whose commit has returned but whose markers are not yet written: the batch then
   * starts at records this member already published. Its own last commit is the floor.
   */
  get committedNext(): bigint | undefined {
    return this.#committedNext;
  }

  /** One chunk in one transaction: its outputs, its dead letters and the partition's offset. */
  commit(chunk: ChunkCommit): Promise<ChunkOutcome> {
    const run = this.#commit(chunk);
    this.#inFlight = run.catch(() => undefined);
    return run;
  }

  async #commit(chunk: ChunkCommit): Promise<ChunkOutcome> {
    if (this.#revoked) return "revoked";
    if (this.#fenced) return "fenced";
    const { outputTopic, dlqTopic, groupId, logger } = this.#options;
    const topicMessages = [];
    if (chunk.outputs.length > 0)
      topicMessages.push({ topic: outputTopic, messages: chunk.outputs });
    for (const other of chunk.otherOutputs ?? []) {
      if (other.messages.length > 0) topicMessages.push(other);
    }
    if (chunk.deadLetters.length > 0)
      topicMessages.push({ topic: dlqTopic, messages: chunk.deadLetters });
    let transaction: TransactionLike | undefined;
    const startedAt = performance.now();
    try {
      transaction = await this.#producer.transaction();
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      if (chunk.nextOffset !== undefined) {
        await transaction.sendOffsets({
          consumerGroupId: groupId,
          topics: [
            {
              topic: chunk.topic,
              partitions: [{ partition: chunk.partition, offset: chunk.nextOffset.toString() }],
            },
          ],
        });
      }
      await transaction.commit();
      this.#failures = 0;
      if (chunk.nextOffset !== undefined) this.#committedNext = chunk.nextOffset;
      logger.debug(
        {
          topic: chunk.topic,
          partition: chunk.partition,
          records:
            chunk.outputs.length +
            chunk.deadLetters.length +
            (chunk.otherOutputs ?? []).reduce((n, other) => n + other.messages.length, 0),
          commitMs: Math.round((performance.now() - startedAt) * 100) / 100,
        },
        "transaction committed",
      );
      return "committed";
    } catch (error) {
      if (isFencingError(error)) return this.#onFence(error);
      this.#failures += 1;
      const aborted = await transaction?.abort().then(
        () => true,
        (abortError: unknown) => {
          if (isFencingError(abortError)) return "fenced" as const;
          return false;
        },
      );
      if (aborted === "fenced") return this.#onFence(error);
      // An abort that fails (kafkajs ends a transaction whose commit failed) leaves the client
      // in an unknown state and the commit's fate unknown: a fresh producer with the same id
      // aborts whatever the broker still holds, and the position is read again.
      if (aborted !== true) this.#restart();
      const delayMs = backoffDelay(
        this.#failures,
        this.#options.backoff ?? RUNTIME_DEFAULTS.stage.transactionBackoff,
      );
      logger.warn(
        {
          err: error,
          topic: chunk.topic,
          partition: chunk.partition,
          transactionalId: this.transactionalId,
          attempt: this.#failures,
          delayMs,
        },
        "transaction aborted; the chunk will be processed again",
      );
      const maxPermanent =
        this.#options.maxPermanentFailures ??
        RUNTIME_DEFAULTS.stage.maxPermanentTransactionFailures;
      if (classifyError(error) === "permanent" && this.#failures > maxPermanent) throw error;
      await sleep(delayMs);
      return "aborted";
    }
  }

  /**
   * Fenced: either this member lost the partition (a zombie) or a stale initialisation of the
   * same id landed after ours while the partition is still ours (see `owns`). Only the second,
   * confirmed by the coordinator, fences in again (a few times per ownership at most); the chunk
   * is then reported aborted and processed again from the committed offset.
   */
  async #onFence(error: unknown): Promise<ChunkOutcome> {
    if (this.#revoked) return "revoked";
    const owned =
      this.#refences < MAX_REFENCES &&
      (await this.#options.owns?.(this.#topic, this.#partition).catch(() => false)) === true;
    if (!owned || this.#revoked) return this.#markFenced(error);
    this.#refences += 1;
    this.#options.logger.warn(
      {
        err: error,
        topic: this.#topic,
        partition: this.#partition,
        transactionalId: this.transactionalId,
        refences: this.#refences,
      },
      "producer fenced although the group still gives this member the partition (a previous owner's late initialisation); fencing in again",
    );
    this.#restart();
    return "aborted";
  }

  #markFenced(error: unknown): ChunkOutcome {
    this.#fenced = true;
    this.#options.logger.warn(
      {
        err: error,
        topic: this.#topic,
        partition: this.#partition,
        transactionalId: this.transactionalId,
      },
      "producer fenced: another instance owns this partition now; its work here is dropped",
    );
    return "fenced";
  }

  #restart(): void {
    const old = this.#producer;
    void old.disconnect().catch(() => undefined);
    this.#producer = this.#options.createProducer(this.transactionalId);
    this.#positionKnown = false;
    this.ready = this.#fenceIn(this.#producer);
    this.ready.catch(() => undefined);
  }

  /** Waits for the transaction in flight, then disconnects. */
  async close(): Promise<void> {
    this.#revoked = true;
    await this.#inFlight;
    await this.#producer.disconnect();
  }
}
