import { describe, expect, it } from "vitest";
import { emptyDraft } from "../draft.js";
import { finishDraft, type SourceContext } from "../finish-draft.js";
import { parsePlainText } from "../parse/parse-plain-text.js";
import { splitUnits } from "../parse/split-units.js";
import { bylineText, isBoilerplate, isTrailer, relatedLine } from "./boilerplate.js";
import { splitCaptionCredit } from "./caption-credit.js";
import { cleanInline, cleanLines, foldForCompare } from "./clean-text.js";
import { parseDateline } from "./dateline-parser.js";
import { deskLine, stripHeadlineMarkers } from "./desk-lines.js";
import { isAgencySignOff, splitRunOnSignOff } from "./sign-off.js";
import { textOnly } from "./text-only.js";
import { titleCaseCaps } from "./title-case.js";

/**
 * Growth checks: the CPU time of a call on 4n characters against n. Linear work gives a ratio
 * near 4, quadratic near 16; the bound leaves room for a loaded machine. CPU time of this
 * process (not wall time), the median ratio of five back-to-back pairs, each run repeated until
 * it takes a few milliseconds, so timer resolution and other processes barely count.
 */
const N = 32_000;
const MAX_RATIO = 10;

function cpuMicros(run: () => void, repeat: number): number {
  const start = process.cpuUsage();
  for (let r = 0; r < repeat; r++) run();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

function growthRatio(make: (n: number) => string, fn: (input: string) => unknown, n = N): number {
  const small = make(n);
  const large = make(4 * n);
  let repeat = 1;
  // Enough repetitions that the small input takes about 2 ms.
  while (repeat < 4096 && cpuMicros(() => fn(small), repeat) < 2000) repeat *= 2;
  // Five pairs, each measured back to back, and the median of their ratios: a burst of load
  // elsewhere moves one pair, not the median.
  const ratios: number[] = [];
  for (let pair = 0; pair < 5; pair++) {
    const s = cpuMicros(() => fn(small), repeat);
    const l = cpuMicros(() => fn(large), repeat);
    ratios.push(l / Math.max(1, s));
  }
  ratios.sort((a, b) => a - b);
  return ratios[2] as number;
}

const repeatTo = (unit: string) => (n: number) => unit.repeat(Math.ceil(n / unit.length));

/** Shapes that break naive scanners: unclosed openers, runs, near-misses of every pattern. */
const HOSTILE: Record<string, (n: number) => string> = {
  "unclosed tag openers": repeatTo("<a"),
  "less-than runs": repeatTo("<"),
  "tags without end": (n) => `<b${"x".repeat(n)}`,
  "unclosed scripts": repeatTo("<script>a"),
  "unclosed comments": repeatTo("<!--a"),
  entities: repeatTo("&amp;lt;"),
  "handler look-alikes": repeatTo("onerror "),
  "handler values": repeatTo('onx="'),
  "script-url look-alikes": repeatTo("javascript"),
  "data-url look-alikes": repeatTo("data:text/"),
  dashes: repeatTo("a -"),
  commas: repeatTo("A, "),
  parentheses: repeatTo("(A"),
  slashes: repeatTo("A/"),
  spaces: (n) => `a${" ".repeat(n)}b`,
  "line separators": repeatTo("a\u2028\u0085"),
  "bidi and surrogates": repeatTo("\u202e\ud800a"),
  words: repeatTo("word "),
};

// Bounded by construction (each reads a fixed window: a dateline head, a short line, a tail):
// checked on the shapes that would make an unbounded pattern backtrack.
const WINDOWED_SHAPES = ["dashes", "commas", "parentheses", "spaces", "words", "slashes"];

describe("the growth check", () => {
  it("tells quadratic work from linear work", () => {
    const pairs = (s: string) => {
      let same = 0;
      for (let i = 0; i < s.length; i++)
        for (let j = i + 1; j < s.length; j++) if (s[i] === s[j]) same++;
      return same;
    };
    expect(growthRatio(repeatTo("ab"), pairs, 1000)).toBeGreaterThan(MAX_RATIO);
    expect(growthRatio(repeatTo("ab"), (s) => s.split("").reverse().join(""), 1000)).toBeLessThan(
      MAX_RATIO,
    );
  });
});

describe("every text rule is linear in its input", () => {
  const whole: Record<string, (s: string) => unknown> = {
    textOnly,
    cleanInline,
    cleanLines,
    foldForCompare,
    titleCaseCaps,
    stripHeadlineMarkers,
  };
  const windowed: Record<string, (s: string) => unknown> = {
    parseDateline,
    isAgencySignOff,
    splitRunOnSignOff,
    deskLine,
    isTrailer: (s) => isTrailer(s),
    isBoilerplate,
    bylineText,
    relatedLine,
    splitCaptionCredit,
  };
  for (const [name, fn] of Object.entries(whole)) {
    it.each(Object.entries(HOSTILE))(`${name} on %s`, (_shape, make) => {
      expect(growthRatio(make, fn)).toBeLessThan(MAX_RATIO);
    });
  }
  for (const [name, fn] of Object.entries(windowed)) {
    it.each(WINDOWED_SHAPES.map((shape) => [shape, HOSTILE[shape] as (n: number) => string]))(
      `${name} on %s`,
      (_shape, make) => {
        expect(growthRatio(make, fn)).toBeLessThan(MAX_RATIO);
      },
    );
  }
});

const CTX: SourceContext = {
  id: "0".repeat(32),
  sha256: "0".repeat(64),
  contentType: "text/plain",
  feed: "growth",
  receivedAt: "2024-01-01T00:00:00Z",
  wireId: null,
  kafka: null,
  archiveExtension: "txt",
};

function finishText(text: string): unknown {
  const draft = parsePlainText(text);
  return finishDraft(draft, CTX);
}

describe("plain-text parsing and finishDraft are linear in their input", () => {
  const stories: Record<string, (n: number) => string> = {
    "many short paragraphs": (n) => `Headline\n\n${repeatTo("A short line.\n\n")(n)}`,
    "one long paragraph": (n) => `Headline\n\n${repeatTo("word ")(n)}`,
    "a table of lines": (n) => `Headline\n\n${repeatTo("| a | 1 |\n")(n)}`,
    "sign-off runs": (n) => `Headline\n\nBody text.\n\n${repeatTo("-- AFP\n\n")(n)}`,
    "trailer runs": (n) => `Headline\n\nBody.\n\n${repeatTo("(Reporting by A B)\n\n")(n)}`,
    "front matter runs": (n) => `Headline\n\n${repeatTo("By Jane Doe\n\nEXTRA\n\n")(n)}`,
    "related-link runs": (n) => `Headline\n\nBody.\n\n${repeatTo("Related news:\n\n")(n)}`,
    "desk-block runs": (n) =>
      `Headline\n\nBody.\n\n${repeatTo("Not for publication\n\n# Notebook\n\n")(n)}`,
    "markup in paragraphs": (n) => `Headline\n\n${repeatTo("<p>a <b>b</b> c</p>\n\n")(n)}`,
    "bullets before no dateline": (n) => `Headline\n\n${repeatTo("* point\n\n")(n)}`,
  };
  it.each(Object.entries(stories))("splitUnits on %s", (_shape, make) => {
    expect(growthRatio(make, splitUnits)).toBeLessThan(MAX_RATIO);
  });
  it.each(Object.entries(stories))("parsePlainText + finishDraft on %s", (_shape, make) => {
    expect(growthRatio(make, finishText)).toBeLessThan(MAX_RATIO);
  });

  it("finishDraft on drafts of many fields", () => {
    const make = (n: number) => String(n);
    const draftOf = (size: string) => {
      const n = Number(size) / 20;
      const d = emptyDraft("nitf");
      d.headline = "Headline";
      d.paragraphs = Array.from({ length: n }, (_, i) => `Paragraph ${i} <i>x</i> text.`);
      d.captions = Array.from({ length: n }, () => ({ text: "A caption", credit: "AFP" }));
      d.metadata.keywords = Array.from({ length: n }, (_, i) => `kw${i}`);
      return d;
    };
    expect(growthRatio(make, (size) => finishDraft(draftOf(size), CTX))).toBeLessThan(MAX_RATIO);
  });
});
