import { createHash } from "node:crypto";
import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { type BackoffOptions, backoffDelay, sleep } from "@newswire/runtime";
import { ArchiveError } from "./archive-error.js";
import { assertSafeKey } from "./assert-safe-key.js";
import { classifyS3Error } from "./classify-s3-error.js";
import { buildObjectMetadata, decodeMetadataValue, safeContentType } from "./object-metadata.js";

/** The narrow logger the archive needs; a pino logger fits as is. */
export interface ArchiveLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
}

export interface ArchiveObject {
  /** From `archiveKey` in @newswire/core; checked again by assertSafeKey. */
  key: string;
  /** The original bytes, stored unchanged. */
  body: Uint8Array;
  /** The wire's content-type header; a malformed value is stored as application/octet-stream. */
  contentType?: string | null | undefined;
  /** Lower-case hex SHA-256 of `body`; verified against the bytes, computed when omitted. */
  sha256?: string | undefined;
  receivedAt: string | Date;
  /** The `wire-source` header; null when the record had none. */
  feed: string | null;
  kafka: { topic: string; partition: number; offset: string | number | bigint };
  wireId?: string | null | undefined;
  /** The Kafka record's key, kept (as text) for a replay. */
  recordKey?: Uint8Array | string | null | undefined;
}

/**
 * What the writer reports of its S3 requests (the runtime's StageMetrics.s3() fits as is):
 * each put's duration and bytes, each failure's ArchiveError code.
 */
export interface ArchiveMetrics {
  putDone(seconds: number, bytes: number): void;
  putFailed(seconds: number, code: string): void;
  requestFailed(code: string): void;
}

export interface PutResult {
  key: string;
  sha256: string;
  etag: string | undefined;
}

export interface RetryInfo {
  operation: string;
  key: string | undefined;
  attempt: number;
  delayMs: number;
  error: ArchiveError;
}

export interface EnsureBucketOptions {
  /** Retry transient failures (S3 not up yet) until success or abort. Default false. */
  retry?: boolean | undefined;
  /** Stops the retrying (and a request in flight) with ArchiveError("aborted"). */
  signal?: AbortSignal | undefined;
  /** Called before each backoff sleep, e.g. to count retries or report not-ready. */
  onRetry?: ((info: RetryInfo) => void) | undefined;
}

export interface ArchiveReadResult {
  body: Uint8Array;
  contentType: string | undefined;
  /** User metadata with values decoded (see decodeMetadataValue). */
  metadata: Record<string, string>;
}

export interface ArchiveWriterOptions {
  client: S3Client;
  bucket: string;
  logger?: ArchiveLogger | undefined;
  /** ensureBucket({ retry: true })'s backoff (the runtime's one backoff); default 100 ms to 10 s. */
  backoff?: BackoffOptions | undefined;
  metrics?: ArchiveMetrics | undefined;
}

/** ArchiveError codes that say S3 itself refuses us, not that one object is wrong. */
const S3_REFUSES: ReadonlySet<string> = new Set([
  "unavailable",
  "throttled",
  "clock_skew",
  "unknown",
  "auth",
  "bucket",
]);

const SHA256_HEX = /^[0-9a-f]{64}$/;
const silentLogger: ArchiveLogger = { warn() {}, info() {} };
const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 10_000 };

export class ArchiveWriter {
  readonly bucket: string;
  readonly #client: S3Client;
  readonly #logger: ArchiveLogger;
  readonly #backoff: BackoffOptions;
  readonly #metrics: ArchiveMetrics | undefined;
  #refusing: string | undefined;

  constructor(options: ArchiveWriterOptions) {
    this.bucket = options.bucket;
    this.#client = options.client;
    this.#logger = options.logger ?? silentLogger;
    this.#backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.#metrics = options.metrics;
  }

  /**
   * False from a request S3 refused as a whole (down, throttling, credentials, the bucket) until
   * the next one it answers; a rejected object does not count. The archiver's /readyz.
   */
  healthy(): boolean {
    return this.#refusing === undefined;
  }

  /** Why the last request failed, while unhealthy (an ArchiveError code). */
  get refusing(): string | undefined {
    return this.#refusing;
  }

