import { type Story, storySchema } from "@newswire/schemas";
import type { ReadRecord } from "./topic-reader.js";

// Reading stories.current and its changelog as a subscriber does: per key, in offset order.

/** The records of each key, in offset order (one key lives in one partition). */
export function byKey(records: readonly ReadRecord[]): Map<string, ReadRecord[]> {
  const out = new Map<string, ReadRecord[]>();
  const sorted = [...records].sort(
    (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
  );
  for (const record of sorted) {
    const key = record.key ?? "";
    const list = out.get(key);
    if (list) list.push(record);
    else out.set(key, [record]);
  }
  return out;
}

export const storyOf = (record: ReadRecord | undefined): Story =>
  storySchema.parse(JSON.parse(String(record?.value ?? "null")));

/** What a compacted topic keeps for the key once compacted: its last record (null: removed). */
export function lastOf(records: readonly ReadRecord[] | undefined): ReadRecord | undefined {
  return records?.at(-1);
}

/** The story a key's last record holds, or null for a tombstone, undefined for no record. */
export function currentStory(
  current: ReadonlyMap<string, readonly ReadRecord[]>,
  key: string,
): Story | null | undefined {
  const last = lastOf(current.get(key));
  if (!last) return undefined;
  return last.value === null ? null : storyOf(last);
}

/** The enricher's state entry for a key as its changelog's last record holds it. */
export interface StateEntryView {
  current: { id: string; version: number | null; pubStatus: string };
  earlier: { id: string }[];
  tombstoned: boolean;
}

export function stateOf(
  changelog: ReadonlyMap<string, readonly ReadRecord[]>,
  key: string,
): StateEntryView | null | undefined {
  const last = lastOf(changelog.get(key));
  if (!last) return undefined;
  return last.value === null ? null : (JSON.parse(String(last.value)) as StateEntryView);
}
