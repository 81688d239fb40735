// C0/C1 controls except tab and newline, zero-width characters, soft hyphen, BOM, bidi marks.
const INVISIBLE_CHARS =
  "[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u00ad\\u200b-\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2060-\\u2064\\ufeff\\ufffd]";
const INVISIBLE = new RegExp(INVISIBLE_CHARS, "g");
const HAS_INVISIBLE = new RegExp(INVISIBLE_CHARS);
// Any whitespace other than a lone space: what needs collapsing.
const SPACES = /[ \t\r\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+/g;
const NEEDS_SPACING = /[\t\r\n\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]| {2}/;
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;

// Characters below U+0300 (and the general punctuation and currency blocks) are already NFC;
// skipping the ICU call for them keeps cleaning cheap on ordinary copy.
// biome-ignore lint/suspicious/noControlCharactersInRegex: a range that starts at U+0000
const MAY_CHANGE_UNDER_NFC = /[^\u0000-\u02ff\u2010-\u205f\u20a0-\u20cf]/;

function nfc(text: string): string {
  return MAY_CHANGE_UNDER_NFC.test(text) ? text.normalize("NFC") : text;
}

/** NFC, invisible characters removed, all whitespace (newlines too) collapsed to one space. */
export function cleanInline(text: string): string {
  let out = nfc(text);
  if (HAS_INVISIBLE.test(out)) out = out.replace(INVISIBLE, "");
  if (NEEDS_SPACING.test(out)) out = out.replace(SPACES, " ");
  return out.trim();
}

/** Like cleanInline but keeps line structure: newlines normalised, odd spaces made plain. */
export function cleanLines(text: string): string {
  return nfc(text).replace(/\r\n?/g, "\n").replace(INVISIBLE, "").replace(ODD_SPACES, " ");
}

/** Fold typographic quotes and dashes to ASCII, for comparisons only (never for output). */
export function foldForCompare(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Removes trailing characters from `chars` (plus whitespace when `space`). A loop, not `/[...]+$/`:
 * an unanchored-start regex ending in `+$` is quadratic on long runs that do not reach the end.
 */
export function trimEndChars(text: string, chars: string, space = true): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charAt(end - 1);
    if (chars.includes(c) || (space && c.trim() === "")) end--;
    else break;
  }
  return end === text.length ? text : text.slice(0, end);
}
