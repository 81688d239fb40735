import { ArchiveError } from "./archive-error.js";

export interface BackoffOptions {
  /** First delay ceiling; doubles per attempt. Default 100 ms. */
  baseDelayMs?: number;
  /** Ceiling for any one delay. Default 10 s. */
  maxDelayMs?: number;
}

export const DEFAULT_BASE_DELAY_MS = 100;
export const DEFAULT_MAX_DELAY_MS = 10_000;

/**
 * "Equal jitter" exponential backoff (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 * uniform in [ceiling/2, ceiling] where ceiling = min(max, base * 2^(attempt-1)). The lower
 * half keeps a flapping S3 from being hammered; the jitter spreads partitions apart.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const base = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const max = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const ceiling = Math.min(max, base * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolves after `ms`, or rejects with ArchiveError("aborted") as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export function abortedError(
  signal: AbortSignal | undefined,
  context = "archive write",
): ArchiveError {
  return new ArchiveError("aborted", `${context} aborted`, { cause: signal?.reason });
}
