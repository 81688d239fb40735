import {
  type Env,
  envInt,
  kafkaEnvSchema,
  loadConfig,
  s3EnvSchema,
  serviceEnvSchema,
  topicsEnvSchema,
} from "@newswire/runtime";
import { z } from "zod";

const schema = z.object({
  ...kafkaEnvSchema.shape,
  ...topicsEnvSchema.shape,
  ...serviceEnvSchema.shape,
  ...s3EnvSchema.shape,
  /** PUTs in flight per partition batch; the offset moves only when all of them are done. */
  ARCHIVE_CONCURRENCY: envInt(1, 256).default(16),
});

export type ArchiverConfig = z.output<typeof schema>;

export function loadArchiverConfig(env: Env): Readonly<ArchiverConfig> {
  return loadConfig(schema, env);
}
