import { isAgencyCredit } from "./agency-forms.js";
import { MONTH_PATTERN, type PartialDate, parseDateText, partialDate } from "./dates.js";
import { titleCaseCaps } from "./title-case.js";

/**
 * The one dateline grammar. Every agency style the registry knows is a path through it:
 *
 *   dateline  = "(" credit ")" sep [place-first]              (ANSA, Bloomberg)
 *             | place-first
 *   place-first = place quals [credit-part] sep rest
 *   place     = place-word{1,5} ["/" place]                   RIO DE JANEIRO, Berlin/Hamburg
 *   quals     = ("," region | "," date | "," weekday | "," year | "," credit | "." date | " " dd/mm)*
 *   credit-part = "(" credit ")" [".-"]                        (Reuters) (tca/dpa) (EFE).-
 *             | " " registry-credit                           SEOUL, Nov 26 AFP -
 *             | "/" registry-credit "/."                      MOSCOW, May 3. /TASS/.
 *   sep       = " -" | " --" | " —" | " –" | " _" | " =" | ":" | nothing before a capital
 *               when the credit is a registry one             NEW DELHI, May 27 (PTI) The ...
 *
 * A credit without parentheses, or with no separator after it, must be a registry form
 * (`text/agency-forms.ts`), so "Prime Minister Narendra Modi (BJP) said" is no dateline. Every
 * pattern runs on the first 240 characters only: datelines are short, and the cost of a call is
 * bounded whatever the paragraph's length.
 */
export interface ParsedDateline {
  /** The place as a reader writes it: "Santiago", "New Delhi"; null for `(Bloomberg) --`. */
  place: string | null;
  date: PartialDate | null;
  /** The credit as printed, e.g. "Reuters", "tca/dpa", "AFP" (in `SEOUL, Nov 26 AFP -`). */
  agency: string | null;
  /** The prefix exactly as it appeared, separator included: `SANTIAGO, March 4 (Reuters) -`. */
  raw: string;
  /** The paragraph with the prefix removed. */
  rest: string;
}

const HEAD = 240;

