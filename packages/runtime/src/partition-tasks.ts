import type { Admin, Kafka } from "kafkajs";
import type { Logger } from "pino";
import type { InputRecord } from "./kafka-record.js";
import type { Assignment } from "./kafka-session.js";
import type { OutputRecord, StageResult } from "./pipeline-stage.js";
import { classifyError } from "./runtime-error.js";

/** What a partition task may use while it opens (restores its state). */
export interface PartitionTaskContext {
  readonly topic: string;
  readonly partition: number;
  readonly kafka: Kafka;
  /** The stage's connected admin client. */
  readonly admin: Admin;
  readonly logger: Logger;
}

/**
 * The stateful part of a stage for one input partition, like a Kafka Streams task: it runs in
 * the main thread, after the handler's result (which may come from a worker) and before the
 * chunk's transaction. Whatever it stages (state writes) becomes real only with commit().
 */
export interface PartitionTask {
  /** Per record of the partition, in offset order: the handler's result in, the record's result out. */
  process(result: StageResult, record: InputRecord): StageResult;
  /** The transaction holding everything process() or punctuate() returned since the last settle committed. */
  commit(): void;
  /** That work was never sent (the chunk stopped before its transaction): forget it. */
  discard(): void;
  /**
   * Records that time, not input, calls for (a tombstone after a retention), at most `maxRecords`;
   * the stage commits them in a transaction of their own. Empty: nothing is due.
   */
  punctuate?(nowMs: number, maxRecords: number): readonly OutputRecord[];
}

/**
 * The hook "on assignment of partition p, before consuming": called once per ownership of p,
 * after p's transactional producer has fenced the previous owner and before any record of p is
 * processed, so state read back now is final. It runs when p is assigned, whether or not p has
 * records to consume, so a task's timers (punctuate) run for a quiet partition too.
 */
export type OpenPartitionTask = (context: PartitionTaskContext) => Promise<PartitionTask>;

export interface PartitionTasksOptions<Owner> {
  open: OpenPartitionTask;
  /** The partition's owner once it is fenced in (its producer), undefined when not assigned. */
  owner: (topic: string, partition: number) => Promise<Owner | undefined>;
  context: (topic: string, partition: number) => PartitionTaskContext;
  logger: Logger;
}

interface Slot<Owner> {
  owner: Owner;
  opening: Promise<PartitionTask>;
  task?: PartitionTask;
}

const slotKey = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/** One partition's work, one piece at a time: a chunk and a punctuation never interleave. */
class Lane {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  get idle(): boolean {
    return this.#pending === 0;
  }

  /** Resolves with `release` once everything queued before is done; call it exactly once. */
  acquire(): Promise<() => void> {
    this.#pending += 1;
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      release = () => {
        this.#pending -= 1;
        resolve();
      };
    });
    const turn = this.#tail.then(() => once(release));
    this.#tail = done;
    return turn;
  }
}

function once(fn: () => void): () => void {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    fn();
  };
}

/**
 * The stage's partition tasks: one per assigned input partition and ownership (`Owner`, the
 * partition's producer: a new producer is a new ownership, whose task is opened afresh), opened
 * in the background when the partition is assigned; a lane per partition that orders its chunks
 * and punctuations; and the timer that punctuates and retries opens that failed.
 */
