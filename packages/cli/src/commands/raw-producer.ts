import {
  ensureTopics,
  type KafkaEnv,
  type Logger,
  producerConfig,
  resolveTopics,
  type TopicsEnv,
} from "@newswire/runtime";
import type { Kafka, Producer } from "kafkajs";

/**
 * A connected idempotent producer for wire.raw (TOPIC_RAW), as a feed adapter would use, the
 * topic created first when missing (TOPICS_CREATE): what `send` and `replay` write with.
 */
export async function connectRawProducer(
  kafka: Kafka,
  config: KafkaEnv & TopicsEnv,
  logger: Logger,
): Promise<Producer> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, resolveTopics(config, ["TOPIC_RAW"]), logger, {
      create: config.TOPICS_CREATE,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer(producerConfig());
  await producer.connect();
  return producer;
}
