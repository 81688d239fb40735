import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

export interface S3Settings {
  /** S3_ENDPOINT, e.g. http://127.0.0.1:9000; omit for AWS itself. */
  endpoint?: string | undefined;
  /** S3_REGION. */
  region: string;
  /** S3_FORCE_PATH_STYLE: true for S3Proxy and MinIO (no bucket subdomains on 127.0.0.1). */
  forcePathStyle?: boolean | undefined;
  /** AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY; omit to use the SDK's default provider chain. */
  credentials?:
    | { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined }
    | undefined;
  /**
   * Attempts the SDK makes inside one put() (its own short retries). Default 2: one quick
   * retry for a blip; outages are handled by the archiver's sink runner (its one retry loop).
   */
  maxAttempts?: number | undefined;
  /** TCP connect timeout. Default 3 s, so a dead endpoint fails fast into our backoff. */
  connectionTimeoutMs?: number | undefined;
  /** Socket inactivity timeout for one request. Default 30 s. */
  requestTimeoutMs?: number | undefined;
}

/**
 * One S3Client for the archive. Checksums keep the current SDK defaults (CRC32 on PutObject,
 * "WHEN_SUPPORTED"); the integration tests run them against the local S3Proxy.
 */
export function createS3Client(settings: S3Settings): S3Client {
  const config: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: settings.forcePathStyle ?? false,
    maxAttempts: settings.maxAttempts ?? 2,
    requestHandler: {
      connectionTimeout: settings.connectionTimeoutMs ?? 3_000,
      requestTimeout: settings.requestTimeoutMs ?? 30_000,
    },
  };
  if (settings.endpoint !== undefined) config.endpoint = settings.endpoint;
  if (settings.credentials !== undefined) {
    const { accessKeyId, secretAccessKey, sessionToken } = settings.credentials;
    config.credentials =
      sessionToken === undefined
        ? { accessKeyId, secretAccessKey }
        : { accessKeyId, secretAccessKey, sessionToken };
  }
  return new S3Client(config);
}

/** The environment names every newswire process uses for S3 (parsed by the runtime's config). */
export interface S3Env {
  S3_ENDPOINT?: string | undefined;
  S3_REGION: string;
  S3_FORCE_PATH_STYLE: boolean;
  AWS_ACCESS_KEY_ID?: string | undefined;
  AWS_SECRET_ACCESS_KEY?: string | undefined;
}

/** S3Settings from the parsed environment; no credentials leaves the SDK's default chain. */
export function s3SettingsFromEnv(env: S3Env): S3Settings {
  return {
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    forcePathStyle: env.S3_FORCE_PATH_STYLE,
    credentials:
      env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }
        : undefined,
  };
}
