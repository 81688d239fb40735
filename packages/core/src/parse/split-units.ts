import { cleanLines } from "../text/clean-text.js";

const INDENTED = /^(?:\t| {2,})\S/;

// A full stop that ends an abbreviation, not a sentence: "U.S.", "Mr.", "Corp.".
const ABBREVIATION_END =
  /(?:^|[\s("\u201c])(?:(?:\p{Lu}\.){1,3}|Mr|Mrs|Ms|Dr|St|Inc|Corp|Co|Ltd|Jr|Sr|No|vs|Gen|Sen|Rep|Gov|Prof|Lt|Col|Sgt|Capt)\.$/u;
const SENTENCE_END = /[.!?:]["\u201d\u2019')]?$/;
const STARTS_LOWER = /^\p{Ll}/u;

function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 2) return false;
  let max = 0;
  for (const l of lines) max = Math.max(max, l.length);
  if (max > 110) return false;
  const floor = Math.max(45, max * 0.7);
  let sentenceEnds = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] as string;
    if (line.length < floor) return false;
    // A line is a whole sentence only if it ends like one and the next starts like one.
    const tail = line.slice(-12);
    if (
      SENTENCE_END.test(tail) &&
      !ABBREVIATION_END.test(tail) &&
      !STARTS_LOWER.test(lines[i + 1] as string)
    )
      sentenceEnds++;
  }
  // Every line a complete sentence: one-line paragraphs, not a wrapped one.
  return sentenceEnds < lines.length - 1;
}

/**
 * Plain text to paragraph units. Blank lines separate blocks; inside a block, indented lines start
 * paragraphs (ANPA/teletype style), a hard-wrapped block (lines of similar width) is one paragraph,
 * and otherwise every line stands alone (a headline, a byline, a date line, a caption).
 */
export function splitUnits(text: string): string[] {
  const units: string[] = [];
  let block: string[] = [];
  const flush = () => {
    if (block.length === 0) return;
    const indented = block.filter((l) => INDENTED.test(l)).length;
    if (
      indented >= 2 ||
      (indented === 1 && block.length > 1 && INDENTED.test(block[0] as string))
    ) {
      let current: string[] = [];
      for (const l of block) {
        if (INDENTED.test(l) && current.length > 0) {
          units.push(current.join(" "));
          current = [];
        }
        current.push(l.trim());
      }
      if (current.length > 0) units.push(current.join(" "));
    } else {
      const trimmed = block.map((l) => l.trim());
      if (isHardWrapped(trimmed)) units.push(trimmed.join(" "));
      // One push per line: spreading a block into push() puts every line on the call stack,
      // and a 130,000-line table overflows it.
      else for (const l of trimmed) units.push(l);
    }
    block = [];
  };
  for (const line of cleanLines(text).split("\n")) {
    if (line.trim().length === 0) flush();
    else block.push(line.trimEnd());
  }
  flush();
  return units;
}
