import {
  createServiceMetrics,
  ensureConfiguredTopics,
  type HandlerPool,
  runMain,
  runPipelineStage,
  runService,
  serviceClients,
  stageRunnerOptions,
  startStagePool,
} from "@newswire/runtime";
import { loadNormalizerConfig } from "./config.js";

const SERVICE = "normalizer";

runMain(SERVICE, async () => {
  const config = loadNormalizerConfig(process.env);
  const clients = serviceClients(SERVICE, config);
  const { logger, kafka } = clients;
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
      pool = await startStagePool(new URL("./normalizer-worker.js", import.meta.url), config, {
        maxBytes: config.MAX_INPUT_BYTES,
      });
      return runPipelineStage({
        ...stageRunnerOptions(clients, config, pool),
        stage: SERVICE,
        inputTopic: config.TOPIC_RAW,
        outputTopic: config.TOPIC_NORMALIZED,
        metrics: stageMetrics,
      });
    },
  });
});
