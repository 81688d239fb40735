import { z } from "zod";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { ConfigError } from "./runtime-error.js";

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses the environment once with a zod object whose keys are the variable names, and freezes
 * the result. Empty values count as unset, so `FOO=` falls back to the default like a missing FOO.
 * Values are never echoed in the error: some of them are secrets.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: Env): Readonly<z.output<S>> {
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && value !== "") present[name] = value;
  }
  const result = schema.safeParse(present);
  if (!result.success) {
    const issues = result.error.issues.map((issue) => {
      const variable = issue.path.map(String).join(".") || "(environment)";
      const missing = issue.path.length === 1 && present[String(issue.path[0])] === undefined;
      return {
        variable,
        problem: missing ? "is required but not set" : `is invalid: ${issue.message}`,
      };
    });
    throw new ConfigError(issues);
  }
  return Object.freeze(result.data);
}

export const envString = () => z.string().trim().min(1, "must not be blank");

export const envInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `must be an integer between ${min} and ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

export const envBoolean = () =>
  z
    .enum(["true", "false", "1", "0", "yes", "no"], { error: "must be true or false" })
    .transform((v) => v === "true" || v === "1" || v === "yes");

export const envList = () =>
  z
    .string()
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .pipe(z.array(z.string()).min(1, "must list at least one value"));

/**
 * `host:port`, host a DNS name, an IPv4 address or a bracketed IPv6 address, port 1-65535. kafkajs
 * takes anything and fails at connect (`Port should be >= 0 and < 65536 ... NaN`), retrying;
 * we stop at start instead, naming the variable like every other setting.
 */
const BROKER_ADDRESS =
  /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?):(\d{1,5})$/;

export function isBrokerAddress(value: string): boolean {
  const match = BROKER_ADDRESS.exec(value);
  const port = Number(match?.[2]);
  return match !== null && port >= 1 && port <= 65_535;
}

export const envBrokerList = () =>
  envList().superRefine((entries, context) => {
    entries.forEach((entry, index) => {
      if (!isBrokerAddress(entry)) {
        context.addIssue({
          code: "custom",
          message: `entry ${index + 1} is not host:port (a host name or IP address, a port 1-65535); separate brokers with commas`,
        });
      }
    });
  });

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const SASL_MECHANISMS = ["plain", "scram-sha-256", "scram-sha-512"] as const;

/** Kafka connection settings shared by every service and the CLI. */
export const kafkaEnvSchema = z.object({
  KAFKA_BROKERS: envBrokerList().default(["127.0.0.1:9092"]),
  KAFKA_CLIENT_ID: envString().default("newswire"),
  KAFKA_SSL: envBoolean().default(false),
  KAFKA_SASL_MECHANISM: z
    .enum(SASL_MECHANISMS, { error: "must be plain, scram-sha-256 or scram-sha-512" })
    .optional(),
  KAFKA_SASL_USERNAME: envString().optional(),
  KAFKA_SASL_PASSWORD: envString().optional(),
  KAFKA_CONNECTION_TIMEOUT_MS: envInt(100, 600_000).default(
    RUNTIME_DEFAULTS.kafkaClient.connectionTimeoutMs,
  ),
});
export type KafkaEnv = z.output<typeof kafkaEnvSchema>;

export const topicsEnvSchema = z.object({
  TOPIC_RAW: envString().default("wire.raw"),
  TOPIC_NORMALIZED: envString().default("wire.normalized"),
  TOPIC_STORIES: envString().default("stories.enriched"),
  TOPIC_DLQ: envString().default("wire.dlq"),
  /** The current version of every story, keyed by storyKey (compacted); the enricher's output. */
  TOPIC_CURRENT: envString().default("stories.current"),
  /** The enricher's state changelog: what it holds per storyKey (compacted). */
  TOPIC_CURRENT_STATE: envString().default("stories.current.state"),
  /** Path to the topic definitions; defaults to infra/topics.json of this checkout or image. */
  TOPICS_FILE: envString().optional(),
  /** Create missing topics at start (false: only verify they exist). */
  TOPICS_CREATE: envBoolean().default(true),
});
export type TopicsEnv = z.output<typeof topicsEnvSchema>;

export const serviceEnvSchema = z.object({
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })
    .default("info"),
  /** 0 = no health server. */
  HEALTH_PORT: envInt(0, 65_535).default(0),
  STATS_INTERVAL_MS: envInt(0, 3_600_000).default(10_000),
  SHUTDOWN_TIMEOUT_MS: envInt(100, 120_000).default(10_000),
  /** Names the replica in its log lines; transactional ids come from group and partition instead. */
  INSTANCE_ID: envString().default("0"),
  /** Consumer group override (tests run several pipelines side by side). */
  GROUP_ID: envString().optional(),
  /**
   * A member the group coordinator hears nothing from for this long is expelled and its
   * partitions move (a crash, a pause); within the broker's group.min/max.session.timeout.ms.
   */
  KAFKA_SESSION_TIMEOUT_MS: envInt(1_000, 1_800_000).default(
    RUNTIME_DEFAULTS.consumer.sessionTimeoutMs,
  ),
  /** How often a consumer heartbeats at most; below KAFKA_SESSION_TIMEOUT_MS (a third, usually). */
  KAFKA_HEARTBEAT_INTERVAL_MS: envInt(100, 600_000).default(
    RUNTIME_DEFAULTS.consumer.heartbeatIntervalMs,
  ),
});
export type ServiceEnv = z.output<typeof serviceEnvSchema>;

/** A runner's group membership timing (runPipelineStage, runSink: `consumer`). */
export interface ConsumerTimeouts {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

/**
 * The consumer timing of a service's configuration; a heartbeat interval that is not below the
 * session timeout would cost the membership at every pause, so it stops the service at start.
 */
export function consumerTimeouts(
  config: Pick<ServiceEnv, "KAFKA_SESSION_TIMEOUT_MS" | "KAFKA_HEARTBEAT_INTERVAL_MS">,
): ConsumerTimeouts {
  if (config.KAFKA_HEARTBEAT_INTERVAL_MS >= config.KAFKA_SESSION_TIMEOUT_MS) {
    throw new ConfigError([
      {
        variable: "KAFKA_HEARTBEAT_INTERVAL_MS",
        problem: "is invalid: must be below KAFKA_SESSION_TIMEOUT_MS (a third of it, usually)",
      },
    ]);
  }
  return {
    sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: config.KAFKA_HEARTBEAT_INTERVAL_MS,
  };
}

/**
 * Where a CPU-bound stage runs its handler (normalizer, enricher): a pool of worker threads, each
 * record under a deadline far below the transaction timeout (runtime README, Handlers).
 */
export const handlerEnvSchema = z.object({
  /** A record without a result by then is stopped (its worker terminated): TOO_COMPLEX. */
  RECORD_DEADLINE_MS: envInt(100, 50_000).default(RUNTIME_DEFAULTS.handlerPool.recordDeadlineMs),
  /** Attempts of a record that timed out or crashed its worker before it is dead-lettered. */
  RECORD_MAX_ATTEMPTS: envInt(1, 10).default(RUNTIME_DEFAULTS.stage.maxHandlerAttempts),
  HANDLER_THREADS: envInt(1, 64).default(RUNTIME_DEFAULTS.handlerPool.threads),
  /** Old-generation heap of one handler worker, MB; a record that needs more is HANDLER_CRASH. */
  HANDLER_MAX_HEAP_MB: envInt(32, 16_384).default(RUNTIME_DEFAULTS.handlerPool.maxHeapMb),
});
export type HandlerEnv = z.output<typeof handlerEnvSchema>;

/**
 * A stage of the pipeline (normalizer, enricher): Kafka, topics, the service settings, its
 * handler pool and its transactions. A service adds its own settings beside these.
 */
export const stageEnvSchema = z.object({
  ...kafkaEnvSchema.shape,
  ...topicsEnvSchema.shape,
  ...serviceEnvSchema.shape,
  ...handlerEnvSchema.shape,
  /** Records of one partition per transaction at most (a chunk). */
  MAX_RECORDS_PER_TRANSACTION: envInt(1, 10_000).default(
    RUNTIME_DEFAULTS.stage.maxRecordsPerTransaction,
  ),
});
export type StageEnv = z.output<typeof stageEnvSchema>;

export const s3EnvSchema = z.object({
  S3_ENDPOINT: z.url({ error: "must be a URL such as http://127.0.0.1:9000" }).optional(),
  S3_REGION: envString().default("us-east-1"),
  S3_BUCKET: envString().default("newswire-archive"),
  S3_FORCE_PATH_STYLE: envBoolean().default(true),
  AWS_ACCESS_KEY_ID: envString().optional(),
  AWS_SECRET_ACCESS_KEY: envString().optional(),
});
export type S3Env = z.output<typeof s3EnvSchema>;

/** Checks that only make sense across variables: SASL needs all three settings. */
export function assertKafkaEnv(config: KafkaEnv): void {
  const sasl = [
    config.KAFKA_SASL_MECHANISM,
    config.KAFKA_SASL_USERNAME,
    config.KAFKA_SASL_PASSWORD,
  ];
  const set = sasl.filter((v) => v !== undefined).length;
  if (set !== 0 && set !== 3) {
    const names = ["KAFKA_SASL_MECHANISM", "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD"];
    throw new ConfigError(
      names
        .filter((_, i) => sasl[i] === undefined)
        .map((variable) => ({ variable, problem: "is required when any KAFKA_SASL_* is set" })),
    );
  }
}
