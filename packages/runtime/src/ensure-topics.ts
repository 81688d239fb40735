import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Admin, Kafka } from "kafkajs";
import type { Logger } from "pino";
import { z } from "zod";
import { backoffDelay, sleep } from "./backoff.js";
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
  TOPIC_CURRENT: "stories.current",
  TOPIC_CURRENT_STATE: "stories.current.state",
} as const;

export type TopicVariable = keyof typeof LOGICAL_NAMES;

/** Every declared topic: what `newswire up`, the compose init and the test harness create. */
export const TOPIC_VARIABLES = Object.keys(LOGICAL_NAMES) as readonly TopicVariable[];

/** The topics every service touches; a service with more (the enricher) names them. */
const SHARED_TOPICS: readonly TopicVariable[] = [
  "TOPIC_RAW",
  "TOPIC_NORMALIZED",
  "TOPIC_STORIES",
  "TOPIC_DLQ",
];

/**
 * The definitions for the topics this process actually uses: settings come from the file's entry
 * for the default name (wire.raw ...), the name from TOPIC_* so tests can use unique topics.
 */
export function resolveTopics(
  env: Pick<TopicsEnv, TopicVariable | "TOPICS_FILE">,
  wanted: readonly TopicVariable[] = SHARED_TOPICS,
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
 * Metadata answers a broker gives for a moment after a topic is created or while a leader is
 * elected (KRaft propagates new topics to the broker's metadata cache asynchronously), and the
 * answer a second creator gets when it loses the race: all settle by asking again.
 */
const SETTLING_TYPES: ReadonlySet<string> = new Set([
  "UNKNOWN_TOPIC_OR_PARTITION",
  "LEADER_NOT_AVAILABLE",
  "TOPIC_ALREADY_EXISTS",
  "NOT_CONTROLLER",
]);

function isSettling(error: unknown): boolean {
  const e = error as { type?: unknown; errors?: unknown; retriable?: unknown };
  if (typeof e?.type === "string" && SETTLING_TYPES.has(e.type)) return true;
  // createTopics reports per topic in a KafkaJSAggregateError.
  return Array.isArray(e?.errors) && e.errors.length > 0 && e.errors.every(isSettling);
}

/**
 * Waits until every partition of each topic has a leader. kafkajs's own `waitForLeaders` retries
 * only LEADER_NOT_AVAILABLE, but a KRaft broker may briefly answer UNKNOWN_TOPIC_OR_PARTITION for
 * a topic its controller just created (the metadata has not reached the broker yet).
 */
export async function waitForTopicLeaders(
  admin: Admin,
  topics: readonly Pick<TopicDefinition, "name" | "partitions">[],
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
      const ready = topics.every((t) => {
        const found = metadata.topics.find((m) => m.name === t.name)?.partitions ?? [];
        return found.length === t.partitions && found.every((p) => p.leader >= 0);
      });
      if (ready) return;
    } catch (error) {
      if (!isSettling(error)) throw error;
      lastError = error;
    }
    await sleep(Math.min(100 * attempt, 1_000));
  }
  throw new RuntimeError(
    "TOPICS_INVALID",
    `Topics ${topics.map((t) => t.name).join(", ")} have no leaders after ${timeoutMs} ms`,
    { cause: lastError },
  );
}

/**
 * Creates missing topics and verifies existing ones. Replication is capped at the broker count so
 * the production file also works on the one-node local stack. A broker still settling (a topic
 * just created, by us or by another process starting at the same time) is asked again, a bounded
 * number of times; any other error is the caller's.
 */
export async function ensureTopics(
  admin: Admin,
  definitions: readonly TopicDefinition[],
  logger: Logger,
  options: { create?: boolean; attempts?: number } = {},
): Promise<void> {
  const attempts = options.attempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureTopicsOnce(admin, definitions, logger, options.create !== false);
      return;
    } catch (error) {
      if (attempt >= attempts || !isSettling(error)) throw error;
      const delay = backoffDelay(attempt, { initialMs: 250, maxMs: 4_000 });
      logger.info({ attempt, delayMs: delay, err: error }, "topics settling; asking again");
      await sleep(delay);
    }
  }
}

async function ensureTopicsOnce(
  admin: Admin,
  definitions: readonly TopicDefinition[],
  logger: Logger,
  create: boolean,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = definitions.filter((d) => !existing.has(d.name));
  if (missing.length > 0) {
    if (!create) {
      throw new RuntimeError(
        "TOPICS_INVALID",
        `Missing topics: ${missing.map((d) => d.name).join(", ")}`,
      );
    }
    const { brokers } = await admin.describeCluster();
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((d) => ({
        topic: d.name,
        numPartitions: d.partitions,
        replicationFactor: Math.min(d.replicationFactor, Math.max(1, brokers.length)),
        configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
      })),
    });
    await waitForTopicLeaders(admin, missing);
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
  config: Pick<TopicsEnv, TopicVariable | "TOPICS_FILE" | "TOPICS_CREATE">,
  logger: Logger,
  wanted?: readonly TopicVariable[],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, resolveTopics(config, wanted), logger, {
      create: config.TOPICS_CREATE,
    });
  } finally {
    await admin.disconnect();
  }
}
