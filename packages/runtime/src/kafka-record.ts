import type { IHeaders, KafkaMessage } from "kafkajs";
import { decodeHeaders } from "./dead-letter.js";

/** What a handler sees of one consumed record. */
export interface InputRecord {
  topic: string;
  partition: number;
  offset: string;
  /** Record timestamp, ms since epoch, as kafkajs gives it. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** First value of each header, decoded as UTF-8. */
  headers: Readonly<Record<string, string>>;
  rawHeaders: IHeaders;
}

export function toInputRecord(
  topic: string,
  partition: number,
  message: KafkaMessage,
): InputRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    timestamp: message.timestamp,
    key: message.key,
    value: message.value,
    headers: decodeHeaders(message.headers),
    rawHeaders: message.headers ?? {},
  };
}

/** Fields every per-record log line carries (ARCHITECTURE.md, Logs). */
export interface RecordLogFields {
  storyId?: string;
  feed?: string;
  [field: string]: string | number | undefined;
}
