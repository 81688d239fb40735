import {
  type Env,
  envInt,
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
  MAX_RECORDS_PER_TRANSACTION: envInt(1, 10_000).default(
    RUNTIME_DEFAULTS.stage.maxRecordsPerTransaction,
  ),
});

export type EnricherConfig = z.output<typeof schema>;

export function loadEnricherConfig(env: Env): Readonly<EnricherConfig> {
  return loadConfig(schema, env);
}
