import { enrichStory } from "@newswire/core";
import {
  createKafka,
  createLogger,
  ensureConfiguredTopics,
  runMain,
  runPipelineStage,
  runService,
} from "@newswire/runtime";
import { loadEnricherConfig } from "./config.js";
import { createEnricherHandler } from "./enricher-handler.js";

const SERVICE = "enricher";

runMain(SERVICE, async () => {
  const config = loadEnricherConfig(process.env);
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
        inputTopic: config.TOPIC_NORMALIZED,
        outputTopic: config.TOPIC_STORIES,
        dlqTopic: config.TOPIC_DLQ,
        groupId,
        transactionalId: `${groupId}-${config.INSTANCE_ID}`,
        maxRecordsPerTransaction: config.MAX_RECORDS_PER_TRANSACTION,
        handler: createEnricherHandler({ enrich: enrichStory }),
      });
    },
  });
});
