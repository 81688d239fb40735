/** Kafka header names used across the pipeline (see docs/ARCHITECTURE.md, Records). */
export const HEADERS = {
  contentType: "content-type",
  wireSource: "wire-source",
  receivedAt: "received-at",
  wireId: "wire-id",
  schemaVersion: "schema-version",
  errorCode: "error-code",
  errorMessage: "error-message",
  failedStage: "failed-stage",
  originalTopic: "original-topic",
  originalPartition: "original-partition",
  originalOffset: "original-offset",
  /** DLQ: the failed record's own timestamp (ms), so a redrive can keep its received-at. */
  originalTimestamp: "original-timestamp",
  /** wire.normalized: the wire.raw record's timestamp (ms), for the end-to-end latency. */
  rawTimestamp: "raw-timestamp",
  /** A record `newswire dlq redrive` sent back: `<dlq topic>:<partition>:<offset>` it came from. */
  redrivenFrom: "redriven-from",
  /** A record `newswire replay` re-sent from the archive: the object key it came from. */
  replayOf: "replay-of",
} as const;
export type HeaderName = (typeof HEADERS)[keyof typeof HEADERS];
