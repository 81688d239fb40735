import { hammingDistance } from "@newswire/core/light";
import type { StateCodec } from "@newswire/runtime";
import {
  type Lifecycle,
  lifecycleSignalSchema,
  type PubStatus,
  pubStatusSchema,
} from "@newswire/schemas";
import { z } from "zod";

/**
 * Versions of a key the state remembers besides the current one (replaced or late): enough for
 * the chains agencies send (AP rarely passes a 6th Ld-Writethru), and the bound on an entry's
 * size (about 200 bytes a version).
 */
export const EARLIER_VERSIONS_KEPT = 8;

/** One version of a story as the state keeps it: what orders it, and what it was published with. */
const versionSchema = z.object({
  id: z.string().min(1).max(200),
  version: z.number().int().nonnegative().nullable(),
  versionTime: z.string().max(64).nullable(),
  pubStatus: pubStatusSchema,
  signal: lifecycleSignalSchema,
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  /** As published on stories.enriched, so a replay of the same bytes is published the same. */
  supersedes: z.string().max(200).nullable(),
});
export type KeptVersion = z.infer<typeof versionSchema>;

/** What the enricher holds per storyKey, in memory and on the changelog (stories.current.state). */
export const currentEntrySchema = z.object({
  /** The entry's own format, so a later one can be told apart on restore. */
  format: z.literal(1),
  current: versionSchema,
  /** Other versions seen (replaced, or arrived late), most recent arrival first. */
  earlier: z.array(versionSchema).max(EARLIER_VERSIONS_KEPT),
  /** When `current` became current (ms, the enricher's clock): a kill's retention starts here. */
  since: z.number().int(),
  /** The last change (ms): the entry expires CURRENT_STATE_RETENTION_MS after it. */
  updatedAt: z.number().int(),
  /** The kill is past its retention and the key's tombstone is on stories.current. */
  tombstoned: z.boolean(),
});
export type CurrentEntry = z.infer<typeof currentEntrySchema>;

export const currentEntryCodec: StateCodec<CurrentEntry> = {
  encode: (entry) => JSON.stringify(entry),
  decode: (bytes) => currentEntrySchema.parse(JSON.parse(bytes.toString("utf8"))),
};

/**
 * current: the key's new current version (publish it on stories.current). late: older than the
 * one held, kept in the state, never current. duplicate: a near-copy of a version held, no new
 * version. replay: the same bytes (same story id) again; nothing changes.
 */
export type CurrentOutcome = "current" | "late" | "duplicate" | "replay";

export interface CurrentDecision {
  outcome: CurrentOutcome;
  /** The story id this version replaced on stories.current; else what the copy said. */
  supersedes: string | null;
  duplicateOf: string | null;
  /** The key's next state; undefined when it stays as it is. */
  entry: CurrentEntry | undefined;
}

export interface DecideOptions {
  /** Fingerprints within this many bits (of 64) are one text. */
  maxDuplicateBits: number;
  /** The enricher's clock, ms. */
  now: number;
}

/** The incoming version: its story id and lifecycle as core derived it. */
export type IncomingVersion = { id: string } & Pick<
  Lifecycle,
  "version" | "versionTime" | "pubStatus" | "signal" | "fingerprint" | "supersedes"
>;

type Order = "newer" | "older" | "unordered";

