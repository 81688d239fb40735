import type { DeadLetterCode } from "@newswire/schemas";

/**
 * The one error type of @newswire/archive. Every failure leaving this package is an
 * ArchiveError whose `code` comes from the closed table below; the archiver decides commit,
 * retry, stop or dead-letter from `retryable` and `fatal` alone.
 *
 * - retryable: the fault is outside the record (network, S3 outage, throttling). Retry with
 *   backoff for as long as it takes; never dead-letter, never commit past it.
 * - fatal: the service is misconfigured (credentials, permissions, bucket). Retrying cannot
 *   help and dead-lettering would wrongly blame the record: stop the service non-zero so an
 *   operator fixes the config; the uncommitted record is archived after the restart.
 * - neither: this one record can never be archived (rejected by S3 or by our own checks):
 *   dead-letter it with `deadLetter`, its code in the pipeline's one list, and go on.
 */
export const ARCHIVE_ERROR_CODES = {
  /** Connection refused/reset, DNS, socket or request timeout, HTTP 5xx. */
  unavailable: { retryable: true, fatal: false },
  /** SlowDown, 429, 503 throttling: S3 asks us to back off. */
  throttled: { retryable: true, fatal: false },
  /** RequestTimeTooSkewed: the SDK corrects its clock offset from the server's Date on retry. */
  clock_skew: { retryable: true, fatal: false },
  /** BadDigest and friends: the bytes were damaged on the way; a resend carries the same bytes. */
  integrity: { retryable: true, fatal: false },
  /** AccessDenied, InvalidAccessKeyId, SignatureDoesNotMatch, 401/403: wrong credentials. */
  auth: { retryable: false, fatal: true },
  /** NoSuchBucket that ensureBucket could not repair, InvalidBucketName, 301 wrong region. */
  bucket: { retryable: false, fatal: true },
  /** Any other 4xx from S3 (EntityTooLarge, InvalidArgument ...): this request can never pass. */
  rejected: { retryable: false, fatal: false, deadLetter: "ARCHIVE_REJECTED" },
  /** Refused before sending: unsafe key, sha256 mismatch, body not bytes. */
  invalid_input: { retryable: false, fatal: false, deadLetter: "ARCHIVE_INVALID_INPUT" },
  /** The caller's AbortSignal fired (shutdown); nothing is known about the write. */
  aborted: { retryable: false, fatal: false },
  /**
   * Nothing we recognise (no HTTP status, no known code). Retryable by design: for an archive,
   * a stalled partition with a warning on every attempt is recoverable; a dropped or
   * dead-lettered original because of an unknown fault is not.
   */
  unknown: { retryable: true, fatal: false },
} as const satisfies Record<
  string,
  { retryable: boolean; fatal: boolean; deadLetter?: DeadLetterCode }
>;

export type ArchiveErrorCode = keyof typeof ARCHIVE_ERROR_CODES;

export interface ArchiveErrorOptions {
  cause?: unknown;
  /** HTTP status from S3 when there was a response. */
  statusCode?: number;
  /** S3 error code or Node error code (e.g. `SlowDown`, `ECONNREFUSED`). */
  awsCode?: string;
}

export class ArchiveError extends Error {
  override readonly name = "ArchiveError";
  readonly code: ArchiveErrorCode;
  readonly retryable: boolean;
  readonly fatal: boolean;
  /** The DLQ error-code when a record ends with this error (rejected, invalid_input). */
  readonly deadLetterCode: DeadLetterCode | undefined;
  readonly statusCode: number | undefined;
  readonly awsCode: string | undefined;

  constructor(code: ArchiveErrorCode, message: string, options: ArchiveErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    const spec: { retryable: boolean; fatal: boolean; deadLetter?: DeadLetterCode } =
      ARCHIVE_ERROR_CODES[code];
    this.retryable = spec.retryable;
    this.fatal = spec.fatal;
    this.deadLetterCode = spec.deadLetter;
    this.statusCode = options.statusCode;
    this.awsCode = options.awsCode;
  }
}

export function isArchiveError(value: unknown): value is ArchiveError {
  return value instanceof ArchiveError;
}
