/**
 * The benchmark's ceiling: one consume -> produce hop through the runtime's own exactly-once
 * stage (runPipelineStage: read_committed, every assigned partition's batch at once, one
 * transactional producer per input partition, chunks of MAX_RECORDS_PER_TRANSACTION records,
 * each one transaction with its outputs, dead letters and offset), with an identity handler run
 * in-thread. It has exactly the services' commit strategy and none of their work (no parsing, no
 * JSON, no worker threads, no per-record log lines), so it bounds them from above.
 *
 * Each output is a buffer of the size the real stage published for that input (header
 * `bench-out-<hop>`: a byte count, or "dlq" to dead-letter the input as the real stage did),
 * keyed as the real stage keyed it (`bench-key-<hop>`: the storyKey after the normalizer, the
 * story id after the enricher). Hop 2 also writes what the enricher's stateful step wrote for
 * the input, on the input's partition: a stories.current record (`bench-current-2`: its size)
 * and changelog entries (`bench-state-2`: `<count>x<size>`), so the ceiling's transactions carry
 * the services' records. A failure ends the process non-zero.
 *
 * Env: KAFKA_BROKERS, IN_TOPIC, OUT_TOPIC, DLQ_TOPIC, CURRENT_TOPIC, STATE_TOPIC, GROUP_ID, HOP (1|2),
 * MAX_RECORDS_PER_TRANSACTION (500). Prints "ready" when it joined its group.
 */
import {
  createKafka,
  createLogger,
  type InputRecord,
  kafkaEnvSchema,
  loadConfig,
  type OutputRecord,
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

const currentTopic = env("CURRENT_TOPIC");
const stateTopic = env("STATE_TOPIC");

const identity = (record: InputRecord): StageResult => {
  const h = record.headers;
  const out = h[`bench-out-${hop}`] ?? "dlq";
  if (out === "dlq") {
    return {
      kind: "reject",
      code: "INVALID_RECORD",
      message: "bench: dead-lettered like the real stage",
    };
  }
  const key = h[`bench-key-${hop}`] ?? record.key;
  const records: OutputRecord[] = [{ key, value: filler.subarray(0, Number(out)), headers: h }];
  const current = h[`bench-current-${hop}`];
  const { partition } = record;
  if (current !== undefined) {
    const value = filler.subarray(0, Number(current));
    records.push({ topic: currentTopic, partition, key: record.key, value, headers: h });
  }
  const [count, size] = (h[`bench-state-${hop}`] ?? "0x0").split("x").map(Number);
  for (let i = 0; i < (count ?? 0); i++) {
    const value = filler.subarray(0, size ?? 0);
    records.push({ topic: stateTopic, partition, key: record.key, value, headers: {} });
  }
  return { kind: "emit", records };
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
