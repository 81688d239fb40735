import { AGENCY_IDS } from "@newswire/core/light";
import {
  assertCopartitioned,
  createServiceMetrics,
  ensureConfiguredTopics,
  type HandlerPool,
  PartitionStateStore,
  runMain,
  runPipelineStage,
  runService,
  serviceClients,
  stageRunnerOptions,
  startStagePool,
} from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import { loadEnricherConfig } from "./config.js";
import { currentEntryCodec } from "./current-state.js";
import { createCurrentTask } from "./current-task.js";

const SERVICE = "enricher";

runMain(SERVICE, async () => {
  const config = loadEnricherConfig(process.env);
  const clients = serviceClients(SERVICE, config);
  const { logger, kafka, groupId } = clients;
  const metrics = createServiceMetrics({ service: SERVICE, agencyIds: AGENCY_IDS });
  let pool: HandlerPool | undefined;
  return runService({
    logger,
    config,
    metrics,
    cleanup: () => pool?.close(),
    start: async () => {
      await ensureConfiguredTopics(kafka, config, logger, [
        "TOPIC_NORMALIZED",
        "TOPIC_STORIES",
        "TOPIC_DLQ",
        "TOPIC_CURRENT",
        "TOPIC_CURRENT_STATE",
      ]);
      // The state of wire.normalized partition p is in partition p of the changelog and of
      // stories.current: all three must agree on the partition count, and hold state compacted.
      const admin = kafka.admin();
      await admin.connect();
      const partitions = await assertCopartitioned(
        admin,
        [
          { variable: "TOPIC_NORMALIZED", name: config.TOPIC_NORMALIZED },
          { variable: "TOPIC_CURRENT", name: config.TOPIC_CURRENT },
          { variable: "TOPIC_CURRENT_STATE", name: config.TOPIC_CURRENT_STATE },
        ],
        [
          { variable: "TOPIC_CURRENT", name: config.TOPIC_CURRENT },
          { variable: "TOPIC_CURRENT_STATE", name: config.TOPIC_CURRENT_STATE },
        ],
      ).finally(() => admin.disconnect());
      // Attribution is synchronous and CPU-bound: in a worker, a hostile record can be stopped.
      pool = await startStagePool(new URL("./enricher-worker.js", import.meta.url), config);
      return runPipelineStage({
        ...stageRunnerOptions(clients, config, pool),
        stage: SERVICE,
        inputTopic: config.TOPIC_NORMALIZED,
        outputTopic: config.TOPIC_STORIES,
        metrics: metrics.stage(SERVICE),
        endToEndHeader: HEADERS.rawTimestamp,
        // The current story per key: state restored after the fence, before the first record.
        openPartition: async (context) => {
          const { store } = await PartitionStateStore.restore({
            kafka: context.kafka,
            admin: context.admin,
            topic: config.TOPIC_CURRENT_STATE,
            partition: context.partition,
            codec: currentEntryCodec,
            groupPrefix: groupId,
            logger: context.logger,
          });
          return createCurrentTask({
            store,
            partition: context.partition,
            partitions,
            inputTopic: config.TOPIC_NORMALIZED,
            currentTopic: config.TOPIC_CURRENT,
            killTombstoneAfterMs: config.CURRENT_KILL_TOMBSTONE_AFTER_MS,
            stateRetentionMs: config.CURRENT_STATE_RETENTION_MS,
            maxDuplicateBits: config.CURRENT_DUPLICATE_MAX_BITS,
          });
        },
      });
    },
  });
});
