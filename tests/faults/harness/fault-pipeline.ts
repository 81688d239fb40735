import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";
import { createLogger, ensureTopics, resolveTopics } from "@newswire/runtime";
import { type Admin, Kafka, logLevel } from "kafkajs";
import type { StackConnection } from "../../support/stack.js";
import {
  type CollectedRecord,
  type ConservationResult,
  checkConservation,
  groupLag,
  listObjectsWithHashes,
  TopicCollector,
} from "./conservation.js";
import { repoRoot, SERVICES, type ServiceName, ServiceProcess } from "./service-process.js";
import type { WireInput } from "./wire-inputs.js";

const shortId = (): string => randomUUID().replaceAll("-", "").slice(0, 12);

export interface FaultPipelineOptions {
  stack: StackConnection;
  /** Names the run in topics, groups, bucket and the log directory. */
  name: string;
  /** Extra environment for every service (LOG_LEVEL, KAFKA_SASL_PASSWORD ...). */
  env?: Readonly<Record<string, string>>;
  /** Extra environment per service. */
  serviceEnv?: Partial<Record<ServiceName, Readonly<Record<string, string>>>>;
  services?: readonly ServiceName[];
  /** A topics file other than infra/topics.json (TOPICS_FILE for the services too). */
  topicsFile?: string;
  nodeArgs?: Partial<Record<ServiceName, readonly string[]>>;
}

export interface DrainOptions {
  timeoutMs: number;
  /** Quiet time after everything arrived, to catch late duplicates. */
  settleMs?: number;
  onProgress?: (line: string) => void;
}

/**
 * One isolated pipeline on the shared stack: unique topics, group ids (and so transactional
 * ids), bucket and log directory; the services as separate processes.
 */
export class FaultPipeline {
  readonly id = shortId();
  readonly name: string;
  readonly topics: { raw: string; normalized: string; stories: string; dlq: string };
  readonly bucket: string;
  readonly logDir: string;
  readonly groups: Record<ServiceName, string>;
  readonly services: Record<ServiceName, ServiceProcess>;
  readonly kafka: Kafka;
  readonly s3: S3Client;
  readonly stack: StackConnection;
  readonly topicsFile: string | undefined;
  #admin: Admin | undefined;
  #created = false;

