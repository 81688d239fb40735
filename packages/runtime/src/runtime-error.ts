/** Closed list of failures the runtime can report. The service loop decides from `retryable`. */
export const RUNTIME_ERROR_CODES = {
  CONFIG_INVALID: "CONFIG_INVALID",
  TOPICS_INVALID: "TOPICS_INVALID",
  KAFKA_TRANSIENT: "KAFKA_TRANSIENT",
  KAFKA_FATAL: "KAFKA_FATAL",
  HANDLER_FAILED: "HANDLER_FAILED",
  SHUTDOWN_TIMEOUT: "SHUTDOWN_TIMEOUT",
  RESTARTS_EXHAUSTED: "RESTARTS_EXHAUSTED",
} as const;
export type RuntimeErrorCode = (typeof RUNTIME_ERROR_CODES)[keyof typeof RUNTIME_ERROR_CODES];

export class RuntimeError extends Error {
  override readonly name: string = "RuntimeError";
  readonly code: RuntimeErrorCode;
  readonly retryable: boolean;

  constructor(
    code: RuntimeErrorCode,
    message: string,
    options: { retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

/** The configuration could not be parsed; the message names each variable and what was wrong. */
export class ConfigError extends RuntimeError {
  override readonly name = "ConfigError";
  readonly issues: readonly { variable: string; problem: string }[];

  constructor(issues: readonly { variable: string; problem: string }[]) {
    super(
      RUNTIME_ERROR_CODES.CONFIG_INVALID,
      `Invalid configuration: ${issues.map((i) => `${i.variable} ${i.problem}`).join("; ")}`,
    );
    this.issues = issues;
  }
}

export type ErrorClass = "fatal" | "retryable" | "permanent" | "unclassified";

/**
 * Reads the classification every package error carries (`fatal`: the service is misconfigured,
 * `retryable`, or kafkajs' `retriable`). Anything without one is "unclassified"; each runner
 * documents its default for that case.
 */
export function classifyError(error: unknown): ErrorClass {
  if (typeof error !== "object" || error === null) return "unclassified";
  const flags = error as { retryable?: unknown; retriable?: unknown; fatal?: unknown };
  if (flags.fatal === true) return "fatal";
  const flag = typeof flags.retryable === "boolean" ? flags.retryable : flags.retriable;
  if (typeof flag !== "boolean") return "unclassified";
  return flag ? "retryable" : "permanent";
}

export function errorCode(error: unknown, fallback: string): string {
  if (typeof error === "object" && error !== null && "code" in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === "string" && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(code)) {
      return code.toUpperCase();
    }
  }
  return fallback;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
