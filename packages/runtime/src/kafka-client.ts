import {
  Kafka,
  type KafkaConfig,
  type LogEntry,
  logLevel,
  Partitioners,
  type ProducerConfig,
  type SASLOptions,
} from "kafkajs";
import type { Logger } from "pino";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { abortedFilterIsPatched } from "./kafka-client-check.js";
import { assertKafkaEnv, type KafkaEnv } from "./load-config.js";
import { RuntimeError } from "./runtime-error.js";

/** kafkajs lines below warn are noise at our volume; warn and error become one pino line each. */
export function kafkaLogCreator(logger: Logger) {
  const kafkaLogger = logger.child({ component: "kafkajs" });
  return (_level: logLevel) =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _ts, logger: _l, ...extra } = log;
      const fields = { namespace, ...extra };
      // We bound kafkajs' retries on purpose: when they run out, the runtime aborts the
      // transaction and rebuilds the clients with backoff, and exactly-once holds through it.
      if (message.startsWith("Limiting retries for the idempotent producer")) return;
      if (level === logLevel.ERROR) kafkaLogger.error(fields, message);
      else if (level === logLevel.WARN) kafkaLogger.warn(fields, message);
      else if (level === logLevel.INFO) kafkaLogger.debug(fields, message);
      else kafkaLogger.trace(fields, message);
    };
}

export function kafkaClientConfig(
  config: KafkaEnv,
  logger: Logger,
  clientId?: string,
): KafkaConfig {
  assertKafkaEnv(config);
  let sasl: SASLOptions | undefined;
  if (config.KAFKA_SASL_MECHANISM && config.KAFKA_SASL_USERNAME && config.KAFKA_SASL_PASSWORD) {
    sasl = {
      mechanism: config.KAFKA_SASL_MECHANISM,
      username: config.KAFKA_SASL_USERNAME,
      password: config.KAFKA_SASL_PASSWORD,
    } as SASLOptions;
  }
  return {
    clientId: clientId ?? config.KAFKA_CLIENT_ID,
    brokers: [...config.KAFKA_BROKERS],
    ssl: config.KAFKA_SSL,
    ...(sasl ? { sasl } : {}),
    connectionTimeout: config.KAFKA_CONNECTION_TIMEOUT_MS,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    retry: { ...RUNTIME_DEFAULTS.kafkaClient.retry },
  };
}

/**
 * The one way the project makes a Kafka client (kafkajs stays behind this package). Refuses an
 * installed kafkajs without the aborted-transaction fix: read_committed would not hold.
 */
export function createKafka(config: KafkaEnv, logger: Logger, clientId?: string): Kafka {
  if (!abortedFilterIsPatched()) {
    throw new RuntimeError(
      "KAFKA_CLIENT_UNPATCHED",
      "kafkajs is installed without patches/kafkajs+2.2.4.patch (a read_committed consumer would be handed aborted records): reinstall with `npm ci`, whose postinstall applies it, or run `npx patch-package`",
    );
  }
  return new Kafka(kafkaClientConfig(config, logger, clientId));
}

/**
 * How every newswire producer is made: idempotent, one request in flight (a retried send keeps
 * its place), keys partitioned as the Java client does (murmur2), so a record and its state
 * land on co-partitioned topics' same partition. `extra` adds a transactional id and timeout.
 */
export function producerConfig(extra: ProducerConfig = {}): ProducerConfig {
  return {
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
    ...extra,
  };
}
