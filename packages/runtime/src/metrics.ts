import {
  AGENCY_ROLES,
  DEAD_LETTER_CODE_INFO,
  DEAD_LETTER_CODES,
  type DeadLetterCode,
  WIRE_FORMATS,
} from "@newswire/schemas";
import type { Logger } from "pino";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { FeedWindow } from "./metrics-feeds.js";

/**
 * Every metric newswire exports, as data: one table, read by the one registration below and by
 * the tests that check the alert rules and the dashboard name only metrics that exist. All are
 * prefixed `newswire_` and carry `service` (a registry default label) and `stage`.
 */
export const METRIC_DEFINITIONS = {
  recordsIn: {
    type: "counter",
    name: "newswire_records_in_total",
    help: "Input records the stage is done with (committed: published, dead-lettered or written)",
    labels: ["stage"],
  },
  recordsOut: {
    type: "counter",
    name: "newswire_records_out_total",
    help: "Records the stage committed to an output topic (its output, the DLQ)",
    labels: ["stage", "topic"],
  },
  deadLetters: {
    type: "counter",
    name: "newswire_dead_letters_total",
    help: "Records committed to the DLQ, by error-code",
    labels: ["stage", "code"],
  },
  retries: {
    type: "counter",
    name: "newswire_retries_total",
    help: "Handler or sink attempts that failed with a retryable error and were tried again",
    labels: ["stage", "reason"],
  },
  transactions: {
    type: "counter",
    name: "newswire_transactions_total",
    help: "Kafka transactions of the stage's chunks, by outcome",
    labels: ["stage", "outcome"],
  },
  restarts: {
    type: "counter",
    name: "newswire_session_restarts_total",
    help: "Kafka sessions (consumer and producers) rebuilt after a failure",
    labels: ["stage"],
  },
  processingSeconds: {
    type: "histogram",
    name: "newswire_processing_seconds",
    help: "Handler time per record, its retries included (no Kafka or commit time)",
    labels: ["stage"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  },
  endToEndSeconds: {
    type: "histogram",
    name: "newswire_end_to_end_seconds",
    help: "From the wire.raw record's timestamp to its story's commit on stories.enriched",
    labels: ["stage"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
  },
  consumerLag: {
    type: "gauge",
    name: "newswire_consumer_lag",
    help: "High watermark minus the group's committed offset, per input partition (admin API)",
    labels: ["stage", "topic", "partition"],
  },
  ready: {
    type: "gauge",
    name: "newswire_ready",
    help: "1 while /readyz answers 200: in the consumer group, broker reachable, S3 taking writes",
    labels: ["stage"],
  },
  feedLastSeen: {
    type: "gauge",
    name: "newswire_feed_last_seen_timestamp_seconds",
    help: "Newest record timestamp seen from the feed; for a configured feed, the watch start until then",
    labels: ["stage", "feed"],
  },
  feedQuietWindow: {
    type: "gauge",
    name: "newswire_feed_quiet_window_seconds",
    help: "How long a configured feed may stay quiet (FEEDS) before NewswireFeedQuiet fires",
    labels: ["stage", "feed"],
  },
  feedStories: {
    type: "counter",
    name: "newswire_feed_stories_total",
    help: "Stories published per feed and wire format",
    labels: ["stage", "feed", "format"],
  },
  s3PutSeconds: {
    type: "histogram",
    name: "newswire_s3_put_seconds",
    help: "Duration of one PutObject of an original, successful or not",
    labels: ["stage"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  },
  s3Errors: {
    type: "counter",
    name: "newswire_s3_errors_total",
    help: "Failed S3 requests, by the archive's error code (unavailable, auth, bucket ...)",
    labels: ["stage", "code"],
  },
  archiveBytes: {
    type: "counter",
    name: "newswire_archive_bytes_total",
    help: "Bytes of originals written to S3",
    labels: ["stage"],
  },
  agencyStories: {
    type: "counter",
    name: "newswire_agency_stories_total",
    help: "Stories published per attributed agency (registry ids) and role",
    labels: ["stage", "agency", "role"],
  },
} as const;

export type MetricKey = keyof typeof METRIC_DEFINITIONS;

/** The label value for anything past a label's bound (unknown feeds past the limit, ...). */
export const OTHER_LABEL = "other";

/** What a label value may look like; anything else (markup, spaces, 1 KB names) is `other`. */
const LABEL_VALUE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/**
 * A bounded label: the known values as they are, then up to `limit` other well-formed values in
 * the order first seen, then OTHER_LABEL. The cardinality is at most known + limit + 1, whatever
 * the wire sends.
 */
export class BoundedLabel {
  readonly #known: ReadonlySet<string>;
  readonly #extra = new Set<string>();
  readonly #limit: number;

  constructor(known: Iterable<string>, limit: number) {
    this.#known = new Set(known);
    this.#limit = limit;
  }

  of(value: string): string {
    if (this.#known.has(value) || this.#extra.has(value)) return value;
    if (this.#extra.size >= this.#limit || !LABEL_VALUE.test(value)) return OTHER_LABEL;
    this.#extra.add(value);
    return value;
  }
}

/** What a handler tells its runner about a record, for the metrics (labels bounded here). */
export interface RecordObservation {
  /** The record's feed (`wire-source`), for the feed metrics (normalizer). */
  feed?: string;
  /** The story's wire format, when one was published (normalizer). */
  format?: string;
  /** The agencies attributed to the published story (enricher). */
  agencies?: readonly { id: string; roles: readonly string[] }[];
}

/** One record of a committed chunk, as the metrics see it. */
export interface CommittedRecord {
  published: boolean;
  /** The input record's timestamp, ms since epoch. */
  timestampMs: number;
  observe?: RecordObservation | undefined;
  /** The raw record's timestamp, ms, when this stage measures end-to-end latency. */
  endToEndFromMs?: number | undefined;
}

export interface CommittedChunk {
  records: readonly CommittedRecord[];
  outputTopic?: string | undefined;
  outputs: number;
  dlqTopic: string;
  deadLetterCodes: readonly DeadLetterCode[];
}

export type TransactionOutcome = "committed" | "aborted" | "fenced" | "revoked";

/** The figures of the periodic `stats` line: the same tallies the metrics export. */
export interface StageTotals {
  processed: number;
  rejected: number;
  retried: number;
  restarts: number;
}

export interface ServiceMetricsOptions {
  service: string;
  /** Configured feeds (FEEDS): their quiet windows are exported and their names always kept. */
  feeds?: readonly FeedWindow[];
  /** Distinct unconfigured feeds kept as labels before the rest fold into `other`. */
  feedLabelLimit?: number;
  /** The agency registry's ids: the only agency label values (others are `other`). */
  agencyIds?: readonly string[];
  /** prom-client's process and Node metrics (CPU, RSS, heap, event-loop lag); default true. */
  processMetrics?: boolean;
  /** The clock, ms since epoch (tests). */
  now?: () => number;
}

/** Distinct retry reasons (error codes) kept as labels; the rest are `other`. */
const REASON_LIMIT = 32;
/** Distinct topic names per stage (its output, the DLQ, a few more at most). */
const TOPIC_LIMIT = 8;

/**
 * The metrics of one process: one prom-client registry with `service` as a default label, made
 * by the service's main and handed to runService (which serves it on /metrics) and to the
 * runners (which count at their decision points). Metrics are registered on first use, so each
 * service exports only what it has.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly service: string;
  readonly #options: ServiceMetricsOptions;
  readonly #stages = new Map<string, StageMetrics>();
  readonly #metrics = new Map<MetricKey, Counter | Gauge | Histogram>();
  readonly #now: () => number;
  #ready: { stage: string; check: () => boolean } | undefined;

  constructor(options: ServiceMetricsOptions) {
    this.#options = options;
    this.service = options.service;
    this.#now = options.now ?? Date.now;
    this.registry.setDefaultLabels({ service: options.service });
    if (options.processMetrics !== false) {
      // A 20 ms event-loop sample is plenty for an alert and half the wake-ups of the default.
      collectDefaultMetrics({
        register: this.registry,
        prefix: "newswire_",
        eventLoopMonitoringPrecision: 20,
      });
    }
  }

  /** The metrics of one runner (created once per stage name). */
  stage(stage: string): StageMetrics {
    let found = this.#stages.get(stage);
    if (!found) {
      found = new StageMetrics(this, stage, this.#options, this.#now);
      this.#stages.set(stage, found);
    }
    return found;
  }

  /** What /readyz answers, exported as newswire_ready at each scrape. */
  watchReadiness(stage: string, check: () => boolean): void {
    this.#ready = { stage, check };
    this.metric("ready");
  }

  /** The exposition text of every metric (what /metrics serves). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The prom-client metric of a definition, registered on first use. */
  metric(key: MetricKey): Counter | Gauge | Histogram {
    const existing = this.#metrics.get(key);
    if (existing) return existing;
    const definition = METRIC_DEFINITIONS[key];
    const common = {
      name: definition.name,
      help: definition.help,
      labelNames: [...definition.labels],
      registers: [this.registry],
    };
    let created: Counter | Gauge | Histogram;
    if (definition.type === "counter") created = new Counter(common);
    else if (definition.type === "histogram") {
      created = new Histogram({ ...common, buckets: [...definition.buckets] });
    } else if (key === "ready") {
      const readiness = () => this.#ready;
      created = new Gauge({
        ...common,
        // Read at each scrape: the gauge is what /readyz would answer at that moment.
        collect() {
          const ready = readiness();
          if (ready) this.labels({ stage: ready.stage }).set(ready.check() ? 1 : 0);
        },
      });
    } else created = new Gauge(common);
    this.#metrics.set(key, created);
    return created;
  }
}

/** The labelled children of one stage, looked up once per label value, not per record. */
export class StageMetrics {
  readonly stage: string;
  readonly totals: StageTotals = { processed: 0, rejected: 0, retried: 0, restarts: 0 };
  readonly #parent: ServiceMetrics;
  readonly #now: () => number;
  readonly #recordsIn: ReturnType<Counter["labels"]>;
  readonly #processing: ReturnType<Histogram["labels"]>;
  readonly #restarts: ReturnType<Counter["labels"]>;
  readonly #children = new Map<string, { inc(n?: number): void }>();
  readonly #reasons = new BoundedLabel([], REASON_LIMIT);
  readonly #s3Codes = new BoundedLabel([], REASON_LIMIT);
  readonly #topics = new BoundedLabel([], TOPIC_LIMIT);
  readonly #feeds: BoundedLabel;
  readonly #feedLastSeen = new Map<string, number>();
  readonly #agencies: BoundedLabel;
  readonly #roles = new BoundedLabel(AGENCY_ROLES, 0);
  readonly #formats = new BoundedLabel(WIRE_FORMATS, 0);
  readonly #lag = new Map<string, number>();
  readonly #options: ServiceMetricsOptions;

  constructor(
    parent: ServiceMetrics,
    stage: string,
    options: ServiceMetricsOptions,
    now: () => number,
  ) {
    this.#parent = parent;
    this.stage = stage;
    this.#options = options;
    this.#now = now;
    const labels = { stage };
    this.#recordsIn = (parent.metric("recordsIn") as Counter).labels(labels);
    this.#processing = (parent.metric("processingSeconds") as Histogram).labels(labels);
    this.#restarts = (parent.metric("restarts") as Counter).labels(labels);
    // Zeros for every code this stage can emit: rate() and increase() see the first one.
    const deadLetters = parent.metric("deadLetters") as Counter;
    for (const code of DEAD_LETTER_CODES) {
      const stages: readonly string[] = DEAD_LETTER_CODE_INFO[code].stages;
      if (stages.includes(stage)) deadLetters.labels({ stage, code }).inc(0);
    }
    const feeds = options.feeds ?? [];
    this.#feeds = new BoundedLabel(
      feeds.map((f) => f.name),
      options.feedLabelLimit ?? 20,
    );
    this.#agencies = new BoundedLabel(options.agencyIds ?? [], 0);
  }

  /** The configured feeds' windows and watch start (the normalizer calls this once). */
  watchFeeds(): void {
    const windows = this.#parent.metric("feedQuietWindow") as Gauge;
    const lastSeen = this.#parent.metric("feedLastSeen") as Gauge;
    const startedAt = this.#now() / 1000;
    for (const feed of this.#options.feeds ?? []) {
      windows.labels({ stage: this.stage, feed: feed.name }).set(feed.quietWindowSeconds);
      this.#feedLastSeen.set(feed.name, startedAt);
      lastSeen.labels({ stage: this.stage, feed: feed.name }).set(startedAt);
    }
  }

  /** One record's handler time (all its attempts). */
  handled(seconds: number): void {
    this.#processing.observe(seconds);
  }

  retried(reason: string): void {
    this.totals.retried += 1;
    this.#child("retries", { reason: this.#reasons.of(reason) }).inc();
  }

  restarted(): void {
    this.totals.restarts += 1;
    this.#restarts.inc();
  }

  transaction(outcome: TransactionOutcome): void {
    this.#child("transactions", { outcome }).inc();
  }

  /** A chunk whose records, outputs, dead letters and offsets are committed. */
  committed(chunk: CommittedChunk): void {
    const n = chunk.records.length;
    this.totals.processed += n;
    this.totals.rejected += chunk.deadLetterCodes.length;
    this.#recordsIn.inc(n);
    if (chunk.outputTopic !== undefined && chunk.outputs > 0) {
      this.#child("recordsOut", { topic: this.#topics.of(chunk.outputTopic) }).inc(chunk.outputs);
    }
    if (chunk.deadLetterCodes.length > 0) {
      this.#child("recordsOut", { topic: this.#topics.of(chunk.dlqTopic) }).inc(
        chunk.deadLetterCodes.length,
      );
      for (const code of chunk.deadLetterCodes) this.#child("deadLetters", { code }).inc();
    }
    const nowMs = this.#now();
    for (const record of chunk.records) {
      if (record.observe) this.#observe(record, record.observe);
      if (record.published && record.endToEndFromMs !== undefined) {
        const seconds = Math.max(0, (nowMs - record.endToEndFromMs) / 1000);
        (this.#parent.metric("endToEndSeconds") as Histogram)
          .labels({ stage: this.stage })
          .observe(seconds);
      }
    }
  }

  #observe(record: CommittedRecord, observe: RecordObservation): void {
    if (observe.feed !== undefined) {
      const feed = this.#feeds.of(observe.feed);
      const seenAt = record.timestampMs / 1000;
      if (Number.isFinite(seenAt) && seenAt > (this.#feedLastSeen.get(feed) ?? 0)) {
        this.#feedLastSeen.set(feed, seenAt);
        (this.#parent.metric("feedLastSeen") as Gauge)
          .labels({ stage: this.stage, feed })
          .set(seenAt);
      }
      if (record.published && observe.format !== undefined) {
        this.#child("feedStories", { feed, format: this.#formats.of(observe.format) }).inc();
      }
    }
    if (record.published && observe.agencies) {
      for (const agency of observe.agencies) {
        const id = this.#agencies.of(agency.id);
        for (const role of agency.roles) {
          this.#child("agencyStories", { agency: id, role: this.#roles.of(role) }).inc();
        }
      }
    }
  }

  /** The group's lag on its input topic, per partition (the lag monitor's reading). */
  setLag(topic: string, lags: ReadonlyMap<number, number>): void {
    const gauge = this.#parent.metric("consumerLag") as Gauge;
    const label = this.#topics.of(topic);
    for (const [partition, lag] of lags) {
      this.#lag.set(`${label}:${partition}`, lag);
      gauge.labels({ stage: this.stage, topic: label, partition: String(partition) }).set(lag);
    }
  }

  /** Sum of the last lag reading over the input partitions. */
  get lag(): number {
    let sum = 0;
    for (const value of this.#lag.values()) sum += value;
    return sum;
  }

  /** S3 request outcomes for the archive writer (packages/archive's ArchiveMetrics). */
  s3(): S3Metrics {
    const labels = { stage: this.stage };
    const put = (this.#parent.metric("s3PutSeconds") as Histogram).labels(labels);
    const bytes = (this.#parent.metric("archiveBytes") as Counter).labels(labels);
    bytes.inc(0);
    return {
      putDone: (seconds, byteCount) => {
        put.observe(seconds);
        bytes.inc(byteCount);
      },
      putFailed: (seconds, code) => {
        put.observe(seconds);
        this.#child("s3Errors", { code: this.#s3Codes.of(code) }).inc();
      },
      requestFailed: (code) => {
        this.#child("s3Errors", { code: this.#s3Codes.of(code) }).inc();
      },
    };
  }

  #child(key: MetricKey, labels: Record<string, string>): { inc(n?: number): void } {
    // Label values are bounded above, so this cache is too.
    let id = key as string;
    for (const value of Object.values(labels)) id += `\u0000${value}`;
    let child = this.#children.get(id);
    if (!child) {
      child = (this.#parent.metric(key) as Counter).labels({ stage: this.stage, ...labels });
      this.#children.set(id, child);
    }
    return child;
  }
}

/** What the archive writer reports (structurally packages/archive's ArchiveMetrics). */
export interface S3Metrics {
  putDone(seconds: number, bytes: number): void;
  putFailed(seconds: number, code: string): void;
  /** A request other than a put (HeadBucket ...) failed. */
  requestFailed(code: string): void;
}

/** The retries_total reason of an error: its code (HANDLER_TIMEOUT, unavailable ...) or name. */
export function retryReason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.length > 0) return code;
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && name.length > 0 ? name : "error";
}

/**
 * The retry callback both runners give `attemptRecord`: counts the retry by reason and logs one
 * line naming the record, the attempt and the wait.
 */
export function onRetryFor(
  metrics: Pick<StageMetrics, "retried">,
  logger: Pick<Logger, "warn">,
  where: { topic: string; partition: number; offset: string },
  msg: string,
): (info: { attempt: number; delayMs: number; error: unknown }) => void {
  return (info) => {
    metrics.retried(retryReason(info.error));
    logger.warn({ err: info.error, ...where, attempt: info.attempt, delayMs: info.delayMs }, msg);
  };
}

export function createServiceMetrics(options: ServiceMetricsOptions): ServiceMetrics {
  return new ServiceMetrics(options);
}
