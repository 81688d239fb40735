/**
 * Every tuning default of the runtime in one place, frozen. Services override a few through
 * their environment (README, Configuration); everything else is here so a change is one line
 * with its reason beside it.
 */
export const RUNTIME_DEFAULTS = deepFreeze({
  consumer: {
    sessionTimeoutMs: 15_000,
    heartbeatIntervalMs: 3_000,
    // A shutdown waits for the fetch in flight: a short long-poll keeps SIGTERM well under 10 s.
    maxWaitTimeMs: 1_000,
    maxBytesPerPartition: 1_048_576,
    // Every assigned partition's batch at once: each has its own producer and transaction.
    partitionsConsumedConcurrently: 1_000,
    /** The group's lag is read from the broker this often (two admin requests a reading). */
    lagIntervalMs: 5_000,
    /** A lag reading without an answer by then marks the broker unreachable (not ready). */
    lagTimeoutMs: 4_000,
  },
  kafkaClient: {
    connectionTimeoutMs: 10_000,
    // A short first retry matters for transactions: the next AddPartitionsToTxn right after a
    // commit gets CONCURRENT_TRANSACTIONS until the markers are written (a few ms), and a 300 ms
    // first retry would cap a partition at a few transactions per second.
    retry: { initialRetryTime: 25, retries: 12, maxRetryTime: 10_000 },
  },
  stage: {
    /** Records per partition chunk, one transaction each: the bound on work in flight. */
    maxRecordsPerTransaction: 500,
    /** Well above a chunk's commit time, well below the broker's transaction.max.timeout.ms (15 min). */
    transactionTimeoutMs: 60_000,
    /** Attempts of a record whose handler timed out, crashed or threw a retryable error. */
    maxHandlerAttempts: 2,
    handlerRetryBackoff: { initialMs: 200, maxMs: 10_000 },
    /** Consecutive aborted transactions of one partition are spaced out by this backoff. */
    transactionBackoff: { initialMs: 200, maxMs: 10_000 },
    /** A permanent Kafka error in more than this many transactions in a row ends the session. */
    maxPermanentTransactionFailures: 3,
  },
  handlerPool: {
    threads: 1,
    /** Far below the transaction timeout: a record cannot hold its partition for long. */
    recordDeadlineMs: 5_000,
    /** Old-generation heap of one worker; a story that needs more is a HANDLER_CRASH. */
    maxHeapMb: 256,
    /**
     * Young generation of one worker: V8's default (16 MB semi-spaces) costs about 30 MB more RSS
     * per worker for no CPU gain on stories of a few KB (the normalizer draining 3,000 corpus
     * stories: 187 MB peak RSS and 1.02 ms CPU per record with 8 MB, 217 MB and 0.99 ms without).
     */
    youngHeapMb: 8,
  },
  stateStore: {
    /** A restore reads a changelog partition as fast as the broker hands it out. */
    restoreFetchBytes: 4 * 1_048_576,
    /** A restore that reads nothing for this long fails, and the session is rebuilt. */
    restoreStallMs: 30_000,
  },
  partitionTasks: {
    /** How often a stage's partition tasks are asked for their timed records (punctuate). */
    punctuateIntervalMs: 1_000,
  },
  sink: {
    concurrency: 16,
    maxRecordsPerCommit: 200,
    retryBackoff: { initialMs: 250, maxMs: 10_000 },
  },
  supervise: {
    maxRestarts: 20,
    restartBackoff: { initialMs: 500, maxMs: 15_000 },
  },
  /** The longest a retry wait goes without a heartbeat: under the 3 s heartbeat interval. */
  heartbeatSliceMs: 1_000,
});

type DeepReadonly<T> = { readonly [K in keyof T]: T[K] extends object ? DeepReadonly<T[K]> : T[K] };

function deepFreeze<T extends object>(value: T): DeepReadonly<T> {
  for (const child of Object.values(value)) {
    if (typeof child === "object" && child !== null) deepFreeze(child);
  }
  return Object.freeze(value) as DeepReadonly<T>;
}
