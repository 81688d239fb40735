import { type Draft, emptyDraft } from "../draft.js";
import { bylineText } from "../text/boilerplate.js";
import { parseDateline } from "../text/dateline-parser.js";
import { parsePlainText } from "./parse-plain-text.js";
import { controlsToSpaces, firstOrdinal, isBlank, splitLines, trimEnd } from "./wire-lines.js";

/*
 * IPTC 7901 (IPTC Recommended Message Format, 1995 revision):
 *
 *   SOH   source identifier and message number (`dpa0187`), priority (1-8), category, word
 *         count, optional information (originator, keywords, filing time HHMM), CR LF;
 *         keyword lines (the slug, `Switzerland/migration/UN/`) may follow before STX
 *   STX   the heading block (version markers `REFILE`, `1ST LEAD`; the headline; the byline,
 *         which dpa ends with `=`), a blank line, then the text
 *   ETX   then, in dpa's copy, a date-time group `212322 GMT Nov 18` (DDHHMM zone Mon YY)
 *
 * Copy often arrives with the control characters stripped: then the header line opens the text
 * by its shape, or the teleprinter framing does (`ZCZC` ... `NNNN`, as AAP sends it, with its
 * header lines marked `%` routing, `$` category, `:` keyword, `=` take, `^` headline, `*` text
 * format, `&` service level, `+` subject code).
 */

const HEADER =
  /^([A-Za-z]{2,6})(\d{3,5}) ([1-8A-Za-z]) ([A-Za-z]{1,3}) (\d{1,5})(?:\s+([\x20-\x7e\u00a0-\u00ff]{0,120}))?$/;
const ZCZC = /^ZCZC(?:\s+([A-Za-z]{2,8})(\d{0,6}))?\b(.{0,60})$/;
// ZCZC header line markers (AAP): the first character names the field.
const ZCZC_FIELDS: Readonly<Record<string, string>> = {
  "%": "routing",
  $: "category",
  ":": "keyword",
  "=": "takeKey",
  "^": "headline",
  "*": "textFormat",
  "&": "serviceLevel",
  "+": "subjectCode",
  "#": "keyword",
  "@": "takeKey",
};
/** A heading block is at most this many lines. */
const MAX_HEADING = 8;
/** At most this many header lines follow `ZCZC`. */
const MAX_ZCZC_FIELDS = 64;
// `212322 GMT Nov 18`: day, hour, minute, zone, month, year (a military date-time group).
const DTG =
  /^(\d{2})(\d{2})(\d{2})\s*(?:GMT|UTC|Z)?\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{2}|\d{4})$/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

// Heading-block lines that mark the version or status of a message rather than its content, in
// the languages 7901 agencies send (dpa, APA, ANSA, ATS, AFP, AAP).
const MARKERS = new RegExp(
  "^(?:" +
    [
      "REFILE",
      "REPEAT",
      "RPT",
      "CORRECTION",
      "CORRECTED",
      "CORRECTS?",
      "URGENT",
      "FLASH",
      "BULLETIN",
      "ADVISORY",
      "UPDATE(?: \\d{1,2})?",
      "WRAPUP",
      "LEAD",
      "(?:\\d{1,2}(?:ST|ND|RD|TH|ER|RE|E|ÈME|EME)|FIRST|SECOND|THIRD|FOURTH|FIFTH|NEW) LEAD",
      "LEAD \\d{1,2}",
      "EILT",
      "EIL",
      "EILMELDUNG",
      "BLITZ",
      "VORAB",
      "ZUSAMMENFASSUNG",
      "BERICHTIGUNG",
      "KORREKTUR",
      "WIEDERHOLUNG",
      "(?:\\d{1,2}\\. ?)?(?:NEUFASSUNG|ZUSAMMENFASSUNG)",
      "ACHTUNG",
      "URGENTE",
      "URGENCE",
      "RECTIFICATIF",
      "CORRECTIF",
      "RETTIFICA",
      // kills and withdrawals: the heading line says what happens to the story, it is no headline
      "(?:MANDATORY )?KILL",
      "WITHDRAWN",
      "WITHHOLD",
      "ELIMINATION",
      "ANNULATION",
      "ANULACI[ÓO]N",
      "ANNULLAT[AO]",
      "STORNO",
      "\\(?(?:Zusammenfassung|Neufassung|Berichtigung|Wiederholung|Achtung|Eilt|Korrektur)(?: \\d{1,2})?\\)?",
    ].join("|") +
    ")[.:!]?$",
  "i",
);
// Bylines in the heading block: `By dpa correspondents =`, `Von Anna Weber, dpa =`.
const BY_PREFIX = /^(?:by|von|par|por|di|door|av|af|przez|od)\s+(\S.{0,150})$/i;

