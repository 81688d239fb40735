import { createHash } from "node:crypto";

/** Hex SHA-256 of the original bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * The story id: a function of the bytes only, so a replay of the same record gets the same id
 * (idempotent downstream writes). 128 bits of the SHA-256 are plenty to avoid collisions.
 */
export function storyId(bytes: Uint8Array): string {
  return sha256Hex(bytes).slice(0, 32);
}
