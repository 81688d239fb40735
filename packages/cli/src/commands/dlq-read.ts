import { randomUUID } from "node:crypto";
import { decodeHeaders } from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import type { Admin, IHeaders, Kafka } from "kafkajs";

/** One record of a topic read by the CLI, as it is on the broker. */
export interface TopicRecord {
  partition: number;
  offset: string;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  rawHeaders: IHeaders;
  headers: Record<string, string>;
}

export interface ReadRangeOptions {
  /** Per partition, the first offset to read; default the partition's low watermark. */
  from?: ReadonlyMap<number, bigint>;
  /** Per partition, the offset to stop before; default the high watermark at the start. */
  to?: ReadonlyMap<number, bigint>;
  /** Return false to stop early. */
  onRecord: (record: TopicRecord) => boolean | undefined;
  timeoutMs?: number;
}

/**
 * Reads a topic from given offsets up to the high watermarks it had when the read began
 * (read_committed: aborted records and transaction markers are stepped over, never shown), once,
 * with a consumer group of its own that is deleted afterwards. The cost is the records in the
 * range, never the whole topic: each partition is positioned by seek before the first fetch.
 */
export async function readTopicRange(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  options: ReadRangeOptions,
): Promise<void> {
  const watermarks = await admin.fetchTopicOffsets(topic);
  const start = new Map<number, bigint>();
  const end = new Map<number, bigint>();
  for (const mark of watermarks) {
    const low = BigInt(mark.low);
    const high = BigInt(mark.high);
    const from = options.from?.get(mark.partition) ?? low;
    const to = options.to?.get(mark.partition) ?? high;
    start.set(mark.partition, from < low ? low : from);
    end.set(mark.partition, to > high ? high : to);
  }
  const pending = new Set([...end.keys()].filter((p) => (start.get(p) ?? 0n) < (end.get(p) ?? 0n)));
  if (pending.size === 0) return;

  const groupId = `newswire-cli-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let stopped = false;
  const position = (partition: number, next: bigint) => {
    if (next >= (end.get(partition) ?? 0n)) pending.delete(partition);
    if (pending.size === 0) finish();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    position(payload.partition, BigInt(payload.lastOffset) + 1n);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const stop = end.get(batch.partition) ?? 0n;
        for (const message of batch.messages) {
          if (stopped) return;
          const offset = BigInt(message.offset);
          if (offset < (start.get(batch.partition) ?? 0n)) continue;
          if (offset >= stop) {
            position(batch.partition, offset);
            return;
          }
          const record: TopicRecord = {
            partition: batch.partition,
            offset: message.offset,
            timestamp: Number(message.timestamp),
            key: message.key,
            value: message.value,
            rawHeaders: message.headers ?? {},
            headers: decodeHeaders(message.headers),
          };
          if (options.onRecord(record) === false) {
            stopped = true;
            finish();
            return;
          }
        }
      },
    });
    for (const [partition, offset] of start) {
      // Partitions with nothing to read are parked at their end, so nothing is fetched there.
      const at = pending.has(partition) ? offset : (end.get(partition) ?? offset);
      consumer.seek({ topic, partition, offset: at.toString() });
    }
    const timeoutMs = options.timeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    const outcome = await Promise.race([finished, timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      throw new Error(`${topic} was not read to its end within ${timeoutMs} ms`);
    }
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
}

/** `3:1041` -> partition 3, offset 1041. */
export function parseCoordinates(text: string): { partition: number; offset: bigint } | undefined {
  const match = /^(\d{1,5}):(\d{1,19})$/.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  return { partition: Number(match[1]), offset: BigInt(match[2]) };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls (and bidi overrides) are what it removes
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const utf8 = new TextDecoder("utf-8");

/**
 * The first line of a value, for a list: at most 4 KB read, decoded as UTF-8, controls and
 * bidi overrides removed (it is hostile input on an operator's terminal), cut to `max` chars.
 */
export function firstLine(value: Buffer | null, max = 72): string {
  if (value === null || value.byteLength === 0) return "(empty)";
  const head = value.subarray(0, 4096);
  if (head.includes(0)) return `(binary, ${value.byteLength} bytes)`;
  const text = utf8.decode(head).replace(/^\ufeff/, "");
  const line =
    text
      .split(/\r?\n/)
      .map((l) => l.replace(CONTROL, "").replace(/\s+/g, " ").trim())
      .find((l) => l.length > 0) ?? "";
  if (line.length === 0) return "(blank)";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** A value or header for a terminal: printable as is, controls as \xNN (newlines and tabs kept). */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.codePointAt(0)?.toString(16).padStart(2, "0")}`);
}

