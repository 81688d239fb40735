/**
 * Line-level helpers shared by the wire framings (ANPA-1312, IPTC 7901): splitting on any line
 * end, control characters to spaces, one pass each.
 */

/** Lines on CR LF, CR or LF (one native split: the pattern has no overlapping quantifiers). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n?|\n/);
}

// Anything controlsToSpaces would change: a control, DEL or C1, a run of spaces, an edge space.
// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what it looks for
const NEEDS_SPACING = /[\x00-\x1f\x7f-\x9f]|\x20\x20|^\x20|\x20$/;

export function controlsToSpaces(line: string): string {
  // most lines are clean already: one native scan decides
  if (!NEEDS_SPACING.test(line)) return line;
  return line.replace(CONTROL_RUNS, " ").trim();
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what it replaces
const CONTROL_RUNS = /[\x00-\x20\x7f-\x9f]+/g;

/** True when the line holds a character that `codes` matches (a precompiled character class). */
export function hasControl(line: string, codes: RegExp): boolean {
  return codes.test(line);
}

/** Strips trailing characters of `chars` and whitespace (a loop: no `[...]+$` backtracking). */
export function trimEnd(text: string, chars: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charAt(end - 1);
    if (chars.includes(c) || c.trim() === "") end--;
    else break;
  }
  return text.slice(0, end);
}

/** A line of only whitespace. */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 0x20) return false;
  return true;
}

/** `1st`, `2nd`, `3rd`, `4th` ... or `FIRST` ... `TENTH` as a number (a writethru or lead count). */
export function ordinal(word: string): number | null {
  const digits = /^(\d{1,2})(?:st|nd|rd|th)$/i.exec(word);
  if (digits?.[1]) return Number(digits[1]);
  const index = ORDINAL_WORDS.indexOf(word.toLowerCase());
  return index >= 0 ? index + 1 : null;
}

/**
 * The first ordinal that `pattern`'s group 1 captures from `values`: the lead or writethru
 * number in `1st Ld-Writethru`, `2ND LEAD`.
 */
export function firstOrdinal(values: readonly string[], pattern: RegExp): number | null {
  for (const v of values) {
    const word = pattern.exec(v.slice(0, 200))?.[1];
    const n = word ? ordinal(word) : null;
    if (n !== null) return n;
  }
  return null;
}

const ORDINAL_WORDS = [
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
];
