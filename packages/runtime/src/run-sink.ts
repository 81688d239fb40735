import type { Consumer, Kafka, Message, Producer } from "kafkajs";
import { Partitioners } from "kafkajs";
import type { Logger } from "pino";
import { backoffDelay, sleep } from "./backoff.js";
import { deadLetterMessage } from "./dead-letter.js";
import { type InputRecord, type RecordLogFields, toInputRecord } from "./kafka-record.js";
import { isRebalanceError } from "./pipeline-stage.js";
import { classifyError, errorCode, errorMessage } from "./runtime-error.js";
import { StageStats } from "./stage-stats.js";
import { type RunnerHandle, type Session, supervise } from "./supervise.js";

export type SinkResult =
  | { kind: "done"; log?: RecordLogFields }
  | { kind: "reject"; code: string; message: string; log?: RecordLogFields };

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
  /** Records written in parallel. */
  concurrency?: number;
  /** Records per offset commit; the offset moves only when all of them are done. */
  maxRecordsPerCommit?: number;
  stats?: StageStats;
  maxRestarts?: number;
  retry?: { initialMs?: number; maxMs?: number };
}

/**
 * At-least-once delivery to an idempotent sink: a record's offset is committed only after its
 * handler succeeded. Handler errors marked retryable, and errors it cannot classify, are retried
 * with backoff for as long as it takes (the partition waits: an S3 outage is never a reason to
 * dead-letter); only a `reject` or an error marked retryable: false goes to the DLQ. An error
 * marked fatal (bad credentials, missing bucket) ends the session without committing: the
 * clients are rebuilt with backoff and, if it persists, the process exits non-zero.
 */
