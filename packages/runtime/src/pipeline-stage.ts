import type { DeadLetterCode } from "@newswire/schemas";
import type { Admin, Batch, Consumer, Kafka, Message } from "kafkajs";
import { AssignerProtocol } from "kafkajs";
import type { Logger } from "pino";
import { deadLetterFor } from "./dead-letter.js";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { attemptRecord, type BatchControl, type FailurePolicy } from "./failure-policy.js";
import { producerConfig } from "./kafka-client.js";
import { type InputRecord, type RecordLogFields, toInputRecord } from "./kafka-record.js";
import { openConsumerSession, type SessionState } from "./kafka-session.js";
import type { ConsumerTimeouts } from "./load-config.js";
import {
  type CommittedRecord,
  onRetryFor,
  type RecordObservation,
  type StageMetrics,
} from "./metrics.js";
import { type PartitionProducer, PartitionProducers } from "./partition-producers.js";
import { type OpenPartitionTask, type PartitionTask, PartitionTasks } from "./partition-tasks.js";
import { RuntimeError } from "./runtime-error.js";
import { StageStats } from "./stage-stats.js";
import { type RunnerHandle, type Session, superviseRunner } from "./supervise.js";

/** One record a result publishes, in the chunk's transaction. */
export interface OutputRecord {
  /** Default: the stage's output topic. */
  topic?: string;
  /** Default: the producer's partitioner (murmur2 of the key, as the Java client). */
  partition?: number;
  key: string | Buffer | null;
  /** null: a tombstone (on a compacted topic, the key's removal). */
  value: string | Buffer | null;
  headers: Record<string, string>;
}

export type StageResult =
  | {
      kind: "publish";
      key: string | Buffer | null;
      value: string | Buffer;
      headers: Record<string, string>;
      log?: RecordLogFields;
      observe?: RecordObservation;
    }
  /** Several records (none is fine: the offset still moves), to any topics. */
  | {
      kind: "emit";
      records: readonly OutputRecord[];
      log?: RecordLogFields;
      observe?: RecordObservation;
    }
  | {
      kind: "reject";
      code: DeadLetterCode;
      message: string;
      log?: RecordLogFields;
      observe?: RecordObservation;
    };

/** Pure: one input record in, one decision out. May throw; see runPipelineStage for what then. */
export type StageHandler = (record: InputRecord) => StageResult | Promise<StageResult>;

/** One record's first attempt, made by a chunk handler: its result or what it threw. */
export type HandledRecord =
  | { ok: true; result: StageResult; durationMs: number }
  | { ok: false; error: unknown; durationMs: number };

/**
 * The handler's first attempt at a whole chunk at once (a handler pool's chunkHandler: one
 * message to a worker and one back, not one per record). An undefined entry is a record it did
 * not answer: the stage runs it through `handler`, like every further attempt.
 */
export type StageChunkHandler = (
  records: readonly InputRecord[],
) => Promise<readonly (HandledRecord | undefined)[]>;

export interface PipelineStageOptions {
  kafka: Kafka;
  logger: Logger;
  /** Name in logs and the DLQ `failed-stage` header. */
  stage: string;
  inputTopic: string;
  outputTopic: string;
  dlqTopic: string;
  /** Also names the transactional ids: `<groupId>:<topic>:<partition>`. */
  groupId: string;
  handler: StageHandler;
  /** First attempts of a chunk's records in one call (HandlerPool.chunkHandler); optional. */
  chunkHandler?: StageChunkHandler;
  /** Records per partition chunk, one transaction each: the bound on work in flight. */
  maxRecordsPerTransaction?: number;
  /** Attempts of a record whose handler timed out, crashed or threw a retryable error. */
  maxHandlerAttempts?: number;
  stats?: StageStats;
  maxRestarts?: number;
  /** Where the runner counts (ServiceMetrics.stage); a private registry when omitted. */
  metrics?: StageMetrics;
  /**
   * An input header holding the raw record's timestamp (ms): each published record observes
   * newswire_end_to_end_seconds at its commit (the enricher: raw-timestamp, set by the normalizer).
   */
  endToEndHeader?: string;
  /**
   * A stateful stage: a task per assigned input partition, opened after the partition's producer
   * fenced the previous owner and before its first record (partition-tasks.ts). Each result goes
   * through the task's process() in the main thread before the chunk's transaction.
   */
  openPartition?: OpenPartitionTask;
  /** How often open tasks are asked to punctuate; default RUNTIME_DEFAULTS.partitionTasks. */
  punctuateIntervalMs?: number;
  /** Group membership timing (consumerTimeouts(config)); default RUNTIME_DEFAULTS.consumer. */
  consumer?: ConsumerTimeouts;
}

