/**
 * Agency attribution quality: precision, recall and F1 over (agency, role) pairs.
 *
 * - corpus: every story in tests/fixtures/corpus with attribution expectations, run through
 *   processWire. A reported pair listed in `optionalRoles` counts neither as a false positive
 *   nor as a false negative; any other reported pair not in `agencies` is a false positive.
 * - feeds: the same for the real-shaped agency files in tests/fixtures/feeds (sidecars).
 * - snippets: the attribution snippet tables, each snippet placed in its field of an otherwise
 *   empty story (see tests/support/attribution-snippets.ts).
 *
 * Prints a table per set and per role, then one machine-readable line starting `EVAL `.
 * `npm run eval:attribution` builds first: this reads core through its public exports.
 */
import { attributeAgencies, isRejection, processWire } from "@newswire/core";
import type { AgencyAttribution } from "@newswire/schemas";
import {
  expectedPairs,
  pairsOf,
  readSnippetTable,
  snippetStory,
  snippetTableFiles,
} from "../tests/support/attribution-snippets.js";
import {
  corpusFixtures,
  type Expectation,
  type Fixture,
  feedFixtures,
} from "../tests/support/fixture-expectations.js";

interface Case {
  readonly name: string;
  readonly reported: Set<string>;
  readonly expected: Set<string>;
  readonly optional: Set<string>;
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

const pairList = (m: Expectation["agencies"]): string[] =>
  Object.entries(m ?? {}).flatMap(([id, roles]) => roles.map((r) => `${id}:${r}`));

function fixtureCases(fixtures: readonly Fixture[]): Case[] {
  const cases: Case[] = [];
  for (const { name, bytes, want } of fixtures) {
    if (want.reject === true || want.agencies === undefined) continue;
    const story = processWire(bytes, {
      receivedAt: want.receivedAt,
      contentType: want.contentType ?? null,
      feed: "eval",
    });
    const agencies: AgencyAttribution[] = isRejection(story) ? [] : story.agencies;
    cases.push({
      name,
      reported: pairsOf(agencies),
      expected: new Set(pairList(want.agencies)),
      optional: new Set(pairList(want.optionalRoles)),
    });
  }
  return cases;
}

function snippetCases(file: string): Case[] {
  return readSnippetTable(file).map((s) => ({
    name: `${file}:${s.line}`,
    reported: pairsOf(attributeAgencies(snippetStory(s))),
    expected: expectedPairs(s.expected),
    optional: new Set<string>(),
  }));
}

function score(cases: readonly Case[], role?: string): Score & { errors: string[] } {
  const s = { tp: 0, fp: 0, fn: 0, errors: [] as string[] };
  const keep = (pair: string): boolean => role === undefined || pair.endsWith(`:${role}`);
  for (const c of cases) {
    for (const pair of c.reported) {
      if (!keep(pair) || c.optional.has(pair)) continue;
      if (c.expected.has(pair)) s.tp++;
      else {
        s.fp++;
        s.errors.push(`FP ${c.name} ${pair}`);
      }
    }
    for (const pair of c.expected) {
      if (keep(pair) && !c.reported.has(pair)) {
        s.fn++;
        s.errors.push(`FN ${c.name} ${pair}`);
      }
    }
  }
  return s;
}

function prf(s: Score): { precision: number; recall: number; f1: number } {
  const precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  const recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

const fmt = (x: number): string => x.toFixed(3);
const feeds = fixtureCases(feedFixtures());
const sets: Array<[string, Case[]]> = [
  ["corpus", fixtureCases(corpusFixtures())],
  ...(feeds.length > 0 ? [["feeds", feeds] as [string, Case[]]] : []),
  ...snippetTableFiles().map((f): [string, Case[]] => [f.replace(/\.tsv$/, ""), snippetCases(f)]),
];

const rows: string[] = [];
const summary: Record<string, unknown> = {};
rows.push(
  `${"set".padEnd(24)}${"role".padEnd(13)}${"cases".padStart(6)}${"TP".padStart(6)}${"FP".padStart(5)}${"FN".padStart(5)}${"P".padStart(8)}${"R".padStart(8)}${"F1".padStart(8)}`,
);
const errors: string[] = [];
for (const [name, cases] of sets) {
  for (const role of [undefined, "origin", "contributor", "photo", "copyright", "cited"]) {
    const s = score(cases, role);
    if (role !== undefined && s.tp + s.fp + s.fn === 0) continue;
    const m = prf(s);
    rows.push(
      `${name.padEnd(24)}${(role ?? "all").padEnd(13)}${String(cases.length).padStart(6)}${String(s.tp).padStart(6)}${String(s.fp).padStart(5)}${String(s.fn).padStart(5)}${fmt(m.precision).padStart(8)}${fmt(m.recall).padStart(8)}${fmt(m.f1).padStart(8)}`,
    );
    if (role === undefined) {
      summary[name] = { cases: cases.length, tp: s.tp, fp: s.fp, fn: s.fn, ...m };
      errors.push(...s.errors);
    }
  }
}
console.log(rows.join("\n"));
if (errors.length > 0) console.log(`\n${errors.join("\n")}`);
console.log(`EVAL ${JSON.stringify(summary)}`);
