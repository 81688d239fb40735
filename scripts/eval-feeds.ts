/**
 * How well newswire reads real-shaped agency copy: the fixtures in tests/fixtures/feeds (and the
 * corpus), counted per format the way a newsroom would judge a feed: was a story delivered, and
 * are its headline, dateline place and origin agency right; and what share of all field checks
 * pass.
 *
 * Prints a table per format, then one machine-readable line starting `FEEDS `.
 * `npm run eval:feeds` (builds first: the script reads @newswire/core's public build); `--list`
 * also prints every mismatch; `--dir <folder>` counts only the feeds under
 * `tests/fixtures/feeds/<folder>/` (e.g. `--dir heldout`, the blind held-out set), without the
 * corpus.
 */
import { isRejection, processWire } from "@newswire/core";
import {
  attributionMismatches,
  corpusFixtures,
  type Fixture,
  feedFixtures,
  fieldMismatches,
  fold,
} from "../tests/support/fixture-expectations.js";

interface Tally {
  files: number;
  delivered: number;
  headline: [number, number];
  place: [number, number];
  origin: [number, number];
  checks: [number, number];
}

const list = process.argv.includes("--list");
const dirAt = process.argv.indexOf("--dir");
const dir = dirAt >= 0 ? process.argv[dirAt + 1]?.replace(/\/+$/, "") : undefined;
if (dirAt >= 0 && !dir) {
  console.error("eval-feeds: --dir needs a folder below tests/fixtures/feeds/");
  process.exit(2);
}
const tallies = new Map<string, Tally>();
const tally = (format: string): Tally => {
  let t = tallies.get(format);
  if (!t) {
    t = { files: 0, delivered: 0, headline: [0, 0], place: [0, 0], origin: [0, 0], checks: [0, 0] };
    tallies.set(format, t);
  }
  return t;
};
const count = (pair: [number, number], ok: boolean) => {
  pair[1]++;
  if (ok) pair[0]++;
};

function evaluate({ name, bytes, want }: Fixture): void {
  // Rejections and probes that expect nothing of a story (the XXE file) are not feeds.
  if (want.reject || (want.headline === undefined && want.agencies === undefined)) return;
  const story = processWire(bytes, {
    receivedAt: want.receivedAt ?? "2024-01-01T00:00:00Z",
    contentType: want.contentType ?? null,
    feed: "eval",
  });
  const t = tally(want.format ?? (isRejection(story) ? "rejected" : story.source.format));
  t.files++;
  if (isRejection(story)) {
    if (list) console.log(`${name}: rejected ${story.code}: ${story.message}`);
    for (const pair of [t.headline, t.checks]) count(pair, false);
    if (want.dateline?.place !== undefined) count(t.place, false);
    if (want.agencies !== undefined) count(t.origin, false);
    return;
  }
  t.delivered++;
  if (want.headline !== undefined) count(t.headline, fold(story.headline) === fold(want.headline));
  if (want.dateline?.place !== undefined)
    count(t.place, story.dateline.place === want.dateline.place);
  const origins = Object.entries(want.agencies ?? {}).filter(([, roles]) =>
    roles.includes("origin"),
  );
  if (origins.length > 0) {
    count(
      t.origin,
      origins.every(([id]) =>
        story.agencies.some((a) => a.id === id && a.roles.includes("origin")),
      ),
    );
  }
  const fields = fieldMismatches(story, want);
  const agencies = want.agencies === undefined ? [] : attributionMismatches(story, want);
  const checks = Object.keys(want).filter(
    (k) => !["receivedAt", "contentType", "maxMillis"].includes(k),
  );
  t.checks[1] += checks.length;
  t.checks[0] += Math.max(0, checks.length - fields.length - (agencies.length > 0 ? 1 : 0));
  if (list) for (const m of [...fields, ...agencies]) console.log(`${name}: ${m}`);
}

const fixtures =
  dir === undefined
    ? [...feedFixtures(), ...corpusFixtures()]
    : feedFixtures().filter((f) => f.name.startsWith(`${dir}/`));
if (fixtures.length === 0) {
  console.error(`eval-feeds: no fixtures under tests/fixtures/feeds/${dir}/`);
  process.exit(2);
}
for (const fixture of fixtures) evaluate(fixture);

const pct = ([ok, n]: [number, number]) =>
  n === 0 ? "   -  " : `${((100 * ok) / n).toFixed(1).padStart(5)}%`;
console.log("format        files delivered headline  place  origin  checks");
const total: Tally = {
  files: 0,
  delivered: 0,
  headline: [0, 0],
  place: [0, 0],
  origin: [0, 0],
  checks: [0, 0],
};
for (const [format, t] of [...tallies].sort()) {
  console.log(
    `${format.padEnd(12)} ${String(t.files).padStart(6)} ${String(t.delivered).padStart(9)}  ${pct(t.headline)} ${pct(t.place)} ${pct(t.origin)} ${pct(t.checks)}`,
  );
  total.files += t.files;
  total.delivered += t.delivered;
  for (const k of ["headline", "place", "origin", "checks"] as const) {
    total[k][0] += t[k][0];
    total[k][1] += t[k][1];
  }
}
const ratio = ([ok, n]: [number, number]) => (n === 0 ? "na" : (ok / n).toFixed(3));
console.log(
  `FEEDS files=${total.files} delivered=${ratio([total.delivered, total.files])} headline=${ratio(total.headline)} place=${ratio(total.place)} origin=${ratio(total.origin)} checks=${ratio(total.checks)}`,
);
