import { LIFECYCLE_RULES, MAX_EVIDENCE } from "./rules.js";

/**
 * Desk markers stuck to a headline or a slug rather than on a line of their own: ANSA's
 * `AGGIORNAMENTO - Maltempo: ...`, Reuters' `RPT-UPDATE 1-...` when a parser left them in, PTI's
 * `EC-COUNTING-2NDLD`. A segment counts only when a marker rule of the table reads it, so a
 * headline's own `RATP:` or `EU-China` is never taken for one.
 */

/** At most this many markers are peeled off one headline or slug. */
const MAX_SEGMENTS = 4;

const MARKER_RULES = LIFECYCLE_RULES.filter((r) => r.on.includes("marker"));

/** Whether a marker rule of the table reads `text` (one segment, a few words). */
export function isDeskMarker(text: string): boolean {
  const t = text.trim();
  if (t === "" || t.length > 40) return false;
  return MARKER_RULES.some((r) => r.pattern.test(t));
}

// A capitalised segment at the head of a headline, then `-`, ` - ` or `:` (`UPDATE 2-`,
// `AGGIORNAMENTO - `, `CORRECTED:`). Capitals, digits, spaces, dots, accents; no lower case.
const HEAD_SEGMENT = /^([\p{Lu}\d][\p{Lu}\d .]{0,38}?)\s?[-:–]\s*/u;

// A bracketed marker ending a headline or a slug: EFE's `... (AMPLIACIÓN)`, `(CORRECCIÓN)`,
// Reuters' `USA-HOUSING/STARTS (UPDATE 1)`.
const TAIL_GROUP = /\s*\(([^()]{1,40})\)$/;

/**
 * The markers heading a headline (`UPDATE 2-`, `AGGIORNAMENTO - `) or bracketed at its end
 * (`(AMPLIACIÓN)`), and the headline without them.
 */
export function headlineMarkers(headline: string): { markers: string[]; rest: string } {
  let rest = headline.slice(0, MAX_EVIDENCE).trim();
  const markers: string[] = [];
  for (let n = 0; n < MAX_SEGMENTS; n++) {
    const m = HEAD_SEGMENT.exec(rest);
    const seg = m?.[1]?.trim();
    if (!m || !seg || !isDeskMarker(seg)) break;
    markers.push(seg);
    rest = rest.slice(m[0].length);
  }
  const tail = TAIL_GROUP.exec(rest);
  if (tail?.[1] && tail.index > 0 && isDeskMarker(tail[1])) {
    markers.push(tail[1].trim());
    rest = rest.slice(0, tail.index);
  }
  return { markers, rest: markers.length > 0 && rest !== "" ? rest : headline };
}

/** The markers ending a hyphenated slug (`EC-COUNTING-2NDLD`), and the slug without them. */
export function slugMarkers(slug: string): { markers: string[]; rest: string } {
  const parts = slug.slice(0, 200).split("-");
  const markers: string[] = [];
  while (parts.length > 2 && markers.length < MAX_SEGMENTS) {
    const last = (parts.at(-1) as string).trim();
    if (!/^[\p{Lu}\d ]{1,20}$/u.test(last) || !isDeskMarker(last)) break;
    markers.unshift(last);
    parts.pop();
  }
  return { markers, rest: markers.length > 0 ? parts.join("-") : slug };
}

/**
 * The markers of a whole slug line (`DEL41 EC-COUNTING-2NDLD`, `USA-FED/ (UPDATE 2)`): a
 * bracketed marker at its end, then lead markers ending its last word; and the line without them.
 */
export function slugLineMarkers(line: string): { markers: string[]; rest: string } {
  let rest = line.slice(0, 200).trim();
  const markers: string[] = [];
  const group = TAIL_GROUP.exec(rest);
  if (group?.[1] && isDeskMarker(group[1])) {
    markers.push(group[1].trim());
    rest = rest.slice(0, group.index).trim();
  }
  const words = rest.split(/\s+/);
  const last = slugMarkers(words.at(-1) ?? "");
  if (last.markers.length > 0) {
    markers.unshift(...last.markers);
    words[words.length - 1] = last.rest;
    rest = words.join(" ");
  }
  return { markers, rest: rest === "" ? line : rest };
}
