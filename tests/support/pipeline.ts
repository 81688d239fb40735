import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { S3Client } from "@aws-sdk/client-s3";
import {
  createLogger,
  ensureTopics,
  resolveTopics,
  TOPIC_VARIABLES,
  type TopicVariable,
} from "@newswire/runtime";
import { type Admin, Kafka, logLevel } from "kafkajs";
import { type ConservationResult, checkConservation } from "./conservation.js";
import { transactionDiagnostics } from "./kafka-group.js";
import { repoRoot } from "./paths.js";
import { deleteBucket, readObjects } from "./s3-objects.js";
import { SERVICES, type ServiceName, ServiceProcess } from "./service-process.js";
import { type StackConnection, stackEnv } from "./stack.js";
import { groupLag, type ReadRecord, TopicReader } from "./topic-reader.js";
import type { WireInput } from "./wire-inputs.js";

const shortId = (): string => randomUUID().replaceAll("-", "").slice(0, 12);

export type TopicRole = "raw" | "normalized" | "stories" | "dlq" | "current" | "currentState";

export interface PipelineOptions {
  stack: StackConnection;
  /** Names the run in topics, groups, bucket and the log directory. */
  name: string;
  /** Extra environment for every service (LOG_LEVEL, KAFKA_SASL_PASSWORD ...). */
  env?: Readonly<Record<string, string>>;
  /** Extra environment per service. */
  serviceEnv?: Partial<Record<ServiceName, Readonly<Record<string, string>>>>;
  /** The services startAll() starts (default all three). */
  services?: readonly ServiceName[];
  /** A topics file other than infra/topics.json (TOPICS_FILE for the services too). */
  topicsFile?: string;
  /** Every topic with this many partitions (a topics file of the run's own). */
  partitions?: number;
  nodeArgs?: Partial<Record<ServiceName, readonly string[]>>;
}

export interface DrainOptions {
  timeoutMs: number;
  /** Quiet time after everything arrived, to catch late duplicates. */
  settleMs?: number;
  onProgress?: (line: string) => void;
}

export interface Drained {
  raw: ReadRecord[];
  stories: ReadRecord[];
  dlq: ReadRecord[];
}

/**
 * One isolated pipeline on a stack, as e2e tests, fault tests and the benchmark run it: topics,
 * group ids (and so transactional ids), bucket and log directory of its own; every service a
 * separate OS process (ServiceProcess), replicas with their own INSTANCE_ID on request; readers
 * of its topics (read_committed); the conservation check over Kafka and S3.
 */
export class Pipeline {
  readonly id = shortId();
  readonly name: string;
  readonly topics: Readonly<Record<TopicRole, string>>;
  readonly bucket: string;
  readonly logDir: string;
  /** Each service's consumer group is `<groupPrefix>-<service>` (as `newswire up` names them). */
  readonly groupPrefix: string;
  readonly groups: Readonly<Record<ServiceName, string>>;
  /** Instance 0 of each service. */
  readonly services: Readonly<Record<ServiceName, ServiceProcess>>;
  readonly wanted: readonly ServiceName[];
  readonly kafka: Kafka;
  readonly s3: S3Client;
  readonly stack: StackConnection;
  readonly topicsFile: string | undefined;
  /**
   * What a client of this pipeline needs (the `newswire` CLI, a feed): the stack's settings,
   * the run's topic names and bucket. Every service gets it, plus its GROUP_ID and options.env.
   */
  readonly env: Readonly<Record<string, string>>;
  readonly #serviceEnv: Record<ServiceName, Record<string, string>>;
  readonly #nodeArgs: PipelineOptions["nodeArgs"];
  readonly #replicas: ServiceProcess[] = [];
  readonly #readers: TopicReader[] = [];
  #admin: Admin | undefined;
  #created = false;

