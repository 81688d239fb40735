import { randomUUID } from "node:crypto";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import {
  createKafka,
  kafkaEnvSchema,
  type Logger,
  loadConfig,
  waitForTopicLeaders,
} from "@newswire/runtime";
import { type ITopicConfig, Kafka, logLevel } from "kafkajs";
import { afterAll, inject, onTestFinished } from "vitest";
import { Pipeline, type PipelineOptions } from "./pipeline.js";
import { deleteBucket } from "./s3-objects.js";
import { buildServices } from "./service-process.js";
import type { StackConnection } from "./stack.js";

export { deleteBucket };

/** The stack global setup found or started (integration and faults projects only). */
export function stackConnection(): StackConnection {
  return inject("stack");
}

/** A kafkajs client on the test stack. */
export function testKafka(clientId = "newswire-test"): Kafka {
  return new Kafka({
    clientId,
    brokers: [...stackConnection().kafkaBrokers],
    logLevel: logLevel.NOTHING,
  });
}

/** The runtime's own client (its config, logging and retries) on the test stack. */
export function runtimeKafka(clientId: string, logger: Logger): Kafka {
  const config = loadConfig(kafkaEnvSchema, {
    KAFKA_BROKERS: stackConnection().kafkaBrokers.join(","),
  });
  return createKafka(config, logger, clientId);
}

/** An S3 client on the test stack; `credentials` overrides the stack's (e.g. wrong ones). */
export function testS3(credentials?: { accessKeyId: string; secretAccessKey: string }): S3Client {
  const { s3 } = stackConnection();
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: s3.forcePathStyle,
    credentials: credentials ?? {
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    },
  });
}

const shortId = (): string => randomUUID().replaceAll("-", "").slice(0, 16);

/** A topic name no other test uses. */
export const uniqueTopic = (prefix = "test"): string => `${prefix}.${shortId()}`;
/** A consumer group id no other test uses. */
export const uniqueGroup = (prefix = "test"): string => `${prefix}-group-${shortId()}`;
/** A transactional id no other test uses. */
export const uniqueTransactionalId = (prefix = "test"): string => `${prefix}-tx-${shortId()}`;
/** A valid S3 bucket name (lowercase, 3-63 chars) no other test uses. */
export const uniqueBucket = (prefix = "test"): string =>
  `${prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, "-")
    .slice(0, 30)}-${shortId()}`;

type Cleanup = () => Promise<void>;
const suiteCleanups: Cleanup[] = [];

// Resources created outside a test (in beforeAll) are removed when the file's tests end.
afterAll(async () => {
  const pending = suiteCleanups.splice(0).reverse();
  for (const cleanup of pending) await cleanup();
});

/** Runs `cleanup` when the current test ends, or after all tests when called outside a test. */
export function registerCleanup(cleanup: Cleanup): void {
  try {
    onTestFinished(cleanup);
  } catch {
    suiteCleanups.push(cleanup);
  }
}

export interface CreateTopicOptions {
  /** Exact name; default uniqueTopic(prefix). */
  topic?: string;
  prefix?: string;
  partitions?: number;
  /** Topic configs, e.g. { "cleanup.policy": "compact" }. */
  config?: Readonly<Record<string, string>>;
}

/** Creates a topic (waiting for its leaders) and deletes it when the test (or file) ends. */
export async function createTopic(kafka: Kafka, options: CreateTopicOptions = {}): Promise<string> {
  const topic = options.topic ?? uniqueTopic(options.prefix);
  const configEntries: ITopicConfig["configEntries"] = Object.entries(options.config ?? {}).map(
    ([name, value]) => ({ name, value }),
  );
  const partitions = options.partitions ?? 1;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1, configEntries }],
    });
    await waitForTopicLeaders(admin, [{ name: topic, partitions }]);
  } finally {
    await admin.disconnect();
  }
  registerCleanup(async () => {
    const cleanupAdmin = kafka.admin();
    await cleanupAdmin.connect();
    try {
      await cleanupAdmin.deleteTopics({ topics: [topic] });
    } finally {
      await cleanupAdmin.disconnect();
    }
  });
  return topic;
}

/** Creates a bucket and empties and deletes it when the test (or file) ends. */
export async function createBucket(s3: S3Client, bucket = uniqueBucket()): Promise<string> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  registerCleanup(() => deleteBucket(s3, bucket));
  return bucket;
}

/**
 * A pipeline (see Pipeline) on the test stack (or `options.stack`) with its topics created and its services started
 * and ready; destroyed when the test (or, started in beforeAll, the file) ends. The services run
 * from dist/, brought up to date first.
 */
export async function startPipeline(
  options: Omit<PipelineOptions, "stack"> & { stack?: StackConnection },
): Promise<Pipeline> {
  buildServices();
  const pipeline = new Pipeline({ ...options, stack: options.stack ?? stackConnection() });
  registerCleanup(() => pipeline.destroy());
  await pipeline.create();
  await pipeline.startAll();
  return pipeline;
}
