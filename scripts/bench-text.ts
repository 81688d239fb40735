/**
 * The text rules' worst case per megabyte: CPU milliseconds of each rule that reads a whole
 * string (the sanitizer, the cleaners, title case, headline furniture) on 1 MB of each hostile
 * shape, and of processWire on 1 MB plain-text stories built to stress the front and closing
 * matter. Prints figures; not a test (the growth checks in packages/core/src/text/growth.test.ts
 * are the tests). `npm run bench:text`
 *
 * CPU time of this process (process.cpuUsage), least of three runs, after one warm-up run.
 */
import { processWire } from "@newswire/core";
import {
  cleanInline,
  cleanLines,
  foldForCompare,
  stripHeadlineMarkers,
  textOnly,
  titleCaseCaps,
} from "@newswire/core/testing";

const MB = 1 << 20;
const fill = (unit: string, n = MB) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const SHAPES: Record<string, string> = {
  prose: fill("The minister said on Tuesday that talks would resume. "),
  "unclosed tag openers": fill("<a"),
  "less-than runs": fill("<"),
  "unclosed scripts": fill("<script>a"),
  entities: fill("&amp;lt;"),
  "handler look-alikes": fill('onerror="'),
  "script-url look-alikes": fill("javascript"),
  "line separators": fill("a\u2028\u0085"),
  "bidi and surrogates": fill("\u202e\ud800a"),
  "one long word": fill("x"),
  "words in capitals": fill("JOHN O'BRIEN-SMITH AND NTB-AFP "),
};

const RULES: Record<string, (s: string) => unknown> = {
  textOnly,
  cleanInline,
  cleanLines,
  foldForCompare,
  titleCaseCaps,
  stripHeadlineMarkers,
};

function cpuMs(run: () => unknown): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

console.log(`node ${process.version}; CPU ms per 1 MB input, least of 3 runs`);
const names = Object.keys(RULES);
console.log(`${"shape".padEnd(24)}${names.map((n) => n.padStart(22)).join("")}`);
let worst = 0;
for (const [shape, input] of Object.entries(SHAPES)) {
  const row = names.map((n) => {
    const ms = cpuMs(() => (RULES[n] as (s: string) => unknown)(input));
    worst = Math.max(worst, ms);
    return ms.toFixed(1).padStart(22);
  });
  console.log(`${shape.padEnd(24)}${row.join("")}`);
}

const STORIES: Record<string, string> = {
  "prose paragraphs": `Headline\n\n${fill("A sentence of story text that runs on.\n\n")}`,
  "one-line table": `Results\n\n${fill("| a | 1 | 2 |\n")}`,
  "markup in paragraphs": `Headline\n\n${fill("<p>a <b>b</b> <script>x</script> c</p>\n\n")}`,
  "sign-off runs": `Headline\n\nBody text.\n\n${fill("-- AFP\n\n")}`,
  "front matter runs": `Headline\n\n${fill("By Jane Doe\n\nEXTRA\n\n")}`,
  "desk-block runs": `Headline\n\nBody.\n\n${fill("Not for publication\n\n# Notebook\n\n")}`,
};
const meta = { receivedAt: "2024-01-01T00:00:00Z", feed: "bench" };
let worstStory = 0;
for (const [shape, text] of Object.entries(STORIES)) {
  const bytes = new TextEncoder().encode(text);
  const ms = cpuMs(() => processWire(bytes, meta));
  worstStory = Math.max(worstStory, ms / (bytes.length / MB));
  console.log(`processWire, ${shape.padEnd(24)} ${(ms / (bytes.length / MB)).toFixed(1)} ms/MB`);
}
console.log(
  `TEXT worstRuleMsPerMB=${worst.toFixed(1)} worstProcessWireMsPerMB=${worstStory.toFixed(1)}`,
);
