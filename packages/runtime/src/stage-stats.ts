import { createServiceMetrics, type StageMetrics } from "./metrics.js";

/**
 * The periodic `stats` line of a runner. Its figures are read from the runner's metrics (the
 * same tallies /metrics exports: records in, dead letters, retries, restarts, the lag monitor's
 * last reading), so the log line and the scrape never disagree.
 */
export class StageStats {
  readonly metrics: StageMetrics;
  private lastProcessed = 0;
  private lastAt: number;

  constructor(
    metrics?: StageMetrics,
    private readonly now: () => number = Date.now,
  ) {
    this.metrics =
      metrics ?? createServiceMetrics({ service: "runner", processMetrics: false }).stage("runner");
    this.lastAt = now();
  }

  get processed(): number {
    return this.metrics.totals.processed;
  }

  get rejected(): number {
    return this.metrics.totals.rejected;
  }

  get retried(): number {
    return this.metrics.totals.retried;
  }

  get restarts(): number {
    return this.metrics.totals.restarts;
  }

  /** Numbers since the previous snapshot for the rate; totals for the counters. */
  snapshot(): {
    processed: number;
    rejected: number;
    retried: number;
    restarts: number;
    ratePerSec: number;
    lag: number;
    rssMb: number;
  } {
    const now = this.now();
    const seconds = Math.max(0.001, (now - this.lastAt) / 1000);
    const { processed, rejected, retried, restarts } = this.metrics.totals;
    const rate = (processed - this.lastProcessed) / seconds;
    this.lastProcessed = processed;
    this.lastAt = now;
    return {
      processed,
      rejected,
      retried,
      restarts,
      ratePerSec: Math.round(rate * 10) / 10,
      lag: this.metrics.lag,
      rssMb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
    };
  }
}
