import { agencyFormAt } from "./agency-forms.js";
import { trimEndChars } from "./clean-text.js";
import { MONTH_PATTERN } from "./dates.js";

/**
 * Desk furniture at the top of wire copy: genre labels (`EXTRA`, `ANALYSIS`, `EILMELDUNG`),
 * version markers (`REFILE`, `1ST LEAD`, `(LEAD)`, `UPDATE 2-`), desk codes and slugs
 * (`DEL19 DL-FOG-FLIGHTS`, `>>>ANSA/`, `BC-US--Storm-Texas,298`). None of it is the story;
 * all of it is kept in metadata. Every recogniser reads one short line.
 */

/**
 * Genre labels and urgency flags a desk sets on a line of its own, in the languages agencies
 * file in. Data: compared in capitals, after the line's closing `:`/`=`/`-` is dropped.
 */
const LABELS: ReadonlySet<string> = new Set([
  "EXTRA",
  "ANALYSIS",
  "NEWS ANALYSIS",
  "URGENT",
  "BREAKING",
  "BREAKING NEWS",
  "FLASH",
  "BULLETIN",
  "NEWSALERT",
  "NEWS ALERT",
  "ALERT",
  "FEATURE",
  "EXCLUSIVE",
  "INTERVIEW",
  "COMMENTARY",
  "OPINION",
  "EDITORIAL",
  "FACTBOX",
  "FACT BOX",
  "EXPLAINER",
  "PREVIEW",
  "REVIEW",
  "OBITUARY",
  "OBIT",
  "ADVISORY",
  "CORRECTION",
  "CORRECTED",
  "CLARIFICATION",
  "UPDATE",
  "UPDATED",
  "LEAD",
  "REFILE",
  "REPEAT",
  "RPT",
  "WRITETHRU",
  "SPECIAL REPORT",
  "SPOTLIGHT",
  "NEWS FOCUS",
  "FOCUS",
  "PROFILE",
  "TIMELINE",
  "INSIGHT",
  "WRAPUP",
  "HIGHLIGHTS",
  "NEWSMAKER",
  "COLUMN",
  "Q&A",
  "ROUNDUP",
  "XINHUA HEADLINES",
  "EILMELDUNG",
  "EIL",
  "ZUSAMMENFASSUNG",
  "HINTERGRUND",
  "KORREKTUR",
  "ANALYSE",
  "REPORTAGE",
  "PORTRÄT",
  "VORSCHAU",
  "URGENTE",
  "ÚLTIMA HORA",
  "ULTIMA HORA",
  "AVANCE",
  "ENTREVISTA",
  "REPORTAJE",
  "CRÓNICA",
  "PRIORITAIRE",
  "ALERTE",
  "DÉPÊCHE",
  "FLASH INFO",
  "ENQUÊTE",
  "ÚLTIMAS",
  "AMPLIAÇÃO",
  "ULTIM'ORA",
  "BREVE",
]);
// `1ST LEAD`, `2ND LD`, `3RD ADD`, `UPDATE 2`, `LEAD 1`, `1. ZUSAMMENFASSUNG`.
const NUMBERED =
  /^(?:\d{1,2}(?:ST|ND|RD|TH|\.)?\s?(?:LEAD|LD|ADD|WRITETHRU|UPDATE|ZUSAMMENFASSUNG)|(?:UPDATE|LEAD|ADD|RPT|REFILE)\s?\d{1,2})(?:-WRITETHRU)?$/i;

/** A genre label or version marker on a line of its own: the label as printed, or null. */
export function genreLabel(line: string): string | null {
  if (line.length > 40) return null;
  let t = trimEndChars(line.trim(), ":=-\u2013\u2014.", true);
  if (t.startsWith("(") && t.endsWith(")")) t = t.slice(1, -1).trim();
  if (t.length === 0) return null;
  const upper = t.toUpperCase();
  if (LABELS.has(upper) || NUMBERED.test(t)) return t;
  return null;
}

