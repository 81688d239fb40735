// Removed outright: C0/C1 controls other than the whitespace ones (tab, LF, VT, FF, CR, NEL),
// DEL, soft hyphen, zero-width space, bidi marks, embeddings, overrides and isolates (Unicode
// UAX #9: invisible, and able to reorder what a reader sees), word joiners and invisible
// operators, the Mongolian vowel separator, BOM, replacement character, the BMP noncharacters
// U+FFFE/U+FFFF, lone surrogates (not text in any encoding) and the tag characters
// U+E0000-U+E007F (invisible, used to smuggle text).
const INVISIBLE_CHARS =
  "[\\u0000-\\u0008\\u000e-\\u001f\\u007f-\\u0084\\u0086-\\u009f\\u00ad\\u061c\\u180e\\u200b\\u200e\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb\\ufffd-\\uffff]|\\udb40[\\udc00-\\udc7f]|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]";
const INVISIBLE = new RegExp(INVISIBLE_CHARS, "g");
// One character class, so the common case (nothing to remove) is a single fast scan; any
// surrogate sends the string to the exact pattern above, which keeps valid pairs.
const HAS_INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what it looks for
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffd-\uffff\ud800-\udfff]/;
// Any whitespace other than a lone space: what needs collapsing. U+2028 LINE SEPARATOR,
// U+2029 PARAGRAPH SEPARATOR and NEL (U+0085) are line breaks: a space on one line.
const SPACES = /[ \t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
const NEEDS_SPACING =
  /[\t\n\v\f\r\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]| {2}/;
const ODD_SPACES = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Line breaks in every spelling: CRLF, CR, NEL, VT, FF, U+2028; U+2029 ends a paragraph.
const LINE_BREAKS = /\r\n?|[\v\f\u0085\u2028]/g;
const PARAGRAPH_BREAK = /\u2029/g;

// Characters below U+0300 (and the general punctuation and currency blocks) are already NFC;
// skipping the ICU call for them keeps cleaning cheap on ordinary copy.
// biome-ignore lint/suspicious/noControlCharactersInRegex: a range that starts at U+0000
const MAY_CHANGE_UNDER_NFC = /[^\u0000-\u02ff\u2010-\u205f\u20a0-\u20cf]/;

function nfc(text: string): string {
  return MAY_CHANGE_UNDER_NFC.test(text) ? text.normalize("NFC") : text;
}

/** Invisible characters removed (controls, bidi controls, lone surrogates ...), before NFC. */
export function dropInvisible(text: string): string {
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, "") : text;
}

/** NFC, invisible characters removed, all whitespace (newlines too) collapsed to one space. */
export function cleanInline(text: string): string {
  let out = nfc(dropInvisible(text));
  if (NEEDS_SPACING.test(out)) out = out.replace(SPACES, " ");
  return out.trim();
}

/**
 * Like cleanInline but keeps line structure: every line break spelling made `\n` (U+2029 a
 * blank line), invisible characters removed, odd spaces made plain (tabs kept: they indent).
 */
export function cleanLines(text: string): string {
  return nfc(dropInvisible(text))
    .replace(LINE_BREAKS, "\n")
    .replace(PARAGRAPH_BREAK, "\n\n")
    .replace(ODD_SPACES, " ");
}

// Printable ASCII words with single spaces between them: nothing to fold but the case. Most
// short lines are this, and one test is cheaper than the five passes below.
const ALREADY_FOLDED = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;

/** Fold typographic quotes and dashes to ASCII, for comparisons only (never for output). */
export function foldForCompare(text: string): string {
  if (ALREADY_FOLDED.test(text)) return text.toLowerCase();
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
