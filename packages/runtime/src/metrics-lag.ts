import type { Admin } from "kafkajs";
import type { Logger } from "pino";
import type { StageMetrics } from "./metrics.js";

export interface LagMonitorOptions {
  admin: Pick<Admin, "fetchOffsets" | "fetchTopicOffsets">;
  groupId: string;
  topic: string;
  metrics: StageMetrics;
  logger: Logger;
  /** Between two readings. */
  intervalMs: number;
  /** A reading that takes longer counts as the broker being unreachable. */
  timeoutMs: number;
}

/**
 * The group's lag on its input topic from the broker's own figures: the high watermark of each
 * partition (ListOffsets) minus the group's committed offset (OffsetFetch), the same numbers
 * `kafka-consumer-groups --describe` shows, for every partition of the topic, assigned to this
 * member or not (a partition nobody consumes is the lag that grows). Two admin requests per
 * interval, whatever the traffic; one reading at a time. A partition without a committed offset
 * counts from its low watermark (the stages start from the beginning).
 *
 * Each reading doubles as a broker probe: `reachable()` is false after a reading failed or
 * timed out, until one succeeds.
 */
export class LagMonitor {
  readonly #options: LagMonitorOptions;
  #timer: NodeJS.Timeout | undefined;
  #inFlight: Promise<void> | undefined;
  #reachable = true;
  #failures = 0;

  constructor(options: LagMonitorOptions) {
    this.#options = options;
  }

  start(): void {
    void this.poll();
    this.#timer = setInterval(() => void this.poll(), this.#options.intervalMs);
    this.#timer.unref();
  }

  reachable(): boolean {
    return this.#reachable;
  }

  /** One reading (skipped while the previous one is still out). */
  poll(): Promise<void> {
    this.#inFlight ??= this.#read().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  async #read(): Promise<void> {
    const { admin, groupId, topic, metrics, timeoutMs } = this.#options;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from the broker in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      const reading = Promise.all([
        admin.fetchTopicOffsets(topic),
        admin.fetchOffsets({ groupId, topics: [topic] }),
      ]);
      // A reading that loses the race still settles later: never an unhandled rejection.
      reading.catch(() => undefined);
      const [watermarks, committed] = await Promise.race([reading, timeout]);
      const offsets = new Map<number, bigint>();
      for (const entry of committed[0]?.partitions ?? []) {
        offsets.set(entry.partition, BigInt(entry.offset));
      }
      const lags = new Map<number, number>();
      for (const mark of watermarks) {
        const high = BigInt(mark.high);
        const own = offsets.get(mark.partition) ?? -1n;
        const from = own >= 0n ? own : BigInt(mark.low);
        const lag = high - from;
        lags.set(mark.partition, Number(lag > 0n ? lag : 0n));
      }
      metrics.setLag(topic, lags);
      if (!this.#reachable) this.#options.logger.info({ topic }, "broker reachable again");
      this.#reachable = true;
      this.#failures = 0;
    } catch (error) {
      this.#failures += 1;
      if (this.#reachable || this.#failures % 10 === 0) {
        this.#options.logger.warn(
          { err: error, topic, failures: this.#failures },
          "consumer lag unreadable: the broker is unreachable or slow (not ready)",
        );
      }
      this.#reachable = false;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#inFlight?.catch(() => undefined);
  }
}
