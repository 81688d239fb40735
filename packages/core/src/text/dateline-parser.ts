import { MONTH_PATTERN, type PartialDate, parseDateText } from "./dates.js";

export interface ParsedDateline {
  /** The place as a reader writes it: "Santiago", "New Delhi". */
  place: string;
  date: PartialDate | null;
  /** The agency named in parentheses, e.g. "Reuters" in `(Reuters)`. */
  agency: string | null;
  /** The prefix exactly as it appeared, separator included: `SANTIAGO, March 4 (Reuters) -`. */
  raw: string;
  /** The paragraph with the prefix removed. */
  rest: string;
}

// Up to the first separator: a spaced dash (ASCII, en, em, double hyphen, ANPA underscore) or a
// colon right after the place ("New Delhi:"). Bounded: datelines are short.
const PREFIX = /^([^\n:]{2,140}?)(\s+(?:--|[-\u2013\u2014_])|:)\s+(?=\S)/;
const AGENCY = /\s*\(([^()]{1,40})\)$/;
const PLACE_WORD =
  /^(?:\p{Lu}[\p{L}.'\u2019-]*|de|del|da|do|dos|das|es|el|la|le|al|of|on|upon|sur|am|an|der|den|van|von|y)$/u;
const CONNECTORS = new Set([
  "de",
  "del",
  "da",
  "do",
  "dos",
  "das",
  "es",
  "el",
  "la",
  "le",
  "al",
  "of",
  "on",
  "upon",
  "sur",
  "am",
  "an",
  "der",
  "den",
  "van",
  "von",
  "y",
]);
const REGION = /^\p{Lu}[\p{L}.'\u2019 -]{0,30}$/u;
const WEEKDAY = /^(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?$/i;
const DATEISH = new RegExp(`^(?:${MONTH_PATTERN}\\s+\\d|\\d{1,2}\\s+${MONTH_PATTERN})`, "i");
// Words that start a "Label: text" line but are never places.
const NOT_PLACES = new Set([
  "note",
  "notes",
  "update",
  "updated",
  "warning",
  "correction",
  "clarification",
  "photo",
  "photos",
  "video",
  "watch",
  "read",
  "breaking",
  "exclusive",
  "analysis",
  "opinion",
  "comment",
  "live",
  "published",
  "source",
  "sources",
  "summary",
  "advisory",
  "editor",
  "editors",
  "eds",
  "q",
  "a",
  "question",
  "answer",
  "by",
  "also",
  "meanwhile",
  "however",
  "but",
  "and",
  "the",
  "in",
  "on",
  "at",
  "today",
  "yesterday",
  "tomorrow",
  "why",
  "what",
  "how",
  "when",
  "where",
  "who",
  "result",
  "results",
  "background",
  "context",
  "key",
  "quote",
  "fact",
  "facts",
  "highlights",
  "tags",
  "topics",
]);

function titleCase(place: string): string {
  return place
    .toLowerCase()
    .split(" ")
    .map((word, i) =>
      i > 0 && CONNECTORS.has(word)
        ? word
        : word.replace(
            /(^|[-'\u2019.])(\p{L})/gu,
            (_m, sep: string, letter: string) => sep + letter.toUpperCase(),
          ),
    )
    .join(" ");
}

/** `SANTIAGO, March 4 (Reuters) -`, `JAKARTA, Indonesia (AP) —`, `HOUSTON (AP) _`, `New Delhi:`. */
export function parseDateline(paragraph: string): ParsedDateline | null {
  const head = paragraph.slice(0, 200);
  const m = PREFIX.exec(head);
  if (!m?.[1] || !m[2]) return null;
  const separator = m[2].trim();
  let pre = m[1].trim();
  let agency: string | null = null;
  const a = AGENCY.exec(pre);
  if (a?.[1]) {
    agency = a[1].trim();
    pre = pre.slice(0, a.index).trim();
  }
  const parts = pre.split(",").map((p) => p.trim());
  const place = parts[0] ?? "";
  const qualifiers = parts.slice(1);
  if (place.length < 2 || place.length > 40 || qualifiers.length > 3) return null;
  const words = place.split(/\s+/);
  if (words.length > 5 || !words.every((w) => PLACE_WORD.test(w))) return null;
  if (!/^\p{Lu}/u.test(place)) return null;
  let date: PartialDate | null = null;
  for (const q of qualifiers) {
    if (!q) return null;
    if (DATEISH.test(q)) {
      const d = parseDateText(q);
      if (!d) return null;
      date ??= d;
    } else if (!WEEKDAY.test(q) && !REGION.test(q)) {
      return null;
    }
  }
  const allCaps = !/\p{Ll}/u.test(place) && /\p{Lu}.*\p{Lu}/u.test(place);
  const colon = separator === ":";
  const accepted =
    agency !== null ||
    date !== null ||
    (allCaps && !colon) ||
    (colon &&
      qualifiers.length === 0 &&
      words.length <= 3 &&
      !NOT_PLACES.has(words[0]?.toLowerCase() ?? ""));
  if (!accepted) return null;
  // "TORONTO: Thomson..." is a dateline; "Toronto: a city guide" is not a story opening.
  const rest = paragraph.slice(m[0].length);
  if (colon && !/^[\p{Lu}\d"\u201c'\u2018]/u.test(rest)) return null;
  return {
    place: allCaps ? titleCase(place) : place,
    date,
    agency,
    raw: paragraph.slice(0, m[0].length).trim(),
    rest,
  };
}