  constructor(options: PipelineOptions) {
    const { stack } = options;
    this.stack = stack;
    this.name = options.name;
    const slug = options.name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
    const prefix = `${slug}.${this.id}`;
    this.topics = {
      raw: `${prefix}.wire.raw`,
      normalized: `${prefix}.wire.normalized`,
      stories: `${prefix}.stories.enriched`,
      dlq: `${prefix}.wire.dlq`,
      current: `${prefix}.stories.current`,
      currentState: `${prefix}.stories.current.state`,
    };
    this.bucket = `${slug.slice(0, 30)}-${this.id}`;
    this.logDir = `${repoRoot}.stack/runs/${slug}-${this.id}`;
    this.groupPrefix = `${slug}-${this.id}`;
    this.groups = {
      normalizer: `${this.groupPrefix}-normalizer`,
      enricher: `${this.groupPrefix}-enricher`,
      archiver: `${this.groupPrefix}-archiver`,
    };
    this.topicsFile =
      options.partitions === undefined
        ? options.topicsFile
        : this.#writeTopicsFile(options.topicsFile, options.partitions);
    this.kafka = new Kafka({
      clientId: `harness-${this.id}`,
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
    this.env = {
      ...stackEnv(stack),
      KAFKA_CLIENT_ID: `${slug}-${this.id}`,
      ...this.topicEnv(),
      S3_BUCKET: this.bucket,
      ...(this.topicsFile ? { TOPICS_FILE: this.topicsFile } : {}),
    };
    const common = { LOG_LEVEL: "info", STATS_INTERVAL_MS: "5000", ...this.env, ...options.env };
    this.#nodeArgs = options.nodeArgs;
    this.#serviceEnv = {} as Record<ServiceName, Record<string, string>>;
    const services = {} as Record<ServiceName, ServiceProcess>;
    for (const service of SERVICES) {
      this.#serviceEnv[service] = {
        ...common,
        GROUP_ID: this.groups[service],
        ...options.serviceEnv?.[service],
      };
      services[service] = this.#process(service, "0");
    }
    this.services = services;
    this.wanted = options.services ?? SERVICES;
  }

  #process(service: ServiceName, instanceId: string): ServiceProcess {
    const suffix = instanceId === "0" ? "" : `-${instanceId}`;
    return new ServiceProcess({
      service,
      logFile: `${this.logDir}/${service}${suffix}.log`,
      env: { ...this.#serviceEnv[service], INSTANCE_ID: instanceId },
      nodeArgs: this.#nodeArgs?.[service] ?? [],
    });
  }

  #writeTopicsFile(base: string | undefined, partitions: number): string {
    const file = JSON.parse(readFileSync(base ?? `${repoRoot}infra/topics.json`, "utf8")) as {
      topics: { partitions: number }[];
    };
    for (const topic of file.topics) topic.partitions = partitions;
    mkdirSync(this.logDir, { recursive: true });
    const path = `${this.logDir}/topics-${partitions}-partitions.json`;
    writeFileSync(path, JSON.stringify(file));
    return path;
  }

  /**
   * Another replica of a service in the same consumer group, with INSTANCE_ID `instanceId`
   * (its log file is named after it); not started. Instance 0 is `services[service]`.
   */
  addReplica(service: ServiceName, instanceId: string): ServiceProcess {
    const replica = this.#process(service, instanceId);
    this.#replicas.push(replica);
    return replica;
  }

  /** Every process of the run: instance 0 of each wanted service, then the replicas. */
  get processes(): ServiceProcess[] {
    return [...this.wanted.map((s) => this.services[s]), ...this.#replicas];
  }

  async admin(): Promise<Admin> {
    if (!this.#admin) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.#admin = admin;
    }
    return this.#admin;
  }

  /** The run's topic names as the services read them (TOPIC_*). */
  private topicEnv(): Record<TopicVariable, string> {
    return {
      TOPIC_RAW: this.topics.raw,
      TOPIC_NORMALIZED: this.topics.normalized,
      TOPIC_STORIES: this.topics.stories,
      TOPIC_DLQ: this.topics.dlq,
      TOPIC_CURRENT: this.topics.current,
      TOPIC_CURRENT_STATE: this.topics.currentState,
    };
  }

  /** The run's topics, declared as infra/topics.json (or the run's topics file) declares them. */
  async create(): Promise<void> {
    const admin = await this.admin();
    const definitions = resolveTopics(
      { ...this.topicEnv(), TOPICS_FILE: this.topicsFile },
      TOPIC_VARIABLES,
    );
    // ensureTopics itself waits out a broker still settling a just-created topic.
    await ensureTopics(admin, definitions, createLogger({ service: "harness", level: "silent" }));
    this.#created = true;
    // The bucket is left to the archiver, which creates it when missing.
  }

  /** Starts every process not running yet and waits until each is ready (/readyz). */
  async startAll(): Promise<void> {
    const stopped = this.processes.filter((p) => !p.running);
    for (const process of stopped) await process.start();
    await Promise.all(stopped.map((p) => p.waitReady()));
  }

  /** SIGTERM every running process; the exit codes by process label (0 = clean shutdown). */
  async stopAll(): Promise<Record<string, number | null>> {
    const codes: Record<string, number | null> = {};
    await Promise.all(
      this.processes.map(async (process) => {
        if (!process.running) return;
        const exit = await process.terminate(20_000);
        codes[label(process)] = exit.code;
      }),
    );
    return codes;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.running && p.kill9()));
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

  /** A reader of one of the run's topics from its beginning; stopped by destroy(). */
  async read(topic: TopicRole): Promise<TopicReader> {
    const reader = await TopicReader.start(this.kafka, this.topics[topic], {
      groupId: `${this.groupPrefix}-read-${topic}-${shortId()}`,
    });
    this.#readers.push(reader);
    return reader;
  }