function instant(time: string | null): number | undefined {
  if (time === null) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * What the copy itself says of two versions' order: the version number, then the version time.
 * Arrival is not part of it: the caller decides what arrival may settle.
 */
export function statedOrder(
  a: Pick<KeptVersion, "version" | "versionTime">,
  b: Pick<KeptVersion, "version" | "versionTime">,
): Order {
  if (a.version !== null && b.version !== null && a.version !== b.version) {
    return a.version > b.version ? "newer" : "older";
  }
  const ta = instant(a.versionTime);
  const tb = instant(b.versionTime);
  if (ta !== undefined && tb !== undefined && ta !== tb) return ta > tb ? "newer" : "older";
  return "unordered";
}

/** usable < withheld < canceled: how far a status takes a story off the wire. */
const STATUS_RANK: Readonly<Record<PubStatus, number>> = { usable: 0, withheld: 1, canceled: 2 };

/**
 * A re-send of `kept`: the same status, the same version (or one of them unnumbered), not a
 * correction of something that was none, and a text within `maxBits` bits of SimHash.
 */
function repeats(incoming: IncomingVersion, kept: KeptVersion, maxBits: number): boolean {
  if (incoming.pubStatus !== kept.pubStatus) return false;
  if (incoming.version !== null && kept.version !== null && incoming.version !== kept.version) {
    return false;
  }
  if (incoming.signal === "correction" && kept.signal !== "correction") return false;
  return hammingDistance(incoming.fingerprint, kept.fingerprint) <= maxBits;
}

/**
 * Whether the incoming version replaces the held one on stories.current. A version the copy
 * states is later (number, then time) replaces it; one it states is earlier never does. When the
 * copy does not say, arrival decides, except that a kill or withhold stands against anything
 * that does not take the story further off the wire: a version arriving after a kill cannot
 * resurrect it unless the copy says it is later (a re-issue with a higher version).
 */
function replaces(incoming: IncomingVersion, held: KeptVersion): boolean {
  const order = statedOrder(incoming, held);
  if (order !== "unordered") return order === "newer";
  return (
    held.pubStatus === "usable" || STATUS_RANK[incoming.pubStatus] > STATUS_RANK[held.pubStatus]
  );
}

const kept = (incoming: IncomingVersion, supersedes: string | null): KeptVersion => ({
  id: incoming.id,
  version: incoming.version,
  versionTime: incoming.versionTime,
  pubStatus: incoming.pubStatus,
  signal: incoming.signal,
  fingerprint: incoming.fingerprint,
  supersedes,
});

/**
 * The state step for one version of one key, pure: what the enricher publishes and what the key
 * holds next. The outcome for a key depends only on the versions seen, not on their arrival
 * order, wherever the copy states an order (version numbers or times); where it states none,
 * the later arrival is the newer version.
 */
export function decideCurrent(
  held: CurrentEntry | undefined,
  incoming: IncomingVersion,
  options: DecideOptions,
): CurrentDecision {
  const { now } = options;
  if (!held) {
    return {
      outcome: "current",
      supersedes: incoming.supersedes,
      duplicateOf: null,
      entry: {
        format: 1,
        current: kept(incoming, incoming.supersedes),
        earlier: [],
        since: now,
        updatedAt: now,
        tombstoned: false,
      },
    };
  }
  const versions = [held.current, ...held.earlier];
  const same = versions.find((v) => v.id === incoming.id);
  if (same) {
    return { outcome: "replay", supersedes: same.supersedes, duplicateOf: null, entry: undefined };
  }
  const original = versions.find((v) => repeats(incoming, v, options.maxDuplicateBits));
  if (original) {
    return {
      outcome: "duplicate",
      supersedes: incoming.supersedes,
      duplicateOf: original.id,
      entry: undefined,
    };
  }
  if (replaces(incoming, held.current)) {
    return {
      outcome: "current",
      supersedes: held.current.id,
      duplicateOf: null,
      entry: {
        format: 1,
        current: kept(incoming, held.current.id),
        earlier: versions.slice(0, EARLIER_VERSIONS_KEPT),
        since: now,
        updatedAt: now,
        tombstoned: false,
      },
    };
  }
  return {
    outcome: "late",
    supersedes: incoming.supersedes,
    duplicateOf: null,
    entry: {
      ...held,
      earlier: [kept(incoming, incoming.supersedes), ...held.earlier].slice(
        0,
        EARLIER_VERSIONS_KEPT,
      ),
      updatedAt: now,
    },
  };
}
