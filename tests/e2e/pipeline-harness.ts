import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { createLogger, ensureTopics, resolveTopics } from "@newswire/runtime";
import { type Consumer, type IHeaders, type Kafka, type KafkaMessage, Partitioners } from "kafkajs";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const SERVICES = ["normalizer", "enricher", "archiver"] as const;
export type ServiceName = (typeof SERVICES)[number];

export const sha256 = (bytes: Uint8Array): string =>
  createHash("sha256").update(bytes).digest("hex");

/**
 * The services run from dist/, as in production. tsc -b is incremental, and flock keeps test
 * files that start in parallel from writing the same dist/ at once.
 */
export function buildOnce(): void {
  execFileSync(
    "flock",
    [
      join(tmpdir(), "newswire-e2e-build.lock"),
      process.execPath,
      `${ROOT}node_modules/typescript/bin/tsc`,
      "-b",
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
}

export interface PipelineNames {
  id: string;
  env: Record<string, string>;
  topics: { raw: string; normalized: string; stories: string; dlq: string };
  bucket: string;
}

/** Unique topics, groups and bucket for one test: TOPIC_*, GROUP_ID and S3_BUCKET in env. */
export function pipelineNames(): PipelineNames {
  const id = randomUUID().replaceAll("-", "").slice(0, 12);
  const topics = {
    raw: `e2e-${id}.wire.raw`,
    normalized: `e2e-${id}.wire.normalized`,
    stories: `e2e-${id}.stories.enriched`,
    dlq: `e2e-${id}.wire.dlq`,
  };
  const bucket = `e2e-${id}`;
  const env: Record<string, string> = {
    TOPIC_RAW: topics.raw,
    TOPIC_NORMALIZED: topics.normalized,
    TOPIC_STORIES: topics.stories,
    TOPIC_DLQ: topics.dlq,
    S3_BUCKET: bucket,
    LOG_LEVEL: "info",
    STATS_INTERVAL_MS: "2000",
  };
  return { id, env, topics, bucket };
}

export async function createPipelineTopics(kafka: Kafka, names: PipelineNames): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const logger = createLogger({ service: "e2e", level: "silent" });
    await ensureTopics(
      admin,
      resolveTopics({
        TOPIC_RAW: names.topics.raw,
        TOPIC_NORMALIZED: names.topics.normalized,
        TOPIC_STORIES: names.topics.stories,
        TOPIC_DLQ: names.topics.dlq,
        TOPICS_FILE: undefined,
      }),
      logger,
    );
  } finally {
    await admin.disconnect();
  }
}

export async function deletePipelineTopics(kafka: Kafka, names: PipelineNames): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: Object.values(names.topics) });
  } finally {
    await admin.disconnect();
  }
}

/** One service as a child process, its JSON log lines kept (and written to .e2e-logs/). */
export class ServiceProcess {
  readonly lines: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly logFile: string;

  constructor(
    readonly name: ServiceName,
    private readonly env: Record<string, string>,
    runId: string,
  ) {
    mkdirSync(`${ROOT}.e2e-logs`, { recursive: true });
    this.logFile = `${ROOT}.e2e-logs/${runId}-${name}.log`;
  }