  constructor(options: FaultPipelineOptions) {
    const { stack } = options;
    this.stack = stack;
    this.name = options.name;
    this.topicsFile = options.topicsFile;
    const prefix = `faults.${options.name}.${this.id}`;
    this.topics = {
      raw: `${prefix}.wire.raw`,
      normalized: `${prefix}.wire.normalized`,
      stories: `${prefix}.stories.enriched`,
      dlq: `${prefix}.wire.dlq`,
    };
    this.bucket = `faults-${options.name
      .toLowerCase()
      .replace(/[^a-z0-9-]/g, "-")
      .slice(0, 30)}-${this.id}`;
    this.logDir = `${repoRoot}.stack/faults/${options.name}-${this.id}`;
    this.groups = {
      normalizer: `faults-${this.id}-normalizer`,
      enricher: `faults-${this.id}-enricher`,
      archiver: `faults-${this.id}-archiver`,
    };
    this.kafka = new Kafka({
      clientId: `faults-harness-${this.id}`,
      brokers: [...stack.kafkaBrokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    this.s3 = new S3Client({
      endpoint: stack.s3.endpoint,
      region: stack.s3.region,
      forcePathStyle: stack.s3.forcePathStyle,
      credentials: { accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey },
    });
    const common: Record<string, string> = {
      KAFKA_BROKERS: stack.kafkaBrokers.join(","),
      KAFKA_CLIENT_ID: `faults-${this.id}`,
      TOPIC_RAW: this.topics.raw,
      TOPIC_NORMALIZED: this.topics.normalized,
      TOPIC_STORIES: this.topics.stories,
      TOPIC_DLQ: this.topics.dlq,
      S3_ENDPOINT: stack.s3.endpoint,
      S3_REGION: stack.s3.region,
      S3_BUCKET: this.bucket,
      S3_FORCE_PATH_STYLE: String(stack.s3.forcePathStyle),
      AWS_ACCESS_KEY_ID: stack.s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: stack.s3.secretAccessKey,
      LOG_LEVEL: "info",
      STATS_INTERVAL_MS: "5000",
      ...(options.topicsFile ? { TOPICS_FILE: options.topicsFile } : {}),
      ...options.env,
    };
    const wanted = options.services ?? SERVICES;
    const services = {} as Record<ServiceName, ServiceProcess>;
    for (const service of SERVICES) {
      services[service] = new ServiceProcess({
        service,
        logFile: `${this.logDir}/${service}.log`,
        env: { ...common, GROUP_ID: this.groups[service], ...options.serviceEnv?.[service] },
        nodeArgs: options.nodeArgs?.[service] ?? [],
      });
    }
    this.services = services;
    this.wanted = wanted;
  }

  readonly wanted: readonly ServiceName[];

  async admin(): Promise<Admin> {
    if (!this.#admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.#admin = admin;
    }
    return this.#admin;
  }

  /** Topics from infra/topics.json under this run's names. */
  async create(): Promise<void> {
    const admin = await this.admin();
    const definitions = resolveTopics({
      TOPIC_RAW: this.topics.raw,
      TOPIC_NORMALIZED: this.topics.normalized,
      TOPIC_STORIES: this.topics.stories,
      TOPIC_DLQ: this.topics.dlq,
      TOPICS_FILE: this.topicsFile,
    });
    const logger = createLogger({ service: "faults", level: "silent" });
    // A just-created topic's metadata can lag on a busy broker; the creation itself is idempotent.
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureTopics(admin, definitions, logger);
        this.#created = true;
        break;
      } catch (error) {
        if (attempt >= 5) throw error;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    // The bucket is left to the archiver, which creates it when missing.
  }

  async startAll(): Promise<void> {
    for (const service of this.wanted) await this.services[service].start();
    await Promise.all(this.wanted.map((s) => this.services[s].waitReady(90_000)));
  }

  /** SIGTERM every running service; returns the exit codes (0 = clean shutdown). */
  async stopAll(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      this.wanted.map(async (s) => {
        const service = this.services[s];
        if (!service.running) return;
        const exit = await service.terminate(20_000);
        codes[s] = exit.code;
      }),
    );
    return codes;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.wanted.map((s) => this.services[s].running && this.services[s].kill9()));
  }

  /** How many records each service still has to do on its input topic (sum over partitions). */
  async lag(): Promise<Record<ServiceName, number>> {
    const admin = await this.admin();
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const [normalizer, enricher, archiver] = await Promise.all([
      groupLag(admin, this.groups.normalizer, this.topics.raw),
      groupLag(admin, this.groups.enricher, this.topics.normalized),
      groupLag(admin, this.groups.archiver, this.topics.raw),
    ]);
    // A transaction's commit marker can sit alone after the last record the enricher committed.
    const enricherLag = enricher.map((n) => (n <= 1 ? 0 : n));
    return { normalizer: sum(normalizer), enricher: sum(enricherLag), archiver: sum(archiver) };
  }

  /**
   * Waits until the pipeline is done with every input: the services' groups are through their
   * input topics and every input has its outcome on stories.enriched or wire.dlq; then waits
   * `settleMs` more and reads every topic to its end (read_committed), so late duplicates show.
   */
  async drain(
    inputs: readonly WireInput[],
    options: DrainOptions,
  ): Promise<{ raw: CollectedRecord[]; stories: CollectedRecord[]; dlq: CollectedRecord[] }> {
    const deadline = Date.now() + options.timeoutMs;
    const admin = await this.admin();
    const read = shortId();
    const collectors = {
      raw: new TopicCollector(this.kafka, this.topics.raw, `faults-${this.id}-check-raw-${read}`),
      stories: new TopicCollector(
        this.kafka,
        this.topics.stories,
        `faults-${this.id}-check-stories-${read}`,
      ),
      dlq: new TopicCollector(this.kafka, this.topics.dlq, `faults-${this.id}-check-dlq-${read}`),
    };
    await Promise.all(Object.values(collectors).map((c) => c.start()));
    try {
      const wantStories = inputs.filter((i) => i.expect === "story").length;
      const wantDlq = inputs.filter((i) => i.expect === "dlq").length;
      let lastLine = "";
      for (;;) {
        let lag: Record<ServiceName, number> | undefined;
        try {
          lag = await this.lag();
        } catch {
          lag = undefined;
        }
        const line = `lag ${JSON.stringify(lag)} stories ${collectors.stories.records.length}/${wantStories} dlq ${collectors.dlq.records.length}/${wantDlq}`;
        if (line !== lastLine) options.onProgress?.(line);
        lastLine = line;
        const servicesDone =
          lag !== undefined &&
          this.wanted.every((s) => (lag as Record<ServiceName, number>)[s] === 0);
        const outcomesDone =
          collectors.stories.records.length >= wantStories &&
          collectors.dlq.records.length >= wantDlq;
        if (servicesDone && outcomesDone) break;
        const crashed = this.wanted.filter((s) => this.services[s].crashes.length > 0);
        if (crashed.length > 0) {
          throw new Error(
            `service(s) exited on their own: ${crashed.join(", ")}; logs in ${this.logDir}`,
          );
        }
        if (Date.now() > deadline) {
          throw new Error(
            `pipeline did not drain in ${options.timeoutMs} ms: ${line}; logs in ${this.logDir}`,
          );
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, options.settleMs ?? 3_000));
      for (;;) {
        const ends = await Promise.all(Object.values(collectors).map((c) => c.atEnd(admin)));
        if (ends.every(Boolean)) break;
        if (Date.now() > deadline) throw new Error("topics could not be read to their end");
        await new Promise((r) => setTimeout(r, 250));
      }
      return {
        raw: [...collectors.raw.records],
        stories: [...collectors.stories.records],
        dlq: [...collectors.dlq.records],
      };
    } finally {
      await Promise.all(Object.values(collectors).map((c) => c.stop().catch(() => undefined)));
    }
  }

  /** drain() then the conservation rule against Kafka and S3. */
  async conservation(
    inputs: readonly WireInput[],
    options: DrainOptions & { ignoreObject?: (key: string) => boolean },
  ): Promise<ConservationResult> {
    const topics = await this.drain(inputs, options);
    const objects = await listObjectsWithHashes(this.s3, this.bucket);
    return checkConservation({ inputs, ...topics, objects, ignoreObject: options.ignoreObject });
  }

  /** Every captured log line of every service, all starts. */
  logs(): string {
    let text = "";
    for (const file of readdirSync(this.logDir)) {
      text += readFileSync(`${this.logDir}/${file}`, "utf8");
    }
    return text;
  }

  /** Stops what still runs and deletes the run's topics and bucket (logs stay for reading). */
  async destroy(): Promise<void> {
    await this.killAll().catch(() => undefined);
    try {
      if (this.#created) {
        const admin = await this.admin();
        await admin.deleteTopics({ topics: Object.values(this.topics) }).catch(() => undefined);
      }
      await this.#admin?.disconnect();
    } catch {
      // the broker may be gone (outage test teardown)
    }
    this.#admin = undefined;
    await emptyAndDeleteBucket(this.s3, this.bucket).catch(() => undefined);
    this.s3.destroy();
  }
}

async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    const objects = (page.Contents ?? []).flatMap((o) =>
      o.Key === undefined ? [] : [{ Key: o.Key }],
    );
    if (objects.length > 0) {
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects } }));
    }
    token = page.NextContinuationToken;
  } while (token !== undefined);
  await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
}
