/**
 * Line-level helpers shared by the wire framings (ANPA-1312, IPTC 7901): splitting on any line
 * end, control characters to spaces, one pass each.
 */

/** Lines on CR LF, CR or LF. Linear: one scan, substrings only. */
export function splitLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      lines.push(text.slice(start, i));
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  lines.push(text.slice(start));
  return lines;
}

/** C0 controls (tab included), C1 controls and DEL as spaces, runs as one, trimmed. */
export function controlsToSpaces(line: string): string {
  // Runs between controls are sliced, not copied a character at a time.
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 0x20;
    if (c <= 0x20 || c === 0x7f || (c >= 0x80 && c <= 0x9f)) {
      if (i > start) words.push(line.slice(start, i));
      start = i + 1;
    }
  }
  return words.join(" ");
}

/** True when the line holds any C0 control other than tab. */
export function hasControl(line: string, codes: ReadonlySet<number>): boolean {
  for (let i = 0; i < line.length; i++) if (codes.has(line.charCodeAt(i))) return true;
  return false;
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
