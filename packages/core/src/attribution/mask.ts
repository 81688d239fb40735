/**
 * URLs, e-mail addresses, social handles and bare domains, blanked out (same length, offsets
 * kept) so that an agency name inside them ("desk@reuters.com", "www.afp.com/en", "@AP") is
 * never a mention.
 *
 * A scan, not a regex: an address pattern with unbounded runs on both sides of "@" or "." is
 * tried at every start position inside a long word and goes quadratic (a body holding "desk@"
 * and one 256 KB word took 30 s). Here every character is visited a fixed number of times:
 * the text splits into tokens (runs between spaces, brackets and quotes), and each token that
 * holds "@", "#", "." or "/" is read left to right once per kind of address.
 */

/** Top-level domains a bare domain ("reuters.com", "news.cn") must end in to be masked. */
const TLDS: ReadonlySet<string> = new Set(
  (
    "com org net gov edu info io co news tv cn ru de fr it es jp kr in pk au ca uk tr ir ae sa qa " +
    "kw eg gr ch nl be at cz pl bg ua si hr hu pt vn ph sy jo bd no fi se dk my id ng za ar mx br " +
    "pe cu ma dz tn ke la kh np kp tw by rs ps iq eu"
  ).split(" "),
);

/** A domain is at most this many labels (RFC 1035 allows more; wire copy never prints more). */
const MAX_LABELS = 8;

/** Cheap test for anything worth scanning; most copy has no URL or address at all. */
const HINT = /[@#]|:\/\/|www\.|\.[a-z]{2,6}\b/;
/** A token: a run of characters that can belong to one address. */
const TOKEN = /[^\s<>"'()]+/g;
const TOKEN_HINT = /[@#./]/;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function letterOrDigit(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER_OR_DIGIT.test(text.charAt(i));
}

/** A domain label character: letter, digit, hyphen. */
function labelChar(text: string, i: number): boolean {
  return text.charCodeAt(i) === 45 || letterOrDigit(text, i);
}

/** An address's local part: letters, digits and `._%+-` (RFC 5322 dot-atom, the common subset). */
function localChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === 46 || c === 95 || c === 37 || c === 43 || c === 45 || letterOrDigit(text, i);
}

function handleChar(text: string, i: number): boolean {
  return text.charCodeAt(i) === 95 || letterOrDigit(text, i);
}

/** An ASCII word character, as a regex `\b` sees it. */
function asciiWord(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 /* _ */;
}

/** Start, end, priority (lower wins at one start): URL, e-mail, handle, domain. */
type Span = [start: number, end: number, priority: number];

function urlSpans(text: string, s: number, e: number, out: Span[]): void {
  for (let k = s; k < e - 3; k++) {
    const c = text.charCodeAt(k);
    if (c !== 104 /* h */ && c !== 119 /* w */) continue;
    if (k > s && asciiWord(text, k - 1)) continue;
    if (
      text.startsWith("http://", k) ||
      text.startsWith("https://", k) ||
      text.startsWith("www.", k)
    ) {
      out.push([k, e, 0]);
      return;
    }
  }
}

/** The end of `label(.label)*` from `from`, and how many dots it crossed; labels must be non-empty. */
function dottedEnd(text: string, from: number, e: number): { end: number; dots: number } {
  let d = from;
  while (d < e && labelChar(text, d)) d++;
  let dots = 0;
  while (d + 1 < e && text.charCodeAt(d) === 46 && labelChar(text, d + 1)) {
    d++;
    while (d < e && labelChar(text, d)) d++;
    dots++;
  }
  return { end: d, dots };
}

function emailAndHandleSpans(text: string, s: number, e: number, out: Span[]): void {
  for (let a = s; a < e; a++) {
    const c = text.charCodeAt(a);
    if (c === 64 /* @ */) {
      let ls = a;
      // The walk back stops at the previous "@", which is no local-part character.
      while (ls > s && localChar(text, ls - 1)) ls--;
      if (ls < a && a + 1 < e && labelChar(text, a + 1)) {
        const { end, dots } = dottedEnd(text, a + 1, e);
        if (dots > 0) out.push([ls, end, 1]);
      }
    }
    if ((c === 64 || c === 35) /* @ # */ && !(a > 0 && letterOrDigit(text, a - 1))) {
      let h = a + 1;
      while (h < e && handleChar(text, h)) h++;
      if (h > a + 1) out.push([a, h, 2]);
    }
  }
}

function domainSpans(text: string, s: number, e: number, out: Span[]): void {
  let i = s;
  while (i < e) {
    // Every visited position follows a non-label character: a run is read whole, then skipped.
    if (!labelChar(text, i)) {
      i++;
      continue;
    }
    // One dotted run: its labels' bounds, read once.
    const starts: number[] = [];
    const ends: number[] = [];
    let d = i;
    for (;;) {
      const from = d;
      while (d < e && labelChar(text, d)) d++;
      starts.push(from);
      ends.push(d);
      if (d + 1 < e && text.charCodeAt(d) === 46 && labelChar(text, d + 1)) d++;
      else break;
    }
    maskRun(text, starts, ends, e, out);
    i = d;
  }
}

/** In one dotted run, the host ending in the last known TLD within MAX_LABELS labels. */
function maskRun(
  text: string,
  starts: readonly number[],
  ends: readonly number[],
  e: number,
  out: Span[],
): void {
  const isTld = (k: number): boolean =>
    TLDS.has(text.slice(starts[k] ?? 0, ends[k] ?? 0)) && !asciiWord(text, ends[k] ?? 0);
  let first = 0;
  while (first < starts.length) {
    let tld = -1;
    for (let k = first + 1; k < Math.min(starts.length, first + MAX_LABELS); k++) {
      if (isTld(k)) tld = k;
    }
    if (tld < 0) {
      first++;
      continue;
    }
    const start = starts[first] ?? 0;
    let end = ends[tld] ?? 0;
    if (text.charCodeAt(end) === 47 /* / */) end = e;
    out.push([start, end, 3]);
    first = tld + 1;
  }
}

/**
 * The text with every address blanked to spaces. Linear: each token is read a fixed number of
 * times; the runs of `maskRun` look at most MAX_LABELS labels ahead of each label.
 */
export function maskAddresses(text: string): string {
  if (!HINT.test(text)) return text;
  const spans: Span[] = [];
  TOKEN.lastIndex = 0;
  for (let t = TOKEN.exec(text); t !== null; t = TOKEN.exec(text)) {
    if (!TOKEN_HINT.test(t[0])) continue;
    const s = t.index;
    const e = s + t[0].length;
    const found: Span[] = [];
    urlSpans(text, s, e, found);
    emailAndHandleSpans(text, s, e, found);
    domainSpans(text, s, e, found);
    found.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
    let covered = s;
    for (const span of found) {
      if (span[0] < covered) continue;
      spans.push(span);
      covered = span[1];
    }
  }
  if (spans.length === 0) return text;
  let out = "";
  let at = 0;
  for (const [start, end] of spans) {
    out += text.slice(at, start) + " ".repeat(end - start);
    at = end;
  }
  return out + text.slice(at);
}
