/**
 * The benchmark's ceiling: one consume -> produce hop through the runtime's own exactly-once
 * stage (runPipelineStage: read_committed, every assigned partition's batch at once, one
 * transactional producer per input partition, chunks of MAX_RECORDS_PER_TRANSACTION records,
 * each one transaction with its outputs, dead letters and offset), with an identity handler run
 * in-thread. It has exactly the services' commit strategy and none of their work (no parsing, no
 * JSON, no worker threads, no per-record log lines), so it bounds them from above.
 *
 * Each output is a buffer of the size the real stage would publish (header `bench-out-<hop>`: a
 * byte count, or "dlq" to dead-letter the input as the real stage would), keyed by header
 * `bench-key` (the story id, which the real stages key by). A failure ends the process non-zero.
 *
 * Env: KAFKA_BROKERS, IN_TOPIC, OUT_TOPIC, DLQ_TOPIC, GROUP_ID, HOP (1|2),
 * MAX_RECORDS_PER_TRANSACTION (500). Prints "ready" when it joined its group.
 */
import {
  createKafka,
  createLogger,
  type InputRecord,
  kafkaEnvSchema,
  loadConfig,
  RUNTIME_DEFAULTS,
  runPipelineStage,
  type StageResult,
} from "@newswire/runtime";

const env = (name: string, fallback?: string): string => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is required`);
  return value;
};

const hop = env("HOP");
const filler = Buffer.alloc(8 * 1024 * 1024, "x");
const logger = createLogger({ service: `bench-pass-through-${hop}`, level: "warn" });
const kafka = createKafka(
  loadConfig(kafkaEnvSchema, { KAFKA_BROKERS: env("KAFKA_BROKERS") }),
  logger,
  `bench-pass-through-${hop}`,
);

const identity = (record: InputRecord): StageResult => {
  const out = record.headers[`bench-out-${hop}`] ?? "dlq";
  if (out === "dlq") {
    return {
      kind: "reject",
      code: "INVALID_RECORD",
      message: "bench: dead-lettered like the real stage",
    };
  }
  return {
    kind: "publish",
    key: record.headers["bench-key"] ?? record.key,
    value: filler.subarray(0, Number(out)),
    headers: record.headers,
  };
};

const stage = runPipelineStage({
  kafka,
  logger,
  stage: `pass-through-${hop}`,
  inputTopic: env("IN_TOPIC"),
  outputTopic: env("OUT_TOPIC"),
  dlqTopic: env("DLQ_TOPIC"),
  groupId: env("GROUP_ID"),
  maxRecordsPerTransaction: Number(
    env("MAX_RECORDS_PER_TRANSACTION", String(RUNTIME_DEFAULTS.stage.maxRecordsPerTransaction)),
  ),
  handler: identity,
});

const joined = setInterval(() => {
  if (!stage.ready()) return;
  clearInterval(joined);
  process.stdout.write("ready\n");
}, 20);

stage.done.then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`pass-through ${hop} failed: ${String(error)}\n`);
    process.exit(1);
  },
);

const stop = async () => {
  clearInterval(joined);
  await stage.stop();
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
