import type { DeadLetterCode } from "@newswire/schemas";
import type { Batch, EachBatchPayload, Kafka, Message, Producer } from "kafkajs";
import type { Logger } from "pino";
import { poolWithCheckpoints } from "./checkpoint-pool.js";
import { deadLetterFor } from "./dead-letter.js";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { type AttemptResult, attemptRecord, type FailurePolicy } from "./failure-policy.js";
import { producerConfig } from "./kafka-client.js";
import { type InputRecord, type RecordLogFields, toInputRecord } from "./kafka-record.js";
import { openConsumerSession, type SessionState } from "./kafka-session.js";
import type { ConsumerTimeouts } from "./load-config.js";
import { onRetryFor, type StageMetrics } from "./metrics.js";
import { StageStats } from "./stage-stats.js";
import { type RunnerHandle, type Session, superviseRunner } from "./supervise.js";

export type SinkResult =
  | { kind: "done"; log?: RecordLogFields }
  | { kind: "reject"; code: DeadLetterCode; message: string; log?: RecordLogFields };

/** Writes one record somewhere outside Kafka. Must be idempotent: a replay writes it again. */
export type SinkHandler = (record: InputRecord) => Promise<SinkResult>;

export interface SinkOptions {
  kafka: Kafka;
  logger: Logger;
  stage: string;
  inputTopic: string;
  dlqTopic: string;
  groupId: string;
  handler: SinkHandler;
  /** The per-record log line of a written record (`written` by default; the archiver: `archived`). */
  doneMessage?: string;
  /** Records written in parallel. */
  concurrency?: number;
  /** Records per offset commit; the offset moves only when all of them are done. */
  maxRecordsPerCommit?: number;
  stats?: StageStats;
  /** Where the runner counts (ServiceMetrics.stage); a private registry when omitted. */
  metrics?: StageMetrics;
  maxRestarts?: number;
  retry?: { initialMs?: number; maxMs?: number };
  /** Group membership timing (consumerTimeouts(config)); default RUNTIME_DEFAULTS.consumer. */
  consumer?: ConsumerTimeouts;
}

/**
 * At-least-once delivery to an idempotent sink: a record's offset is committed only after its
 * handler succeeded. Errors marked retryable are retried with backoff for as long as it takes
 * (the partition waits: an S3 outage is never a reason to dead-letter); a `reject`, an error
 * marked retryable: false, and an unclassified throw (the failure policy's default, as in the
 * stage) go to the DLQ. An error marked fatal (bad credentials, missing bucket) ends the session
 * without committing: the clients are rebuilt with backoff and, if it persists, the process
 * exits non-zero.
 */
