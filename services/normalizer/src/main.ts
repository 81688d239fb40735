import { normalizeWire } from "@newswire/core";
import {
  createKafka,
  createLogger,
  ensureTopics,
  resolveTopics,
  runMain,
  runPipelineStage,
  runService,
} from "@newswire/runtime";
import { loadNormalizerConfig } from "./config.js";
import { createNormalizerHandler } from "./normalizer-handler.js";

const SERVICE = "normalizer";

runMain(SERVICE, async () => {
  const config = loadNormalizerConfig(process.env);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-${SERVICE}`);
  const groupId = config.GROUP_ID ?? `newswire-${SERVICE}`;
  return runService({
    logger,
    config,
    start: async () => {
      const admin = kafka.admin();
      await admin.connect();
      try {
        await ensureTopics(admin, resolveTopics(config), logger, { create: config.TOPICS_CREATE });
      } finally {
        await admin.disconnect();
      }
      return runPipelineStage({
        kafka,
        logger,
        stage: SERVICE,
        inputTopic: config.TOPIC_RAW,
        outputTopic: config.TOPIC_NORMALIZED,
        dlqTopic: config.TOPIC_DLQ,
        groupId,
        transactionalId: `${groupId}-${config.INSTANCE_ID}`,
        maxRecordsPerTransaction: config.MAX_RECORDS_PER_TRANSACTION,
        handler: createNormalizerHandler({
          normalize: normalizeWire,
          maxBytes: config.MAX_INPUT_BYTES,
        }),
      });
    },
  });
});
