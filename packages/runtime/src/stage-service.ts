import { type HandlerPool, startHandlerPool } from "./handler-pool.js";
import type { StageEnv } from "./load-config.js";
import type { PipelineStageOptions } from "./pipeline-stage.js";
import type { ServiceClients } from "./run-service.js";

/**
 * A stage service's handler pool (normalizer, enricher): `module` exports `createHandler`, run in
 * HANDLER_THREADS workers, each record under RECORD_DEADLINE_MS in at most HANDLER_MAX_HEAP_MB.
 */
export function startStagePool(
  module: URL,
  config: Pick<StageEnv, "HANDLER_THREADS" | "RECORD_DEADLINE_MS" | "HANDLER_MAX_HEAP_MB">,
  options?: unknown,
): Promise<HandlerPool> {
  return startHandlerPool({
    module,
    options,
    threads: config.HANDLER_THREADS,
    deadlineMs: config.RECORD_DEADLINE_MS,
    maxHeapMb: config.HANDLER_MAX_HEAP_MB,
  });
}

/**
 * What every stage service passes `runPipelineStage` the same way: its clients, the DLQ, the
 * transaction and attempt bounds, and the pool's handlers. The service adds its topics, stage
 * name and whatever is its own.
 */
export function stageRunnerOptions(
  clients: ServiceClients,
  config: Pick<StageEnv, "TOPIC_DLQ" | "MAX_RECORDS_PER_TRANSACTION" | "RECORD_MAX_ATTEMPTS">,
  pool: HandlerPool,
): Pick<
  PipelineStageOptions,
  | "kafka"
  | "consumer"
  | "logger"
  | "groupId"
  | "dlqTopic"
  | "maxRecordsPerTransaction"
  | "maxHandlerAttempts"
  | "handler"
  | "chunkHandler"
> {
  return {
    kafka: clients.kafka,
    consumer: clients.consumer,
    logger: clients.logger,
    groupId: clients.groupId,
    dlqTopic: config.TOPIC_DLQ,
    maxRecordsPerTransaction: config.MAX_RECORDS_PER_TRANSACTION,
    maxHandlerAttempts: config.RECORD_MAX_ATTEMPTS,
    handler: pool.handler,
    chunkHandler: pool.chunkHandler,
  };
}
