export { type BackoffOptions, backoffDelay, sleep } from "./backoff.js";
export {
  createLogger,
  type Logger,
  type LoggerOptions,
  REDACTED_KEYS,
  redactSecrets,
} from "./create-logger.js";
export { type DeadLetterReason, deadLetterMessage, decodeHeaders } from "./dead-letter.js";
export { RUNTIME_DEFAULTS } from "./defaults.js";
export {
  defaultTopicsFile,
  ensureConfiguredTopics,
  ensureTopics,
  parseTopicDefinitions,
  readTopicDefinitions,
  resolveTopics,
  TOPIC_VARIABLES,
  type TopicDefinition,
  type TopicVariable,
  waitForTopicLeaders,
} from "./ensure-topics.js";
export { UNCLASSIFIED_ERROR_CODE } from "./failure-policy.js";
export {
  type HandlerFactory,
  type HandlerPool,
  type HandlerPoolOptions,
  startHandlerPool,
} from "./handler-pool.js";
export { type HealthChecks, type HealthServer, startHealthServer } from "./health-server.js";
export { createKafka, kafkaClientConfig, kafkaLogCreator, producerConfig } from "./kafka-client.js";
export { abortedFilterIsPatched } from "./kafka-client-check.js";
export { isFencingError, isRebalanceError } from "./kafka-errors.js";
export { type InputRecord, type RecordLogFields, toInputRecord } from "./kafka-record.js";
export {
  assertKafkaEnv,
  type ConsumerTimeouts,
  consumerTimeouts,
  type Env,
  envBoolean,
  envBrokerList,
  envInt,
  envList,
  envString,
  type HandlerEnv,
  handlerEnvSchema,
  isBrokerAddress,
  type KafkaEnv,
  kafkaEnvSchema,
  LOG_LEVELS,
  type LogLevel,
  loadConfig,
  type S3Env,
  type ServiceEnv,
  type StageEnv,
  s3EnvSchema,
  serviceEnvSchema,
  stageEnvSchema,
  type TopicsEnv,
  topicsEnvSchema,
} from "./load-config.js";
export {
  BoundedLabel,
  type CommittedChunk,
  type CommittedRecord,
  createServiceMetrics,
  METRIC_DEFINITIONS,
  type MetricKey,
  OTHER_LABEL,
  type RecordObservation,
  retryReason,
  type S3Metrics,
  ServiceMetrics,
  type ServiceMetricsOptions,
  StageMetrics,
  type StageTotals,
  type TransactionOutcome,
} from "./metrics.js";
export {
  type FeedsEnv,
  type FeedWindow,
  feedsEnvSchema,
  feedsSchema,
  parseDuration,
} from "./metrics-feeds.js";
export { LagMonitor, type LagMonitorOptions } from "./metrics-lag.js";
export { transactionalIdFor } from "./partition-producers.js";
export type {
  OpenPartitionTask,
  PartitionTask,
  PartitionTaskContext,
} from "./partition-tasks.js";
export {
  type HandledRecord,
  type OutputRecord,
  type PipelineStageOptions,
  runPipelineStage,
  type StageChunkHandler,
  type StageHandler,
  type StageResult,
} from "./pipeline-stage.js";
export { createPrettyLogLine } from "./pretty-log-line.js";
export {
  runMain,
  runService,
  type ServiceClients,
  type ServiceOptions,
  serviceClients,
} from "./run-service.js";
export { runSink, type SinkHandler, type SinkOptions, type SinkResult } from "./run-sink.js";
export {
  ConfigError,
  classifyError,
  deadLetterCodeOf,
  type ErrorClass,
  errorMessage,
  RUNTIME_ERROR_CODES,
  RuntimeError,
  type RuntimeErrorCode,
} from "./runtime-error.js";
export { stageRunnerOptions, startStagePool } from "./stage-service.js";
export { StageStats } from "./stage-stats.js";
export {
  PartitionStateStore,
  type RestoreFigures,
  type RestoreOptions,
  type StateCodec,
} from "./state-store.js";
export { assertCopartitioned, type NamedTopic, partitionOfKey } from "./state-store-topics.js";
export { type RunnerHandle, type Session, supervise } from "./supervise.js";
export { type RecordWireMeta, wireMetaFromRecord } from "./wire-meta-from-record.js";
