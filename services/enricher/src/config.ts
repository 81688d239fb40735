import { NEAR_DUPLICATE_BITS } from "@newswire/core/light";
import { type Env, envInt, loadConfig, stageEnvSchema } from "@newswire/runtime";
import { z } from "zod";

const DAY_MS = 86_400_000;

const schema = z.object({
  ...stageEnvSchema.shape,
  /** A kill stays on stories.current this long (ms) before its key's tombstone follows. */
  CURRENT_KILL_TOMBSTONE_AFTER_MS: envInt(0, 3_650 * DAY_MS).default(DAY_MS),
  /**
   * A key untouched this long (ms) leaves the state and stories.current: the bound on both, and
   * the longest a late version is still recognised as late (or a killed story as killed).
   */
  CURRENT_STATE_RETENTION_MS: envInt(60_000, 3_650 * DAY_MS).default(30 * DAY_MS),
  /**
   * Texts whose 64-bit SimHash fingerprints differ in at most this many bits are one text; the
   * default is core's NEAR_DUPLICATE_BITS, measured on the chain fixtures.
   */
  CURRENT_DUPLICATE_MAX_BITS: envInt(0, 16).default(NEAR_DUPLICATE_BITS),
});

export type EnricherConfig = z.output<typeof schema>;

export function loadEnricherConfig(env: Env): Readonly<EnricherConfig> {
  return loadConfig(schema, env);
}
