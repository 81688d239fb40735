export { type BackoffOptions, backoffDelay, sleep } from "./backoff.js";
export { createLogger, type Logger, type LoggerOptions, REDACTED_PATHS } from "./create-logger.js";
export { type DeadLetterReason, deadLetterMessage, decodeHeaders } from "./dead-letter.js";
export {
  defaultTopicsFile,
  ensureConfiguredTopics,
  ensureTopics,
  parseTopicDefinitions,
  readTopicDefinitions,
  resolveTopics,
  type TopicDefinition,
} from "./ensure-topics.js";
export { type HealthServer, startHealthServer } from "./health-server.js";
export { createKafka, kafkaClientConfig, kafkaLogCreator } from "./kafka-client.js";
export { type InputRecord, type RecordLogFields, toInputRecord } from "./kafka-record.js";
export {
  assertKafkaEnv,
  type Env,
  envBoolean,
  envInt,
  envList,
  envString,
  type KafkaEnv,
  kafkaEnvSchema,
  LOG_LEVELS,
  type LogLevel,
  loadConfig,
  type S3Env,
  type ServiceEnv,
  s3EnvSchema,
  serviceEnvSchema,
  type TopicsEnv,
  topicsEnvSchema,
} from "./load-config.js";
export {
  isRebalanceError,
  type PipelineStageOptions,
  runPipelineStage,
  type StageHandler,
  type StageResult,
  UNCLASSIFIED_ERROR_CODE,
} from "./pipeline-stage.js";
export { createPrettyLogLine } from "./pretty-log-line.js";
export { runMain, runService, type ServiceOptions } from "./run-service.js";
export { runSink, type SinkHandler, type SinkOptions, type SinkResult } from "./run-sink.js";
export {
  ConfigError,
  classifyError,
  type ErrorClass,
  errorCode,
  errorMessage,
  RUNTIME_ERROR_CODES,
  RuntimeError,
  type RuntimeErrorCode,
} from "./runtime-error.js";
export { StageStats } from "./stage-stats.js";
export { type RunnerHandle, type Session, supervise } from "./supervise.js";
export { type RecordWireMeta, wireMetaFromRecord } from "./wire-meta-from-record.js";
