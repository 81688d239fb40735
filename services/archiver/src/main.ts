import { createArchive, createS3Client, s3SettingsFromEnv } from "@newswire/archive";
import { archiveKeyFor, storyId } from "@newswire/core";
import {
  createServiceMetrics,
  ensureConfiguredTopics,
  type RecordWireMeta,
  runMain,
  runService,
  runSink,
  serviceClients,
} from "@newswire/runtime";
import { createArchiverHandler } from "./archiver-handler.js";
import { loadArchiverConfig } from "./config.js";

const SERVICE = "archiver";
const S3_PROBE_INTERVAL_MS = 5_000;

runMain(SERVICE, async () => {
  const config = loadArchiverConfig(process.env);
  const { logger, kafka, groupId, consumer } = serviceClients(SERVICE, config);
  const client = createS3Client(s3SettingsFromEnv(config));
  const metrics = createServiceMetrics({ service: SERVICE });
  const stageMetrics = metrics.stage(SERVICE);
  const archive = createArchive({
    client,
    bucket: config.S3_BUCKET,
    logger,
    metrics: stageMetrics.s3(),
  });
  // Puts tell the writer whether S3 takes requests; an idle archiver asks it this often.
  const probe = setInterval(() => void archive.probe(), S3_PROBE_INTERVAL_MS);
  probe.unref();

  // The key the Story reports (source.archiveKey): the normalizer calls the same function on the
  // same bytes and metadata. Cheap: a hash and a sniff of the first bytes, no normalization.
  const keyFor = (bytes: Uint8Array, meta: RecordWireMeta): string => archiveKeyFor(bytes, meta);

  return runService({
    logger,
    config,
    metrics,
    readiness: { s3: () => archive.healthy() },
    cleanup: () => {
      clearInterval(probe);
      client.destroy();
    },
    start: async () => {
      await ensureConfiguredTopics(kafka, config, logger);
      const created = await archive.ensureBucket({ retry: true });
      logger.info({ bucket: config.S3_BUCKET, created: created === "created" }, "bucket ready");
      return runSink({
        kafka,
        consumer,
        logger,
        stage: SERVICE,
        inputTopic: config.TOPIC_RAW,
        dlqTopic: config.TOPIC_DLQ,
        groupId,
        concurrency: config.ARCHIVE_CONCURRENCY,
        doneMessage: "archived",
        handler: createArchiverHandler({ archive, keyFor, idFor: storyId }),
        metrics: stageMetrics,
      });
    },
  });
});
