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
} as const;
export type HeaderName = (typeof HEADERS)[keyof typeof HEADERS];
