import type { NormalizedStory } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { emptyStory } from "../../../../tests/support/attribution-snippets.js";
import { attributeAgencies } from "./index.js";

/**
 * Growth checks (issue 11): attribution's cost on hostile copy is linear in its size. Each case
 * is timed at n and 4n characters in CPU time (other processes on the machine do not count), as
 * many repetitions as make the small run take 10 ms, best of five (a loaded machine's caches and
 * collections once pushed a best of three to 11x); linear code gives a ratio
 * near 4 (up to 6 with garbage collection on the larger heap), quadratic code 16.
 */
const N = 32_768;
const RATIO_BOUND = 10;

function cpuMillis(story: NormalizedStory, reps: number, rounds = 5): number {
  let min = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round++) {
    const t = process.cpuUsage();
    for (let i = 0; i < reps; i++) attributeAgencies(story);
    const used = process.cpuUsage(t);
    min = Math.min(min, (used.user + used.system) / 1000);
  }
  return min;
}

function growth(make: (n: number) => NormalizedStory): number {
  const small = make(N);
  const large = make(4 * N);
  attributeAgencies(small);
  attributeAgencies(large);
  let reps = 1;
  while (cpuMillis(small, reps, 1) < 10 && reps < 1024) reps *= 2;
  return cpuMillis(large, reps) / cpuMillis(small, reps);
}

const story = (fields: Partial<NormalizedStory>): NormalizedStory => ({
  ...emptyStory(),
  ...fields,
});
const filler = (n: number, unit: string): string => unit.repeat(Math.ceil(n / unit.length));

/** Hostile shapes for each pass: masking, mention scan, context rules, datelines, sign-offs, metadata. */
const CASES: Array<[string, (n: number) => NormalizedStory]> = [
  [
    "a body with desk@ and one long word",
    (n) => story({ paragraphs: [`Write to desk@ or ${filler(n, "x")} today.`] }),
  ],
  ['"a-" runs after .com', (n) => story({ paragraphs: [`See example.com ${filler(n, "a-")}`] })],
  ['"a." runs after .com', (n) => story({ paragraphs: [`See example.com ${filler(n, "a.")}`] })],
  [
    "an address and a long base64 token",
    (n) => story({ paragraphs: [`Contact desk@afp.com. ${filler(n, "QUZQIFJldXRlcnMg")}=`] }),
  ],
  [
    "@ and # runs",
    (n) => story({ paragraphs: [filler(n, "@#a"), filler(n, "x@y.")], byline: filler(n, "a@b ") }),
  ],
  [
    "one agency named in every clause of a copyright notice",
    (n) => story({ copyright: filler(n, "Copyright AFP; ") }),
  ],
  [
    "a trailer listing one agency over and over",
    (n) => story({ trailers: [`— ${filler(n, "AFP and ")}x`] }),
  ],
  [
    "citations in many paragraphs",
    (n) =>
      story({
        paragraphs: filler(n, "Reuters reported, AFP said and told AP. ||").split("||"),
      }),
  ],
  [
    "one long paragraph of agency names",
    (n) => story({ paragraphs: ["Officials met.", filler(n, "Reuters AFP Xinhua (dpa) /TASS/ ")] }),
  ],
  [
    "a dateline field of brackets and places",
    (n) => story({ dateline: { place: null, date: null, raw: filler(n, "PARIS (AFP) (") } }),
  ],
  [
    "captions with slashed credits",
    (n) =>
      story({
        captions: [{ text: filler(n, "Photo by a/AFP "), credit: filler(n, "REUTERS/") }],
      }),
  ],
  [
    "many metadata parties and a long party value",
    (n) => {
      const s = story({});
      for (let i = 0; i < n / 64; i++) {
        s.metadata.parties.push({ role: "source", value: "AFP", field: "newsItem/infoSource" });
      }
      s.metadata.parties.push({ role: "provider", value: filler(n, "AFP "), field: "provider" });
      s.metadata.infoSources = [filler(n, "Reuters ; ")];
      return s;
    },
  ],
];

describe("attribution cost on hostile copy", () => {
  it.each(CASES)(
    "%s: linear time (4n takes under 10x n)",
    (_name, make) => {
      expect(growth(make)).toBeLessThan(RATIO_BOUND);
    },
    120_000,
  );

  it.each(CASES)("%s: output bounded by a fixed multiple of the input", (_name, make) => {
    const s = make(4 * N);
    const input = JSON.stringify(s).length;
    expect(JSON.stringify(attributeAgencies(s)).length).toBeLessThan(4 * input + 10_000);
  });
});
