/** Counters a runner keeps and the service logs as its periodic `stats` line. */
export class StageStats {
  processed = 0;
  rejected = 0;
  retried = 0;
  restarts = 0;
  private readonly lags = new Map<string, number>();
  private lastProcessed = 0;
  private lastAt: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastAt = now();
  }

  recordLag(topic: string, partition: number, highWatermark: string, nextOffset: bigint): void {
    const lag = BigInt(highWatermark) - nextOffset;
    this.lags.set(`${topic}:${partition}`, Number(lag > 0n ? lag : 0n));
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
    const rate = (this.processed - this.lastProcessed) / seconds;
    this.lastProcessed = this.processed;
    this.lastAt = now;
    let lag = 0;
    for (const value of this.lags.values()) lag += value;
    return {
      processed: this.processed,
      rejected: this.rejected,
      retried: this.retried,
      restarts: this.restarts,
      ratePerSec: Math.round(rate * 10) / 10,
      lag,
      rssMb: Math.round(process.memoryUsage.rss() / 1024 / 1024),
    };
  }
}
