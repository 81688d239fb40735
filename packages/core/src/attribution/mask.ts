/**
 * URLs, e-mail addresses, social handles and bare domains, blanked out (same length, offsets
 * kept) so that an agency name inside them ("desk@reuters.com", "www.afp.com/en", "@AP") is
 * never a mention.
 *
 * A scan, not a regex: an address pattern with unbounded runs on both sides of "@" or "." is
 * tried at every start position inside a long word and goes quadratic (a body holding "desk@"
 * and one 256 KB word took 30 s). Here every character is visited a fixed number of times:
 * the text splits into tokens (runs between spaces, brackets and quotes), and each token that
 * holds "@", "#", "." or "://" is read left to right once per kind of address. Spans are kept
 * as flat start/end pairs: hostile copy can hold one address every three characters.
 */

/** Top-level domains a bare domain ("reuters.com", "news.cn") must end in to be masked. */
const TLDS: ReadonlySet<string> = new Set(
  (
    "com org net gov edu info io co news tv cn ru de fr it es jp kr in pk au ca uk tr ir ae sa qa " +
    "kw eg gr ch nl be at cz pl bg ua si hr hu pt vn ph sy jo bd no fi se dk my id ng za ar mx br " +
    "pe cu ma dz tn ke la kh np kp tw by rs ps iq eu"
  ).split(" "),
);

/** What opens a URL (at a word boundary); the URL runs to the end of its token. */
const URL_PREFIXES = ["http://", "https://", "www."];

/** A domain is at most this many labels (RFC 1035 allows more; wire copy never prints more). */
const MAX_LABELS = 8;

/** Cheap test for anything worth scanning; most copy has no URL or address at all. */
const HINT = /[@#]|:\/\/|www\.|\.[a-z]{2,6}\b/;
/** A token: a run of characters that can belong to one address. */
const TOKEN = /[^\s<>"'()]+/g;
const TOKEN_HINT = /[@#.]|:\/\//;
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

/**
 * Start/end pairs of one kind of address in one token, in order of start. The kinds, in the
 * order that wins when two start at one position: URL, e-mail address or handle, domain.
 */
type Spans = number[];

function urlSpans(text: string, token: string, s: number, out: Spans): void {
  let first = token.length;
  for (const prefix of URL_PREFIXES) {
    // Searched in the token alone: a search of the whole text per token would be quadratic.
    for (let k = token.indexOf(prefix); k !== -1 && k < first; k = token.indexOf(prefix, k + 1)) {
      if (k === 0 || !asciiWord(text, s + k - 1)) {
        first = k;
        break;
      }
    }
  }
  if (first < token.length) out.push(s + first, s + token.length);
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

const AT_OR_HASH = /[@#]/g;

/** E-mail addresses and @handles/#tags: both open at an "@" or "#", so they come out in order. */
function addressSpans(text: string, token: string, s: number, out: Spans): void {
  const e = s + token.length;
  AT_OR_HASH.lastIndex = 0;
  for (let hit = AT_OR_HASH.exec(token); hit !== null; hit = AT_OR_HASH.exec(token)) {
    const a = s + hit.index;
    if (hit[0] === "@") {
      let ls = a;
      // The walk back stops at the previous "@" or "#", which are no local-part characters.
      while (ls > s && localChar(text, ls - 1)) ls--;
      if (ls < a && a + 1 < e && labelChar(text, a + 1)) {
        const { end, dots } = dottedEnd(text, a + 1, e);
        if (dots > 0) {
          out.push(ls, end);
          continue;
        }
      }
    }
    if (!(a > 0 && letterOrDigit(text, a - 1))) {
      let h = a + 1;
      while (h < e && handleChar(text, h)) h++;
      if (h > a + 1) out.push(a, h);
    }
  }
}

// Label bounds and TLD flags of the dotted run being read, reused across runs.
const runStarts: number[] = [];
const runEnds: number[] = [];
const runTld: boolean[] = [];

function domainSpans(text: string, s: number, e: number, out: Spans): void {
  let i = s;
  while (i < e) {
    // Every visited position follows a non-label character: a run is read whole, then skipped.
    if (!labelChar(text, i)) {
      i++;
      continue;
    }
    runStarts.length = 0;
    runEnds.length = 0;
    runTld.length = 0;
    let d = i;
    for (;;) {
      const from = d;
      while (d < e && labelChar(text, d)) d++;
      runStarts.push(from);
      runEnds.push(d);
      runTld.push(runStarts.length > 1 && TLDS.has(text.slice(from, d)) && !asciiWord(text, d));
      if (d + 1 < e && text.charCodeAt(d) === 46 && labelChar(text, d + 1)) d++;
      else break;
    }
    if (runStarts.length > 1) hostSpans(text, e, out);
    i = d;
  }
}

/** In the dotted run just read, each host ending in the last known TLD within MAX_LABELS labels. */
function hostSpans(text: string, e: number, out: Spans): void {
  let first = 0;
  while (first < runStarts.length) {
    let last = -1;
    for (let k = first + 1; k < Math.min(runStarts.length, first + MAX_LABELS); k++) {
      if (runTld[k]) last = k;
    }
    if (last < 0) {
      first++;
      continue;
    }
    let end = runEnds[last] ?? 0;
    if (text.charCodeAt(end) === 47 /* / */) end = e;
    out.push(runStarts[first] ?? 0, end);
    first = last + 1;
  }
}

const urls: Spans = [];
const addresses: Spans = [];
const domains: Spans = [];
const KINDS = [urls, addresses, domains];

/**
 * The text with every address blanked to spaces. Linear: each token is read a fixed number of
 * times; `hostSpans` looks at most MAX_LABELS labels ahead of each label.
 */
export function maskAddresses(text: string): string {
  if (!HINT.test(text)) return text;
  const parts: string[] = [];
  let at = 0;
  TOKEN.lastIndex = 0;
  for (let t = TOKEN.exec(text); t !== null; t = TOKEN.exec(text)) {
    const token = t[0];
    if (!TOKEN_HINT.test(token)) continue;
    const s = t.index;
    for (const kind of KINDS) kind.length = 0;
    if (token.includes("://") || token.includes("www.")) urlSpans(text, token, s, urls);
    if (token.includes("@") || token.includes("#")) addressSpans(text, token, s, addresses);
    if (token.includes(".")) domainSpans(text, s, s + token.length, domains);
    // Each kind is in order of start: a merge takes the leftmost span (the earlier kind at one
    // start) and drops what it covers, as one alternation regex would.
    const next = [0, 0, 0];
    let covered = s;
    for (;;) {
      let pick = -1;
      for (let k = 0; k < KINDS.length; k++) {
        const start = KINDS[k]?.[next[k] ?? 0];
        const best = pick < 0 ? undefined : KINDS[pick]?.[next[pick] ?? 0];
        if (start !== undefined && (best === undefined || start < best)) pick = k;
      }
      if (pick < 0) break;
      const i = next[pick] ?? 0;
      next[pick] = i + 2;
      const start = KINDS[pick]?.[i] ?? 0;
      const end = KINDS[pick]?.[i + 1] ?? 0;
      if (start < covered) continue;
      parts.push(text.slice(at, start), " ".repeat(end - start));
      at = covered = end;
    }
  }
  if (at === 0) return text;
  parts.push(text.slice(at));
  return parts.join("");
}
