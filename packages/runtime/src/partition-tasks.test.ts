import type { Admin, Kafka } from "kafkajs";
import { describe, expect, it } from "vitest";
import { createLogger } from "./create-logger.js";
import {
  type OpenPartitionTask,
  type PartitionTask,
  type PartitionTaskContext,
  PartitionTasks,
} from "./partition-tasks.js";
import { RuntimeError } from "./runtime-error.js";

const logger = createLogger({ service: "test", level: "silent" });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function context(topic: string, partition: number): PartitionTaskContext {
  // The tasks here never touch Kafka; where they do, a real client is used (integration tests).
  return { topic, partition, kafka: {} as Kafka, admin: {} as Admin, logger };
}

const task = (punctuate?: PartitionTask["punctuate"]): PartitionTask => ({
  process: (result) => result,
  commit: () => {},
  discard: () => {},
  ...(punctuate ? { punctuate } : {}),
});

/** Tasks whose partitions are all owned by `owner` (one ownership, like one producer each). */
function tasksWith(open: OpenPartitionTask, owner: object = {}) {
  return new PartitionTasks<object>({
    open,
    owner: async () => owner,
    context,
    logger,
  });
}

describe("PartitionTasks", () => {
  it("opens a task once per ownership, and afresh for a new owner or after drop()", async () => {
    let opened = 0;
    const tasks = tasksWith(async () => {
      opened += 1;
      return task();
    });
    const owner = {};
    const first = await tasks.task(owner, context("t", 0));
    expect(await tasks.task(owner, context("t", 0))).toBe(first);
    expect(opened).toBe(1);
    tasks.drop("t", 0, owner);
    await tasks.task(owner, context("t", 0));
    expect(opened).toBe(2);
    await tasks.task({}, context("t", 0));
    expect(opened).toBe(3);
    await tasks.task(owner, context("t", 1));
    expect(opened).toBe(4);
  });

  it("opens every assigned partition's task at assignment, quiet partitions included", async () => {
    const opened: number[] = [];
    const owner = {};
    const tasks = tasksWith(async (c) => {
      opened.push(c.partition);
      return task();
    }, owner);
    tasks.assign({ t: [0, 3, 5] }, (error) => {
      throw error;
    });
    await sleep(10);
    expect(opened.sort()).toEqual([0, 3, 5]);
    // The batch of an opened partition gets the same task.
    await tasks.task(owner, context("t", 3));
    expect(opened).toHaveLength(3);
  });

  it("reports a fatal open error, and tries a failed one again on the next round", async () => {
    const calls = [0, 0];
    const errors: unknown[] = [];
    const owner = {};
    const tasks = tasksWith(async (c) => {
      calls[c.partition] = (calls[c.partition] ?? 0) + 1;
      if (c.partition === 1) throw new RuntimeError("STATE_INVALID", "not a value");
      if ((calls[0] ?? 0) === 1) throw new Error("broker away");
      return task(() => []);
    }, owner);
    tasks.assign({ t: [0, 1] }, (error) => errors.push(error));
    await sleep(10);
    expect(errors[0]).toMatchObject({ code: "STATE_INVALID" });
    expect(calls[0]).toBe(1);
    tasks.startPunctuation(10, async () => {});
    await sleep(60);
    tasks.close();
    // Opened on a later round; the partition's batch now gets that task without another open.
    expect(calls[0]).toBe(2);
  });

  it("forgets the tasks of partitions no longer assigned", async () => {
    let opened = 0;
    const owner = {};
    const tasks = tasksWith(async () => {
      opened += 1;
      return task();
    }, owner);
    const onError = () => {};
    tasks.assign({ t: [0, 1] }, onError);
    await sleep(10);
    tasks.assign({ t: [1] }, onError);
    await tasks.task(owner, context("t", 1));
    expect(opened).toBe(2);
    await tasks.task(owner, context("t", 0));
    expect(opened).toBe(3);
  });

  it("runs one piece of a partition's work at a time, in order", async () => {
    const tasks = tasksWith(async () => task());
    const events: string[] = [];
    const slow = tasks.run("t", 0, async () => {
      events.push("chunk start");
      await sleep(30);
      events.push("chunk end");
    });
    const next = tasks.run("t", 0, async () => {
      events.push("punctuation");
    });
    const other = tasks.run("t", 1, async () => {
      events.push("other partition");
    });
    await Promise.all([slow, next, other]);
    expect(events).toEqual(["chunk start", "other partition", "chunk end", "punctuation"]);
  });

  it("punctuates open tasks and skips a partition whose lane is busy", async () => {
    const punctuated: number[] = [];
    const tasks = tasksWith(async () => task(() => []));
    tasks.assign({ t: [0, 1] }, (error) => {
      throw error;
    });
    await sleep(10);
    let release: () => void = () => {};
    const busy = tasks.run("t", 1, () => new Promise<void>((r) => (release = r)));
    tasks.startPunctuation(10, async (_owner, _task, _topic, partition) => {
      punctuated.push(partition);
    });
    await sleep(60);
    release();
    await busy;
    tasks.close();
    expect(punctuated.length).toBeGreaterThan(1);
    expect(new Set(punctuated)).toEqual(new Set([0]));
  });

  it("punctuates the task opened after a failed chunk dropped the old one, never the dropped one", async () => {
    const owner = {};
    const punctuatedBy: string[] = [];
    let opened = 0;
    const tasks = tasksWith(async () => {
      opened += 1;
      const name = `task-${opened}`;
      return task(() => {
        punctuatedBy.push(name);
        return [];
      });
    }, owner);
    tasks.assign({ t: [0] }, (error) => {
      throw error;
    });
    await sleep(10);
    // A chunk holds the lane while the timer fires; its commit fails and it drops the task.
    const release = await tasks.acquire("t", 0);
    tasks.startPunctuation(5, async (_owner, t) => {
      t.punctuate?.(0, 10);
    });
    await sleep(20);
    tasks.drop("t", 0, owner);
    release();
    await sleep(30);
    tasks.close();
    expect(punctuatedBy).not.toContain("task-1");
    expect(punctuatedBy.length).toBeGreaterThan(0);
    expect(new Set(punctuatedBy)).toEqual(new Set(["task-2"]));
  });
});