export class PartitionTasks<Owner extends object> {
  readonly #options: PartitionTasksOptions<Owner>;
  readonly #slots = new Map<string, Slot<Owner>>();
  readonly #lanes = new Map<string, Lane>();
  #assigned: { topic: string; partition: number }[] = [];
  #onError: (error: unknown) => void = () => undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: PartitionTasksOptions<Owner>) {
    this.#options = options;
  }

  /**
   * After a join: tasks and lanes of partitions no longer assigned are forgotten, and every
   * assigned partition's task is opened once its owner is fenced in. A fatal error while opening
   * goes to `onError`; any other is retried on the next punctuation round (or the next batch).
   */
  assign(assignment: Assignment, onError: (error: unknown) => void): void {
    this.#onError = onError;
    const wanted = new Set<string>();
    this.#assigned = [];
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        wanted.add(slotKey(topic, partition));
        this.#assigned.push({ topic, partition });
      }
    }
    for (const id of [...this.#slots.keys()]) if (!wanted.has(id)) this.#slots.delete(id);
    for (const id of [...this.#lanes.keys()]) if (!wanted.has(id)) this.#lanes.delete(id);
    this.#openAssigned();
  }

  #openAssigned(): void {
    for (const { topic, partition } of this.#assigned) {
      if (this.#slots.has(slotKey(topic, partition))) continue;
      void this.#options
        .owner(topic, partition)
        .then((owner) => {
          if (!owner || this.#closed) return;
          return this.task(owner, this.#options.context(topic, partition));
        })
        .catch((error: unknown) => {
          if (classifyError(error) === "fatal") this.#onError(error);
          else {
            this.#options.logger.warn(
              { err: error, topic, partition },
              "partition task did not open; trying again",
            );
          }
        });
    }
  }

  /** The task of this ownership, opened on first use. A failed open is forgotten (tried again). */
  task(owner: Owner, context: PartitionTaskContext): Promise<PartitionTask> {
    const id = slotKey(context.topic, context.partition);
    const current = this.#slots.get(id);
    if (current && current.owner === owner) return current.opening;
    const slot: Slot<Owner> = { owner, opening: this.#options.open(context) };
    this.#slots.set(id, slot);
    slot.opening.then(
      (task) => {
        slot.task = task;
      },
      () => {
        if (this.#slots.get(id) === slot) this.#slots.delete(id);
      },
    );
    return slot.opening;
  }

  /**
   * Forgets the task (a transaction whose fate is unknown, or that failed): the next batch or
   * punctuation round opens a new one, which reads the state back as the broker has it.
   */
  drop(topic: string, partition: number, owner: Owner): void {
    const id = slotKey(topic, partition);
    if (this.#slots.get(id)?.owner === owner) this.#slots.delete(id);
  }

  /**
   * The partition's lane, once everything queued in it before is done: resolves with the
   * function that hands it on (call it exactly once, also when the work failed).
   */
  acquire(topic: string, partition: number): Promise<() => void> {
    const id = slotKey(topic, partition);
    let lane = this.#lanes.get(id);
    if (!lane) {
      lane = new Lane();
      this.#lanes.set(id, lane);
    }
    return lane.acquire();
  }

  /** Runs `work` in the partition's lane, after whatever is in it. */
  async run<T>(topic: string, partition: number, work: () => Promise<T>): Promise<T> {
    const release = await this.acquire(topic, partition);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /**
   * Every `intervalMs`: tasks that failed to open are tried again, and each open task that
   * punctuates and whose lane is idle gets `punctuate` in its lane (a busy lane is skipped this
   * round, never queued behind); what it throws goes to the assignment's `onError`.
   */
  startPunctuation(
    intervalMs: number,
    punctuate: (
      owner: Owner,
      task: PartitionTask,
      topic: string,
      partition: number,
    ) => Promise<void>,
  ): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.#openAssigned();
      for (const { topic, partition } of this.#assigned) {
        const id = slotKey(topic, partition);
        const slot = this.#slots.get(id);
        const lane = this.#lanes.get(id);
        if (!slot?.task?.punctuate || (lane !== undefined && !lane.idle)) continue;
        this.run(topic, partition, async () => {
          // The task of now: a chunk before it in the lane may have dropped it.
          const { task } = slot;
          if (this.#slots.get(id) !== slot || !task) return;
          await punctuate(slot.owner, task, topic, partition);
        }).catch((error: unknown) => this.#onError(error));
      }
    }, intervalMs);
    this.#timer.unref();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#slots.clear();
    this.#assigned = [];
  }
}