interface Header {
  fields: Record<string, string>;
  parties: Array<{ value: string; field: string }>;
  itemId: string | null;
}

function readHeaderLine(line: string, header: Header): boolean {
  const m = HEADER.exec(line.trim().slice(0, 200));
  if (!m) return false;
  const f = header.fields;
  f.source = m[1] as string;
  f.messageNumber = m[2] as string;
  f.priority = m[3] as string;
  f.category = m[4] as string;
  f.wordCount = m[5] as string;
  header.itemId = `${m[1]}${m[2]}`;
  header.parties.push({ value: m[1] as string, field: "iptc7901/header/source" });
  const tokens = (m[6] ?? "").trim().split(/\s+/).filter(Boolean);
  const last = tokens.at(-1);
  if (last && /^\d{4}$/.test(last)) {
    f.time = last;
    tokens.pop();
  }
  if (tokens.length > 0) {
    f.optional = tokens.join(" ");
    // The originator the optional information names first (`dpa`, `dpa-tns`, `apa`).
    const originator = tokens[0] as string;
    if (/^[A-Za-z][A-Za-z.-]{1,15}$/.test(originator)) {
      f.originator = originator;
      // the same name as the source id is one party, not two
      if (originator.toLowerCase() !== f.source.toLowerCase())
        header.parties.push({ value: originator, field: "iptc7901/header/originator" });
    }
  }
  return true;
}

/** The date-time group on a short line, if it is one. */
function dtgOf(line: string): RegExpExecArray | null {
  const t = line.trim();
  return t.length <= 40 ? DTG.exec(t) : null;
}

/**
 * A heading-block marker line (`REFILE`, `1ST LEAD`, or markers stacked with ` - `:
 * `Wiederholung - 1. Zusammenfassung`): short, so the pattern never sees much.
 */
function isMarker(line: string): boolean {
  if (line.length > 60) return false;
  const parts = line.trim().split(/\s+-\s+/);
  return parts.length <= 4 && parts.every((p) => MARKERS.test(p));
}

// `France-politics-vote`: AFP's slug between the header and STX, words joined by hyphens.
const HYPHEN_SLUG = /^[\p{L}\p{N}][\p{L}\p{N}'’.+]*(?:-[\p{L}\p{N}][\p{L}\p{N}'’.+]*){1,8}$/u;

/** `Switzerland/migration/UN/`: a keyword (slug) line, words joined by slashes. */
function keywordLine(line: string): string[] | null {
  if (line.length > 200) return null;
  const t = controlsToSpaces(line);
  if (t.length > 160 || !t.includes("/") || /[.!?]$/.test(t)) return null;
  if (!t.endsWith("/") && /\s\S+\s/.test(t)) return null;
  const parts = t
    .split("/")
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.length >= 1 && parts.every((p) => p.length <= 40) ? parts : null;
}

function heldByline(line: string): string | null {
  const t = trimEnd(line, "=").trim();
  if (!t) return null;
  const by = bylineText(t) ?? BY_PREFIX.exec(t)?.[1]?.trim() ?? null;
  if (by) return by;
  // dpa ends the byline line with `=`: a short name-like line so closed is one too
  return line.trimEnd().endsWith("=") && t.length <= 120 && !/[.!?]$/.test(t) ? t : null;
}

function dtgTime(m: RegExpExecArray): string | null {
  const month = MONTHS.indexOf((m[4] ?? "").slice(0, 3).toLowerCase()) + 1;
  const yy = m[5] ?? "";
  const year = yy.length === 4 ? Number(yy) : 2000 + Number(yy);
  const iso = `${year}-${String(month).padStart(2, "0")}-${m[1]}T${m[2]}:${m[3]}:00Z`;
  const t = Date.parse(iso);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 16) === iso.slice(0, 16)
    ? iso
    : null;
}

/**
 * IPTC 7901 to a draft: the header fields, the keyword line, the heading block (markers,
 * headline, byline), then the text as paragraphs. Latin-1 unless declared otherwise. Framed,
 * stripped and ZCZC-framed copy are read the same way. Linear: one pass over the lines.
 */
