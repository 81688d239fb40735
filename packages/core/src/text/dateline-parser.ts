import { MONTH_PATTERN, type PartialDate, parseDateText } from "./dates.js";

export interface ParsedDateline {
  /** The place as a reader writes it: "Santiago", "New Delhi"; null for `(Bloomberg) --`. */
  place: string | null;
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
const PREFIX = /^([^\n:]{2,140}?)((?:\s+|\s*\.)(?:--|[-\u2013\u2014_])|:)\s+(?=\S)/;
// TASS style: `MOSCOW, May 3. /TASS/.`
const SLASH_AGENCY = /^([^\n/:]{2,100}?)\s*\/(\p{Lu}[\p{L}-]{1,20})\/\.?\s+(?=\S)/u;
// PTI/IANS style, no separator: `NEW DELHI, May 27 (PTI) The ...`
const NO_SEPARATOR = /^([^\n:()]{2,100}?)\s*\(([^()]{1,40})\)\s+(?=[\p{Lu}\d"\u201c\u2018'])/u;
// ANSA/Bloomberg style, agency first: `(ANSA) - ROME, May 3 -`, `(Bloomberg) --`
const LEADING_AGENCY = /^\(([^()]{1,40})\)\s*(?:--|[-\u2013\u2014])\s+/;
// What a credit in a dateline looks like: a name, not a parenthetical remark.
const AGENCY_NAME = /^(?:\p{Lu}[\p{L}\d.&'\u2019-]*(?:\s[\p{L}\d.&'\u2019-]+){0,4}|\p{Ll}{2,6})$/u;
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
const DATEISH = new RegExp(
  `^(?:${MONTH_PATTERN}\\s+\\d|\\d{1,2}\\.?\\s+(?:de\\s+)?${MONTH_PATTERN})`,
  "i",
);
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

/** `SANTIAGO, March 4 (Reuters) -`, `JAKARTA, Indonesia (AP) —`, `HOUSTON (AP) _`, `New Delhi:`,
 * `Madrid, 3 may (EFE).-`, `MOSCOW, May 3. /TASS/.`, `NEW DELHI, May 27 (PTI)`, `(ANSA) - ROME -`,
 * `(Bloomberg) --`. */
export function parseDateline(paragraph: string): ParsedDateline | null {
  const head = paragraph.slice(0, 220);
  const lead = head.startsWith("(") ? LEADING_AGENCY.exec(head) : null;
  if (lead?.[1] && AGENCY_NAME.test(lead[1])) {
    const afterLead = paragraph.slice(lead[0].length);
    const inner = parsePlaceFirst(afterLead);
    if (inner && inner.agency === null) {
      return {
        ...inner,
        agency: lead[1],
        raw: paragraph.slice(0, paragraph.length - inner.rest.length).trim(),
      };
    }
    return { place: null, date: null, agency: lead[1], raw: lead[0].trim(), rest: afterLead };
  }
  return parsePlaceFirst(paragraph);
}

const STARTS_UPPER = /^\p{Lu}/u;

function parsePlaceFirst(paragraph: string): ParsedDateline | null {
  // Every place-first dateline starts with a capital: most paragraphs fail here, cheaply.
  if (!STARTS_UPPER.test(paragraph)) return null;
  const head = paragraph.slice(0, 220);
  const m = PREFIX.exec(head);
  if (m?.[1] && m[2]) {
    const parsed = validate(paragraph, m[1], null, m[2].trim() === ":", m[0].length);
    if (parsed) return parsed;
  }
  const slash = head.indexOf("/");
  const tass = slash > 1 && slash < 110 ? SLASH_AGENCY.exec(head) : null;
  if (tass?.[1] && tass[2]) {
    const parsed = validate(paragraph, tass[1], tass[2], false, tass[0].length);
    if (parsed) return parsed;
  }
  const paren = head.indexOf("(");
  const bare = paren > 1 && paren < 110 ? NO_SEPARATOR.exec(head) : null;
  if (bare?.[1] && bare[2] && AGENCY_NAME.test(bare[2])) {
    return validate(paragraph, bare[1], bare[2], false, bare[0].length);
  }
  return null;
}

function validate(
  paragraph: string,
  prefix: string,
  givenAgency: string | null,
  colon: boolean,
  length: number,
): ParsedDateline | null {
  let pre = prefix.trim();
  let agency = givenAgency?.trim() ?? null;
  const a = agency === null ? AGENCY.exec(pre) : null;
  if (a?.[1]) {
    agency = a[1].trim();
    pre = pre.slice(0, a.index).trim();
  }
  if (agency !== null && !AGENCY_NAME.test(agency)) return null;
  pre = pre.replace(/\.$/, "");
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
    const d = DATEISH.test(q) ? parseDateText(q) : null;
    if (d) date ??= d;
    // With an agency named, an unreadable qualifier (a date in another language) is tolerated.
    else if (!WEEKDAY.test(q) && !REGION.test(q) && !(agency !== null && q.length <= 30))
      return null;
  }
  const allCaps = !/\p{Ll}/u.test(place) && /\p{Lu}.*\p{Lu}/u.test(place);
  const accepted =
    agency !== null ||
    date !== null ||
    (allCaps && !colon) ||
    (colon &&
      qualifiers.length === 0 &&
      words.length <= 3 &&
      !NOT_PLACES.has(words[0]?.toLowerCase() ?? ""));
  if (!accepted) return null;
  const rest = paragraph.slice(length);
  // "TORONTO: Thomson..." is a dateline; "Toronto: a city guide" is not a story opening.
  if (colon && !/^[\p{Lu}\d"\u201c'\u2018]/u.test(rest)) return null;
  return {
    place: allCaps ? titleCase(place) : place,
    date,
    agency,
    raw: paragraph.slice(0, length).trim(),
    rest,
  };
}
