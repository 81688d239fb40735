import { type Env, envInt, feedsEnvSchema, loadConfig, stageEnvSchema } from "@newswire/runtime";
import { z } from "zod";

const schema = z.object({
  ...stageEnvSchema.shape,
  ...feedsEnvSchema.shape,
  /** Inputs larger than this go to the DLQ as TOO_LARGE without being decoded. */
  MAX_INPUT_BYTES: envInt(1024, 64 * 1024 * 1024).default(2 * 1024 * 1024),
});

export type NormalizerConfig = z.output<typeof schema>;

export function loadNormalizerConfig(env: Env): Readonly<NormalizerConfig> {
  return loadConfig(schema, env);
}