/** Why and where a dead letter failed, from its headers. */
export interface DeadLetterInfo {
  code: string;
  message: string;
  stage: string;
  originalTopic: string | undefined;
  originalPartition: string | undefined;
  originalOffset: string | undefined;
  originalTimestamp: string | undefined;
  redrivenFrom: string | undefined;
}

export function deadLetterInfo(record: TopicRecord): DeadLetterInfo {
  const h = record.headers;
  return {
    code: h[HEADERS.errorCode] ?? "?",
    message: h[HEADERS.errorMessage] ?? "",
    stage: h[HEADERS.failedStage] ?? "?",
    originalTopic: h[HEADERS.originalTopic],
    originalPartition: h[HEADERS.originalPartition],
    originalOffset: h[HEADERS.originalOffset],
    originalTimestamp: h[HEADERS.originalTimestamp],
    redrivenFrom: h[HEADERS.redrivenFrom],
  };
}

/** The headers a stage adds to a dead letter (what a redrive takes off again). */
export const DEAD_LETTER_HEADERS: ReadonlySet<string> = new Set([
  HEADERS.errorCode,
  HEADERS.errorMessage,
  HEADERS.failedStage,
  HEADERS.originalTopic,
  HEADERS.originalPartition,
  HEADERS.originalOffset,
  HEADERS.originalTimestamp,
]);

export interface Selection {
  codes: ReadonlySet<string> | undefined;
  stage: string | undefined;
  since: number | undefined;
  until: number | undefined;
  at: readonly { partition: number; offset: bigint }[];
}

export function selects(selection: Selection, record: TopicRecord): boolean {
  const info = deadLetterInfo(record);
  if (selection.at.length > 0) {
    const hit = selection.at.some(
      (c) => c.partition === record.partition && c.offset === BigInt(record.offset),
    );
    if (!hit) return false;
  }
  if (selection.codes && !selection.codes.has(info.code)) return false;
  if (selection.stage !== undefined && info.stage !== selection.stage) return false;
  if (selection.since !== undefined && record.timestamp < selection.since) return false;
  if (selection.until !== undefined && record.timestamp >= selection.until) return false;
  return true;
}

/** Where a selection starts reading: --since by the broker's time index, exact offsets as given. */
export async function startOffsets(
  admin: Admin,
  topic: string,
  selection: Selection,
): Promise<{ from?: Map<number, bigint>; to?: Map<number, bigint> }> {
  if (selection.at.length > 0) {
    const from = new Map<number, bigint>();
    const to = new Map<number, bigint>();
    const watermarks = await admin.fetchTopicOffsets(topic);
    for (const mark of watermarks) {
      const wanted = selection.at.filter((c) => c.partition === mark.partition);
      if (wanted.length === 0) {
        from.set(mark.partition, BigInt(mark.high));
        continue;
      }
      const offsets = wanted.map((c) => c.offset).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      from.set(mark.partition, offsets[0] ?? 0n);
      to.set(mark.partition, (offsets[offsets.length - 1] ?? 0n) + 1n);
    }
    return { from, to };
  }
  if (selection.since === undefined) return {};
  const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, selection.since);
  return { from: new Map(byTime.map((p) => [p.partition, BigInt(p.offset)])) };
}
