/**
 * How well newswire tells the versions of a story apart: the version chains in
 * tests/fixtures/chains, scored the way the current-story stage will use them. Family grouping
 * is pairwise over files (two files of one story must share `storyKey`, two of different stories
 * must not); version, pubStatus and signal are per file; fingerprint distances show where the
 * near-duplicate threshold sits between re-sends, versions and different stories.
 *
 * Prints a table, then one machine-readable line starting `CHAINS `.
 * `npm run eval:chains` (builds first: the script reads @newswire/core's public build); `--list`
 * also prints every mismatch; `--set chains-heldout` scores the held-out chains instead (see
 * docs/ARCHITECTURE.md, "Story versions").
 */
import { NEAR_DUPLICATE_BITS } from "@newswire/core";
import {
  CHAIN_SETS,
  type ChainSet,
  chainRoot,
  type DistanceRange,
  loadChains,
  runChains,
  scoreChains,
  type Tally,
} from "./chain-fixtures.js";

const list = process.argv.includes("--list");
const setAt = process.argv.indexOf("--set");
const set = (setAt >= 0 ? process.argv[setAt + 1] : "chains") as ChainSet;
if (!CHAIN_SETS.includes(set)) {
  console.error(`eval-chains: --set takes one of ${CHAIN_SETS.join(", ")}, not ${String(set)}`);
  process.exit(2);
}
const chains = loadChains(chainRoot(set));
const scores = scoreChains(chains, runChains(chains));
const pct = (t: Tally) => (t.of === 0 ? "n/a" : `${((100 * t.right) / t.of).toFixed(1)}%`);
const span = (r: DistanceRange) =>
  r.pairs === 0 ? "none" : `${r.min}..${r.max} bits (${r.pairs} pairs)`;
const g = scores.grouping;

console.log(
  `set ${set}: chains ${chains.length}, files ${scores.files}, delivered ${scores.delivered}`,
);
console.log(
  `family grouping  precision ${g.precision.toFixed(3)}  recall ${g.recall.toFixed(3)}  F1 ${g.f1.toFixed(3)}  (tp ${g.tp}, fp ${g.fp}, fn ${g.fn})`,
);
console.log(`version    ${pct(scores.version)} (${scores.version.right}/${scores.version.of})`);
console.log(
  `pubStatus  ${pct(scores.pubStatus)} (${scores.pubStatus.right}/${scores.pubStatus.of})`,
);
console.log(`signal     ${pct(scores.signal)} (${scores.signal.right}/${scores.signal.of})`);
console.log("fingerprint distance (SimHash, 64 bits):");
console.log(`  re-sends                 ${span(scores.distances.duplicate)}`);
console.log(`  versions of one story    ${span(scores.distances.version)}`);
console.log(`  different stories        ${span(scores.distances.different)}`);
console.log(
  `  isRepeat (same key, version, status, signal; <= ${NEAR_DUPLICATE_BITS} bits): ${scores.duplicateErrors} pair(s) wrong`,
);
console.log(
  `  by threshold (bits: re-sends missed/other pairs merged): ${scores.sweep.map((s) => `${s.bits}:${s.missed}/${s.merged}`).join(" ")}`,
);
if (list) for (const m of scores.mismatches) console.log(`  ${m}`);
console.log(
  `CHAINS ${JSON.stringify({
    set,
    chains: chains.length,
    files: scores.files,
    precision: Number(g.precision.toFixed(4)),
    recall: Number(g.recall.toFixed(4)),
    f1: Number(g.f1.toFixed(4)),
    version: scores.version.of ? scores.version.right / scores.version.of : null,
    pubStatus: scores.pubStatus.of ? scores.pubStatus.right / scores.pubStatus.of : null,
    signal: scores.signal.of ? scores.signal.right / scores.signal.of : null,
    duplicateErrors: scores.duplicateErrors,
  })}`,
);