export function runSink(options: SinkOptions): RunnerHandle & { stats: StageStats } {
  const stats = options.stats ?? new StageStats(options.metrics);
  const { metrics } = stats;
  const defaults = RUNTIME_DEFAULTS.sink;
  const concurrency = options.concurrency ?? defaults.concurrency;
  const maxChunk = Math.max(
    concurrency,
    options.maxRecordsPerCommit ?? defaults.maxRecordsPerCommit,
  );
  const logger = options.logger.child({ stage: options.stage });
  const doneMessage = options.doneMessage ?? "written";
  const policy: FailurePolicy = {
    maxAttempts: Number.POSITIVE_INFINITY,
    permanentCode: "SINK_REJECTED",
    backoff: {
      initialMs: options.retry?.initialMs ?? defaults.retryBackoff.initialMs,
      maxMs: options.retry?.maxMs ?? defaults.retryBackoff.maxMs,
    },
  };

  const start = async (markReady: () => void): Promise<Session> => {
    const producer: Producer = options.kafka.producer(producerConfig());
    return openConsumerSession(
      {
        kafka: options.kafka,
        logger,
        groupId: options.groupId,
        topic: options.inputTopic,
        clients: [producer],
        // One partition batch at a time: `concurrency` is the bound on PUTs in flight.
        partitionsConsumedConcurrently: 1,
        metrics,
        timeouts: options.consumer,
        eachBatch: (payload, session) => processBatch(payload, producer, session),
      },
      markReady,
    );
  };

  /**
   * The pool stays full across commit points: a commit covers the run of finished records from
   * the start of the batch (every maxChunk of them, and the rest at the end), so an offset is
   * committed only when its write and every earlier one in the partition are done. A heartbeat
   * per finished record: a slow S3 must not cost the group membership, or the commit fails with
   * ILLEGAL_GENERATION and is redone forever.
   */
  const processBatch = async (
    payload: EachBatchPayload,
    producer: Producer,
    session: SessionState,
  ): Promise<void> => {
    const { batch, resolveOffset, heartbeat, isStale, commitOffsetsIfNecessary } = payload;
    const isRunning = () => payload.isRunning() && !session.failed();
    const control = { isRunning, isStale, heartbeat };
    const { topic, partition, messages } = batch;
    await poolWithCheckpoints(
      messages,
      concurrency,
      maxChunk,
      async (message): Promise<SinkResult | "stop"> => {
        if (!isRunning() || isStale()) return "stop";
        const result = await write(toInputRecord(topic, partition, message), control);
        if (result === "stop") return "stop";
        await heartbeat();
        return result;
      },
      async (from, to, results) => {
        if (!isRunning() || isStale()) return false;
        const chunk = messages.slice(from, to);
        const last = chunk[chunk.length - 1];
        if (!last) return false;
        const lastChunk = to >= messages.length;
        const resolvedTo = lastChunk ? batch.lastOffset() : last.offset;
        const deadLetters = deadLettersOf(batch, chunk, results);
        const codes = results.flatMap((r) => (r.kind === "reject" ? [r.code] : []));
        if (deadLetters.length > 0) {
          await producer.send({ topic: options.dlqTopic, messages: deadLetters, acks: -1 });
        }
        const nextOffset = BigInt(resolvedTo) + 1n;
        await commitOffsetsIfNecessary({
          topics: [{ topic, partitions: [{ partition, offset: nextOffset.toString() }] }],
        });
        for (const message of chunk) resolveOffset(message.offset);
        if (lastChunk) resolveOffset(resolvedTo);
        metrics.committed({
          records: chunk.map((message, index) => ({
            published: results[index]?.kind === "done",
            timestampMs: Number(message.timestamp),
          })),
          outputs: 0,
          dlqTopic: options.dlqTopic,
          deadLetterCodes: codes,
        });
        await heartbeat();
        return true;
      },
    );
  };

  const deadLettersOf = (
    batch: Batch,
    chunk: readonly Batch["messages"][number][],
    results: readonly SinkResult[],
  ): Message[] => {
    const out: Message[] = [];
    chunk.forEach((message, index) => {
      const result = results[index];
      if (result === undefined || result.kind !== "reject") return;
      out.push(
        deadLetterFor(message, result, {
          stage: options.stage,
          topic: batch.topic,
          partition: batch.partition,
        }),
      );
    });
    return out;
  };

  /** One record through the failure policy, with its log line. */
  const write = async (
    record: InputRecord,
    control: { isRunning(): boolean; isStale(): boolean; heartbeat(): Promise<void> },
  ): Promise<SinkResult | "stop"> => {
    const startedAt = performance.now();
    const attempt: AttemptResult<SinkResult> = await attemptRecord(
      () => options.handler(record),
      policy,
      control,
      onRetryFor(
        metrics,
        logger,
        { topic: record.topic, partition: record.partition, offset: record.offset },
        "sink write failed; retrying",
      ),
    );
    if (attempt.kind === "stop") return "stop";
    const result: SinkResult =
      attempt.kind === "ok"
        ? attempt.value
        : { kind: "reject", code: attempt.code, message: attempt.message };
    const elapsedMs = performance.now() - startedAt;
    metrics.handled(elapsedMs / 1000);
    const fields = {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      durationMs: Math.round(elapsedMs * 100) / 100,
      ...result.log,
    };
    if (result.kind === "done") logger.info(fields, doneMessage);
    else logger.warn({ ...fields, errorCode: result.code, reason: result.message }, "rejected");
    return result;
  };

  return superviseRunner({ logger, start, stats, maxRestarts: options.maxRestarts });
}
