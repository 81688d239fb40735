import { AGENCY_IDS } from "@newswire/core";
import {
  createKafka,
  createLogger,
  createServiceMetrics,
  ensureConfiguredTopics,
  type HandlerPool,
  runMain,
  runPipelineStage,
  runService,
  startHandlerPool,
} from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import { loadEnricherConfig } from "./config.js";

const SERVICE = "enricher";

runMain(SERVICE, async () => {
  const config = loadEnricherConfig(process.env);
  const logger = createLogger({
    service: SERVICE,
    instance: config.INSTANCE_ID,
    level: config.LOG_LEVEL,
  });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-${SERVICE}`);
  const groupId = config.GROUP_ID ?? `newswire-${SERVICE}`;
  const metrics = createServiceMetrics({ service: SERVICE, agencyIds: AGENCY_IDS });
  let pool: HandlerPool | undefined;
  return runService({
    logger,
    config,
    metrics,
    cleanup: () => pool?.close(),
    start: async () => {
      await ensureConfiguredTopics(kafka, config, logger);
      // Attribution is synchronous and CPU-bound: in a worker, a hostile record can be stopped.
      pool = await startHandlerPool({
        module: new URL("./enricher-worker.js", import.meta.url),
        options: {},
        threads: config.HANDLER_THREADS,
        deadlineMs: config.RECORD_DEADLINE_MS,
        maxHeapMb: config.HANDLER_MAX_HEAP_MB,
      });
      return runPipelineStage({
        kafka,
        logger,
        stage: SERVICE,
        inputTopic: config.TOPIC_NORMALIZED,
        outputTopic: config.TOPIC_STORIES,
        dlqTopic: config.TOPIC_DLQ,
        groupId,
        maxRecordsPerTransaction: config.MAX_RECORDS_PER_TRANSACTION,
        maxHandlerAttempts: config.RECORD_MAX_ATTEMPTS,
        handler: pool.handler,
        metrics: metrics.stage(SERVICE),
        endToEndHeader: HEADERS.rawTimestamp,
      });
    },
  });
});
