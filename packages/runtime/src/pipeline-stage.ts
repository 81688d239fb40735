import type { Batch, Consumer, Kafka, Message, Producer } from "kafkajs";
import { Partitioners } from "kafkajs";
import type { Logger } from "pino";
import { backoffDelay, sleep } from "./backoff.js";
import { deadLetterMessage } from "./dead-letter.js";
import { type InputRecord, type RecordLogFields, toInputRecord } from "./kafka-record.js";
import { classifyError, errorCode, errorMessage } from "./runtime-error.js";
import { StageStats } from "./stage-stats.js";
import { type RunnerHandle, type Session, supervise } from "./supervise.js";

export type StageResult =
  | {
      kind: "publish";
      key: string | Buffer | null;
      value: string | Buffer;
      headers: Record<string, string>;
      log?: RecordLogFields;
    }
  | { kind: "reject"; code: string; message: string; log?: RecordLogFields };

/** Pure: one input record in, one decision out. May throw; see runPipelineStage for what then. */
export type StageHandler = (record: InputRecord) => StageResult | Promise<StageResult>;

export interface PipelineStageOptions {
  kafka: Kafka;
  logger: Logger;
  /** Name in logs and the DLQ `failed-stage` header. */
  stage: string;
  inputTopic: string;
  outputTopic: string;
  dlqTopic: string;
  groupId: string;
  /** Stable per instance (not per process): a restarted instance fences its predecessor. */
  transactionalId: string;
  handler: StageHandler;
  /** Records per partition chunk and per group transaction: the bound on work in flight. */
  maxRecordsPerTransaction?: number;
  /** How long a group transaction waits for the other partitions' batches to join. */
  groupLingerMs?: number;
  /** Attempts for a handler error marked retryable before the record is dead-lettered. */
  maxHandlerAttempts?: number;
  stats?: StageStats;
  maxRestarts?: number;
}

export function isRebalanceError(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { type } = error as { type?: unknown };
  return (
    type === "REBALANCE_IN_PROGRESS" ||
    type === "UNKNOWN_MEMBER_ID" ||
    type === "ILLEGAL_GENERATION" ||
    type === "NOT_COORDINATOR_FOR_GROUP"
  );
}

/** The DLQ error-code for a handler that threw something it did not classify. */
export const UNCLASSIFIED_ERROR_CODE = "HANDLER_ERROR";

/**
 * Exactly-once consume-transform-produce (KIP-98): every chunk of a batch is one transaction that
 * holds the outputs, the DLQ records and the consumer offsets (sendOffsets), so a crash at any
 * point either publishes all of a chunk and moves the group past it, or neither.
 *
 * Offsets are resolved in kafkajs only after the commit: an aborted chunk is then simply fetched
 * again (kafkajs fetches from the last resolved offset), which is our "seek back".
 *
 * Handler errors: a `reject` result and a permanent error (retryable: false) go to the DLQ; an
 * error with retryable: true is retried with backoff, maxHandlerAttempts times, then
 * dead-lettered; an error it cannot classify (no retryable flag) is a bug for that input, since
 * handlers are pure, so it is dead-lettered at once with error-code HANDLER_ERROR and the
 * pipeline moves on. Kafka errors never dead-letter: the transaction is aborted and retried.
 */
