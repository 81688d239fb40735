import { HEADERS } from "@newswire/schemas";
import type { InputRecord } from "./kafka-record.js";

export interface RecordWireMeta {
  contentType: string | null;
  feed: string | null;
  receivedAt: string;
  wireId: string | null;
  kafka: { topic: string; partition: number; offset: string };
}

/**
 * The transport facts about one wire.raw record (ARCHITECTURE.md, Records): headers as sent,
 * `received-at` defaulting to the record timestamp when absent or not a date.
 */
export function wireMetaFromRecord(record: InputRecord): RecordWireMeta {
  const headers = record.headers;
  const header = (name: string) => {
    const value = headers[name];
    return value !== undefined && value.trim() !== "" ? value : null;
  };
  const receivedHeader = header(HEADERS.receivedAt);
  const receivedTime = receivedHeader === null ? Number.NaN : Date.parse(receivedHeader);
  const recordTime = Number(record.timestamp);
  const receivedAt = Number.isFinite(receivedTime)
    ? new Date(receivedTime).toISOString()
    : new Date(Number.isFinite(recordTime) ? recordTime : 0).toISOString();
  return {
    contentType: header(HEADERS.contentType),
    feed: header(HEADERS.wireSource),
    receivedAt,
    wireId: header(HEADERS.wireId),
    kafka: { topic: record.topic, partition: record.partition, offset: record.offset },
  };
}