// PTI/UNI story numbers and slugs: `DEL19`, `BOM12`, `CAL5`; `DL-FOG-FLIGHTS`, `WB-POLL`.
const DESK_NUMBER = /^[A-Z]{2,5}\d{1,4}[A-Z]?$/;
const SLUG = /^[A-Z0-9]{1,12}(?:-[A-Z0-9&]{1,16}){1,6}$/;
// ANPA keyword lines in plain copy: `BC-US--Storm-Texas,1st Ld-Writethru,298`.
const ANPA_KEYWORD = /^[a-z]?BC-[\w.&'-]{1,80}(?:,[\w .&'-]{1,40}){0,4}$/;
// Reuters slugs: capitals with a slash (`USA-FED/`, `USA-HOUSING/STARTS`), perhaps a version
// in brackets after them (`USA-HOUSING/STARTS (UPDATE 1)`).
const REUTERS_SLUG =
  /^[A-Z0-9]{2,12}(?:-[A-Z0-9&.]{1,20}){0,6}\/(?:[A-Z0-9&.]{1,20}(?:[-/][A-Z0-9&.]{1,20}){0,6}\/?)?(?:\s\([A-Z0-9 -]{2,30}\))?$/;
// Slash-separated keyword lines (dpa `Switzerland/migration/UN/`).
const SLASH_KEYWORDS = /^(?:[\p{L}\d.&'-]{1,30}\/){2,8}[\p{L}\d.&'-]{0,30}$/u;

// What follows the agency's name in a web desk's stamp line: a date, a time, the sections
// (Kyodo's `KYODO NEWS - Jun 3, 2024 - 19:05 | Japan, All`, `AA | 04.11.2024 12:30`).
const STAMP_DATE = `(?:(?:${MONTH_PATTERN})\\s+\\d{1,2}(?:st|nd|rd|th)?|\\d{1,2}\\.?\\s+(?:${MONTH_PATTERN})|\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2})`;
const AGENCY_STAMP_REST = new RegExp(
  `^\\s*[-\u2013\u2014|,:]\\s*${STAMP_DATE}(?:,?\\s+\\d{4})?(?:\\s*[-\u2013\u2014,|]?\\s*\\d{1,2}[:.]\\d{2}(?:\\s*(?:[AaPp]\\.?[Mm]\\.?|[A-Z]{2,4}))?)?(?:\\s*\\|\\s*[^|]{1,60})?$`,
  "i",
);

/** A stamp line: an agency's name, then only a date, a time and sections. */
function agencyStampLine(t: string): boolean {
  const len = agencyFormAt(t, 0);
  return len > 0 && AGENCY_STAMP_REST.test(t.slice(len));
}

/**
 * A desk line: story number and slug (`DEL19 DL-FOG-FLIGHTS`), an agency desk mark
 * (`>>>ANSA/`), an ANPA keyword line, a slash keyword line, an agency's stamp line
 * (`KYODO NEWS - Jun 3, 2024 - 19:05 | Japan, All`). The line as printed, or null.
 */
export function deskLine(line: string): string | null {
  const t = line.trim();
  if (t.length === 0 || t.length > 120) return null;
  if (agencyDeskMark(t) === t.length) return t;
  if (ANPA_KEYWORD.test(t) || SLASH_KEYWORDS.test(t) || REUTERS_SLUG.test(t)) return t;
  if (agencyStampLine(t)) return t;
  const tokens = t.split(/\s+/);
  if (tokens.length > 4) return null;
  const numbered = tokens.some((w) => DESK_NUMBER.test(w));
  const allCodes = tokens.every((w) => DESK_NUMBER.test(w) || SLUG.test(w));
  if (allCodes && numbered && tokens.length >= 2) return t;
  // A slug alone: three or more segments in capitals ("DL-FOG-FLIGHTS"), not "COVID-19".
  if (tokens.length === 1 && SLUG.test(t) && t.split("-").length >= 3 && /[A-Z]{2}/.test(t)) {
    return t;
  }
  return null;
}

/** `>>>ANSA/`, `>>ANSA/ `, `>>>`: the length of a leading agency desk mark, 0 when none. */
function agencyDeskMark(t: string): number {
  let i = 0;
  while (t.charAt(i) === ">") i++;
  if (i < 2) return 0;
  while (t.charAt(i) === " ") i++;
  const len = agencyFormAt(t, i);
  let j = i + len;
  while (t.charAt(j) === " ") j++;
  if (t.charAt(j) === "/") j++;
  else if (len > 0) return 0;
  while (t.charAt(j) === " ") j++;
  return j;
}

// Reuters/AFP headline prefixes ("UPDATE 2-", "EXCLUSIVE-") and AP "URGENT:" flags.
const VERSION_MARKER =
  /^((?:RPT-|REFILE-|CORRECTED-)?(?:UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|WITHDRAWN|KILL|KILLED|WITHHOLD|ANNULATION|ANULACIÓN|STORNO|RPT|REPEAT|EXCLUSIVE|INSIGHT|ANALYSIS|FACTBOX|BREAKINGVIEWS|FOCUS|EXPLAINER|GRAPHIC|POLL|URGENT|FLASH|BREAKING|TIMELINE|PREVIEW|COLUMN|SPECIAL REPORT|BUZZ|HIGHLIGHTS|NEWSMAKER|INTERVIEW|EILMELDUNG|EIL|URGENTE)(?:\s\d{1,2})?)\s?[-:]\s?(?=\S)/;
// Yonhap/Kyodo parenthesised markers: `(LEAD)`, `(2nd LD)`, `(3rd LD, with ...)`, `(URGENT)`,
// `(News Focus)`, `(Yonhap Interview)`, `(ATTN: ...)`.
const PAREN_MARKER =
  /^\(((?:LEAD|\d{1,2}(?:st|nd|rd|th) LD|URGENT|FLASH|EXTRA|UPDATE|CORRECTED|REFILE|News Focus|News Analysis|Feature|Interview|(?:\p{Lu}[\p{L}]{1,20} )?(?:Interview|Feature|Focus|Profile))(?:[,:;][^()]{0,80})?|ATTN:?[^()]{0,80})\)\s*/iu;
// Xinhua's "Feature: ...", "Roundup: ...": a genre label and a colon before the headline.
const LABEL_PREFIX = /^([\p{L}&' ]{2,24}):\s+(?=\S)/u;
// `DEL19 DL-FOG-FLIGHTS Dense fog ...`: a story number and slug before the headline.
const DESK_PREFIX = /^([A-Z]{2,5}\d{1,4}[A-Z]?\s+[A-Z0-9]{1,12}(?:-[A-Z0-9&]{1,16}){1,6})\s+(?=\S)/;

export interface HeadlineParts {
  headline: string;
  /** Version markers and genre labels as found (`UPDATE 2`, `LEAD`, `2nd LD`). */
  markers: string[];
  /** Desk codes and slugs as found (`DEL19 DL-FOG-FLIGHTS`, `>>>ANSA/`). */
  deskCodes: string[];
}

/**
 * A headline without the desk's furniture: stacked version markers (`RPT-UPDATE 3-EXCLUSIVE-`),
 * Yonhap's `(LEAD)`, ANSA's `>>>ANSA/`, a PTI story number and slug. A headline that is only
 * furniture comes back empty, for the caller to find the real one.
 */
export function stripHeadlineMarkers(text: string): HeadlineParts {
  const markers: string[] = [];
  const deskCodes: string[] = [];
  let h = text.trim();
  for (let round = 0; round < 6 && h.length > 0; round++) {
    const desk = deskLine(h);
    if (desk) {
      deskCodes.push(desk);
      h = "";
      break;
    }
    const label = genreLabel(h);
    if (label) {
      markers.push(label);
      h = "";
      break;
    }
    const mark = agencyDeskMark(h);
    if (mark > 0) {
      deskCodes.push(h.slice(0, mark).trim());
      h = h.slice(mark).trim();
      continue;
    }
    const version = VERSION_MARKER.exec(h);
    if (version?.[1]) {
      markers.push(version[1]);
      h = h.slice(version[0].length).trim();
      continue;
    }
    const paren = PAREN_MARKER.exec(h);
    if (paren?.[1] && paren[0].length < h.length) {
      markers.push(paren[1].trim());
      h = h.slice(paren[0].length).trim();
      continue;
    }
    const labelled = LABEL_PREFIX.exec(h);
    if (labelled?.[1] && LABELS.has(labelled[1].trim().toUpperCase())) {
      markers.push(labelled[1].trim());
      h = h.slice(labelled[0].length).trim();
      continue;
    }
    const prefix = DESK_PREFIX.exec(h);
    if (prefix?.[1]) {
      deskCodes.push(prefix[1]);
      h = h.slice(prefix[0].length).trim();
      continue;
    }
    break;
  }
  return { headline: h, markers, deskCodes };
}
