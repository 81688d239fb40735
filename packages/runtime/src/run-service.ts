import type { Kafka } from "kafkajs";
import type { Logger } from "pino";
import { createLogger } from "./create-logger.js";
import { startHealthServer } from "./health-server.js";
import { createKafka } from "./kafka-client.js";
import {
  type ConsumerTimeouts,
  consumerTimeouts,
  type KafkaEnv,
  type ServiceEnv,
} from "./load-config.js";
import type { ServiceMetrics } from "./metrics.js";
import { RuntimeError } from "./runtime-error.js";
import type { StageStats } from "./stage-stats.js";
import type { RunnerHandle } from "./supervise.js";

export interface ServiceClients {
  logger: Logger;
  kafka: Kafka;
  /** GROUP_ID, else `newswire-<service>`. */
  groupId: string;
  /** The runner's `consumer` option. */
  consumer: ConsumerTimeouts;
}

/**
 * What every service builds first from its configuration, the same way in each: its logger
 * (service and instance on every line), its Kafka client (`<KAFKA_CLIENT_ID>-<service>`), its
 * consumer group and the group timing (checked before anything connects).
 */
export function serviceClients(service: string, config: KafkaEnv & ServiceEnv): ServiceClients {
  const consumer = consumerTimeouts(config);
  const logger = createLogger({ service, instance: config.INSTANCE_ID, level: config.LOG_LEVEL });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-${service}`);
  return { logger, kafka, groupId: config.GROUP_ID ?? `newswire-${service}`, consumer };
}

export interface ServiceOptions {
  logger: Logger;
  config: Pick<ServiceEnv, "HEALTH_PORT" | "STATS_INTERVAL_MS" | "SHUTDOWN_TIMEOUT_MS">;
  /** Connect, create topics/buckets, and start the runner. Throwing here is fatal. */
  start: () => Promise<RunnerHandle & { stats: StageStats }>;
  /** Released after the runner stopped (S3 clients ...). */
  cleanup?: () => Promise<void> | void;
  /** The process's metrics, served on /metrics beside the health endpoints. */
  metrics?: ServiceMetrics;
  /**
   * Readiness beyond the runner's own (in the group, broker reachable), by name: the archiver's
   * S3. /readyz is 200 only while every one holds, and names those that do not.
   */
  readiness?: Readonly<Record<string, () => boolean>>;
}

/**
 * The process around a runner: signals, health endpoints, the periodic `stats` line, and the exit
 * code. Resolves with the exit code instead of exiting, so main.ts decides and tests can call it.
 * SIGTERM/SIGINT: stop within SHUTDOWN_TIMEOUT_MS (finish or abort the chunk in flight, commit,
 * disconnect), exit 0; past the timeout, exit 1. A fatal runner error: exit 1.
 */
export async function runService(options: ServiceOptions): Promise<number> {
  const { logger, config } = options;
  let failed = false;
  let runner: (RunnerHandle & { stats: StageStats }) | undefined;
  const extra = Object.entries(options.readiness ?? {});
  const unready = (): string[] => {
    const failing: string[] = [];
    if (!(runner?.ready() ?? false)) {
      failing.push("kafka: not in the consumer group, or the broker is unreachable");
    }
    for (const [name, check] of extra) if (!check()) failing.push(`${name}: failing`);
    return failing;
  };
  const ready = () => (runner?.ready() ?? false) && extra.every(([, check]) => check());
  options.metrics?.watchReadiness(options.metrics.service, ready);
  const health = await startHealthServer(config.HEALTH_PORT, {
    live: () => !failed,
    ready,
    unready,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  if (health) logger.info({ port: health.port }, "health server listening");

  let stopRequested: (signal: string) => void = () => undefined;
  const stopping = new Promise<string>((resolve) => {
    stopRequested = resolve;
  });
  const onSignal = (signal: NodeJS.Signals) => stopRequested(signal);
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);

  let timer: NodeJS.Timeout | undefined;
  try {
    runner = await options.start();
    const current = runner;
    if (config.STATS_INTERVAL_MS > 0) {
      timer = setInterval(
        () => logger.info(current.stats.snapshot(), "stats"),
        config.STATS_INTERVAL_MS,
      );
      timer.unref();
    }
    logger.info("started");
    const outcome = await Promise.race([
      current.done.then(() => ({ kind: "done" as const })),
      stopping.then((signal) => ({ kind: "signal" as const, signal })),
    ]);
    if (outcome.kind === "signal" && !current.ready()) {
      // Not in a group yet (or between sessions): nothing is in flight and nothing to commit.
      // Waiting for a join that a killed predecessor holds up could outlast the deadline.
      logger.info({ signal: outcome.signal }, "stopping before joining the group");
      void current.stop();
      return 0;
    }
    if (outcome.kind === "signal") {
      logger.info({ signal: outcome.signal }, "stopping");
      const deadline = new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), config.SHUTDOWN_TIMEOUT_MS).unref(),
      );
      const result = await Promise.race([current.stop().then(() => "stopped" as const), deadline]);
      if (result === "timeout") {
        throw new RuntimeError(
          "SHUTDOWN_TIMEOUT",
          `Did not stop within ${config.SHUTDOWN_TIMEOUT_MS} ms`,
        );
      }
    }
    logger.info(current.stats.snapshot(), "stopped");
    return 0;
  } catch (error) {
    failed = true;
    logger.fatal({ err: error }, "fatal error");
    return 1;
  } finally {
    if (timer) clearInterval(timer);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("SIGINT", onSignal);
    await Promise.resolve(options.cleanup?.()).catch(() => undefined);
    await health?.close();
  }
}

/**
 * For main.ts: runs main and exits with its code. A throw before the logger exists (a bad
 * environment) is printed as one JSON line on stderr, the message naming the variable.
 */
export function runMain(service: string, main: () => Promise<number>): void {
  main().then(
    (code) => {
      setTimeout(() => process.exit(code), 50);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${JSON.stringify({ level: "fatal", service, msg: message })}\n`);
      setTimeout(() => process.exit(1), 50);
    },
  );
}
