import { createArchive, createS3Client } from "@newswire/archive";
import { archiveKeyFor } from "@newswire/core";
import {
  createKafka,
  createLogger,
  ensureConfiguredTopics,
  type RecordWireMeta,
  runMain,
  runService,
  runSink,
} from "@newswire/runtime";
import { createArchiverHandler } from "./archiver-handler.js";
import { loadArchiverConfig } from "./config.js";

const SERVICE = "archiver";

runMain(SERVICE, async () => {
  const config = loadArchiverConfig(process.env);
  const logger = createLogger({ service: SERVICE, level: config.LOG_LEVEL });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-${SERVICE}`);
  const groupId = config.GROUP_ID ?? `newswire-${SERVICE}`;
  const client = createS3Client({
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.AWS_ACCESS_KEY_ID && config.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: config.AWS_ACCESS_KEY_ID, secretAccessKey: config.AWS_SECRET_ACCESS_KEY }
        : undefined,
  });
  const archive = createArchive({ client, bucket: config.S3_BUCKET, logger });

  // The key the Story reports (source.archiveKey): the normalizer calls the same function on the
  // same bytes and metadata. Cheap: a hash and a sniff of the first bytes, no normalization.
  const keyFor = (bytes: Uint8Array, meta: RecordWireMeta): string => archiveKeyFor(bytes, meta);

  return runService({
    logger,
    config,
    cleanup: () => client.destroy(),
    start: async () => {
      await ensureConfiguredTopics(kafka, config, logger);
      const created = await archive.ensureBucket({ retry: true });
      logger.info({ bucket: config.S3_BUCKET, created: created === "created" }, "bucket ready");
      return runSink({
        kafka,
        logger,
        stage: SERVICE,
        inputTopic: config.TOPIC_RAW,
        dlqTopic: config.TOPIC_DLQ,
        groupId,
        concurrency: config.ARCHIVE_CONCURRENCY,
        handler: createArchiverHandler({ archive, keyFor }),
      });
    },
  });
});
