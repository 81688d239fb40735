import {
  type Env,
  envInt,
  feedsEnvSchema,
  handlerEnvSchema,
  kafkaEnvSchema,
  loadConfig,
  RUNTIME_DEFAULTS,
  serviceEnvSchema,
  topicsEnvSchema,
} from "@newswire/runtime";
import { z } from "zod";

const schema = z.object({
  ...kafkaEnvSchema.shape,
  ...topicsEnvSchema.shape,
  ...serviceEnvSchema.shape,
  ...handlerEnvSchema.shape,
  ...feedsEnvSchema.shape,
  /** Inputs larger than this go to the DLQ as TOO_LARGE without being decoded. */
  MAX_INPUT_BYTES: envInt(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024),
  MAX_RECORDS_PER_TRANSACTION: envInt(1, 10_000).default(
    RUNTIME_DEFAULTS.stage.maxRecordsPerTransaction,
  ),
});

export type NormalizerConfig = z.output<typeof schema>;

export function loadNormalizerConfig(env: Env): Readonly<NormalizerConfig> {
  return loadConfig(schema, env);
}