// Up to the first separator: a spaced dash (ASCII, en, em, double hyphen, ANPA underscore, `=`),
// a dash right after a credit's closing parenthesis or EFE's `.-`, or a colon ("New Delhi:").
// Jiji runs the story on after a credit's double dash: `Tokyo, March 8 (Jiji Press)--Japan ...`.
const PREFIX =
  /^([^\n:]{2,160}?)((?:\s+|\s*\.|(?<=\)))(?:--|==|[-\u2013\u2014_=])|\s?:)(?:\s+(?=\S)|\s*$|(?<=\)\s?(?:--|[\u2013\u2014]))(?=[\p{Lu}\d"\u201c]))/u;
// TASS style: `MOSCOW, May 3. /TASS/.`
const SLASH_AGENCY = /^([^\n/:]{2,100}?)\s*\/(\p{Lu}[\p{L}-]{1,20})\/\.?\s+(?=\S)/u;
// PTI/IANS style, no separator: `NEW DELHI, May 27 (PTI) The ...`
const NO_SEPARATOR =
  /^([^\n:()]{2,100}?)\s*\(([^()]{1,40})\)(?:\s+(?=[\p{Lu}\d"\u201c\u2018'])|\s*$)/u;
// ANSA/Bloomberg style, agency first: `(ANSA) - ROME, May 3 -`, `(Bloomberg) --`
const LEADING_AGENCY = /^\(([^()]{1,40})\)\s*(?:--|[-\u2013\u2014])\s+/;
// Belga style, a registry credit opening the story with no separator: `(Belga) Container ...`.
const LEADING_REGISTRY = /^\(([^()]{1,40})\)\s+(?=[\p{Lu}\d"\u201c])/u;
// A press-release wire's credit between slashes: `BERGEN, Norway, March 5, 2024 /PRNewswire/ --`.
const SLASH_CREDIT = /\s*\/(\p{Lu}[\p{L}\d.&-]{1,30}(?: [\p{L}\d.&-]{1,20}){0,2})\/$/u;
// What a parenthesised credit before a dash looks like: a name, not a parenthetical remark;
// `tca/dpa`, `AFP/Getty` joined by slashes.
const CREDIT_NAME =
  /^(?:\p{Lu}[\p{L}\d.&'\u2019-]*(?:\s[\p{L}\d.&'\u2019-]+){0,4}|\p{Ll}{2,6})(?:\s?\/\s?(?:\p{Lu}[\p{L}\d.&'\u2019-]*|\p{Ll}{2,6})){0,3}$/u;
const PAREN_CREDIT = /\s*\(([^()]{1,40})\)$/;
const PLACE_WORD =
  /^(?:\p{Lu}[\p{L}.'\u2019-]*|de|del|da|do|dos|das|es|el|la|le|al|of|on|upon|sur|am|an|der|den|van|von|y|i)$/u;
const REGION = /^\p{Lu}[\p{L}.'\u2019 -]{0,30}$/u;
const WEEKDAY = /^(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?$/i;
const YEAR = /^(\d{4})$/;
// `05/01`, `26.11.`: day and month, the European way (Belga, ANSA, ATS).
const NUMERIC_DAY = /^(\d{1,2})[/.](\d{1,2})\.?$/;
const DATEISH = new RegExp(
  `^(?:${MONTH_PATTERN}\\s+\\d|\\d{1,2}(?:st|nd|rd|th|er)?\\.?\\s+(?:de\\s+)?${MONTH_PATTERN}|\\d{4}\\.\\s+${MONTH_PATTERN}\\s+\\d)`,
  "i",
);
// Words that start a "Label: text" line but are never places.
const NOT_PLACES: ReadonlySet<string> = new Set([
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
  "contact",
  "related",
  "reporting",
  "editing",
  "urgent",
  "extra",
]);

/** `SANTIAGO, March 4 (Reuters) -`, `SEOUL, Nov 26 AFP -`, `San Diego (tca/dpa) -`,
 * `(ANSA) - ROME, May 3 -`, `MOSCOW, May 3. /TASS/.`, `NEW DELHI, May 27 (PTI)`,
 * `Madrid, 3 may (EFE).-`, `BEIJING, Jan. 3 (Xinhua) --`, `New Delhi:`, `(Bloomberg) --`. */
export function parseDateline(paragraph: string): ParsedDateline | null {
  const head = paragraph.slice(0, HEAD);
  const lead = head.startsWith("(") ? LEADING_AGENCY.exec(head) : null;
  if (lead?.[1] && CREDIT_NAME.test(lead[1])) {
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
  const bare = head.startsWith("(") ? LEADING_REGISTRY.exec(head) : null;
  if (bare?.[1] && isAgencyCredit(bare[1].trim())) {
    const rest = paragraph.slice(bare[0].length);
    return { place: null, date: null, agency: bare[1].trim(), raw: bare[0].trim(), rest };
  }
  return parsePlaceFirst(paragraph);
}

const STARTS_UPPER = /^\p{Lu}/u;
// Anadolu's place on a line of its own: `ANKARA`, `NEW DELHI`, `RIO DE JANEIRO`.
const PLACE_LINE = /^\p{Lu}[\p{Lu}.'\u2019-]{1,20}(?: \p{Lu}[\p{Lu}.'\u2019-]{0,20}){0,3}$/u;

/**
 * A place set in capitals on a line of its own, the way Anadolu and some web desks open a
 * story; the caller checks that story text follows. Never a genre label or a section word.
 */
export function parsePlaceLine(line: string): ParsedDateline | null {
  const t = line.trim();
  if (t.length < 3 || t.length > 40 || !PLACE_LINE.test(t)) return null;
  if (NOT_PLACES.has(t.toLowerCase()) || isAgencyCredit(t) || !placeOk(t)) return null;
  return { place: titleCaseCaps(t), date: null, agency: null, raw: t, rest: "" };
}

function parsePlaceFirst(paragraph: string): ParsedDateline | null {
  // Every place-first dateline starts with a capital: most paragraphs fail here, cheaply.
  if (!STARTS_UPPER.test(paragraph)) return null;
  const head = paragraph.slice(0, HEAD);
  const m = PREFIX.exec(head);
  if (m?.[1] && m[2]) {
    const parsed = validate(paragraph, m[1], null, m[2].trim() === ":", m[0].length, false);
    if (parsed) return parsed;
  }
  const slash = head.indexOf("/");
  const tass = slash > 1 && slash < 110 ? SLASH_AGENCY.exec(head) : null;
  if (tass?.[1] && tass[2] && isAgencyCredit(tass[2])) {
    const parsed = validate(paragraph, tass[1], tass[2], false, tass[0].length, true);
    if (parsed) return parsed;
  }
  const paren = head.indexOf("(");
  const bare = paren > 1 && paren < 110 ? NO_SEPARATOR.exec(head) : null;
  if (bare?.[1] && bare[2] && isAgencyCredit(bare[2].trim())) {
    return validate(paragraph, bare[1], bare[2], false, bare[0].length, true);
  }
  return null;
}

/** The credit at the end of a prefix without parentheses: `Nov 26 AFP`, `Riyadh, SPA`. */
function trailingCredit(pre: string): { credit: string; before: string; comma: boolean } | null {
  let at = pre.length;
  for (let words = 0; words < 4; words++) {
    const space = Math.max(pre.lastIndexOf(" ", at - 1), pre.lastIndexOf(",", at - 1));
    if (space <= 0) return null;
    const credit = pre.slice(space + 1).trim();
    if (isAgencyCredit(credit)) {
      const before = pre.slice(0, space).trim();
      return { credit, before, comma: pre.charAt(space) === "," || before.endsWith(",") };
    }
    at = space;
  }
  return null;
}

function splitQualifiers(pre: string): string[] {
  const parts = pre.split(",").map((p) => p.trim());
  const first = parts[0] ?? "";
  // Interfax style `MOSCOW. Jan 5`: a full stop, not a comma, before the date.
  const dot = first.indexOf(". ");
  if (dot > 1 && DATEISH.test(first.slice(dot + 2))) {
    parts.splice(0, 1, first.slice(0, dot), first.slice(dot + 2));
  }
  // Belga style `BRUXELLES 05/01`: a numeric day after the place.
  const head = parts[0] ?? "";
  const space = head.lastIndexOf(" ");
  if (space > 1 && NUMERIC_DAY.test(head.slice(space + 1))) {
    parts.splice(0, 1, head.slice(0, space), head.slice(space + 1));
  }
  return parts;
}

function placeOk(place: string): boolean {
  if (place.length < 2 || place.length > 40 || !STARTS_UPPER.test(place)) return false;
  for (const part of place.split("/")) {
    const words = part.trim().split(/\s+/);
    if (words.length > 5 || !words.every((w) => PLACE_WORD.test(w))) return false;
    if (!STARTS_UPPER.test(part.trim())) return false;
  }
  return true;
}

// Words that open a sentence or a name, never a place: "Mr Smith - A farmer ...".
const NOT_PLACE_START: ReadonlySet<string> = new Set([
  "the",
  "a",
  "an",
  "mr",
  "mrs",
  "ms",
  "dr",
  "sir",
  "president",
  "minister",
  "prime",
  "this",
  "that",
]);

/**
 * A web desk's mixed-case place and a spaced dash, no credit and no date, the way Brazilian and
 * other web desks open a story (`Rio de Janeiro - A taxa de desemprego ...`): a place of one to
 * three words, none of them a sentence or a title opening, before a full sentence of story (80
 * characters at least, ending in a full stop), so that a headline with a dash ("Brexit - What
 * happens next") or a person's name is not one.
 */
function webDeskPlace(
  place: string,
  qualifiers: number,
  rest: string,
  prefix: string,
  paragraph: string,
): boolean {
  if (qualifiers > 0 || !/\s[-\u2013]\s/.test(paragraph.slice(prefix.length, prefix.length + 3)))
    return false;
  const words = place.split(/\s+/);
  const capitals = words.filter((w) => /^\p{Lu}/u.test(w));
  if (words.length > 3 || capitals.length === 0 || capitals.some((w) => w.length < 3)) return false;
  if (NOT_PLACE_START.has((words[0] ?? "").toLowerCase())) return false;
  const t = rest.trim();
  return t.length >= 80 && /^\p{Lu}/u.test(t) && /[.!?]["\u201d]?$/.test(t.slice(-2));
}

function numericDay(q: string): PartialDate | null {
  const m = NUMERIC_DAY.exec(q);
  return m ? partialDate(null, Number(m[2]), Number(m[1])) : null;
}

function validate(
  paragraph: string,
  prefix: string,
  givenAgency: string | null,
  colon: boolean,
  length: number,
  registryAgency: boolean,
): ParsedDateline | null {
  let pre = prefix.trim();
  let agency = givenAgency?.trim() ?? null;
  let registry = registryAgency;
  let commaCredit = false;
  if (agency === null) {
    const a = PAREN_CREDIT.exec(pre);
    if (a?.[1]) {
      agency = a[1].trim();
      pre = pre.slice(0, a.index).trim();
      if (!CREDIT_NAME.test(agency) && !isAgencyCredit(agency)) return null;
      registry = isAgencyCredit(agency);
    } else {
      const slashed = SLASH_CREDIT.exec(pre);
      const t = slashed ? null : trailingCredit(pre.replace(/\.$/, ""));
      if (slashed?.[1]) {
        agency = slashed[1].trim();
        pre = pre.slice(0, slashed.index).trim();
        registry = isAgencyCredit(agency);
      } else if (t?.before) {
        agency = t.credit;
        pre = t.before;
        registry = true;
        commaCredit = t.comma;
      }
    }
  }
  pre = pre.replace(/[.,]$/, "").trim();
  // The agency alone before the dash, no place (Lebanon's NNA: `NNA - Caretaker Prime ...`).
  if (agency === null && !colon && isAgencyCredit(pre)) {
    return {
      place: null,
      date: null,
      agency: pre,
      raw: paragraph.slice(0, length).trim(),
      rest: paragraph.slice(length),
    };
  }
  const parts = splitQualifiers(pre);
  const place = parts[0] ?? "";
  const qualifiers = parts.slice(1);
  // UPI style, a date and a registry credit without a place: `June 14 (UPI) --`.
  if (registry && agency !== null && qualifiers.length <= 1 && DATEISH.test(place)) {
    const date = parseDateText(qualifiers.length === 1 ? `${place}, ${qualifiers[0]}` : place);
    if (date) {
      const raw = paragraph.slice(0, length).trim();
      return { place: null, date, agency, raw, rest: paragraph.slice(length) };
    }
  }
  if (qualifiers.length > 4 || !placeOk(place)) return null;
  const words = place.split(/\s+/);
  let date: PartialDate | null = null;
  for (const q of qualifiers) {
    if (!q) return null;
    const d = DATEISH.test(q) ? parseDateText(q) : numericDay(q);
    const year = YEAR.exec(q);
    if (d) date ??= d;
    else if (year && date && date.year === null)
      date = { year: Number(year[1]), month: date.month, day: date.day };
    else if (agency === null && isAgencyCredit(q)) {
      agency = q;
      registry = true;
      commaCredit = true;
    }
    // With an agency named, an unreadable qualifier (a date in another calendar) is tolerated.
    else if (!WEEKDAY.test(q) && !REGION.test(q) && !(agency !== null && q.length <= 30))
      return null;
  }
  const allCaps = !/\p{Ll}/u.test(place) && /\p{Lu}.*\p{Lu}/u.test(place);
  // A bare registry credit after the place reads as a dateline only where nothing else could:
  // after a date, a comma, or a place set in capitals ("SEOUL, Nov 26 AFP -", "Riyadh, SPA --").
  if (agency !== null && registry && givenAgency === null && !prefix.trim().endsWith(")")) {
    if (!(date !== null || commaCredit || allCaps)) return null;
  }
  const accepted =
    agency !== null ||
    date !== null ||
    (allCaps && !colon) ||
    webDeskPlace(place, qualifiers.length, paragraph.slice(length), prefix, paragraph) ||
    (colon &&
      qualifiers.length === 0 &&
      words.length <= 3 &&
      !NOT_PLACES.has(words[0]?.toLowerCase() ?? ""));
  if (!accepted) return null;
  if (NOT_PLACES.has(place.toLowerCase())) return null;
  const rest = paragraph.slice(length);
  // "TORONTO: Thomson..." is a dateline; "Toronto: a city guide" is not a story opening. A
  // dateline on a line of its own (the story in the next paragraph) needs its credit or date.
  if (colon && !/^[\p{Lu}\d"\u201c'\u2018]/u.test(rest)) return null;
  if (rest.trim() === "" && agency === null && date === null) return null;
  return {
    place: allCaps ? titleCaseCaps(place) : place,
    date,
    agency,
    raw: paragraph.slice(0, length).trim(),
    rest,
  };
}
