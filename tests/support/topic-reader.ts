import { randomUUID } from "node:crypto";
import type { Admin, Consumer, Kafka } from "kafkajs";

/** One record as a reader got it: headers decoded to strings, the key as UTF-8. */
export interface ReadRecord {
  partition: number;
  offset: string;
  /** Record timestamp (CreateTime, ms). */
  timestamp: number;
  /** When this reader got it (ms). */
  receivedAt: number;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

function decode(headers: Record<string, unknown> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first === undefined || first === null) continue;
    out[name] = Buffer.isBuffer(first) ? first.toString("utf8") : String(first);
  }
  return out;
}

/** A header of a record read back, or undefined. */
export function header(record: ReadRecord, name: string): string | undefined {
  return record.headers[name];
}

export interface TopicReaderOptions {
  /** Default: a fresh group per reader (nothing is ever committed for it). */
  groupId?: string;
}

/**
 * Reads one topic from the beginning with read_committed, as a downstream subscriber does, and
 * keeps reading; `messages` grows. Each record is kept once by partition and offset: the reader
 * itself is at-least-once (after a rebalance or a broker outage it is handed records again), and
 * that must not look like a duplicate on the topic. `position` per partition counts control
 * records and aborted data too, so `atEnd` is exact.
 */
export class TopicReader {
  readonly topic: string;
  readonly messages: ReadRecord[] = [];
  /** Called for each new record as it arrives (the latency benchmark's clock). */
  onRecord: ((record: ReadRecord) => void) | undefined;
  readonly #seen = new Set<string>();
  readonly #position = new Map<number, bigint>();
  readonly #consumer: Consumer;

  private constructor(kafka: Kafka, topic: string, groupId: string) {
    this.topic = topic;
    this.#consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 30_000,
    });
  }

  static async start(
    kafka: Kafka,
    topic: string,
    options: TopicReaderOptions = {},
  ): Promise<TopicReader> {
    const reader = new TopicReader(kafka, topic, options.groupId ?? `reader-${randomUUID()}`);
    await reader.#run();
    return reader;
  }

  async #run(): Promise<void> {
    const consumer = this.#consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const next = BigInt(payload.lastOffset) + 1n;
      const current = this.#position.get(payload.partition) ?? 0n;
      if (next > current) this.#position.set(payload.partition, next);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          const position = `${batch.partition}:${m.offset}`;
          if (this.#seen.has(position)) continue;
          this.#seen.add(position);
          const record: ReadRecord = {
            partition: batch.partition,
            offset: m.offset,
            timestamp: Number(m.timestamp),
            receivedAt: now,
            key: m.key === null ? null : m.key.toString("utf8"),
            value: m.value,
            headers: decode(m.headers),
          };
          this.messages.push(record);
          this.onRecord?.(record);
        }
      },
    });
  }

  /** Resolves once `predicate(messages)` holds; throws after `timeoutMs`, naming `what`. */
  async waitFor(
    predicate: (messages: readonly ReadRecord[]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} on ${this.topic} (${this.messages.length} read)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** True when every partition was read up to its current high watermark. */
  async atEnd(admin: Admin): Promise<boolean> {
    const offsets = await admin.fetchTopicOffsets(this.topic);
    return offsets.every(
      (o) => BigInt(o.high) === 0n || (this.#position.get(o.partition) ?? 0n) >= BigInt(o.high),
    );
  }

  /** Reads on until `atEnd`, or throws after `timeoutMs`. */
  async readToEnd(admin: Admin, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.atEnd(admin))) {
      if (Date.now() > deadline) throw new Error(`${this.topic} not read to its end in time`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }
}

/** Committed offsets of a group on a topic against the topic's high watermarks: records not done. */
export async function groupLag(admin: Admin, groupId: string, topic: string): Promise<number[]> {
  const [high, committed] = await Promise.all([
    admin.fetchTopicOffsets(topic),
    admin.fetchOffsets({ groupId, topics: [topic] }),
  ]);
  const done = new Map<number, bigint>();
  for (const t of committed) {
    for (const p of t.partitions) done.set(p.partition, BigInt(p.offset === "-1" ? "0" : p.offset));
  }
  return high
    .sort((a, b) => a.partition - b.partition)
    .map((h) => Number(BigInt(h.high) - (done.get(h.partition) ?? 0n)));
}
