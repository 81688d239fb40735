export {
  ARCHIVE_ERROR_CODES,
  ArchiveError,
  type ArchiveErrorCode,
  type ArchiveErrorOptions,
  isArchiveError,
} from "./archive-error.js";
export {
  type ArchiveLogger,
  type ArchiveMetrics,
  type ArchiveObject,
  type ArchiveReadResult,
  ArchiveWriter,
  type ArchiveWriterOptions,
  createArchive,
  type EnsureBucketOptions,
  type PutResult,
  type RetryInfo,
} from "./archive-writer.js";
export { assertSafeKey, MAX_KEY_LENGTH } from "./assert-safe-key.js";
export { classifyS3Error, type S3ErrorContext } from "./classify-s3-error.js";
export {
  createS3Client,
  type S3Env,
  type S3Settings,
  s3SettingsFromEnv,
} from "./create-s3-client.js";
export {
  ARCHIVE_METADATA,
  decodeMetadataValue,
  encodeMetadataValue,
  MAX_METADATA_VALUE_LENGTH,
  safeContentType,
} from "./object-metadata.js";
