import {
  type InputRecord,
  type RecordWireMeta,
  type SinkHandler,
  type SinkResult,
  wireMetaFromRecord,
} from "@newswire/runtime";

/** The one call the archiver makes: one idempotent PUT (errors carry retryable/fatal). */
export interface ArchiveSink {
  put(object: {
    key: string;
    body: Uint8Array;
    contentType: string | null;
    receivedAt: string;
    /** The `wire-source` header as sent; null when absent (the key then says `unknown`). */
    feed: string | null;
    wireId: string | null;
    kafka: { topic: string; partition: number; offset: string };
    recordKey: Uint8Array | null;
  }): Promise<{ sha256: string }>;
}

export interface ArchiverDeps {
  archive: ArchiveSink;
  /** The object key for these bytes: the same one the Story reports as source.archiveKey. */
  keyFor: (bytes: Uint8Array, meta: RecordWireMeta) => string;
  /** The story id of these bytes (the normalizer's), for the per-story log line. */
  idFor: (bytes: Uint8Array) => string;
}

/**
 * wire.raw record -> the original bytes, unchanged, at its deterministic key in S3. S3 errors
 * are thrown as ArchiveErrors: the sink runner retries the retryable ones, stops on the fatal
 * ones and dead-letters the rest with their code (ARCHIVE_REJECTED, ARCHIVE_INVALID_INPUT).
 */
export function createArchiverHandler(deps: ArchiverDeps): SinkHandler {
  return async (record: InputRecord): Promise<SinkResult> => {
    const meta = wireMetaFromRecord(record);
    const feed = meta.feed ?? "unknown";
    // A record without a value has no original to keep; the normalizer dead-letters it.
    if (record.value === null) return { kind: "done", log: { feed } };
    const key = deps.keyFor(record.value, meta);
    const result = await deps.archive.put({
      key,
      body: record.value,
      contentType: meta.contentType,
      receivedAt: meta.receivedAt,
      feed: meta.feed,
      wireId: meta.wireId,
      kafka: meta.kafka,
      recordKey: record.key,
    });
    const storyId = deps.idFor(record.value);
    return { kind: "done", log: { storyId, feed, archiveKey: key, sha256: result.sha256 } };
  };
}
