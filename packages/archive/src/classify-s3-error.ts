import { ArchiveError, type ArchiveErrorCode } from "./archive-error.js";

/**
 * S3 error codes (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html) and
 * Node socket codes we recognise. Anything else is decided by HTTP status, then `unknown`.
 */
const CODE_BY_NAME: Readonly<Record<string, ArchiveErrorCode>> = {
  AbortError: "aborted",

  SlowDown: "throttled",
  Throttling: "throttled",
  ThrottlingException: "throttled",
  TooManyRequestsException: "throttled",
  RequestLimitExceeded: "throttled",
  BandwidthLimitExceeded: "throttled",

  InternalError: "unavailable",
  ServiceUnavailable: "unavailable",
  RequestTimeout: "unavailable",
  RequestTimeoutException: "unavailable",
  TimeoutError: "unavailable",
  IncompleteBody: "unavailable",
  OperationAborted: "unavailable",
  ECONNREFUSED: "unavailable",
  ECONNRESET: "unavailable",
  ECONNABORTED: "unavailable",
  EPIPE: "unavailable",
  ETIMEDOUT: "unavailable",
  EHOSTUNREACH: "unavailable",
  EHOSTDOWN: "unavailable",
  ENETUNREACH: "unavailable",
  ENETDOWN: "unavailable",
  ENOTFOUND: "unavailable",
  EAI_AGAIN: "unavailable",
  UND_ERR_SOCKET: "unavailable",
  UND_ERR_CONNECT_TIMEOUT: "unavailable",
  ERR_STREAM_PREMATURE_CLOSE: "unavailable",

  RequestTimeTooSkewed: "clock_skew",

  BadDigest: "integrity",
  XAmzContentSHA256Mismatch: "integrity",
  XAmzContentChecksumMismatch: "integrity",

  AccessDenied: "auth",
  AccountProblem: "auth",
  AllAccessDisabled: "auth",
  AuthorizationHeaderMalformed: "auth",
  ExpiredToken: "auth",
  Forbidden: "auth",
  InvalidAccessKeyId: "auth",
  InvalidSecurity: "auth",
  InvalidToken: "auth",
  NotSignedUp: "auth",
  SignatureDoesNotMatch: "auth",
  CredentialsProviderError: "auth",

  NoSuchBucket: "bucket",
  InvalidBucketName: "bucket",
  PermanentRedirect: "bucket",
  IllegalLocationConstraintException: "bucket",
};

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
  message?: unknown;
}

function asShape(value: unknown): ErrorShape {
  return typeof value === "object" && value !== null ? (value as ErrorShape) : {};
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) {
    if (typeof value === "string" && value.length > 0) return value;
  }
  return undefined;
}

function codeFromStatus(status: number | undefined): ArchiveErrorCode | undefined {
  if (status === undefined) return undefined;
  if (status === 429) return "throttled";
  if (status >= 500) return "unavailable";
  if (status === 401 || status === 403) return "auth";
  // 301 from S3 means the bucket lives in another region: configuration, not the record.
  if (status === 301) return "bucket";
  if (status >= 400) return "rejected";
  return undefined;
}

export interface S3ErrorContext {
  operation: string;
  bucket?: string;
  key?: string;
}

/** Turns whatever the SDK or the socket threw into an ArchiveError with a decided code. */
export function classifyS3Error(error: unknown, context?: S3ErrorContext): ArchiveError {
  if (error instanceof ArchiveError) return error;
  const shape = asShape(error);
  const status =
    typeof shape.$metadata?.httpStatusCode === "number"
      ? shape.$metadata.httpStatusCode
      : undefined;
  // Node socket errors carry `code`; SDK service errors carry the S3 code as `name`.
  const names = [shape.code, shape.Code, shape.name].filter(
    (value): value is string => typeof value === "string",
  );
  let code: ArchiveErrorCode | undefined;
  for (const name of names) {
    code = CODE_BY_NAME[name];
    if (code !== undefined) break;
  }
  if (code === undefined && shape.$retryable?.throttling === true) code = "throttled";
  code ??= codeFromStatus(status) ?? "unknown";

  const awsCode = firstString(
    shape.code,
    shape.Code,
    shape.name === "Error" ? undefined : shape.name,
  );
  const detail = firstString(shape.message) ?? String(error);
  const where = context
    ? `${context.operation}${context.bucket === undefined ? "" : ` ${context.bucket}`}${
        context.key === undefined ? "" : `/${context.key}`
      }`
    : "S3 request";
  const label = [awsCode, status === undefined ? undefined : `HTTP ${status}`]
    .filter((part) => part !== undefined)
    .join(", ");
  return new ArchiveError(code, `${where} failed${label ? ` (${label})` : ""}: ${detail}`, {
    cause: error,
    ...(status === undefined ? {} : { statusCode: status }),
    ...(awsCode === undefined ? {} : { awsCode }),
  });
}