  /** One HeadBucket: is S3 there and is the bucket ours? Updates healthy(); never throws. */
  async probe(options: { signal?: AbortSignal | undefined } = {}): Promise<boolean> {
    try {
      await this.#client.send(
        new HeadBucketCommand({ Bucket: this.bucket }),
        sendOptions(options.signal),
      );
      this.#refusing = undefined;
      return true;
    } catch (error) {
      const classified = this.#classify(error, "HeadBucket", undefined, options.signal);
      // A missing bucket answers 404; the archiver creates it at start, so now it is a fault.
      const code = classified.statusCode === 404 ? "bucket" : classified.code;
      if (code !== "aborted") {
        this.#metrics?.requestFailed(code);
        this.#refusing = code;
      }
      return false;
    }
  }

  #outcome(error: ArchiveError | undefined): void {
    if (error === undefined) this.#refusing = undefined;
    else if (S3_REFUSES.has(error.code)) this.#refusing = error.code;
  }

  /**
   * Creates the bucket when missing. Idempotent and safe to race: another writer creating it
   * first (BucketAlreadyOwnedByYou / BucketAlreadyExists) counts as success once HeadBucket
   * confirms we can use it. With `retry`, a transient failure (S3 not up yet) is retried with
   * backoff until it succeeds, a non-retryable error, or the signal (ArchiveError "aborted").
   * Writes are not retried here: the archiver's sink runner is their one retry loop.
   */
  async ensureBucket(options: EnsureBucketOptions = {}): Promise<"created" | "exists"> {
    const { signal } = options;
    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw aborted("ensureBucket", signal);
      try {
        return await this.#ensureBucketOnce(signal);
      } catch (thrown) {
        const error = this.#classify(thrown, "ensureBucket", undefined, signal);
        if (options.retry !== true || !error.retryable) throw error;
        const delayMs = backoffDelay(attempt, this.#backoff);
        this.#logger.warn(
          {
            bucket: this.bucket,
            operation: "ensureBucket",
            attempt,
            delayMs,
            errorCode: error.code,
            awsCode: error.awsCode,
            statusCode: error.statusCode,
            err: error.message,
          },
          "archive request failed; retrying",
        );
        options.onRetry?.({ operation: "ensureBucket", key: undefined, attempt, delayMs, error });
        // The runtime's sleep ends early on abort; the check above then throws "aborted".
        await sleep(delayMs, signal);
      }
    }
  }

  /**
   * One PutObject, nothing else: the bytes unchanged, Content-Type, and the metadata of
   * ARCHIVE_METADATA. The same key with the same bytes overwrites the same object, so
   * replays are idempotent. Throws ArchiveError.
   */
  async put(
    object: ArchiveObject,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<PutResult> {
    const sha256 = checkedSha256(object);
    assertSafeKey(object.key);
    const receivedAt = isoTime(object.receivedAt);
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: object.key,
      Body: object.body,
      ContentLength: object.body.byteLength,
      ContentType: safeContentType(object.contentType),
      Metadata: buildObjectMetadata({
        sha256,
        receivedAt,
        feed: object.feed,
        kafka: object.kafka,
        wireId: object.wireId,
        contentType: object.contentType,
        key: object.recordKey,
      }),
    });
    const startedAt = performance.now();
    try {
      const output = await this.#client.send(command, sendOptions(options.signal));
      this.#metrics?.putDone((performance.now() - startedAt) / 1000, object.body.byteLength);
      this.#outcome(undefined);
      return { key: object.key, sha256, etag: output.ETag };
    } catch (error) {
      const classified = this.#classify(error, "PutObject", object.key, options.signal);
      if (classified.code !== "aborted") {
        this.#metrics?.putFailed((performance.now() - startedAt) / 1000, classified.code);
        this.#outcome(classified);
      }
      throw classified;
    }
  }

  /** Reads an archived original back (for checks, tests and tools; not on the write path). */
  async read(
    key: string,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<ArchiveReadResult> {
    assertSafeKey(key);
    try {
      const output = await this.#client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key }),
        sendOptions(options.signal),
      );
      const body =
        output.Body === undefined ? new Uint8Array() : await output.Body.transformToByteArray();
      const metadata: Record<string, string> = {};
      for (const [name, value] of Object.entries(output.Metadata ?? {})) {
        metadata[name] = decodeMetadataValue(value);
      }
      return { body, contentType: output.ContentType, metadata };
    } catch (error) {
      throw this.#classify(error, "GetObject", key, options.signal);
    }
  }

  /**
   * The keys under a prefix, in S3's (lexicographic) order, a page (up to 1,000) at a time: for
   * tools such as `newswire replay`, not the write path. Throws ArchiveError.
   */
  async *list(
    prefix: string,
    options: { signal?: AbortSignal | undefined } = {},
  ): AsyncGenerator<{ key: string; size: number }> {
    let token: string | undefined;
    do {
      let page: ListObjectsV2CommandOutput;
      try {
        page = await this.#client.send(
          new ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
          sendOptions(options.signal),
        );
      } catch (error) {
        throw this.#classify(error, "ListObjectsV2", prefix, options.signal);
      }
      for (const entry of page.Contents ?? []) {
        if (entry.Key !== undefined) yield { key: entry.Key, size: entry.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  }

  async #ensureBucketOnce(signal: AbortSignal | undefined): Promise<"created" | "exists"> {
    if (await this.#bucketExists(signal)) return "exists";
    const region = await this.#client.config.region();
    try {
      await this.#client.send(
        new CreateBucketCommand({
          Bucket: this.bucket,
          // us-east-1 is the one region that must not be named (S3 CreateBucket API).
          ...(region === "us-east-1"
            ? {}
            : {
                CreateBucketConfiguration: {
                  LocationConstraint: region as BucketLocationConstraint,
                },
              }),
        }),
        sendOptions(signal),
      );
      this.#logger.info({ bucket: this.bucket }, "archive bucket created");
      return "created";
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") {
        throw this.#classify(error, "CreateBucket", undefined, signal);
      }
    }
    // Someone else won the race; on AWS, BucketAlreadyExists may mean another account owns it.
    if (await this.#bucketExists(signal)) return "exists";
    throw new ArchiveError("bucket", `bucket ${this.bucket} exists but is not usable by us`);
  }

  async #bucketExists(signal: AbortSignal | undefined): Promise<boolean> {
    try {
      await this.#client.send(new HeadBucketCommand({ Bucket: this.bucket }), sendOptions(signal));
      return true;
    } catch (error) {
      const classified = this.#classify(error, "HeadBucket", undefined, signal);
      if (classified.statusCode === 404) return false;
      throw classified;
    }
  }

  #classify(
    error: unknown,
    operation: string,
    key: string | undefined,
    signal: AbortSignal | undefined,
  ): ArchiveError {
    // However the SDK reports a cancelled request, a fired signal means "aborted".
    if (signal?.aborted && !(error instanceof ArchiveError && error.code === "aborted")) {
      return new ArchiveError("aborted", `${operation} aborted`, { cause: error });
    }
    return classifyS3Error(error, {
      operation,
      bucket: this.bucket,
      ...(key === undefined ? {} : { key }),
    });
  }
}

function aborted(operation: string, signal: AbortSignal): ArchiveError {
  return new ArchiveError("aborted", `${operation} aborted`, { cause: signal.reason });
}

export function createArchive(options: ArchiveWriterOptions): ArchiveWriter {
  return new ArchiveWriter(options);
}

function sendOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal === undefined ? {} : { abortSignal: signal };
}

function checkedSha256(object: ArchiveObject): string {
  if (!(object.body instanceof Uint8Array)) {
    throw new ArchiveError("invalid_input", `body of ${object.key} is not a Uint8Array`);
  }
  const actual = createHash("sha256").update(object.body).digest("hex");
  if (object.sha256 !== undefined && object.sha256.toLowerCase() !== actual) {
    const given = SHA256_HEX.test(object.sha256.toLowerCase()) ? object.sha256 : "malformed";
    throw new ArchiveError(
      "invalid_input",
      `sha256 of ${object.key} does not match its bytes (given ${given}, actual ${actual})`,
    );
  }
  return actual;
}

/** An invalid Date is stored as no received-at rather than failing the write. */
function isoTime(value: string | Date): string {
  if (!(value instanceof Date)) return value;
  return Number.isNaN(value.getTime()) ? "" : value.toISOString();
}
