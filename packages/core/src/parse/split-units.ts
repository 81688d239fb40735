import { cleanLines } from "../text/clean-text.js";

const INDENTED = /^(?:\t| {2,})\S/;

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
    if (/[.!?:]["\u201d\u2019')]?$/.test(line)) sentenceEnds++;
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
      else units.push(...trimmed);
    }
    block = [];
  };
  for (const line of cleanLines(text).split("\n")) {
    if (/^\s*$/.test(line)) flush();
    else block.push(line.trimEnd());
  }
  flush();
  return units;
}
