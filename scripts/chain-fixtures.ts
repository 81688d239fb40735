import { readdirSync, readFileSync } from "node:fs";
import {
  hammingDistance,
  isRejection,
  isRepeat,
  NEAR_DUPLICATE_BITS,
  processWire,
} from "@newswire/core";
import type { LifecycleSignal, PubStatus, Rejection, Story } from "@newswire/schemas";

/**
 * Version chains: tests/fixtures/chains/<chain>/ holds the files of one or more stories and a
 * `chain.json` saying, per file, which story it belongs to (`family`, named within the chain)
 * and what its lifecycle must be. Read by the unit test (scripts/chains.test.ts) and by
 * `npm run eval:chains`, which prints the scores below.
 */
export interface ChainFileWant {
  family: string;
  version: number | null;
  pubStatus: PubStatus;
  signal: LifecycleSignal;
  /** The file of the same chain this one repeats: the same bytes, or the copy re-sent. */
  duplicateOf?: string;
  receivedAt?: string;
  contentType?: string;
}

export interface Chain {
  name: string;
  /** The directory of chains this one was read from. */
  root: URL;
  about: string;
  receivedAt: string;
  /** The order the files arrive in (default: by name). */
  arrival: string[];
  files: Record<string, ChainFileWant>;
}

export interface ChainResult {
  chain: string;
  file: string;
  want: ChainFileWant;
  story: Story | Rejection;
}

const FIXTURES = new URL("../tests/fixtures/", import.meta.url);
const CHAINS = new URL("chains/", FIXTURES);

/**
 * The chain sets: `chains` (the ones the code was built against) and `chains-heldout` (written
 * from the agencies' conventions before the lifecycle code was read, to measure it blind).
 */
export const CHAIN_SETS = ["chains", "chains-heldout", "chains-heldout2"] as const;
export type ChainSet = (typeof CHAIN_SETS)[number];

export function chainRoot(set: ChainSet): URL {
  return new URL(`${set}/`, FIXTURES);
}

export function loadChains(root: URL = CHAINS): Chain[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const raw = JSON.parse(readFileSync(new URL(`${name}/chain.json`, root), "utf8")) as Omit<
        Chain,
        "name" | "arrival" | "root"
      > & { arrival?: string[] };
      return { ...raw, name, root, arrival: raw.arrival ?? Object.keys(raw.files).sort() };
    });
}

export function chainBytes(chain: string, file: string, root: URL = CHAINS): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`${chain}/${file}`, root)));
}

/** Every file of every chain through `processWire`, in arrival order. */
export function runChains(chains: readonly Chain[]): ChainResult[] {
  const out: ChainResult[] = [];
  for (const chain of chains) {
    for (const file of chain.arrival) {
      const want = chain.files[file];
      if (!want) throw new Error(`${chain.name}: arrival names ${file}, which files does not list`);
      const story = processWire(chainBytes(chain.name, file, chain.root), {
        receivedAt: want.receivedAt ?? chain.receivedAt,
        contentType: want.contentType ?? null,
        feed: `chain-${chain.name}`,
      });
      out.push({ chain: chain.name, file, want, story });
    }
  }
  return out;
}

export interface Tally {
  right: number;
  of: number;
}

export interface DistanceRange {
  pairs: number;
  min: number | null;
  max: number | null;
}