  /** Processes that exited on their own (not asked to), as labels. */
  crashed(): string[] {
    return this.processes.filter((p) => p.crashes.length > 0).map(label);
  }

  /**
   * Waits until the pipeline is done with every input: the services' groups are through their
   * input topics and every input has its outcome on stories.enriched or wire.dlq; then waits
   * `settleMs` more and reads every topic to its end (read_committed), so late duplicates show.
   */
  async drain(inputs: readonly WireInput[], options: DrainOptions): Promise<Drained> {
    const deadline = Date.now() + options.timeoutMs;
    const admin = await this.admin();
    const readers = {
      raw: await this.read("raw"),
      stories: await this.read("stories"),
      dlq: await this.read("dlq"),
    };
    try {
      const wantStories = inputs.filter((i) => i.expect === "story").length;
      const wantDlq = inputs.filter((i) => i.expect === "dlq").length;
      let lastLine = "";
      for (;;) {
        const lag = await this.lag().catch(() => undefined);
        const line = `lag ${JSON.stringify(lag)} stories ${readers.stories.messages.length}/${wantStories} dlq ${readers.dlq.messages.length}/${wantDlq}`;
        if (line !== lastLine) options.onProgress?.(line);
        lastLine = line;
        const servicesDone = lag !== undefined && this.wanted.every((s) => lag[s] === 0);
        const outcomesDone =
          readers.stories.messages.length >= wantStories && readers.dlq.messages.length >= wantDlq;
        if (servicesDone && outcomesDone) break;
        const crashed = this.crashed();
        if (crashed.length > 0) {
          throw new Error(
            `service(s) exited on their own: ${crashed.join(", ")}; logs in ${this.logDir}`,
          );
        }
        if (Date.now() > deadline) {
          // Outcomes missing with no lag: an open transaction holding a last stable offset, or
          // a stuck reader? Say which, from another client and Kafka's transactions tool.
          const diagnostics = await transactionDiagnostics(this.stack.kafkaBrokers, [
            this.topics.stories,
            this.topics.dlq,
          ]).catch((error: unknown) => `(no diagnostics: ${String(error)})`);
          throw new Error(
            `pipeline did not drain in ${options.timeoutMs} ms: ${line}; logs in ${this.logDir}\n${diagnostics}`,
          );
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      await new Promise((r) => setTimeout(r, options.settleMs ?? 3_000));
      await Promise.all(
        Object.values(readers).map((r) => r.readToEnd(admin, Math.max(0, deadline - Date.now()))),
      );
      return {
        raw: [...readers.raw.messages],
        stories: [...readers.stories.messages],
        dlq: [...readers.dlq.messages],
      };
    } finally {
      await Promise.all(Object.values(readers).map((r) => this.#stopReader(r)));
    }
  }

  /** drain() then the conservation rule against Kafka and S3 (S3 only when the archiver runs). */
  async conservation(
    inputs: readonly WireInput[],
    options: DrainOptions & { ignoreObject?: (key: string) => boolean },
  ): Promise<ConservationResult> {
    const topics = await this.drain(inputs, options);
    const archive = this.wanted.includes("archiver");
    const objects = archive ? await readObjects(this.s3, this.bucket) : [];
    return checkConservation({
      inputs,
      ...topics,
      objects,
      archive,
      ignoreObject: options.ignoreObject,
    });
  }

  /** Peak resident set (VmHWM, MB) of every running process, by label. */
  peakRssMb(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const process of this.processes) {
      const mb = process.peakRssMb();
      if (mb !== undefined) out[label(process)] = mb;
    }
    return out;
  }

  /** Every captured log line of every process, all starts. */
  logs(): string {
    if (!existsSync(this.logDir)) return "";
    let text = "";
    for (const file of readdirSync(this.logDir)) {
      if (file.endsWith(".log")) text += readFileSync(`${this.logDir}/${file}`, "utf8");
    }
    return text;
  }

  async #stopReader(reader: TopicReader): Promise<void> {
    const at = this.#readers.indexOf(reader);
    if (at >= 0) this.#readers.splice(at, 1);
    await reader.stop().catch(() => undefined);
  }

  /** Stops what still runs and deletes the run's topics and bucket (logs stay for reading). */
  async destroy(): Promise<void> {
    await this.killAll().catch(() => undefined);
    await Promise.all([...this.#readers].map((r) => this.#stopReader(r)));
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
    await deleteBucket(this.s3, this.bucket).catch(() => undefined);
    this.s3.destroy();
  }
}

/** A process's name in results: the service, with its INSTANCE_ID when not 0. */
export function label(process: ServiceProcess): string {
  return process.instanceId === "0" ? process.service : `${process.service}-${process.instanceId}`;
}
