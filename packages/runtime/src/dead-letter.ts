import { type DeadLetterCode, HEADERS } from "@newswire/schemas";
import type { IHeaders, KafkaMessage, Message } from "kafkajs";

export interface DeadLetterReason {
  code: DeadLetterCode;
  message: string;
  stage: string;
  topic: string;
  partition: number;
  offset: string;
  /** The failed record's timestamp (ms since epoch), when known. */
  timestamp?: string | undefined;
}

/** Header values are bounded so one hostile record cannot blow the DLQ record past max.message.bytes. */
const MAX_ERROR_MESSAGE = 1_000;

/** The failed record as received (key, value, headers) plus why and where it failed. */
export function deadLetterMessage(
  record: { key: Buffer | null; value: Buffer | null; headers?: IHeaders },
  reason: DeadLetterReason,
): Message {
  const headers: IHeaders = { ...(record.headers ?? {}) };
  headers[HEADERS.errorCode] = reason.code;
  headers[HEADERS.errorMessage] = reason.message.slice(0, MAX_ERROR_MESSAGE);
  headers[HEADERS.failedStage] = reason.stage;
  headers[HEADERS.originalTopic] = reason.topic;
  headers[HEADERS.originalPartition] = String(reason.partition);
  headers[HEADERS.originalOffset] = reason.offset;
  if (reason.timestamp !== undefined) headers[HEADERS.originalTimestamp] = reason.timestamp;
  return { key: record.key, value: record.value, headers };
}

/** The DLQ record for a consumed message that a runner rejected, at its position. */
export function deadLetterFor(
  message: KafkaMessage,
  reject: { code: DeadLetterCode; message: string },
  where: { stage: string; topic: string; partition: number },
): Message {
  return deadLetterMessage(
    { key: message.key, value: message.value, headers: message.headers },
    {
      ...where,
      code: reject.code,
      message: reject.message,
      offset: message.offset,
      timestamp: message.timestamp,
    },
  );
}

/** First value of each header as a string (kafkajs hands Buffers, or arrays for repeated keys). */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined) continue;
    out[name] = typeof first === "string" ? first : first.toString("utf8");
  }
  return out;
}