/** The open task of a chunk's partition, and how to forget it when a commit did not land. */
interface ChunkTask {
  task: PartitionTask;
  drop: () => void;
}

interface LogLine {
  level: "info" | "warn";
  fields: Record<string, unknown>;
  msg: "published" | "rejected";
}

/**
 * Exactly-once consume-transform-produce (KIP-98) that holds across replicas without KIP-447:
 * every assigned input partition has its own transactional producer (partition-producers.ts);
 * each chunk of a partition batch is one transaction with the chunk's outputs, its DLQ records
 * and the partition's offset (sendOffsets). A crash at any point publishes all of a chunk and
 * moves the group past it, or neither; a zombie's late commit is fenced.
 *
 * Offsets are resolved in kafkajs only after the commit, so an aborted chunk is simply fetched
 * again (kafkajs fetches from the last resolved offset): that is the "seek back".
 *
 * Handler failures follow the failure policy (failure-policy.ts): a `reject` result and an error
 * marked retryable: false go to the DLQ; timeouts, crashes and retryable errors get
 * maxHandlerAttempts attempts, then the DLQ; an unclassified throw is dead-lettered at once
 * (HANDLER_ERROR). Kafka errors never dead-letter: the transaction is aborted and retried.
 */
export function runPipelineStage(
  options: PipelineStageOptions,
): RunnerHandle & { stats: StageStats } {
  const stats = options.stats ?? new StageStats(options.metrics);
  const { metrics } = stats;
  const defaults = RUNTIME_DEFAULTS.stage;
  const maxChunk = options.maxRecordsPerTransaction ?? defaults.maxRecordsPerTransaction;
  const policy: FailurePolicy = {
    maxAttempts: options.maxHandlerAttempts ?? defaults.maxHandlerAttempts,
    permanentCode: "HANDLER_ERROR",
    backoff: defaults.handlerRetryBackoff,
  };
  const logger = options.logger.child({ stage: options.stage });

  const start = async (markReady: () => void): Promise<Session> => {
    const { kafka } = options;
    const admin: Admin = kafka.admin();
    let joined: SessionState | undefined;
    const tasks = options.openPartition
      ? new PartitionTasks<PartitionProducer>({
          open: options.openPartition,
          owner: (topic, partition) => producers.get(topic, partition),
          context: (topic, partition) => ({ topic, partition, kafka, admin, logger }),
          logger,
        })
      : undefined;
    const producers = new PartitionProducers({
      groupId: options.groupId,
      outputTopic: options.outputTopic,
      dlqTopic: options.dlqTopic,
      logger,
      createProducer: (transactionalId) =>
        kafka.producer(
          producerConfig({ transactionalId, transactionTimeout: defaults.transactionTimeoutMs }),
        ),
      committedOffset: async (topic, partition) => {
        const [offsets] = await admin.fetchOffsets({ groupId: options.groupId, topics: [topic] });
        const found = offsets?.partitions.find((p) => p.partition === partition);
        const offset = found === undefined ? -1n : BigInt(found.offset);
        return offset < 0n ? null : offset;
      },
      owns: async (topic, partition) => {
        const memberId = joined?.memberId();
        if (!joined || memberId === undefined || joined.failed()) return false;
        const group = await joined.consumer.describeGroup();
        const me = group.members.find((m) => m.memberId === memberId);
        if (group.state !== "Stable" || !me) return false;
        const held = AssignerProtocol.MemberAssignment.decode(me.memberAssignment);
        return held?.assignment[topic]?.includes(partition) ?? false;
      },
    });
    return openConsumerSession(
      {
        kafka,
        logger,
        groupId: options.groupId,
        topic: options.inputTopic,
        clients: [
          admin,
          {
            connect: async () => {},
            disconnect: () => {
              tasks?.close();
              return producers.close();
            },
          },
        ],
        onJoin: (assignment, session) => {
          joined = session;
          producers.assign(assignment);
          if (!tasks) return;
          // Every assigned partition's task opens now (after its fence), quiet ones included.
          tasks.assign(assignment, (error) => session.fail(error));
          tasks.startPunctuation(
            options.punctuateIntervalMs ?? RUNTIME_DEFAULTS.partitionTasks.punctuateIntervalMs,
            (owner, task, topic, partition) =>
              punctuate(
                owner,
                { task, drop: () => tasks.drop(topic, partition, owner) },
                topic,
                partition,
                session,
              ),
          );
        },
        metrics,
        timeouts: options.consumer,
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }, session) => {
          const { topic, partition } = batch;
          const producer = await producers.get(topic, partition);
          // Not (or no longer) this member's partition: leave it unresolved for its owner.
          if (!producer) return;
          const control: BatchControl = {
            isRunning: () => isRunning() && !session.failed(),
            isStale,
            heartbeat,
          };
          if (!tasks) {
            if (await behindCommitted(batch, producer, session.consumer)) return;
            await processBatch(batch, producer, undefined, control, resolveOffset, session);
            return;
          }
          // The partition's lane first (a punctuation may be committing), then its task, taken
          // inside the lane: the one opened after the fence, or a new one if a failed commit
          // dropped it. Both waits heartbeat: a restore may take a while.
          const acquiring = tasks.acquire(topic, partition);
          let release: () => void;
          try {
            release = await awaitHeartbeating(acquiring, heartbeat);
          } catch (error) {
            void acquiring.then((r) => r());
            throw error;
          }
          try {
            const task = await awaitHeartbeating(
              tasks.task(producer, { topic, partition, kafka, admin, logger }),
              heartbeat,
            );
            if (await behindCommitted(batch, producer, session.consumer)) return;
            const chunkTask = { task, drop: () => tasks.drop(topic, partition, producer) };
            await processBatch(batch, producer, chunkTask, control, resolveOffset, session);
          } finally {
            release();
          }
        },
      },
      markReady,
    );
  };

  /**
   * The previous owner may have committed after kafkajs read this partition's position, or
   * kafkajs re-read a stale committed offset after a rebalance that left the partition with this
   * member (PartitionProducer.committedNext): then the batch starts before the committed offset,
   * and processing it would publish those records twice. Seek to the committed offset instead.
   */
  const behindCommitted = async (
    batch: Batch,
    producer: PartitionProducer,
    consumer: Consumer,
  ): Promise<boolean> => {
    // The larger of this member's own last commit (a stale re-fetch after a rebalance that left
    // the partition here) and the group's offset (read once, after the fence).
    const read = await producer.committedOffsetOnce();
    let committed = producer.committedNext;
    if (read != null && (committed === undefined || read > committed)) committed = read;
    const first = batch.messages[0];
    if (committed === undefined || first === undefined) return false;
    if (BigInt(first.offset) >= committed) return false;
    logger.info(
      {
        topic: batch.topic,
        partition: batch.partition,
        from: first.offset,
        committed: String(committed),
      },
      "the partition was committed past this batch; seeking to its offset",
    );
    consumer.seek({ topic: batch.topic, partition: batch.partition, offset: committed.toString() });
    return true;
  };

  /** Fenced: this member lost the partition; its session is rebuilt and the work dropped. */
  const failFenced = (
    session: SessionState,
    producer: PartitionProducer,
    topic: string,
    p: number,
  ) =>
    session.fail(
      new RuntimeError(
        "PRODUCER_FENCED",
        `${producer.transactionalId} was initialised by another instance: this member lost ${topic}/${p}`,
      ),
    );

  /** Routes a result's records: the output topic's, and the others by topic. */
  const route = (
    records: readonly OutputRecord[],
    outputs: Message[],
    others: Map<string, Message[]>,
  ): void => {
    for (const record of records) {
      const message: Message = { key: record.key, value: record.value, headers: record.headers };
      if (record.partition !== undefined) message.partition = record.partition;
      if (record.topic === undefined || record.topic === options.outputTopic) {
        outputs.push(message);
        continue;
      }
      const list = others.get(record.topic);
      if (list) list.push(message);
      else others.set(record.topic, [message]);
    }
  };

  const toTopicMessages = (others: Map<string, Message[]>) =>
    [...others].map(([topic, messages]) => ({ topic, messages }));

  /** A task's timed records in a transaction of their own (no input offset moves). */
  const punctuate = async (
    producer: PartitionProducer,
    chunkTask: ChunkTask,
    topic: string,
    partition: number,
    session: SessionState,
  ): Promise<void> => {
    if (session.failed()) return;
    const records = chunkTask.task.punctuate?.(Date.now(), maxChunk) ?? [];
    if (records.length === 0) {
      chunkTask.task.discard();
      return;
    }
    const outputs: Message[] = [];
    const others = new Map<string, Message[]>();
    route(records, outputs, others);
    const outcome = await producer.commit({
      topic,
      partition,
      outputs,
      otherOutputs: toTopicMessages(others),
      deadLetters: [],
      nextOffset: undefined,
    });
    metrics.transaction(outcome);
    if (outcome === "committed") {
      chunkTask.task.commit();
      logger.info({ topic, partition, records: records.length }, "punctuated");
      return;
    }
    chunkTask.drop();
    if (outcome === "fenced") failFenced(session, producer, topic, partition);
  };

  const processBatch = async (
    batch: Batch,
    producer: PartitionProducer,
    chunkTask: ChunkTask | undefined,
    control: BatchControl,
    resolveOffset: (offset: string) => void,
    session: SessionState,
  ): Promise<void> => {
    const { topic, partition, messages } = batch;
    for (let i = 0; i < messages.length; i += maxChunk) {
      if (!control.isRunning() || control.isStale()) return;
      const chunk = messages.slice(i, i + maxChunk);
      const lastChunk = i + chunk.length >= messages.length;
      const lastMessage = chunk[chunk.length - 1];
      if (!lastMessage) return;
      // The batch's last offset may be a transaction marker after the last message: committing
      // past it keeps a restarted consumer from fetching a batch of nothing but markers.
      const resolvedTo = lastChunk ? batch.lastOffset() : lastMessage.offset;
      const nextOffset = BigInt(resolvedTo) + 1n;

      const outputs: Message[] = [];
      const others = new Map<string, Message[]>();
      const deadLetters: Message[] = [];
      const lines: LogLine[] = [];
      const seen: CommittedRecord[] = [];
      const codes: DeadLetterCode[] = [];
      const records = chunk.map((message) => toInputRecord(topic, partition, message));
      // Whatever leaves this chunk by a throw (a heartbeat that meets a rebalance, a commit
      // that fails outright) leaves the task's staged state behind: read it back afresh, or the
      // next batch would take a record it never committed for one it already has (a "replay").
      try {
        const firsts = options.chunkHandler
          ? await awaitHeartbeating(
              // A chunk handler that fails as a whole answers nothing: every record runs alone.
              options.chunkHandler(records).catch((error: unknown) => {
                logger.warn({ err: error, topic, partition }, "chunk handler failed; one by one");
                return undefined;
              }),
              control.heartbeat,
            )
          : undefined;
        for (const [index, message] of chunk.entries()) {
          const record = records[index] as InputRecord;
          const first = firsts?.[index];
          let attempts = 0;
          const startedAt = performance.now();
          const attempt = await attemptRecord(
            async () => {
              attempts += 1;
              if (attempts > 1 || first === undefined) return options.handler(record);
              if (first.ok) return first.result;
              throw first.error;
            },
            policy,
            control,
            onRetryFor(
              metrics,
              logger,
              { topic, partition, offset: message.offset },
              "handler failed with a retryable error; retrying",
            ),
          );
          if (attempt.kind === "stop") {
            chunkTask?.task.discard();
            return;
          }
          const handled: StageResult =
            attempt.kind === "ok"
              ? attempt.value
              : { kind: "reject", code: attempt.code, message: attempt.message };
          // A chunk handler's answer took what the worker measured; a retry, the whole wait.
          const elapsedMs =
            first !== undefined && attempts === 1
              ? first.durationMs
              : performance.now() - startedAt;
          metrics.handled(elapsedMs / 1000);
          // The stateful step: in this thread, in offset order, before the transaction.
          const result = chunkTask ? chunkTask.task.process(handled, record) : handled;
          const base = {
            topic,
            partition,
            offset: message.offset,
            durationMs: Math.round(elapsedMs * 100) / 100,
            ...result.log,
          };
          seen.push({
            published: result.kind !== "reject",
            timestampMs: Number(message.timestamp),
            // A task rewrites the result; what the handler observed is still what was handled.
            observe: result.observe ?? handled.observe,
            endToEndFromMs: endToEndFrom(record.headers),
          });
          if (result.kind === "publish") {
            outputs.push({ key: result.key, value: result.value, headers: result.headers });
            lines.push({ level: "info", fields: base, msg: "published" });
          } else if (result.kind === "emit") {
            route(result.records, outputs, others);
            lines.push({ level: "info", fields: base, msg: "published" });
          } else {
            deadLetters.push(
              deadLetterFor(message, result, { stage: options.stage, topic, partition }),
            );
            codes.push(result.code);
            lines.push({
              level: "warn",
              fields: { ...base, errorCode: result.code, reason: result.message },
              msg: "rejected",
            });
          }
          await control.heartbeat();
        }
        if (!control.isRunning() || control.isStale()) {
          chunkTask?.task.discard();
          return;
        }

        const outcome = await producer.commit({
          topic,
          partition,
          outputs,
          otherOutputs: toTopicMessages(others),
          deadLetters,
          nextOffset,
        });
        metrics.transaction(outcome);
        // Not committed: whether the transaction landed may be unknown, so the task's state is
        // read back afresh by the next batch rather than guessed.
        if (outcome !== "committed") chunkTask?.drop();
        else chunkTask?.task.commit();
        if (outcome === "fenced") {
          failFenced(session, producer, topic, partition);
          return;
        }
        if (outcome !== "committed") {
          await control.heartbeat().catch(() => undefined);
          return;
        }
        for (const message of chunk) resolveOffset(message.offset);
        if (lastChunk) resolveOffset(resolvedTo);
        metrics.committed({
          records: seen,
          outputTopic: options.outputTopic,
          outputs: outputs.length,
          dlqTopic: options.dlqTopic,
          deadLetterCodes: codes,
        });
        for (const line of lines) logger[line.level](line.fields, line.msg);
        await control.heartbeat();
      } catch (error) {
        chunkTask?.drop();
        throw error;
      }
    }
  };

  /** The raw record's timestamp the input carries, for the end-to-end histogram. */
  const endToEndFrom = (headers: Readonly<Record<string, string>>): number | undefined => {
    if (options.endToEndHeader === undefined) return undefined;
    const value = Number(headers[options.endToEndHeader]);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };

  return superviseRunner({ logger, start, stats, maxRestarts: options.maxRestarts });
}

/** Waits for `work`, heartbeating the group every heartbeatSliceMs meanwhile. */
async function awaitHeartbeating<T>(work: Promise<T>, heartbeat: () => Promise<void>): Promise<T> {
  const done = work.then((value) => ({ value }));
  // A heartbeat that throws (a rebalance) leaves `work` running: its failure is nobody's then.
  done.catch(() => undefined);
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const tick = new Promise<"tick">((resolve) => {
      timer = setTimeout(() => resolve("tick"), RUNTIME_DEFAULTS.heartbeatSliceMs);
    });
    const outcome = await Promise.race([done, tick]).finally(() => clearTimeout(timer));
    if (outcome !== "tick") return outcome.value;
    await heartbeat();
  }
}
