import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { HEADERS } from "@newswire/schemas";
import type { Admin, Consumer, Kafka } from "kafkajs";
import { sha256, type WireInput } from "./wire-inputs.js";

export interface CollectedRecord {
  partition: number;
  /** Record timestamp (CreateTime, ms) and when this reader got it (ms). */
  timestamp: number;
  receivedAt: number;
  offset: string;
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

/**
 * A read_committed reader of one topic from the beginning that keeps reading; `records` grows,
 * `position` per partition counts control records and aborted data too (so "at the end" is exact).
 */
export class TopicCollector {
  readonly topic: string;
  readonly records: CollectedRecord[] = [];
  readonly #position = new Map<number, bigint>();
  #consumer: Consumer;

  /** Called for each record as it arrives (the latency benchmark's clock). */
  onRecord: ((key: Buffer | null, at: number) => void) | undefined;

  constructor(kafka: Kafka, topic: string, groupId: string) {
    this.topic = topic;
    this.#consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      maxWaitTimeInMs: 100,
      sessionTimeout: 30_000,
    });
  }

  async start(): Promise<void> {
    const consumer = this.#consumer;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
      const next = BigInt(payload.lastOffset) + 1n;
      const current = this.#position.get(payload.partition) ?? 0n;
      if (next > current) this.#position.set(payload.partition, next);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: [this.topic], fromBeginning: true });
    await consumer.run({
      // Every read starts from the beginning: nothing is committed for this group.
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        const now = Date.now();
        for (const m of batch.messages) {
          this.onRecord?.(m.key, now);
          this.records.push({
            partition: batch.partition,
            timestamp: Number(m.timestamp),
            receivedAt: now,
            offset: m.offset,
            key: m.key === null ? null : m.key.toString("utf8"),
            value: m.value,
            headers: decode(m.headers),
          });
        }
      },
    });
  }

  /** True when every partition was read up to its current high watermark. */
  async atEnd(admin: Admin): Promise<boolean> {
    const offsets = await admin.fetchTopicOffsets(this.topic);
    return offsets.every(
      (o) => BigInt(o.high) === 0n || (this.#position.get(o.partition) ?? 0n) >= BigInt(o.high),
    );
  }

  async stop(): Promise<void> {
    await this.#consumer.disconnect();
  }
}

/** Committed offsets of a group on a topic versus the topic's high watermarks: records not done. */
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

export interface S3Object {
  key: string;
  sha256: string;
  size: number;
}