export function parseIptc7901(text: string): Draft {
  const draft = emptyDraft("iptc7901");
  const md = draft.metadata;
  const header: Header = { fields: {}, parties: [], itemId: null };
  let lines: string[];
  let tabular = false;
  let zczcHeadline: string | null = null;

  const soh = text.indexOf("\x01");
  const stx = text.indexOf("\x02", soh + 1);
  if (soh >= 0 && soh < 128 && stx > soh) {
    const before = splitLines(text.slice(soh + 1, stx)).filter((l) => !isBlank(l));
    if (before[0] !== undefined && !readHeaderLine(before[0], header))
      md.header.raw = controlsToSpaces(before[0]).slice(0, 200);
    for (const line of before.slice(1)) {
      const kw = keywordLine(line);
      if (kw && !md.slugline) {
        md.slugline = controlsToSpaces(line).replace(/\/$/, "");
        md.keywords.push(...kw);
      } else if (!md.slugline && line.length <= 80 && HYPHEN_SLUG.test(line.trim())) {
        md.slugline = line.trim();
      }
    }
    const etx = text.indexOf("\x03", stx + 1);
    lines = splitLines(text.slice(stx + 1, etx > stx ? etx : text.length));
    if (etx > stx) {
      // dpa puts the date-time group after ETX
      for (const l of splitLines(text.slice(etx + 1, etx + 200))) {
        const m = dtgOf(l);
        if (m) draft.documentTime = dtgTime(m);
      }
    }
  } else {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
    lines = splitLines(text.replace(/^[\s\x00\x01\x7f]+/, ""));
    let i = 0;
    while (i < lines.length && isBlank(lines[i] as string)) i++;
    const first = (lines[i] ?? "").trim();
    const z = ZCZC.exec(first.slice(0, 80));
    if (z) {
      if (z[1]) {
        header.fields.source = z[1];
        header.parties.push({ value: z[1], field: "iptc7901/zczc/source" });
        if (z[2]) header.fields.messageNumber = z[2];
        header.itemId = `${z[1]}${z[2] ?? ""}`;
      }
      i++;
      // routing lines (`YY NLB`) and marked header fields until the first plain line; a header
      // is a few lines, so past MAX_ZCZC_FIELDS lines the rest is text whatever it looks like
      for (const headerEnd = Math.min(lines.length, i + MAX_ZCZC_FIELDS); i < headerEnd; i++) {
        const line = (lines[i] as string).slice(0, 400).trim();
        if (line === "") continue;
        const field = ZCZC_FIELDS[line.charAt(0)];
        if (field) {
          const value = controlsToSpaces(line.slice(1));
          if (field === "headline" && value) zczcHeadline = value;
          else if (field === "keyword" && value) md.slugline = value;
          else if (field === "textFormat" && /^T/i.test(value)) tabular = true;
          if (value) header.fields[field] = value.slice(0, 200);
          continue;
        }
        // a 7901 header line inside the teleprinter framing (`ZCZC` then `afp0123 4 pol 234 ...`)
        if (header.fields.priority === undefined && readHeaderLine(line, header)) continue;
        if (/^[A-Z]{2}\s+[A-Z0-9]{2,10}$/.test(line) && header.fields.routing === undefined) {
          header.fields.routing = line;
          continue;
        }
        break;
      }
    } else if (readHeaderLine(first, header)) {
      i++;
      while (i < lines.length && isBlank(lines[i] as string)) i++;
      const kw = keywordLine(lines[i] ?? "");
      const next = (lines[i] ?? "").trim();
      if (kw) {
        md.slugline = controlsToSpaces(lines[i] as string).replace(/\/$/, "");
        md.keywords.push(...kw);
        i++;
      } else if (next.length <= 80 && HYPHEN_SLUG.test(next)) {
        // AFP's hyphen-joined slug, as in framed copy (`Venezuela-elecciones-oposición`)
        md.slugline = next;
        i++;
      }
    }
    lines = lines.slice(i);
    // NNNN closes a teleprinter message
    const end = lines.findIndex((l) => l.trim() === "NNNN");
    if (end >= 0) lines = lines.slice(0, end);
  }

  // The date-time group closing dpa's text, when the framing that held it apart was stripped.
  for (let k = lines.length - 1, seen = 0; k >= 0 && seen < 3; k--) {
    const l = (lines[k] as string).trim();
    if (!l) continue;
    seen++;
    const m = dtgOf(l);
    if (m) {
      draft.documentTime ??= dtgTime(m);
      lines = lines.slice(0, k);
      break;
    }
  }
  if (draft.documentTime) draft.documentDate = draft.documentTime.slice(0, 10);

  // The heading block: the lines before the first blank line (a few at most).
  let start = 0;
  while (start < lines.length && isBlank(lines[start] as string)) start++;
  let blockEnd = start;
  while (blockEnd < lines.length && !isBlank(lines[blockEnd] as string)) blockEnd++;
  const block = lines.slice(start, blockEnd).map((l) => controlsToSpaces(l));
  let bodyStart = blockEnd;
  if (zczcHeadline) {
    draft.headline = zczcHeadline;
    bodyStart = start;
  } else if (
    block.length > 0 &&
    (block.length <= MAX_HEADING ||
      block.slice(0, MAX_HEADING).some((l) => l.length <= 400 && parseDateline(l) !== null))
  ) {
    // A heading block is a few lines; a longer block counts when a dateline opens the text
    // within its first lines (copy sent without the blank line after the heading).
    const rest: Array<{ text: string; at: number }> = [];
    for (let k = 0; k < Math.min(block.length, MAX_HEADING); k++) {
      const line = block[k] as string;
      const kw = draft.headline === null && !md.slugline ? keywordLine(line) : null;
      const by = draft.headline !== null ? heldByline(line) : null;
      if (kw) {
        md.slugline = line.replace(/\/$/, "");
        md.keywords.push(...kw);
      } else if (isMarker(line)) {
        md.versionMarkers.push(line.replace(/[.:!]$/, ""));
      } else if (by && !draft.byline) {
        draft.byline = by;
      } else if (line.length <= 400 && parseDateline(line) !== null) {
        // the text starts without a blank line after the heading: `Berlin (dpa) - ...`
        bodyStart = start + k;
        break;
      } else if (draft.headline === null) {
        draft.headline = trimEnd(line, "=");
      } else {
        rest.push({ text: trimEnd(line, "="), at: start + k });
      }
    }
    const [second, ...more] = rest;
    const headline = draft.headline ?? "";
    if (
      second !== undefined &&
      more.length === 0 &&
      second.text.length >= 20 &&
      bodyStart === blockEnd
    ) {
      draft.standfirst = second.text;
    } else if (
      second !== undefined &&
      rest.length <= 2 &&
      rest.every((r) => r.text.length <= 80) &&
      headline.length + rest.reduce((n, r) => n + r.text.length + 1, 0) <= 200
    ) {
      // a headline wrapped over a line or two
      draft.headline = [headline, ...rest.map((r) => r.text)].join(" ");
    } else if (second !== undefined) {
      // more than a heading: the text began right under the headline
      bodyStart = second.at;
    }
  } else {
    // no heading block of its own (a wrapped first paragraph): the plain-copy reader decides
    bodyStart = start;
  }

  const bodyLines = lines.slice(bodyStart);
  if (tabular) {
    draft.paragraphs = bodyLines.map((l) => controlsToSpaces(l)).filter((l) => l !== "");
  } else {
    // The text after the heading block has the front matter of plain copy (a date line, a
    // byline before the dateline, captions): the plain-copy reader takes it, under our headline.
    const headline = draft.headline;
    const plain = parsePlainText(
      headline === null ? bodyLines.join("\n") : `${headline}\n\n${bodyLines.join("\n")}`,
      "iptc7901",
    );
    if (headline === null) draft.headline = plain.headline;
    else if (plain.headline === null) plain.paragraphs.shift();
    draft.paragraphs = plain.paragraphs;
    draft.standfirst ??= plain.standfirst;
    draft.byline ??= plain.byline;
    draft.captions = plain.captions;
    draft.documentDate ??= plain.documentDate;
    md.editorsNotes.push(...plain.metadata.editorsNotes);
  }

  md.header = { ...header.fields, ...md.header };
  const originator = header.fields.originator;
  md.distributor = originator ?? header.fields.source ?? null;
  for (const p of header.parties) md.parties.push({ role: "distributor", ...p });
  const priority = Number(header.fields.priority);
  md.priority = Number.isInteger(priority) && priority >= 1 && priority <= 8 ? priority : null;
  md.identity = {
    itemId: header.itemId,
    version: firstOrdinal(md.versionMarkers, /^(\S+) LEAD$/i),
    status: null,
    signals: [...md.versionMarkers],
  };
  return draft;
}
