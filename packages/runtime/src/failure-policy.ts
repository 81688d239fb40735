import type { DeadLetterCode } from "@newswire/schemas";
import { type BackoffOptions, backoffDelay, sleep } from "./backoff.js";
import { RUNTIME_DEFAULTS } from "./defaults.js";
import { isRebalanceError } from "./kafka-errors.js";
import { classifyError, deadLetterCodeOf, errorMessage, RuntimeError } from "./runtime-error.js";

/**
 * The DLQ code for a handler error that names none: the defined default for an unclassified
 * throw, the same in both runners. Handlers are pure (the sink's only I/O returns classified
 * ArchiveErrors), so an unclassified throw is a bug for that input: retrying cannot help and
 * stopping would block every record behind it, so it is dead-lettered at once.
 */
export const UNCLASSIFIED_ERROR_CODE = "HANDLER_ERROR" satisfies DeadLetterCode;

export interface FailurePolicy {
  /** Attempts for a retryable error before the record is dead-lettered (Infinity: never). */
  maxAttempts: number;
  /** The DLQ code for an error marked retryable: false that names no code of its own. */
  permanentCode: DeadLetterCode;
  backoff: BackoffOptions;
}

export type FailureDecision =
  | { action: "fatal"; error: unknown }
  | { action: "retry"; delayMs: number; error: unknown }
  | { action: "dead-letter"; code: DeadLetterCode; message: string };

/**
 * V8 refusing an allocation (a string or array past its limits, a stack too deep) is the
 * handler's process running out, not the record being invalid: the same HANDLER_CRASH a worker
 * that exhausted its heap gives, whichever thread the handler ran on.
 */
const EXHAUSTION =
  /^(Invalid (string|array|typed array) length|Maximum call stack size exceeded|Array buffer allocation failed)/;

export function asResourceExhaustion(error: unknown): unknown {
  if (error instanceof RangeError && EXHAUSTION.test(error.message)) {
    return new RuntimeError("HANDLER_CRASH", `handler ran out of resources: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

/** What to do after `attempt` attempts of one record ended with `thrown`. */
export function decideFailure(
  thrown: unknown,
  attempt: number,
  policy: FailurePolicy,
): FailureDecision {
  const error = asResourceExhaustion(thrown);
  const kind = classifyError(error);
  if (kind === "fatal") return { action: "fatal", error };
  if (kind === "retryable" && attempt < policy.maxAttempts) {
    return { action: "retry", delayMs: backoffDelay(attempt, policy.backoff), error };
  }
  const own = deadLetterCodeOf(error);
  const code = own ?? (kind === "permanent" ? policy.permanentCode : UNCLASSIFIED_ERROR_CODE);
  const message = errorMessage(error);
  return {
    action: "dead-letter",
    code,
    message: kind === "retryable" && attempt > 1 ? `${message} (${attempt} attempts)` : message,
  };
}

/** What the consumer loop lets a retry wait check between heartbeats. */
export interface BatchControl {
  isRunning(): boolean;
  isStale(): boolean;
  heartbeat(): Promise<void>;
}

export type AttemptResult<T> =
  | { kind: "ok"; value: T }
  | { kind: "dead-letter"; code: DeadLetterCode; message: string }
  | { kind: "stop" };

/**
 * Runs one record's call under the policy: retries with backoff, waiting in slices with a
 * heartbeat between them (a long outage must not cost the group membership), until it succeeds,
 * is dead-lettered, or the batch is stopped or stale. A fatal error is thrown.
 */
export async function attemptRecord<T>(
  call: () => Promise<T>,
  policy: FailurePolicy,
  control: BatchControl,
  onRetry: (info: { attempt: number; delayMs: number; error: unknown }) => void,
): Promise<AttemptResult<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { kind: "ok", value: await call() };
    } catch (thrown) {
      const decision = decideFailure(thrown, attempt, policy);
      if (decision.action === "fatal") throw decision.error;
      if (decision.action === "dead-letter") return { kind: "dead-letter", ...decision };
      onRetry({ attempt, delayMs: decision.delayMs, error: decision.error });
      const until = Date.now() + decision.delayMs;
      for (;;) {
        if (!control.isRunning() || control.isStale()) return { kind: "stop" };
        const left = until - Date.now();
        if (left <= 0) break;
        await sleep(Math.min(RUNTIME_DEFAULTS.heartbeatSliceMs, left));
        await control.heartbeat().catch((error: unknown) => {
          if (isRebalanceError(error)) throw error;
        });
      }
    }
  }
}