/** Every object in the bucket with the sha256 of its bytes as stored (a real GET each). */
export async function listObjectsWithHashes(
  s3: S3Client,
  bucket: string,
  concurrency = 16,
): Promise<S3Object[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const o of page.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
    token = page.NextContinuationToken;
  } while (token !== undefined);
  const out: S3Object[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      out.push({ key, sha256: sha256(bytes), size: bytes.length });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** Keys built only from sanitized parts: nothing a path, shell or S3 server could misread. */
export const SAFE_ARCHIVE_KEY =
  /^originals\/(\d{4}\/\d{2}\/\d{2}|undated)\/[a-z0-9_][a-z0-9._-]{0,63}\/[a-z0-9][a-z0-9._-]{0,127}\.[a-z0-9]{1,10}$/;

export interface ConservationInput {
  inputs: readonly WireInput[];
  raw: readonly CollectedRecord[];
  stories: readonly CollectedRecord[];
  dlq: readonly CollectedRecord[];
  objects: readonly S3Object[];
  /**
   * Objects that are no object of the pipeline's and are left out of the S3 checks (reported in
   * `ignoredObjects`): the outage test's S3 server leaves partial-upload files behind when it
   * is stopped mid-PUT.
   */
  ignoreObject?: (key: string) => boolean;
}

export interface ConservationResult {
  problems: string[];
  figures: {
    inputs: number;
    valid: number;
    invalid: number;
    raw: number;
    stories: number;
    dlq: number;
    objects: number;
    ignoredObjects: number;
  };
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/**
 * The conservation rule, checked from what is really in Kafka and S3:
 * every input once on wire.raw (the harness itself did not duplicate); every valid input exactly
 * once on stories.enriched (matched by the Story's source.sha256, keyed by its id); every invalid
 * input exactly once on wire.dlq (value unchanged) with an error-code header; no valid input in
 * the DLQ; nothing else on either topic; every input exactly once in S3, byte-identical (sha256
 * of a GET), under a safe key; no other object.
 */
export function checkConservation(data: ConservationInput): ConservationResult {
  const problems: string[] = [];
  const limit = 20;
  const report = (message: string) => {
    if (problems.length < limit) problems.push(message);
    else if (problems.length === limit) problems.push("... more problems left out");
  };
  const bySha = new Map<string, WireInput>();
  for (const input of data.inputs) {
    if (bySha.has(input.sha256)) report(`harness: two inputs with the same bytes (${input.kind})`);
    bySha.set(input.sha256, input);
  }
  const shaOf = (value: Buffer | null) => (value === null ? "<null>" : sha256(value));

  const raw = countBy(data.raw, (r) => shaOf(r.value));
  for (const input of data.inputs) {
    const n = raw.get(input.sha256) ?? 0;
    if (n !== 1) report(`wire.raw holds ${n} copies of ${input.kind} ${input.sha256.slice(0, 12)}`);
  }

  const storyShas: string[] = [];
  for (const record of data.stories) {
    let source: { sha256?: unknown } | undefined;
    let id: unknown;
    try {
      const story = JSON.parse(record.value?.toString("utf8") ?? "null") as {
        id?: unknown;
        source?: { sha256?: unknown };
      };
      source = story.source;
      id = story.id;
    } catch {
      report(`stories: record at ${record.partition}/${record.offset} is not JSON`);
      continue;
    }
    const sha = typeof source?.sha256 === "string" ? source.sha256 : "<none>";
    if (record.key !== id) report(`stories: key ${record.key} is not the story id ${String(id)}`);
    storyShas.push(sha);
  }
  const stories = countBy(storyShas, (s) => s);
  for (const [sha, n] of stories) {
    const input = bySha.get(sha);
    if (!input) report(`stories: a story from bytes the test never sent (${sha.slice(0, 12)})`);
    else if (input.expect !== "story") report(`stories: invalid ${input.kind} became a story`);
    else if (n !== 1) report(`stories: ${input.kind} ${sha.slice(0, 12)} published ${n} times`);
  }

  const dlq = countBy(data.dlq, (r) => shaOf(r.value));
  for (const record of data.dlq) {
    const code = record.headers[HEADERS.errorCode];
    if (code === undefined || code === "") {
      report(`dlq: record at ${record.partition}/${record.offset} has no error-code header`);
    }
  }
  for (const [sha, n] of dlq) {
    const input = bySha.get(sha);
    if (!input) report(`dlq: a record with bytes the test never sent (${sha.slice(0, 12)})`);
    else if (input.expect !== "dlq") {
      const codes = data.dlq
        .filter((r) => shaOf(r.value) === sha)
        .map((r) => `${r.headers[HEADERS.failedStage]}:${r.headers[HEADERS.errorCode]}`);
      report(`dlq: valid ${input.kind} dead-lettered (${codes.join(", ")})`);
    } else if (n !== 1) report(`dlq: ${input.kind} ${sha.slice(0, 12)} dead-lettered ${n} times`);
  }
  for (const input of data.inputs) {
    if (input.expect === "story" && !stories.has(input.sha256) && !dlq.has(input.sha256)) {
      report(
        `lost: valid ${input.kind} ${input.sha256.slice(0, 12)} is neither a story nor in the DLQ`,
      );
    }
    if (input.expect === "dlq" && !dlq.has(input.sha256) && !stories.has(input.sha256)) {
      report(`lost: invalid ${input.kind} ${input.sha256.slice(0, 12)} is not in the DLQ`);
    }
  }

  const ignored = data.objects.filter((o) => data.ignoreObject?.(o.key) === true);
  const kept = data.objects.filter((o) => data.ignoreObject?.(o.key) !== true);
  const objects = countBy(kept, (o) => o.sha256);
  for (const object of kept) {
    const dotSegment = object.key.split("/").some((segment) => segment === "." || segment === "..");
    if (!SAFE_ARCHIVE_KEY.test(object.key) || dotSegment) {
      report(`s3: unsafe key ${JSON.stringify(object.key.slice(0, 200))}`);
    }
    if (!bySha.has(object.sha256)) {
      report(`s3: object ${object.key} matches no input byte for byte`);
    }
  }
  for (const input of data.inputs) {
    const n = objects.get(input.sha256) ?? 0;
    if (n !== 1)
      report(`s3: ${n} objects hold ${input.kind} ${input.sha256.slice(0, 12)} byte for byte`);
  }

  return {
    problems,
    figures: {
      inputs: data.inputs.length,
      valid: data.inputs.filter((i) => i.expect === "story").length,
      invalid: data.inputs.filter((i) => i.expect === "dlq").length,
      raw: data.raw.length,
      stories: data.stories.length,
      dlq: data.dlq.length,
      objects: kept.length,
      ignoredObjects: ignored.length,
    },
  };
}
