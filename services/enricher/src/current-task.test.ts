import { readFileSync } from "node:fs";
import { enrichStory, isRejection, normalizeWire } from "@newswire/core";
import {
  type InputRecord,
  type OutputRecord,
  PartitionStateStore,
  partitionOfKey,
  type StageResult,
} from "@newswire/runtime";
import { type Lifecycle, type Story, storySchema } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { type CurrentEntry, currentEntryCodec } from "./current-state.js";
import { createCurrentTask, splitLifecycle } from "./current-task.js";

const corpus = new URL("../../../tests/fixtures/corpus/", import.meta.url);
const PARTITIONS = 6;
const KILL_AFTER = 10_000;
const RETENTION = 100_000;

function baseStory(): Story {
  const result = normalizeWire(readFileSync(new URL("01-webdesk-xi-putin.txt", corpus)), {
    feed: "webdesk",
    receivedAt: "2024-05-17T06:00:00Z",
  });
  if (isRejection(result)) throw new Error(result.message);
  return enrichStory(result);
}
const BASE = baseStory();

/** A key that the default partitioner sends to `partition`. */
function keyOn(partition: number, name: string): string {
  for (let i = 0; ; i++) {
    const key = `id|urn:test:${name}:${i}`;
    if (partitionOfKey(key, PARTITIONS) === partition) return key;
  }
}

function story(id: string, lifecycle: Partial<Lifecycle>): Story {
  return { ...BASE, id, lifecycle: { ...BASE.lifecycle, ...lifecycle } };
}

/** As the enricher's handler writes it: `lifecycle` last (or, `lifecycleLast: false`, not). */
function publish(s: Story, lifecycleLast = true): StageResult {
  const { lifecycle, ...rest } = s;
  return {
    kind: "publish",
    key: s.id,
    value: JSON.stringify(lifecycleLast ? { ...rest, lifecycle } : s),
    headers: { "schema-version": s.schemaVersion },
    log: { storyId: s.id },
  };
}

function record(partition: number, key: string): InputRecord {
  return {
    topic: "wire.normalized",
    partition,
    offset: "0",
    timestamp: "0",
    key: Buffer.from(key),
    value: Buffer.from("{}"),
    headers: { "schema-version": BASE.schemaVersion },
    rawHeaders: {},
  };
}

function setup(partition = 2, entries: [string, CurrentEntry][] = []) {
  let clock = 1_000;
  const store = new PartitionStateStore("state", partition, currentEntryCodec, entries);
  const task = createCurrentTask({
    store,
    partition,
    partitions: PARTITIONS,
    inputTopic: "wire.normalized",
    currentTopic: "current",
    killTombstoneAfterMs: KILL_AFTER,
    stateRetentionMs: RETENTION,
    maxDuplicateBits: 3,
    now: () => clock,
  });
  const step = (s: Story): OutputRecord[] => {
    const result = task.process(publish(s), record(partition, s.lifecycle.storyKey));
    if (result.kind !== "emit") throw new Error(`expected emit, got ${result.kind}`);
    return [...result.records];
  };
  return {
    store,
    task,
    step,
    tick: (ms: number) => {
      clock += ms;
      return clock;
    },
  };
}

const on = (records: readonly OutputRecord[], topic: string | undefined) =>
  records.filter((r) => r.topic === topic);
const storyIn = (r: OutputRecord | undefined) =>
  storySchema.parse(JSON.parse(String(r?.value ?? "null")));

