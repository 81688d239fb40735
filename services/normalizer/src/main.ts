import { normalizeWire } from "@newswire/core";
import {
  createKafka,
  createLogger,
  ensureConfiguredTopics,
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
      await ensureConfiguredTopics(kafka, config, logger);
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