  start(): void {
    const child = spawn(process.execPath, [`${ROOT}services/${this.name}/dist/main.js`], {
      cwd: ROOT,
      env: { ...process.env, ...this.env, GROUP_ID: `${this.env.TOPIC_RAW}-${this.name}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    let pending = "";
    const onData = (chunk: Buffer) => {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      this.lines.push(...parts.filter((l) => l.length > 0));
      writeFileSync(this.logFile, `${parts.join("\n")}\n`, { flag: "a" });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
  }

  /** SIGTERM, then the exit code and how long the shutdown took. */
  async stop(): Promise<{ code: number | null; ms: number }> {
    const startedAt = Date.now();
    if (!this.child || this.child.exitCode !== null)
      return { code: this.child?.exitCode ?? null, ms: 0 };
    this.child.kill("SIGTERM");
    const code = await this.exited;
    return { code, ms: Date.now() - startedAt };
  }

  kill(): void {
    if (this.child && this.child.exitCode === null) this.child.kill("SIGKILL");
  }

  async waitForLog(msg: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.logged(msg).length === 0) {
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not log "${msg}" within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** JSON log lines with this msg. */
  logged(msg: string): Record<string, unknown>[] {
    return this.lines.flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        return parsed.msg === msg ? [parsed] : [];
      } catch {
        return [];
      }
    });
  }
}

/**
 * Reads a topic from the beginning, read_committed, keeping every record once by partition and
 * offset: the reader itself is at-least-once (after a broker outage it may be handed a record
 * again), and that must not look like a duplicate on the topic.
 */
export class TopicReader {
  readonly messages: KafkaMessage[] = [];
  private readonly seen = new Set<string>();
  private constructor(private readonly consumer: Consumer) {}

  static async start(kafka: Kafka, topic: string): Promise<TopicReader> {
    const consumer = kafka.consumer({
      groupId: `e2e-reader-${randomUUID()}`,
      readUncommitted: false,
    });
    const reader = new TopicReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const position = `${partition}:${message.offset}`;
        if (reader.seen.has(position)) return;
        reader.seen.add(position);
        reader.messages.push(message);
      },
    });
    return reader;
  }

  async waitFor(predicate: (messages: KafkaMessage[]) => boolean, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.messages)) {
      if (Date.now() > deadline)
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export function header(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

export interface WireInput {
  name: string;
  bytes: Buffer;
  feed: string;
  receivedAt: string;
}

export async function sendWire(
  kafka: Kafka,
  topic: string,
  inputs: readonly WireInput[],
): Promise<void> {
  const producer = kafka.producer({
    idempotent: true,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    await producer.send({
      topic,
      acks: -1,
      messages: inputs.map((input) => {
        const headers: IHeaders = { "wire-source": input.feed, "received-at": input.receivedAt };
        return { key: null, value: input.bytes, headers };
      }),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Every object in the bucket: key -> sha256 of its body and its metadata. */
export async function readBucket(
  s3: S3Client,
  bucket: string,
): Promise<Map<string, { sha256: string; metadata: Record<string, string> }>> {
  const objects = new Map<string, { sha256: string; metadata: Record<string, string> }>();
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    for (const entry of page.Contents ?? []) {
      if (!entry.Key) continue;
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: entry.Key }));
      const body = await object.Body?.transformToByteArray();
      objects.set(entry.Key, {
        sha256: sha256(body ?? new Uint8Array()),
        metadata: object.Metadata ?? {},
      });
    }
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/**
 * Reads the bucket until it holds `count` objects or the time is up. While the archiver is still
 * writing, S3Proxy's filesystem store can list an object whose GET then fails (its overwrite is
 * not atomic), so a failed read is retried, not trusted; the caller asserts on what it returns.
 */
export async function readBucketWhenFilled(
  s3: S3Client,
  bucket: string,
  count: number,
  timeoutMs: number,
): Promise<Map<string, { sha256: string; metadata: Record<string, string> }>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const objects = await readBucket(s3, bucket).catch(() => undefined);
    if (objects && (objects.size >= count || Date.now() >= deadline)) return objects;
    if (Date.now() >= deadline) return readBucket(s3, bucket);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The three services on their own topics and bucket, plus readers of stories and DLQ. */
export class Pipeline {
  readonly services: Record<ServiceName, ServiceProcess>;
  stories!: TopicReader;
  dlq!: TopicReader;

  constructor(
    readonly names: PipelineNames,
    extraEnv: Record<string, string> = {},
  ) {
    const env = { ...names.env, ...extraEnv };
    this.services = {
      normalizer: new ServiceProcess("normalizer", env, names.id),
      enricher: new ServiceProcess("enricher", env, names.id),
      archiver: new ServiceProcess("archiver", env, names.id),
    };
  }

  /** Creates the topics, starts the services, waits until each joined its group. */
  static async start(kafka: Kafka, running: Pipeline[], extraEnv: Record<string, string> = {}) {
    const pipeline = new Pipeline(pipelineNames(), extraEnv);
    running.push(pipeline);
    await createPipelineTopics(kafka, pipeline.names);
    for (const name of SERVICES) pipeline.services[name].start();
    await Promise.all(
      SERVICES.map((name) => pipeline.services[name].waitForLog("joined consumer group")),
    );
    pipeline.stories = await TopicReader.start(kafka, pipeline.names.topics.stories);
    pipeline.dlq = await TopicReader.start(kafka, pipeline.names.topics.dlq);
    return pipeline;
  }

  async stop(kafka: Kafka, deleteBucket: (bucket: string) => Promise<void>): Promise<void> {
    await Promise.all(SERVICES.map((name) => this.services[name].stop()));
    await Promise.all([this.stories?.stop(), this.dlq?.stop()]);
    await deletePipelineTopics(kafka, this.names).catch(() => undefined);
    await deleteBucket(this.names.bucket).catch(() => undefined);
  }
}
