/**
 * The attack of issue 11, repeatable: every case of `scripts/attack/cases.ts` at doubling sizes
 * from 16 KB to just under the 2 MB input limit through `processWire`. For each case it prints
 * CPU ms per MB at each size, the growth ratio time(4n) / time(n) (linear is about 4, quadratic
 * 16; above 6 is flagged), the output's size as a multiple of the input (JSON of the result;
 * above 4 is flagged), and every problem the checker finds in the result (markup, controls,
 * script payloads, impossible dates, codes outside the closed list, caught crashes, an archive key
 * other than the archiver's). Exits 1 when anything is flagged.
 *
 * `node --import tsx scripts/attack.ts` (after `tsc -b`); ATTACK_FILTER=regex picks cases,
 * ATTACK_MAX=bytes lowers the largest size.
 *
 * CPU time of this process (process.cpuUsage), best of a few runs, so a loaded machine moves the
 * figures less than wall time would. Growth is judged on two spans, both re-measured before a
 * flag (the two sizes interleaved, best of five each, so a neighbour's burst hits both): over
 * 16x of input (two quadruplings, as `tests/support/growth.ts`), as growth per 4x (the square
 * root), flagged above 6; and over any single 4x, flagged above 10. One GC step (a tree that
 * outgrows V8's young generation between two sizes costs up to twice per byte) reads 8 over 4x
 * and 5.7 over 16x; code of n^1.5 reads 8 on both, quadratic code 16.
 */
import { archiveKeyFor, DEFAULT_MAX_BYTES, isRejection, processWire } from "@newswire/core";
import { type AttackCase, CASES } from "./attack/cases.js";
import { findProblems } from "./attack/check.js";

const MB = 1 << 20;
const meta = { receivedAt: "2024-05-17T10:00:00Z", feed: "attack" };
const maxSize = Math.min(Number(process.env.ATTACK_MAX ?? DEFAULT_MAX_BYTES), DEFAULT_MAX_BYTES);
const filter = new RegExp(process.env.ATTACK_FILTER ?? ".", "i");
/** A size past which the next doubling is not run: the case is already far too slow. */
const GIVE_UP_MS = 4_000;
/** Growth per 4x of input, judged over 16x of input. */
const RATIO_LIMIT = 6;
/** Growth over one 4x of input: above one GC step (8), below quadratic (16). */
const STEP_LIMIT = 10;
const AMPLIFICATION_LIMIT = 4;

const sizes: number[] = [];
for (let n = 16 * 1024; n < maxSize; n *= 2) sizes.push(n);
sizes.push(maxSize - 1024);

function bytesOf(input: Uint8Array | string): Uint8Array {
  return typeof input === "string" ? new TextEncoder().encode(input) : input;
}

function cpuMs(run: () => unknown): number {
  const start = process.cpuUsage();
  run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

interface Point {
  bytes: number;
  ms: number;
  out: number;
}

const metaOf = (c: AttackCase) => (c.contentType ? { ...meta, contentType: c.contentType } : meta);
const inputOf = (c: AttackCase, n: number) => bytesOf(c.make(n)).subarray(0, maxSize);

/** CPU ms of one run at each of two sizes, interleaved, best of `trials` each. */
function remeasure(c: AttackCase, a: number, b: number, trials = 5): [number, number] {
  const [small, large] = [inputOf(c, a), inputOf(c, b)];
  const m = metaOf(c);
  const reps = Math.max(1, Math.round(large.length / small.length));
  let [ta, tb] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let t = 0; t < trials; t++) {
    ta = Math.min(
      ta,
      cpuMs(() => {
        for (let r = 0; r < reps; r++) processWire(small, m);
      }) / reps,
    );
    tb = Math.min(
      tb,
      cpuMs(() => processWire(large, m)),
    );
  }
  return [ta, tb];
}

/** Growth of time over the points i and i + span (2: 4x, 4: 16x), per 4x of input. */
function growth(points: Point[], span: number): { ratio: number; at: number } {
  let worst = { ratio: 0, at: -1 };
  for (let i = 0; i + span < points.length; i++) {
    const [a, b] = [points[i] as Point, points[i + span] as Point];
    if (a.ms < 2 || b.bytes < 0.75 * 2 ** span * a.bytes) continue; // too small to tell from noise
    const per4 = ((b.ms / a.ms) ** (2 / span) / (b.bytes / a.bytes) ** (2 / span)) * 4;
    if (per4 > worst.ratio) worst = { ratio: per4, at: i };
  }
  return worst;
}

/** Growth on a span, re-measured where it is above `limit` (the points are updated). */
function judged(c: AttackCase, points: Point[], span: number, limit: number): number {
  const g = growth(points, span);
  if (g.ratio <= limit || g.at < 0) return g.ratio;
  const [a, b] = [points[g.at] as Point, points[g.at + span] as Point];
  const [ta, tb] = remeasure(c, a.bytes, b.bytes);
  a.ms = Math.min(a.ms, ta);
  b.ms = Math.min(b.ms, tb);
  return growth(points, span).ratio;
}