export function runPipelineStage(
  options: PipelineStageOptions,
): RunnerHandle & { stats: StageStats } {
  const stats = options.stats ?? new StageStats();
  const maxChunk = options.maxRecordsPerTransaction ?? 500;
  const maxHandlerAttempts = options.maxHandlerAttempts ?? 5;
  const logger = options.logger.child({ stage: options.stage });
  const lingerMs = options.groupLingerMs ?? 5;
  // A group holds at most a few partitions' full chunks: the bound on one transaction's size.
  const maxGroupRecords = maxChunk * 4;

  const start = async (markReady: () => void): Promise<Session> => {
    const { kafka } = options;
    const producer: Producer = kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 60_000,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer: Consumer = kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 3_000,
      // A shutdown waits for the fetch in flight: a short long-poll keeps SIGTERM well under 10 s.
      maxWaitTimeInMs: 1_000,
      maxBytesPerPartition: 1_048_576,
    });
    let fail: (error: unknown) => void = () => undefined;
    let failedAlready = false;
    const failed = new Promise<unknown>((resolve) => {
      fail = (error) => {
        if (failedAlready) return;
        failedAlready = true;
        resolve(error);
      };
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) {
        logger.warn({ err: payload.error }, "consumer crashed; kafkajs restarts it");
      } else {
        fail(payload.error);
      }
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      logger.info({ memberAssignment: payload.memberAssignment }, "joined consumer group");
      markReady();
    });
    const group = createGroupCommit(producer);
    const close = async () => {
      await consumer.disconnect();
      await producer.disconnect();
    };
    try {
      await producer.connect();
      await consumer.connect();
      await consumer.subscribe({ topics: [options.inputTopic], fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // Every partition of a fetch at once: their chunks share one group transaction.
        partitionsConsumedConcurrently: 1_000,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          group.enter();
          try {
            await processBatch(
              batch,
              { resolveOffset, heartbeat, isRunning, isStale },
              group,
              () => failedAlready,
            ).catch((error: unknown) => {
              // A rebalance is kafkajs' to handle (it rejoins and refetches); anything else ends the session.
              if (isRebalanceError(error)) throw error;
              fail(error);
            });
          } finally {
            group.leave();
          }
        },
      });
    } catch (error) {
      await close().catch(() => undefined);
      throw error;
    }
    return { failed, close };
  };

  let consecutiveTxnFailures = 0;

  const processBatch = async (
    batch: Batch,
    ctl: {
      resolveOffset: (offset: string) => void;
      heartbeat: () => Promise<void>;
      isRunning: () => boolean;
      isStale: () => boolean;
    },
    group: GroupCommit,
    sessionFailed: () => boolean,
  ): Promise<void> => {
    const { topic, partition } = batch;
    const messages = batch.messages;
    for (let i = 0; i < messages.length; i += maxChunk) {
      if (!ctl.isRunning() || ctl.isStale() || sessionFailed()) return;
      const chunk = messages.slice(i, i + maxChunk);
      const lastChunk = i + chunk.length >= messages.length;
      const lastMessage = chunk[chunk.length - 1];
      if (!lastMessage) return;
      // The batch's last offset may be a transaction marker after the last message: committing
      // past it keeps a restarted consumer from fetching a batch of nothing but markers.
      const resolvedTo = lastChunk ? batch.lastOffset() : lastMessage.offset;
      const nextOffset = BigInt(resolvedTo) + 1n;

      const outputs: Message[] = [];
      const deadLetters: Message[] = [];
      const lines: { level: "info" | "warn"; fields: Record<string, unknown>; msg: string }[] = [];
      for (const message of chunk) {
        const record = toInputRecord(topic, partition, message);
        const startedAt = performance.now();
        const result = await runHandler(record, ctl);
        if (result === "stop") return;
        const base = {
          topic,
          partition,
          offset: message.offset,
          durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
          ...result.log,
        };
        if (result.kind === "publish") {
          outputs.push({ key: result.key, value: result.value, headers: result.headers });
          lines.push({ level: "info", fields: base, msg: "published" });
        } else {
          deadLetters.push(
            deadLetterMessage(
              { key: message.key, value: message.value, headers: message.headers },
              {
                code: result.code,
                message: result.message,
                stage: options.stage,
                topic,
                partition,
                offset: message.offset,
              },
            ),
          );
          lines.push({
            level: "warn",
            fields: { ...base, errorCode: result.code, reason: result.message },
            msg: "rejected",
          });
        }
        await ctl.heartbeat();
      }

      const committed = await group.commit({ topic, partition, outputs, deadLetters, nextOffset });
      if (!committed) {
        await ctl.heartbeat().catch(() => undefined);
        return;
      }
      for (const message of chunk) ctl.resolveOffset(message.offset);
      if (lastChunk) ctl.resolveOffset(resolvedTo);
      stats.processed += chunk.length;
      stats.rejected += deadLetters.length;
      stats.recordLag(topic, partition, batch.highWatermark, nextOffset);
      for (const line of lines) logger[line.level](line.fields, line.msg);
      await ctl.heartbeat();
    }
  };

  const runHandler = async (
    record: InputRecord,
    ctl: { isRunning: () => boolean; isStale: () => boolean; heartbeat: () => Promise<void> },
  ): Promise<StageResult | "stop"> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await options.handler(record);
      } catch (error) {
        const kind = classifyError(error);
        if (kind === "fatal") throw error;
        if (kind === "retryable" && attempt < maxHandlerAttempts) {
          stats.retried += 1;
          const delay = backoffDelay(attempt);
          logger.warn(
            {
              err: error,
              topic: record.topic,
              partition: record.partition,
              offset: record.offset,
              attempt,
              delayMs: delay,
            },
            "handler failed with a retryable error; retrying",
          );
          await sleep(delay);
          if (!ctl.isRunning() || ctl.isStale()) return "stop";
          await ctl.heartbeat();
          continue;
        }
        return {
          kind: "reject",
          code:
            kind === "unclassified"
              ? UNCLASSIFIED_ERROR_CODE
              : errorCode(error, UNCLASSIFIED_ERROR_CODE),
          message: errorMessage(error),
        };
      }
    }
  };

  /**
   * Group commit: the chunks of all partitions being consumed at once share one transaction (their
   * outputs, DLQ records and one sendOffsets with every partition's offset). A group is committed
   * as soon as every batch in progress that is not waiting on an earlier group has joined, when it
   * holds 4 × maxRecordsPerTransaction records, or after lingerMs. Groups commit one after another
   * (one transaction at a time per producer); every joined chunk gets the group's outcome.
   */
  const createGroupCommit = (producer: Producer): GroupCommit => {
    let active = 0;
    let committing = 0;
    let open: GroupEntry[] = [];
    let openRecords = 0;
    let timer: NodeJS.Timeout | null = null;
    let chain: Promise<void> = Promise.resolve();
    const flush = () => {
      if (timer) {
        clearTimeout(timer);
        timer = null;
      }
      if (open.length === 0) return;
      const entries = open;
      open = [];
      openRecords = 0;
      committing += entries.length;
      chain = chain.then(async () => {
        try {
          const ok = await commitGroup(producer, entries);
          committing -= entries.length;
          for (const entry of entries) entry.settle(ok);
        } catch (error) {
          committing -= entries.length;
          for (const entry of entries) entry.fail(error);
        }
      });
    };
    const flushIfComplete = () => {
      if (open.length === 0) return;
      if (open.length >= active - committing || openRecords >= maxGroupRecords) flush();
      else timer ??= setTimeout(flush, lingerMs);
    };
    return {
      enter: () => {
        active += 1;
      },
      leave: () => {
        active -= 1;
        flushIfComplete();
      },
      commit: (chunk) =>
        new Promise<boolean>((settle, fail) => {
          open.push({ ...chunk, settle, fail });
          openRecords += chunk.outputs.length + chunk.deadLetters.length;
          flushIfComplete();
        }),
    };
  };

  /** True when committed; false when aborted (the chunks will be fetched and processed again). */
  const commitGroup = async (producer: Producer, entries: GroupEntry[]): Promise<boolean> => {
    const outputs = entries.flatMap((e) => e.outputs);
    const deadLetters = entries.flatMap((e) => e.deadLetters);
    const topicMessages = [];
    if (outputs.length > 0) topicMessages.push({ topic: options.outputTopic, messages: outputs });
    if (deadLetters.length > 0)
      topicMessages.push({ topic: options.dlqTopic, messages: deadLetters });
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const e of entries) {
      const partitions = byTopic.get(e.topic) ?? [];
      partitions.push({ partition: e.partition, offset: e.nextOffset.toString() });
      byTopic.set(e.topic, partitions);
    }
    const transaction = await producer.transaction();
    try {
      if (topicMessages.length > 0) await transaction.sendBatch({ topicMessages, acks: -1 });
      await transaction.sendOffsets({
        consumerGroupId: options.groupId,
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
      await transaction.commit();
      consecutiveTxnFailures = 0;
      return true;
    } catch (error) {
      consecutiveTxnFailures += 1;
      // An abort that fails leaves the producer in an unknown state: the session is rebuilt
      // (InitProducerId then aborts whatever the broker still holds for this transactional id).
      await transaction.abort();
      const delay = backoffDelay(consecutiveTxnFailures, { maxMs: 10_000 });
      logger.warn(
        {
          err: error,
          partitions: entries.map((e) => `${e.topic}/${e.partition}`),
          attempt: consecutiveTxnFailures,
          delayMs: delay,
        },
        "transaction aborted; the chunks will be processed again",
      );
      if (classifyError(error) === "permanent" && consecutiveTxnFailures > 3) throw error;
      await sleep(delay);
      return false;
    }
  };

  const handle = supervise({
    logger,
    start,
    maxRestarts: options.maxRestarts,
    onRestart: () => {
      stats.restarts += 1;
    },
    progress: () => stats.processed,
  });
  return { ...handle, stats };
}

interface GroupChunk {
  topic: string;
  partition: number;
  outputs: Message[];
  deadLetters: Message[];
  nextOffset: bigint;
}

interface GroupEntry extends GroupChunk {
  settle: (committed: boolean) => void;
  fail: (error: unknown) => void;
}

interface GroupCommit {
  enter(): void;
  leave(): void;
  /** Joins the open group; resolves with its outcome (false: aborted). */
  commit(chunk: GroupChunk): Promise<boolean>;
}