export interface ChainScores {
  files: number;
  delivered: number;
  /** Pairwise over all files: same family and same storyKey. */
  grouping: { tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
  version: Tally;
  pubStatus: Tally;
  signal: Tally;
  /** Fingerprint distances: re-sends, versions of one story, different stories of one chain. */
  distances: { duplicate: DistanceRange; version: DistanceRange; different: DistanceRange };
  /** Pairs `isRepeat` gets wrong (a re-send missed, or a version or story taken for one). */
  duplicateErrors: number;
  /**
   * What `isRepeat` would get wrong at each threshold from 0 to 16 bits: re-sends missed and
   * other pairs (same stated lifecycle, another text) taken for re-sends. The measurement
   * behind NEAR_DUPLICATE_BITS.
   */
  sweep: Array<{ bits: number; missed: number; merged: number }>;
  mismatches: string[];
}

function range(values: number[]): DistanceRange {
  return {
    pairs: values.length,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
  };
}

/** The file a duplicate ultimately repeats, so a re-send of a re-send counts too. */
function original(chain: Chain, file: string): string {
  let f = file;
  for (let hops = 0; hops < 16; hops++) {
    const next = chain.files[f]?.duplicateOf;
    if (!next) return f;
    f = next;
  }
  return f;
}

export function scoreChains(
  chains: readonly Chain[],
  results: readonly ChainResult[],
): ChainScores {
  const mismatches: string[] = [];
  const stories: Array<{ r: ChainResult; story: Story }> = [];
  const tally = (): Tally => ({ right: 0, of: 0 });
  const version = tally();
  const pubStatus = tally();
  const signal = tally();
  const check = (t: Tally, ok: boolean, what: string) => {
    t.of++;
    if (ok) t.right++;
    else mismatches.push(what);
  };
  for (const r of results) {
    const at = `${r.chain}/${r.file}`;
    if (isRejection(r.story)) {
      mismatches.push(`${at}: rejected ${r.story.code}: ${r.story.message}`);
      for (const t of [version, pubStatus, signal]) t.of++;
      continue;
    }
    const lc = r.story.lifecycle;
    stories.push({ r, story: r.story });
    check(
      version,
      lc.version === r.want.version,
      `${at}: version ${lc.version}, want ${r.want.version}`,
    );
    check(
      pubStatus,
      lc.pubStatus === r.want.pubStatus,
      `${at}: pubStatus ${lc.pubStatus}, want ${r.want.pubStatus}`,
    );
    check(signal, lc.signal === r.want.signal, `${at}: signal ${lc.signal}, want ${r.want.signal}`);
  }
  // Rejected files are in no predicted group: every pair with them counts as a miss.
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < results.length; i++) {
    for (let j = i + 1; j < results.length; j++) {
      const a = results[i] as ChainResult;
      const b = results[j] as ChainResult;
      const same = a.chain === b.chain && a.want.family === b.want.family;
      const keyed =
        !isRejection(a.story) &&
        !isRejection(b.story) &&
        a.story.lifecycle.storyKey === b.story.lifecycle.storyKey;
      if (same && keyed) tp++;
      else if (keyed) {
        fp++;
        mismatches.push(
          `${a.chain}/${a.file} and ${b.chain}/${b.file} share a key, different stories`,
        );
      } else if (same) {
        fn++;
        mismatches.push(`${a.chain}/${a.file} and ${b.file}: one story, two keys`);
      }
    }
  }
  const byName = new Map(chains.map((c) => [c.name, c]));
  const dist = { duplicate: [] as number[], version: [] as number[], different: [] as number[] };
  let duplicateErrors = 0;
  const sweep = Array.from({ length: 17 }, (_, bits) => ({ bits, missed: 0, merged: 0 }));
  for (let i = 0; i < stories.length; i++) {
    for (let j = i + 1; j < stories.length; j++) {
      const a = stories[i] as { r: ChainResult; story: Story };
      const b = stories[j] as { r: ChainResult; story: Story };
      if (a.r.chain !== b.r.chain) continue;
      const chain = byName.get(a.r.chain) as Chain;
      const d = hammingDistance(a.story.lifecycle.fingerprint, b.story.lifecycle.fingerprint);
      const dup = original(chain, a.r.file) === original(chain, b.r.file);
      const kind = dup
        ? "duplicate"
        : a.r.want.family === b.r.want.family
          ? "version"
          : "different";
      dist[kind].push(d);
      const said = isRepeat(a.story.lifecycle, b.story.lifecycle);
      const la = a.story.lifecycle;
      const lb = b.story.lifecycle;
      const stated =
        la.storyKey === lb.storyKey &&
        la.version === lb.version &&
        la.pubStatus === lb.pubStatus &&
        la.signal === lb.signal;
      for (const s of sweep) {
        const at = stated && d <= s.bits;
        if (dup && !at) s.missed++;
        if (!dup && at) s.merged++;
      }
      if (said !== dup) {
        duplicateErrors++;
        mismatches.push(
          `${a.r.chain}/${a.r.file} and ${b.r.file}: ${d} bits apart, ${dup ? "a re-send" : `a ${kind}`}, isRepeat ${said} (threshold ${NEAR_DUPLICATE_BITS} bits)`,
        );
      }
    }
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  return {
    files: results.length,
    delivered: stories.length,
    grouping: {
      tp,
      fp,
      fn,
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    },
    version,
    pubStatus,
    signal,
    distances: {
      duplicate: range(dist.duplicate),
      version: range(dist.version),
      different: range(dist.different),
    },
    duplicateErrors,
    sweep,
    mismatches,
  };
}