function measure(c: AttackCase, n: number): { point: Point; problems: string[]; outcome: string } {
  const bytes = inputOf(c, n);
  const m = metaOf(c);
  let result = processWire(bytes, m);
  const first = cpuMs(() => {
    result = processWire(bytes, m);
  });
  // Small inputs are repeated so each trial costs tens of milliseconds; best of three.
  const reps = Math.max(1, Math.min(64, Math.floor(30 / Math.max(first, 0.01))));
  let best = first;
  for (let t = 0; t < (first > 1_000 ? 0 : 3); t++) {
    best = Math.min(
      best,
      cpuMs(() => {
        for (let r = 0; r < reps; r++) processWire(bytes, m);
      }) / reps,
    );
  }
  const problems = findProblems(result).map((f) => `${f.path}: ${f.problem} ${f.sample}`);
  if (!isRejection(result) && result.source.archiveKey !== archiveKeyFor(bytes, m))
    problems.push(
      `source.archiveKey ${result.source.archiveKey} is not the archiver's ${archiveKeyFor(bytes, m)}`,
    );
  const out = JSON.stringify(result).length / bytes.length;
  return {
    point: { bytes: bytes.length, ms: best, out },
    problems,
    outcome: isRejection(result) ? result.code : "story",
  };
}

const flagged: string[] = [];
let worstPerMb = 0;
let worstCase = "";
let worstRatio = 0;
let worstStep = 0;
let worstOut = 0;
const header = [
  "case".padEnd(44),
  ...sizes.map((s) => `${Math.round(s / 1024)}K`.padStart(7)),
  " ×4 (16x)",
  "  ×4 step",
  " out/in",
  "  result",
];
console.log(header.join(""));
console.log(`${"".padEnd(44)}${sizes.map(() => "  ms/MB").join("")}`);
for (const c of CASES) {
  if (!filter.test(c.name)) continue;
  const points: Point[] = [];
  const outcomes = new Set<string>();
  const problems = new Set<string>();
  for (const n of sizes) {
    const r = measure(c, n);
    points.push(r.point);
    outcomes.add(r.outcome);
    for (const p of r.problems) problems.add(p);
    if (r.point.ms > GIVE_UP_MS) break;
    // A case of fixed size (built once) is measured once.
    if (points.length > 1 && r.point.bytes === points[points.length - 2]?.bytes) break;
  }
  const step = judged(c, points, 2, STEP_LIMIT);
  const ratio = judged(c, points, 4, RATIO_LIMIT);
  const perMb = points.map((p) => p.ms / (p.bytes / MB));
  // A story has a fixed overhead (ids, metadata, lifecycle) that dwarfs a tiny input: the
  // multiple is judged from 16 KB up.
  const out = Math.max(0, ...points.filter((p) => p.bytes >= 16 * 1024).map((p) => p.out));
  const big = points.filter((p) => p.bytes >= 256 * 1024);
  for (const p of big) {
    const rate = p.ms / (p.bytes / MB);
    if (rate > worstPerMb) [worstPerMb, worstCase] = [rate, c.name];
  }
  worstRatio = Math.max(worstRatio, ratio);
  worstStep = Math.max(worstStep, step);
  worstOut = Math.max(worstOut, out);
  const cells = sizes.map((_, i) =>
    (perMb[i] === undefined ? "" : perMb[i].toFixed(0)).padStart(7),
  );
  console.log(
    `${c.name.slice(0, 43).padEnd(44)}${cells.join("")}${(ratio ? ratio.toFixed(1) : "-").padStart(9)}${(step ? step.toFixed(1) : "-").padStart(10)}${out.toFixed(2).padStart(7)}  ${[...outcomes].join(",")}`,
  );
  if (ratio > RATIO_LIMIT)
    flagged.push(`${c.name}: time grows ${ratio.toFixed(1)}x per 4x input over 16x of input`);
  if (step > STEP_LIMIT)
    flagged.push(`${c.name}: time grows ${step.toFixed(1)}x over one 4x of input`);
  if ((points[points.length - 1]?.ms ?? 0) > GIVE_UP_MS && points.length < sizes.length)
    flagged.push(`${c.name}: over ${GIVE_UP_MS} ms at ${points[points.length - 1]?.bytes} bytes`);
  if (out > AMPLIFICATION_LIMIT) flagged.push(`${c.name}: output ${out.toFixed(1)}x the input`);
  for (const p of [...problems].slice(0, 5)) flagged.push(`${c.name}: ${p}`);
}
console.log("");
for (const f of flagged) console.log(`FLAG ${f}`);
console.log(
  `ATTACK worst_ms_per_mb=${worstPerMb.toFixed(0)} (${worstCase}) worst_growth_per_4x=${worstRatio.toFixed(1)} worst_step_4x=${worstStep.toFixed(1)} worst_output_ratio=${worstOut.toFixed(2)} flagged=${flagged.length}`,
);
process.exitCode = flagged.length > 0 ? 1 : 0;
