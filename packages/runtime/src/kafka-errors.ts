/**
 * How the runtime reads a kafkajs error: one place, so both runners and the commit agree.
 * kafkajs names the broker's error code in `type` (and wraps some in `originalError` or `cause`).
 */
const REBALANCE_TYPES: ReadonlySet<string> = new Set([
  "REBALANCE_IN_PROGRESS",
  "UNKNOWN_MEMBER_ID",
  "ILLEGAL_GENERATION",
  "NOT_COORDINATOR_FOR_GROUP",
]);

/**
 * The producer's epoch is no longer the current one for its transactional id: another instance
 * initialised the same id (it owns the partition now), or the broker expired our transaction.
 * Kafka answers INVALID_PRODUCER_EPOCH (47) to the request versions kafkajs speaks, PRODUCER_FENCED
 * (90) to newer ones; INVALID_PRODUCER_ID_MAPPING (49) when the id was reassigned meanwhile.
 */
const FENCING_TYPES: ReadonlySet<string> = new Set([
  "INVALID_PRODUCER_EPOCH",
  "PRODUCER_FENCED",
  "INVALID_PRODUCER_ID_MAPPING",
]);
const FENCING_CODES: ReadonlySet<number> = new Set([47, 49, 90]);

/** The error and the errors it wraps, outermost first (kafkajs nests at most a few levels). */
function* chain(error: unknown): Generator<{ type?: unknown; code?: unknown }> {
  let current = error;
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    yield current as { type?: unknown; code?: unknown };
    const next = current as { originalError?: unknown; cause?: unknown };
    current = next.originalError ?? next.cause;
  }
}

/** The group is rebalancing or forgot us: kafkajs rejoins and fetches again; not our failure. */
export function isRebalanceError(error: unknown): boolean {
  for (const link of chain(error)) {
    if (typeof link.type === "string" && REBALANCE_TYPES.has(link.type)) return true;
  }
  return false;
}

export function isFencingError(error: unknown): boolean {
  for (const link of chain(error)) {
    if (typeof link.type === "string" && FENCING_TYPES.has(link.type)) return true;
    if (typeof link.code === "number" && FENCING_CODES.has(link.code)) return true;
  }
  return false;
}
