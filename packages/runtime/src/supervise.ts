import type { Logger } from "pino";
import { backoffDelay, sleep } from "./backoff.js";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { classifyError, errorMessage, RuntimeError } from "./runtime-error.js";
import type { StageStats } from "./stage-stats.js";

/** One connected consumer (+ producer): `failed` settles when it can no longer make progress. */
export interface Session {
  failed: Promise<unknown>;
  close(): Promise<void>;
  /** False while the session's own probe of the broker fails (the lag monitor's reading). */
  healthy?(): boolean;
}

export interface RunnerHandle {
  /** Settles when the runner stopped: resolves after stop(), rejects on a fatal error. */
  done: Promise<void>;
  /** Finish or abort the batch in flight, commit what is done, disconnect. */
  stop(): Promise<void>;
  ready(): boolean;
}

export interface SuperviseOptions {
  logger: Logger;
  /** markReady(false): out of the group again (rebalancing, a consumer crash kafkajs heals). */
  start: (markReady: (ready?: boolean) => void) => Promise<Session>;
  /** Consecutive failed sessions before giving up (the process then exits non-zero). */
  maxRestarts?: number;
  onRestart?: () => void;
  /** Called with every session that made progress, so a flapping broker does not count forever. */
  progress?: () => number;
}

/**
 * Keeps one session alive: when kafkajs gives up (CRASH without restart, fenced producer, broken
 * transaction) the clients are thrown away and rebuilt with backoff, so a broker outage heals
 * without a supervisor. It rejects after maxRestarts failures in a row without progress, or at
 * once on an error marked fatal.
 */
export function supervise(options: SuperviseOptions): RunnerHandle {
  const { logger } = options;
  const maxRestarts = options.maxRestarts ?? RUNTIME_DEFAULTS.supervise.maxRestarts;
  const stopper = new AbortController();
  let ready = false;
  let current: Session | undefined;
  let stopped: Promise<void> | undefined;

  const stopSignal = new Promise<void>((resolve) =>
    stopper.signal.addEventListener("abort", () => resolve(), { once: true }),
  );

  const loop = async () => {
    let failures = 0;
    let progressAtStart = options.progress?.() ?? 0;
    while (!stopper.signal.aborted) {
      let failure: unknown;
      try {
        current = await options.start((value = true) => {
          ready = value;
        });
        failure = await Promise.race([current.failed, stopSignal.then(() => undefined)]);
      } catch (error) {
        failure = error;
      }
      ready = false;
      const session = current;
      current = undefined;
      if (session) {
        await session.close().catch((error: unknown) => {
          logger.warn({ err: error }, "error while closing kafka clients");
        });
      }
      if (stopper.signal.aborted) break;
      const progressNow = options.progress?.() ?? 0;
      if (progressNow !== progressAtStart) failures = 0;
      progressAtStart = progressNow;
      failures += 1;
      options.onRestart?.();
      // Misconfiguration (credentials, bucket, environment): rebuilding the clients cannot help.
      if (classifyError(failure) === "fatal") throw failure;
      if (failures > maxRestarts) {
        throw new RuntimeError(
          "RESTARTS_EXHAUSTED",
          `Gave up after ${maxRestarts} restarts without progress: ${errorMessage(failure)}`,
          { cause: failure },
        );
      }
      const delay = backoffDelay(failures, RUNTIME_DEFAULTS.supervise.restartBackoff);
      logger.error(
        { err: failure, attempt: failures, delayMs: delay },
        "kafka session failed; restarting the clients",
      );
      await sleep(delay, stopper.signal);
    }
  };

  const done = loop();
  return {
    done,
    ready: () => ready && (current?.healthy?.() ?? true),
    stop: () => {
      stopped ??= (async () => {
        stopper.abort();
        await done.catch(() => undefined);
      })();
      return stopped;
    },
  };
}

/** supervise() for a runner: restarts counted in its stats, progress read from them. */
export function superviseRunner(options: {
  logger: Logger;
  start: SuperviseOptions["start"];
  stats: StageStats;
  maxRestarts?: number | undefined;
}): RunnerHandle & { stats: StageStats } {
  const { stats } = options;
  const handle = supervise({
    logger: options.logger,
    start: options.start,
    maxRestarts: options.maxRestarts,
    onRestart: () => stats.metrics.restarted(),
    progress: () => stats.processed,
  });
  return { ...handle, stats };
}
