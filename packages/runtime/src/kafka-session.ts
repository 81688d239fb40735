import type { Consumer, EachBatchPayload, Kafka } from "kafkajs";
import type { Logger } from "pino";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { isRebalanceError } from "./kafka-errors.js";
import type { ConsumerTimeouts } from "./load-config.js";
import type { StageMetrics } from "./metrics.js";
import { LagMonitor } from "./metrics-lag.js";
import type { Session } from "./supervise.js";

/** The member's partitions after a join, as kafkajs reports them: topic -> partitions. */
export type Assignment = Readonly<Record<string, readonly number[]>>;

/** Something the session connects before consuming and disconnects after (producers, admin). */
export interface SessionClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerSessionOptions {
  kafka: Kafka;
  logger: Logger;
  groupId: string;
  topic: string;
  /** Connected first, in order, and disconnected after the consumer. */
  clients?: readonly SessionClient[];
  /** After each join (also rejoins after a rebalance), before the first fetch of it. */
  onJoin?: (assignment: Assignment, session: SessionState) => void;
  /** How many partitions' batches run at once; default RUNTIME_DEFAULTS.consumer. */
  partitionsConsumedConcurrently?: number;
  /**
   * One partition batch. A rebalance error it throws goes back to kafkajs (it rejoins and
   * fetches again); any other error ends the session.
   */
  eachBatch: (payload: EachBatchPayload, session: SessionState) => Promise<void>;
  /** The runner's metrics: the session reads the group's lag into them (LagMonitor). */
  metrics?: StageMetrics | undefined;
  /** Group membership timing; default RUNTIME_DEFAULTS.consumer (KAFKA_SESSION_TIMEOUT_MS ...). */
  timeouts?: ConsumerTimeouts | undefined;
}

export interface SessionState {
  readonly consumer: Consumer;
  /** This member's id in the group since its last join (undefined before the first). */
  memberId(): string | undefined;
  /** True once the session has failed: batches in flight stop at their next check. */
  failed(): boolean;
  /** Ends the session with this error (the supervisor rebuilds the clients). */
  fail(error: unknown): void;
}

/**
 * One consumer session shared by both runners: read_committed consumer with manual offsets,
 * its CRASH and GROUP_JOIN wiring, the clients it needs, and one `failed` promise for the
 * supervisor. kafkajs restarts itself on a CRASH with `restart: true`; anything else ends the
 * session.
 */
export async function openConsumerSession(
  options: ConsumerSessionOptions,
  markReady: (ready?: boolean) => void,
): Promise<Session> {
  const { kafka, logger } = options;
  const defaults = RUNTIME_DEFAULTS.consumer;
  const consumer = kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    sessionTimeout: options.timeouts?.sessionTimeoutMs ?? defaults.sessionTimeoutMs,
    heartbeatInterval: options.timeouts?.heartbeatIntervalMs ?? defaults.heartbeatIntervalMs,
    maxWaitTimeInMs: defaults.maxWaitTimeMs,
    maxBytesPerPartition: defaults.maxBytesPerPartition,
  });
  let failedAlready = false;
  let memberId: string | undefined;
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<unknown>((resolve) => {
    fail = (error) => {
      if (failedAlready) return;
      failedAlready = true;
      resolve(error);
    };
  });
  const state: SessionState = {
    consumer,
    memberId: () => memberId,
    failed: () => failedAlready,
    fail: (e) => fail(e),
  };
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    // Out of the group until kafkajs has rejoined it (GROUP_JOIN).
    markReady(false);
    if (payload.restart)
      logger.warn({ err: payload.error }, "consumer crashed; kafkajs restarts it");
    else fail(payload.error);
  });
  consumer.on(consumer.events.REBALANCING, () => markReady(false));
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    memberId = payload.memberId;
    logger.info({ memberAssignment: payload.memberAssignment }, "joined consumer group");
    options.onJoin?.(payload.memberAssignment, state);
    markReady();
  });
  const lagAdmin = options.metrics ? kafka.admin() : undefined;
  const lag =
    lagAdmin && options.metrics
      ? new LagMonitor({
          admin: lagAdmin,
          groupId: options.groupId,
          topic: options.topic,
          metrics: options.metrics,
          logger,
          intervalMs: defaults.lagIntervalMs,
          timeoutMs: defaults.lagTimeoutMs,
        })
      : undefined;
  const clients = [...(options.clients ?? []), ...(lagAdmin ? [lagAdmin] : [])];
  const close = async () => {
    await lag?.stop();
    await consumer.disconnect();
    for (const client of clients) await client.disconnect();
  };
  try {
    for (const client of clients) await client.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently:
        options.partitionsConsumedConcurrently ?? defaults.partitionsConsumedConcurrently,
      eachBatch: async (payload) => {
        try {
          await options.eachBatch(payload, state);
        } catch (error) {
          if (isRebalanceError(error)) throw error;
          fail(error);
        }
      },
    });
    lag?.start();
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  return { failed, close, healthy: () => lag?.reachable() ?? true };
}
