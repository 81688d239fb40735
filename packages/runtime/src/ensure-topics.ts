import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Admin, Kafka } from "kafkajs";
import type { Logger } from "pino";
import { z } from "zod";
import type { TopicsEnv } from "./load-config.js";
import { RuntimeError } from "./runtime-error.js";

export interface TopicDefinition {
  name: string;
  partitions: number;
  replicationFactor: number;
  config: Record<string, string>;
}

const definitionSchema = z
  .object({
    name: z.string().min(1),
    partitions: z.number().int().positive().optional(),
    numPartitions: z.number().int().positive().optional(),
    replicationFactor: z.number().int().positive().optional(),
    replication: z.number().int().positive().optional(),
    config: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
    configs: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  })
  .loose();

const fileSchema = z.union([
  z.array(definitionSchema),
  z.object({ topics: z.array(definitionSchema) }).loose(),
]);

/** The repo's infra/topics.json, found from this file in a checkout or in an image (same layout). */
export function defaultTopicsFile(): string {
  return fileURLToPath(new URL("../../../infra/topics.json", import.meta.url));
}

export function parseTopicDefinitions(json: unknown): TopicDefinition[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new RuntimeError(
      "TOPICS_INVALID",
      `Topic definitions are invalid: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const list = Array.isArray(parsed.data) ? parsed.data : parsed.data.topics;
  return list.map((d) => ({
    name: d.name,
    partitions: d.partitions ?? d.numPartitions ?? 1,
    replicationFactor: d.replicationFactor ?? d.replication ?? 1,
    config: Object.fromEntries(
      Object.entries({ ...(d.configs ?? {}), ...(d.config ?? {}) }).map(([k, v]) => [k, String(v)]),
    ),
  }));
}

export function readTopicDefinitions(path: string = defaultTopicsFile()): TopicDefinition[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    throw new RuntimeError("TOPICS_INVALID", `Cannot read topic definitions at ${path}`, {
      cause,
    });
  }
  return parseTopicDefinitions(JSON.parse(text));
}

const LOGICAL_NAMES = {
  TOPIC_RAW: "wire.raw",
  TOPIC_NORMALIZED: "wire.normalized",
  TOPIC_STORIES: "stories.enriched",
  TOPIC_DLQ: "wire.dlq",
} as const;

/**
 * The definitions for the topics this process actually uses: settings come from the file's entry
 * for the default name (wire.raw ...), the name from TOPIC_* so tests can use unique topics.
 */
export function resolveTopics(
  env: Pick<
    TopicsEnv,
    "TOPIC_RAW" | "TOPIC_NORMALIZED" | "TOPIC_STORIES" | "TOPIC_DLQ" | "TOPICS_FILE"
  >,
  wanted: readonly (keyof typeof LOGICAL_NAMES)[] = [
    "TOPIC_RAW",
    "TOPIC_NORMALIZED",
    "TOPIC_STORIES",
    "TOPIC_DLQ",
  ],
): TopicDefinition[] {
  const definitions = readTopicDefinitions(env.TOPICS_FILE);
  return wanted.map((variable) => {
    const logical = LOGICAL_NAMES[variable];
    const name = env[variable];
    const definition =
      definitions.find((d) => d.name === name) ?? definitions.find((d) => d.name === logical);
    if (!definition) {
      throw new RuntimeError(
        "TOPICS_INVALID",
        `No topic definition for ${logical} (${variable}=${name})`,
      );
    }
    return { ...definition, name };
  });
}

/**
 * Creates missing topics and verifies existing ones. Replication is capped at the broker count so
 * the production file also works on the one-node local stack.
 */
export async function ensureTopics(
  admin: Admin,
  definitions: readonly TopicDefinition[],
  logger: Logger,
  options: { create?: boolean } = {},
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = definitions.filter((d) => !existing.has(d.name));
  if (missing.length > 0) {
    if (options.create === false) {
      throw new RuntimeError(
        "TOPICS_INVALID",
        `Missing topics: ${missing.map((d) => d.name).join(", ")}`,
      );
    }
    const { brokers } = await admin.describeCluster();
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((d) => ({
        topic: d.name,
        numPartitions: d.partitions,
        replicationFactor: Math.min(d.replicationFactor, Math.max(1, brokers.length)),
        configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
      })),
    });
    logger.info({ topics: missing.map((d) => d.name) }, "created topics");
  }
  const present = definitions.filter((d) => existing.has(d.name));
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((d) => d.name) });
    for (const topic of metadata.topics) {
      const wanted = present.find((d) => d.name === topic.name);
      if (wanted && topic.partitions.length !== wanted.partitions) {
        logger.warn(
          { topic: topic.name, partitions: topic.partitions.length, declared: wanted.partitions },
          "topic partition count differs from its definition",
        );
      }
    }
  }
}

/** Connects an admin client, ensures the topics this configuration names, disconnects. */
export async function ensureConfiguredTopics(
  kafka: Kafka,
  config: Pick<
    TopicsEnv,
    | "TOPIC_RAW"
    | "TOPIC_NORMALIZED"
    | "TOPIC_STORIES"
    | "TOPIC_DLQ"
    | "TOPICS_FILE"
    | "TOPICS_CREATE"
  >,
  logger: Logger,
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, resolveTopics(config), logger, { create: config.TOPICS_CREATE });
  } finally {
    await admin.disconnect();
  }
}
