import { Kafka, type KafkaConfig, type LogEntry, logLevel, type SASLOptions } from "kafkajs";
import type { Logger } from "pino";
import { assertKafkaEnv, type KafkaEnv } from "./load-config.js";

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
    // A short first retry matters for transactions: the next AddPartitionsToTxn right after a
    // commit gets CONCURRENT_TRANSACTIONS until the markers are written (a few ms), and a
    // 300 ms first retry would cap a stage at a few transactions per second.
    retry: { initialRetryTime: 25, retries: 12, maxRetryTime: 10_000 },
  };
}

export function createKafka(config: KafkaEnv, logger: Logger, clientId?: string): Kafka {
  return new Kafka(kafkaClientConfig(config, logger, clientId));
}
