import {
  type OutputRecord,
  type PartitionStateStore,
  type PartitionTask,
  partitionOfKey,
  type StageResult,
} from "@newswire/runtime";
import type { Lifecycle, Story } from "@newswire/schemas";
import { type CurrentEntry, decideCurrent } from "./current-state.js";

const LIFECYCLE_TAIL = ',"lifecycle":{';

/**
 * The Story JSON split before its `lifecycle`, which the enricher's handler writes last: the step
 * reads and rewrites that tail only, not the whole Story (parsing it was most of its CPU). A
 * structural `,"lifecycle":{` cannot occur inside a JSON string (its quotes would be escaped), and
 * the lifecycle holds no object, so the last occurrence is the member. Undefined for JSON in
 * another order; the caller then parses it all.
 */
export function splitLifecycle(json: string): { head: string; lifecycle: Lifecycle } | undefined {
  const at = json.lastIndexOf(LIFECYCLE_TAIL);
  if (at < 0 || !json.endsWith("}}")) return undefined;
  try {
    const lifecycle = JSON.parse(json.slice(at + LIFECYCLE_TAIL.length - 1, -1)) as Lifecycle;
    return typeof lifecycle.storyKey === "string"
      ? { head: json.slice(0, at), lifecycle }
      : undefined;
  } catch {
    return undefined;
  }
}

export interface CurrentTaskOptions {
  /** This input partition's state, restored from its changelog partition. */
  store: PartitionStateStore<CurrentEntry>;
  /** The input partition; the changelog and stories.current partition of its keys. */
  partition: number;
  /** Partitions of the input topic (the same for the co-partitioned outputs). */
  partitions: number;
  inputTopic: string;
  currentTopic: string;
  killTombstoneAfterMs: number;
  stateRetentionMs: number;
  maxDuplicateBits: number;
  now?: () => number;
}

/**
 * The enricher's stateful step for one wire.normalized partition, after attribution: decides
 * each version against the key's state (current-state.ts), publishes the Story on
 * stories.enriched with `supersedes` / `duplicateOf` filled in, a new current version on
 * stories.current, and the key's new state on the changelog, all in the chunk's transaction.
 * Punctuation writes what time calls for: a kill's tombstone on stories.current after its
 * retention, and the removal of keys untouched for the state retention.
 */
export function createCurrentTask(options: CurrentTaskOptions): PartitionTask {
  const { store, partition, currentTopic } = options;
  const now = options.now ?? Date.now;
  /** Killed keys whose tombstone is still to come, with when it is due. */
  const dueKills = new Map<string, number>();
  /** Keys written since the last settle. */
  const touched = new Set<string>();

  const noteKill = (key: string, entry: CurrentEntry | undefined): void => {
    if (entry && entry.current.pubStatus === "canceled" && !entry.tombstoned) {
      dueKills.set(key, entry.since + options.killTombstoneAfterMs);
    } else dueKills.delete(key);
  };
  for (const [key, entry] of store.entries()) noteKill(key, entry);

  const tombstone = (key: string): OutputRecord => ({
    topic: currentTopic,
    partition,
    key,
    value: null,
    headers: {},
  });

  return {
    process(result: StageResult, record): StageResult {
      if (result.kind !== "publish") return result;
      const json = String(result.value);
      const split = splitLifecycle(json);
      const story = split ? undefined : (JSON.parse(json) as Story);
      const lifecycle = split?.lifecycle ?? (story as Story).lifecycle;
      const id = story?.id ?? String(result.key);
      const key = lifecycle.storyKey;
      // Every version of a key must reach the one partition whose state holds it: a record keyed
      // otherwise (written before the normalizer keyed by storyKey, or by another producer) is
      // sent on to its key's partition, as a Kafka Streams repartition does, and handled there.
      if (partitionOfKey(key, options.partitions) !== record.partition && record.value !== null) {
        return {
          kind: "emit",
          records: [
            { topic: options.inputTopic, key, value: record.value, headers: { ...record.headers } },
          ],
          log: { ...result.log, storyKey: key, current: "repartitioned" },
        };
      }
      const decision = decideCurrent(
        store.get(key),
        { id, ...lifecycle },
        { maxDuplicateBits: options.maxDuplicateBits, now: now() },
      );
      const decided: Lifecycle = {
        ...lifecycle,
        supersedes: decision.supersedes,
        duplicateOf: decision.duplicateOf,
      };
      const value = split
        ? `${split.head},"lifecycle":${JSON.stringify(decided)}}`
        : JSON.stringify({ ...story, lifecycle: decided });
      const records: OutputRecord[] = [{ key: result.key, value, headers: result.headers }];
      if (decision.outcome === "current") {
        records.push({ topic: currentTopic, partition, key, value, headers: result.headers });
      }
      if (decision.entry) {
        records.push(store.put(key, decision.entry));
        touched.add(key);
      }
      return {
        kind: "emit",
        records,
        log: { ...result.log, storyKey: key, current: decision.outcome },
      };
    },

    commit(): void {
      store.commit();
      for (const key of touched) noteKill(key, store.get(key));
      touched.clear();
    },

    discard(): void {
      store.discard();
      touched.clear();
    },

    punctuate(nowMs: number, maxRecords: number): readonly OutputRecord[] {
      const out: OutputRecord[] = [];
      for (const [key, due] of dueKills) {
        if (out.length + 2 > maxRecords) return out;
        if (due > nowMs) continue;
        const entry = store.get(key);
        if (!entry || entry.tombstoned || entry.current.pubStatus !== "canceled") {
          dueKills.delete(key);
          continue;
        }
        out.push(tombstone(key));
        out.push(store.put(key, { ...entry, tombstoned: true, updatedAt: nowMs }));
        touched.add(key);
      }
      // Least recently written first: the scan stops at the first entry still in retention.
      for (const [key, entry] of store.entries()) {
        if (out.length + 2 > maxRecords) return out;
        if (entry.updatedAt + options.stateRetentionMs > nowMs) break;
        if (touched.has(key)) continue;
        if (!entry.tombstoned) out.push(tombstone(key));
        out.push(store.delete(key));
        touched.add(key);
      }
      return out;
    },
  };
}
