import { type DeadLetterCode, isDeadLetterCode } from "@newswire/schemas";

/**
 * The one error type of @newswire/runtime, with the closed table of what it can report. The
 * runners decide from `retryable` and `fatal` alone (ArchiveError in @newswire/archive follows
 * the same shape):
 *
 * - fatal: the service cannot run as configured (environment, topics, the Kafka client). No
 *   record is to blame; the process stops non-zero with the message.
 * - retryable: the record may pass another time. The stage gives a record RECORD_MAX_ATTEMPTS
 *   attempts, then dead-letters it with `deadLetter`.
 * - neither: nothing to retry, nothing to dead-letter (a stop that took too long).
 */
export const RUNTIME_ERROR_CODES = {
  /** An environment variable is missing or wrong; the message names it (never its value). */
  CONFIG_INVALID: { retryable: false, fatal: true },
  /** infra/topics.json (or TOPICS_FILE) unreadable or invalid, or a topic missing with TOPICS_CREATE=false. */
  TOPICS_INVALID: { retryable: false, fatal: true },
  /** kafkajs is installed without patches/kafkajs+2.2.4.patch: read_committed could leak aborted records. */
  KAFKA_CLIENT_UNPATCHED: { retryable: false, fatal: true },
  /**
   * A record of a state changelog is no value of its store (another writer, an incompatible
   * version): guessing would corrupt the state, so the service stops.
   */
  STATE_INVALID: { retryable: false, fatal: true },
  /** A state restore read nothing for a while (broker away): the session is rebuilt. */
  STATE_RESTORE_STALLED: { retryable: true, fatal: false },
  /** The Kafka session failed RESTARTS in a row without progress. */
  RESTARTS_EXHAUSTED: { retryable: false, fatal: true },
  /**
   * Another instance initialised a partition's transactional id: this member was expelled from
   * the group (a pause past the session timeout) or its transaction expired. Its work is dropped
   * and the session rebuilt; it is never retried.
   */
  PRODUCER_FENCED: { retryable: false, fatal: false },
  /** SIGTERM/SIGINT, and the runner did not stop within SHUTDOWN_TIMEOUT_MS. */
  SHUTDOWN_TIMEOUT: { retryable: false, fatal: false },
  /** The handler gave no result within RECORD_DEADLINE_MS; its worker was terminated. */
  HANDLER_TIMEOUT: { retryable: true, fatal: false, deadLetter: "TOO_COMPLEX" },
  /** The handler's worker died on the record: heap exhausted, a RangeError of V8's limits, an exit. */
  HANDLER_CRASH: { retryable: true, fatal: false, deadLetter: "HANDLER_CRASH" },
} as const satisfies Record<
  string,
  { retryable: boolean; fatal: boolean; deadLetter?: DeadLetterCode }
>;
export type RuntimeErrorCode = keyof typeof RUNTIME_ERROR_CODES;

export class RuntimeError extends Error {
  override readonly name: string = "RuntimeError";
  readonly code: RuntimeErrorCode;
  readonly retryable: boolean;
  readonly fatal: boolean;
  /** The DLQ error-code when a record ends with this error; none for process-level errors. */
  readonly deadLetterCode: DeadLetterCode | undefined;

  constructor(code: RuntimeErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const spec: { retryable: boolean; fatal: boolean; deadLetter?: DeadLetterCode } =
      RUNTIME_ERROR_CODES[code];
    this.code = code;
    this.retryable = spec.retryable;
    this.fatal = spec.fatal;
    this.deadLetterCode = spec.deadLetter;
  }
}

/** The configuration could not be parsed; the message names each variable and what was wrong. */
export class ConfigError extends RuntimeError {
  override readonly name = "ConfigError";
  readonly issues: readonly { variable: string; problem: string }[];

  constructor(issues: readonly { variable: string; problem: string }[]) {
    super(
      "CONFIG_INVALID",
      `Invalid configuration: ${issues.map((i) => `${i.variable} ${i.problem}`).join("; ")}`,
    );
    this.issues = issues;
  }
}

export type ErrorClass = "fatal" | "retryable" | "permanent" | "unclassified";

/**
 * Reads the classification every package error carries (`fatal`, `retryable`, or kafkajs'
 * `retriable`). Anything without one is "unclassified"; the failure policy (failure-policy.ts)
 * defines what happens then, the same in both runners.
 */
export function classifyError(error: unknown): ErrorClass {
  if (typeof error !== "object" || error === null) return "unclassified";
  const flags = error as { retryable?: unknown; retriable?: unknown; fatal?: unknown };
  if (flags.fatal === true) return "fatal";
  const flag = typeof flags.retryable === "boolean" ? flags.retryable : flags.retriable;
  if (typeof flag !== "boolean") return "unclassified";
  return flag ? "retryable" : "permanent";
}

/** The DLQ code an error names for itself (`deadLetterCode`), if it is one of the closed list. */
export function deadLetterCodeOf(error: unknown): DeadLetterCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { deadLetterCode?: unknown }).deadLetterCode;
  return isDeadLetterCode(code) ? code : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