describe("the enricher's current-story task", () => {
  it("publishes a new key's story on stories.enriched and stories.current, and stages its state", () => {
    const { step, store, task } = setup();
    const key = keyOn(2, "a");
    const out = step(story("s1", { storyKey: key, version: 1 }));
    const [enriched] = on(out, undefined);
    expect(enriched?.key).toBe("s1");
    const [current] = on(out, "current");
    expect(current).toMatchObject({ key, partition: 2 });
    expect(current?.value).toBe(enriched?.value);
    const [state] = on(out, "state");
    expect(state).toMatchObject({ key, partition: 2 });
    expect(store.size).toBe(0);
    task.commit();
    expect(store.get(key)?.current.id).toBe("s1");
  });

  it("fills supersedes on the version that replaces the held one, and duplicateOf on a re-send", () => {
    const { step, task } = setup();
    const key = keyOn(2, "b");
    step(story("s1", { storyKey: key, version: 1, fingerprint: "0000000000000000" }));
    task.commit();
    const update = step(
      story("s2", { storyKey: key, version: 2, fingerprint: "ffff0000ffff0000" }),
    );
    expect(storyIn(on(update, undefined)[0]).lifecycle).toMatchObject({
      supersedes: "s1",
      duplicateOf: null,
    });
    expect(on(update, "current")).toHaveLength(1);
    task.commit();
    const resend = step(
      story("s2b", { storyKey: key, version: 2, fingerprint: "ffff0000ffff0001" }),
    );
    expect(storyIn(on(resend, undefined)[0]).lifecycle).toMatchObject({
      supersedes: null,
      duplicateOf: "s2",
    });
    expect(on(resend, "current")).toEqual([]);
    expect(on(resend, "state")).toEqual([]);
  });

  it("sees the chunk's own staged writes: two versions of a key in one chunk", () => {
    const { step } = setup();
    const key = keyOn(2, "c");
    step(story("s1", { storyKey: key, version: 1 }));
    const second = step(
      story("s2", { storyKey: key, version: 2, fingerprint: "ffffffffffffffff" }),
    );
    expect(storyIn(on(second, undefined)[0]).lifecycle.supersedes).toBe("s1");
  });

  it("forgets a discarded chunk's writes", () => {
    const { step, task, store } = setup();
    const key = keyOn(2, "d");
    step(story("s1", { storyKey: key }));
    task.discard();
    expect(store.get(key)).toBeUndefined();
    expect(on(step(story("s1", { storyKey: key })), "current")).toHaveLength(1);
  });

  it("sends a record keyed for another partition on to its key's partition, untouched", () => {
    const { task } = setup(2);
    const key = keyOn(4, "e");
    const input = record(2, "some-story-id");
    const result = task.process(publish(story("s1", { storyKey: key })), input);
    expect(result).toMatchObject({
      kind: "emit",
      records: [{ topic: "wire.normalized", key, value: input.value, headers: input.headers }],
    });
  });

  it("passes a rejection through", () => {
    const { task } = setup();
    const reject: StageResult = { kind: "reject", code: "INVALID_RECORD", message: "no" };
    expect(task.process(reject, record(2, "x"))).toBe(reject);
  });

  it("tombstones a kill on stories.current after its retention and keeps the kill in the state", () => {
    const { step, task, store, tick } = setup();
    const key = keyOn(2, "f");
    step(story("s1", { storyKey: key, version: 1 }));
    task.commit();
    tick(5);
    const kill = step(
      story("k", {
        storyKey: key,
        version: 2,
        pubStatus: "canceled",
        signal: "kill",
        fingerprint: "ffffffff00000000",
      }),
    );
    expect(storyIn(on(kill, "current")[0]).lifecycle.pubStatus).toBe("canceled");
    task.commit();
    expect(task.punctuate?.(tick(KILL_AFTER - 1), 100)).toEqual([]);
    task.discard();
    const due = task.punctuate?.(tick(1), 100) ?? [];
    expect(due).toEqual([
      { topic: "current", partition: 2, key, value: null, headers: {} },
      expect.objectContaining({ topic: "state", key }),
    ]);
    task.commit();
    expect(store.get(key)).toMatchObject({ tombstoned: true, current: { id: "k" } });
    expect(task.punctuate?.(tick(1), 100)).toEqual([]);
    // A late older version after the tombstone: no resurrection on stories.current.
    const late = step(story("s0", { storyKey: key, version: 1, fingerprint: "00000000ffffffff" }));
    expect(on(late, "current")).toEqual([]);
  });

  it("finds due kills again after a restore (from the state, not from memory)", () => {
    const key = keyOn(2, "g");
    const first = setup();
    first.step(story("k", { storyKey: key, pubStatus: "canceled", signal: "kill" }));
    first.task.commit();
    const restored = setup(2, [...first.store.entries()]);
    restored.tick(KILL_AFTER);
    expect(restored.task.punctuate?.(restored.tick(0), 100)).toHaveLength(2);
  });

  it("removes keys untouched for the state retention from the state and stories.current, oldest first, bounded per call", () => {
    const { step, task, store, tick } = setup();
    const keys = ["h1", "h2", "h3"].map((n) => keyOn(2, n));
    for (const key of keys) {
      step(story(`s-${key}`, { storyKey: key }));
      task.commit();
      tick(10);
    }
    tick(RETENTION - 15);
    // Only the first two are older than the retention now; at most 2 records this call.
    const first = task.punctuate?.(tick(0), 2) ?? [];
    expect(first).toEqual([
      { topic: "current", partition: 2, key: keys[0], value: null, headers: {} },
      { topic: "state", partition: 2, key: keys[0], value: null, headers: {} },
    ]);
    task.commit();
    const second = task.punctuate?.(tick(0), 100) ?? [];
    expect(second.map((r) => r.key)).toEqual([keys[1], keys[1]]);
    task.commit();
    expect([...store.entries()].map(([key]) => key)).toEqual([keys[2]]);
  });

  it("rewrites only the lifecycle of the handler's JSON, and gives the same Story for JSON in any order", () => {
    const key = keyOn(2, "i");
    const first = story("s1", { storyKey: key, version: 1 });
    const second = story("s2", { storyKey: key, version: 2, fingerprint: "ffffffffffffffff" });
    const published = (lifecycleLast: boolean) => {
      const { task } = setup();
      const at = (s: Story) => {
        const result = task.process(publish(s, lifecycleLast), record(2, key));
        task.commit();
        return result.kind === "emit" ? String(result.records[0]?.value) : "";
      };
      at(first);
      return at(second);
    };
    const fast = published(true);
    const slow = published(false);
    expect(JSON.parse(fast)).toEqual(JSON.parse(slow));
    expect(storySchema.parse(JSON.parse(fast)).lifecycle).toMatchObject({
      supersedes: "s1",
      duplicateOf: null,
    });
    expect(splitLifecycle(fast)?.lifecycle.supersedes).toBe("s1");
    // Not lifecycle-last (or not a Story at all): no split, the caller parses everything.
    expect(splitLifecycle(slow)).toBeUndefined();
    expect(splitLifecycle('{"a":{"lifecycle":{"storyKey":1}}}')).toBeUndefined();
  });
});
