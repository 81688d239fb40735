import {
  createServiceMetrics,
  ensureConfiguredTopics,
  type HandlerPool,
  runMain,
  runPipelineStage,
  runService,
  serviceClients,
  startHandlerPool,
} from "@newswire/runtime";
import { loadNormalizerConfig } from "./config.js";

const SERVICE = "normalizer";

runMain(SERVICE, async () => {
  const config = loadNormalizerConfig(process.env);
  const { logger, kafka, groupId, consumer } = serviceClients(SERVICE, config);
  const metrics = createServiceMetrics({
    service: SERVICE,
    feeds: config.FEEDS,
    feedLabelLimit: config.FEED_LABEL_LIMIT,
  });
  const stageMetrics = metrics.stage(SERVICE);
  stageMetrics.watchFeeds();
  let pool: HandlerPool | undefined;
  return runService({
    logger,
    config,
    metrics,
    cleanup: () => pool?.close(),
    start: async () => {
      await ensureConfiguredTopics(kafka, config, logger);
      // processWire is synchronous and CPU-bound: in a worker, a hostile record can be stopped.
      pool = await startHandlerPool({
        module: new URL("./normalizer-worker.js", import.meta.url),
        options: { maxBytes: config.MAX_INPUT_BYTES },
        threads: config.HANDLER_THREADS,
        deadlineMs: config.RECORD_DEADLINE_MS,
        maxHeapMb: config.HANDLER_MAX_HEAP_MB,
      });
      return runPipelineStage({
        kafka,
        consumer,
        logger,
        stage: SERVICE,
        inputTopic: config.TOPIC_RAW,
        outputTopic: config.TOPIC_NORMALIZED,
        dlqTopic: config.TOPIC_DLQ,
        groupId,
        maxRecordsPerTransaction: config.MAX_RECORDS_PER_TRANSACTION,
        maxHandlerAttempts: config.RECORD_MAX_ATTEMPTS,
        handler: pool.handler,
        chunkHandler: pool.chunkHandler,
        metrics: stageMetrics,
      });
    },
  });
});