export function runSink(options: SinkOptions): RunnerHandle & { stats: StageStats } {
  const stats = options.stats ?? new StageStats();
  const concurrency = options.concurrency ?? 16;
  const maxChunk = Math.max(concurrency, options.maxRecordsPerCommit ?? 200);
  const logger = options.logger.child({ stage: options.stage });

  const start = async (markReady: () => void): Promise<Session> => {
    const producer: Producer = options.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    const consumer: Consumer = options.kafka.consumer({
      groupId: options.groupId,
      readUncommitted: false,
      sessionTimeout: 15_000,
      heartbeatInterval: 3_000,
      // A shutdown waits for the fetch in flight: a short long-poll keeps SIGTERM well under 10 s.
      maxWaitTimeInMs: 1_000,
    });
    let failedAlready = false;
    let fail: (error: unknown) => void = () => undefined;
    const failed = new Promise<unknown>((resolve) => {
      fail = (error) => {
        if (failedAlready) return;
        failedAlready = true;
        resolve(error);
      };
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart)
        logger.warn({ err: payload.error }, "consumer crashed; kafkajs restarts it");
      else fail(payload.error);
    });
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      logger.info({ memberAssignment: payload.memberAssignment }, "joined consumer group");
      markReady();
    });
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
        eachBatch: async ({
          batch,
          resolveOffset,
          heartbeat,
          isRunning,
          isStale,
          commitOffsetsIfNecessary,
        }) => {
          const { topic, partition } = batch;
          const messages = batch.messages;
          try {
            // The pool stays full across commit points: a commit covers the run of finished
            // records from the start of the batch (every maxChunk of them, and the rest at the
            // end), so an offset is committed only when its write and every earlier one in the
            // partition are done. A heartbeat per finished record: a slow S3 must not cost the
            // group membership, or the commit fails with ILLEGAL_GENERATION and is redone forever.
            await poolWithCheckpoints(
              messages,
              concurrency,
              maxChunk,
              async (message) => {
                if (!isRunning() || isStale() || failedAlready) return "stop";
                const result = await writeWithRetry(toInputRecord(topic, partition, message), {
                  isRunning,
                  isStale,
                  heartbeat,
                });
                if (result === "stop") return "stop";
                await heartbeat();
                return result;
              },
              async (from, to, results) => {
                if (!isRunning() || isStale() || failedAlready) return false;
                const chunk = messages.slice(from, to);
                const lastChunk = to >= messages.length;
                const last = chunk[chunk.length - 1];
                if (!last) return false;
                const resolvedTo = lastChunk ? batch.lastOffset() : last.offset;
                const deadLetters: Message[] = [];
                chunk.forEach((message, index) => {
                  const result = results[index];
                  if (result === undefined || result.kind !== "reject") return;
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
                });
                if (deadLetters.length > 0) {
                  await producer.send({ topic: options.dlqTopic, messages: deadLetters, acks: -1 });
                }
                const nextOffset = BigInt(resolvedTo) + 1n;
                await commitOffsetsIfNecessary({
                  topics: [{ topic, partitions: [{ partition, offset: nextOffset.toString() }] }],
                });
                for (const message of chunk) resolveOffset(message.offset);
                if (lastChunk) resolveOffset(resolvedTo);
                stats.processed += chunk.length;
                stats.rejected += deadLetters.length;
                stats.recordLag(topic, partition, batch.highWatermark, nextOffset);
                await heartbeat();
                return true;
              },
            );
          } catch (error) {
            if (isRebalanceError(error)) throw error;
            fail(error);
          }
        },
      });
    } catch (error) {
      await close().catch(() => undefined);
      throw error;
    }
    return { failed, close };
  };

  const writeWithRetry = async (
    record: InputRecord,
    ctl: { isRunning: () => boolean; isStale: () => boolean; heartbeat: () => Promise<void> },
  ): Promise<SinkResult | "stop"> => {
    for (let attempt = 1; ; attempt++) {
      const startedAt = performance.now();
      try {
        const result = await options.handler(record);
        const fields = {
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
          ...result.log,
        };
        if (result.kind === "done") logger.info(fields, "archived");
        else logger.warn({ ...fields, errorCode: result.code, reason: result.message }, "rejected");
        return result;
      } catch (error) {
        const kind = classifyError(error);
        // Misconfiguration (credentials, bucket): no record is to blame; end the session.
        if (kind === "fatal") throw error;
        if (kind === "permanent") {
          return {
            kind: "reject",
            code: errorCode(error, "SINK_REJECTED"),
            message: errorMessage(error),
          };
        }
        stats.retried += 1;
        const delay = backoffDelay(attempt, {
          initialMs: options.retry?.initialMs ?? 250,
          maxMs: options.retry?.maxMs ?? 10_000,
        });
        logger.warn(
          {
            err: error,
            topic: record.topic,
            partition: record.partition,
            offset: record.offset,
            attempt,
            delayMs: delay,
          },
          "sink write failed; retrying",
        );
        // Waits in slices so heartbeats keep the group membership through a long outage.
        const until = Date.now() + delay;
        while (Date.now() < until) {
          if (!ctl.isRunning() || ctl.isStale()) return "stop";
          await sleep(Math.min(1_000, until - Date.now()));
          await ctl.heartbeat().catch((e: unknown) => {
            if (isRebalanceError(e)) throw e;
          });
        }
      }
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

/** Like Promise.all(items.map(fn)) with at most `limit` calls in flight; results in input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight, keeping the pool full across
 * checkpoints. `checkpoint(from, to, results)` covers items [from, to) once every one of them
 * (and so every earlier item) has finished: it is called whenever that finished run from the
 * start has grown by `every` items, and once at the end for the rest. Checkpoints run one at a
 * time, in order. `fn` returning "stop", `checkpoint` returning false, or any error stops the
 * pool taking new items and skips the checkpoints not yet run; errors are rethrown once the
 * calls in flight have settled. Resolves true when every item was checkpointed.
 */
export async function poolWithCheckpoints<T, R>(
  items: readonly T[],
  limit: number,
  every: number,
  fn: (item: T) => Promise<R | "stop">,
  checkpoint: (from: number, to: number, results: readonly R[]) => Promise<boolean>,
): Promise<boolean> {
  const results = new Array<R>(items.length);
  const done = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let finishedTo = 0;
  let scheduledTo = 0;
  let checkpointedTo = 0;
  let stopped = false;
  // The first error, kept in an array so that the closures' writes are visible to the checks.
  const failures: unknown[] = [];
  let chain: Promise<void> = Promise.resolve();
  const schedule = (to: number) => {
    const from = scheduledTo;
    scheduledTo = to;
    chain = chain.then(async () => {
      if (stopped || failures.length > 0) return;
      try {
        if (await checkpoint(from, to, results.slice(from, to))) checkpointedTo = to;
        else stopped = true;
      } catch (error) {
        failures.push(error);
      }
    });
  };
  const worker = async () => {
    while (!stopped && failures.length === 0 && next < items.length) {
      const index = next++;
      let result: R | "stop";
      try {
        result = await fn(items[index] as T);
      } catch (error) {
        failures.push(error);
        return;
      }
      if (result === "stop") {
        stopped = true;
        return;
      }
      results[index] = result;
      done[index] = true;
      while (finishedTo < items.length && done[finishedTo]) finishedTo++;
      if (finishedTo < items.length && finishedTo - scheduledTo >= every) schedule(finishedTo);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (
    !stopped &&
    failures.length === 0 &&
    finishedTo === items.length &&
    scheduledTo < items.length
  ) {
    schedule(items.length);
  }
  await chain;
  if (failures.length > 0) throw failures[0];
  return checkpointedTo === items.length;
}
