import { type Draft, emptyDraft } from "../draft.js";
import { bylineText, editorsNote } from "../text/boilerplate.js";
import { parseDateline } from "../text/dateline-parser.js";
import { parsePlainText } from "./parse-plain-text.js";
import {
  controlsToSpaces,
  firstOrdinal,
  hasControl,
  isBlank,
  splitLines,
  trimEnd,
} from "./wire-lines.js";

/*
 * ANPA-1312 (ANPA Wire Service Transmission Guidelines, No. 84-2, and AP's use of it):
 *
 *   SYN SYN SOH  service level (1 letter), message number (4 digits), US, selector code
 *                priority, category, format identifiers (DC1-DC4), keyword, version, MM-DD,
 *                word count
 *   STX          text: `^` opens a heading line that `<` (quad left) or `=` ends; AP sends the
 *                keyword line (`BC-US--Storm-Texas, 1st Ld-Writethru,298`), the headline,
 *                photo references, `Eds:` notes, the byline and its affiliation this way;
 *                paragraphs are tab-indented; `_` is the dash; agate (tabular) lines carry
 *                BS (tab line indicator), DLE (space band) and FS/GS column codes
 *   ETX EOT      after the trailer line `AP-WF-04-23-24 0312GMT` (agency, circuit, date, time)
 *
 * The same copy often arrives with the control characters stripped; the two header lines are
 * recognised by their shape then.
 */

// ANPA-1312 priority letters (f flash, b bulletin, u urgent, r routine, d deferred, a advisory,
// s special) mapped onto the IPTC 1 (highest) to 8 scale.
const PRIORITY: Readonly<Record<string, number>> = { f: 1, b: 2, u: 3, s: 4, r: 5, d: 6, a: 7 };
// The format identifier pair after the category (DC1/DC2: justified text or tabular; DC3/DC4:
// TTS or data), as AP transmits it.
const FORMAT_CODES: Readonly<Record<string, string>> = {
  "\x11": "text",
  "\x12": "tabular",
  "\x13": "tts",
  "\x14": "data",
};
// Agate typesetting codes inside the text: BS, DLE, FS, GS (and the format codes).
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANPA agate codes are matched on purpose
const AGATE_CODES = /[\x08\x10-\x14\x1c\x1d]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: STX, ETX and EOT are matched on purpose
const FRAMING = /[\x02-\x04]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: STX, ETX and EOT are matched on purpose
const FRAMING_ALL = /[\x02-\x04]/g;
// The wire cycle a keyword starts with: BC both cycles, AM and PM papers, AP all-purpose.
const CYCLES = new Set(["BC", "AM", "PM", "AP"]);

// biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
const HEADER1 = /^([A-Za-z])(\d{4})\x1f?([\x20-\x7e]{0,20})$/;
const HEADER2 =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
  /^([a-z]) ([a-z])([\x11-\x14]{0,2}) ?(\S[\x20-\x7e]{0,100}?)\s+(\d{1,2})-(\d{1,2})(?:\s+(\d{1,4}))?\s*$/i;
// `AP-WF-02-20-16 0337GMT`: agency, circuit, MM-DD-YY, HHMM and zone.
const TRAILER =
  /^([A-Z]{2,6})-([A-Z0-9]{1,4})-(\d{2})-(\d{2})-(\d{2})\s+(\d{2})(\d{2})\s?(GMT|UTC|Z)?$/;
// AP photo, graphic and media references in the heading: `AP Photo XNP101, XNP102`.
const MEDIA_REF = /^AP (?:Photos?|Graphics?|Video|Audio|Images?|Interactive)\b/i;
const EDITORS_NOTE = /^EDITOR['\u2019]?S NOTE\s*(?:_|:|-|\u2014)\s*(.{1,500})$/i;

interface Header {
  fields: Record<string, string>;
  keyword: string | null;
}

function readHeaderLines(first: string, second: string, header: Header): boolean {
  const h1 = HEADER1.exec(first.trim().slice(0, 40));
  const h2 = HEADER2.exec(second.trimEnd().slice(0, 160));
  if (!h1 && !h2) return false;
  const f = header.fields;
  if (h1) {
    f.serviceLevel = h1[1] as string;
    f.messageNumber = h1[2] as string;
    const selector = (h1[3] ?? "").replace(/^-+|-+$/g, "");
    if (selector) f.selector = selector;
  }
  if (h2) {
    f.priority = h2[1] as string;
    f.category = h2[2] as string;
    const format = [...(h2[3] ?? "")].map((c) => FORMAT_CODES[c]).filter(Boolean);
    if (format.length > 0) f.format = format.join(" ");
    const [keyword = "", ...version] = (h2[4] ?? "").trim().split(/\s+/);
    if (keyword) {
      f.keyword = keyword;
      header.keyword = keyword;
      const cycle = keyword.slice(0, 2).toUpperCase();
      if (keyword.charAt(2) === "-" && CYCLES.has(cycle)) f.cycle = cycle;
    }
    if (version.length > 0) f.version = version.join(" ");
    f.date = `${(h2[5] ?? "").padStart(2, "0")}-${(h2[6] ?? "").padStart(2, "0")}`;
    if (h2[7]) f.wordCount = h2[7];
  }
  return true;
}

/** Alphanumerics only, lower case: keyword lines and header keywords compare this way. */
function compact(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/**
 * `BC-US--Storm-Texas, 1st Ld-Writethru,298` (the keyword line AP opens its text with), by the
 * header's keyword (`compactKeyword`: alphanumerics, lower case) or by its shape.
 */
function keywordLine(content: string, compactKeyword: string | null): string[] | null {
  // the keyword line always carries the word count after a comma
  if (content.length > 200 || !content.includes(",")) return null;
  const parts = content.split(",").map((p) => p.trim());
  const slug = parts[0] ?? "";
  const matchesHeader =
    compactKeyword !== null &&
    compactKeyword.length >= 4 &&
    compact(slug).startsWith(compactKeyword.slice(0, 12));
  const shaped =
    /^(?:[A-Z]{2}-){1,2}-?[A-Za-z0-9]/.test(slug) && /^\d{1,5}$/.test(parts.at(-1) ?? "");
  return matchesHeader || shaped ? parts : null;
}

/** A heading line as text: controls to spaces, typewriter quotes, the spaced `_` as a dash. */
function headingText(line: string): string {
  return quotes(controlsToSpaces(line)).replace(/ _ /g, " \u2014 ");
}

/** `` and '' are ANPA's typewriter quotes; a lone ` opens a single quote. */
function quotes(text: string): string {
  if (!text.includes("`") && !text.includes("''")) return text;
  return text.replace(/``/g, "\u201c").replace(/''/g, "\u201d").replace(/`/g, "\u2018");
}

function trailerTime(m: RegExpExecArray): string {
  const yy = Number(m[5]);
  const year = yy < 70 ? 2000 + yy : 1900 + yy;
  return `${year}-${m[3]}-${m[4]}T${m[6]}:${m[7]}:00Z`;
}

function realTime(iso: string): boolean {
  const t = Date.parse(iso);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 16) === iso.slice(0, 16);
}

/** Control characters other than tab and line ends as spaces, for the plain-copy reader. */
function controlsToLines(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANPA framing and agate codes
  return text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, " ");
}

/** The first sentence of an alert's text, after its dateline, as its headline. */
function alertHeadline(paragraph: string): string | null {
  const rest = (parseDateline(paragraph)?.rest ?? paragraph).trim();
  if (rest.length <= 200) return rest || null;
  const stop = rest.slice(0, 200).search(/[.!?]["\u201d]?\s/);
  return stop > 20 ? rest.slice(0, stop + 1) : `${rest.slice(0, rest.lastIndexOf(" ", 200))}\u2026`;
}

/** A tabular line: its columns (split at the agate codes and tabs) as one text row. */
function agateRow(line: string): string {
  return quotes(controlsToSpaces(line));
}

const INDENTED = /^(?:\t| {2,})\S/;
const HEADING_LINES = 12;

/**
 * Copy without `^` heading marks (a stripped feed, an agency that does not use AP's marks): the
 * lines above the first indented paragraph are heading lines, one element each (keyword line,
 * headline, byline, affiliation), never one hard-wrapped paragraph. Text without indented
 * paragraphs is returned as it is.
 */
function separateHeadingLines(text: string): string {
  const lines = splitLines(text);
  let start = 0;
  while (start < lines.length && isBlank(lines[start] as string)) start++;
  let k = start;
  while (
    k < lines.length &&
    k - start < HEADING_LINES &&
    !isBlank(lines[k] as string) &&
    !INDENTED.test(lines[k] as string)
  )
    k++;
  if (k === start || !INDENTED.test(lines[k] ?? "")) return text;
  return `${lines.slice(start, k).join("\n\n")}\n\n${lines.slice(k).join("\n")}`;
}

/**
 * ANPA-1312 to a draft: the header fields, then the text's heading lines by what they are
 * (keyword line, headline, media references, notes, byline and affiliation), then the
 * paragraphs (tab-indented, hard-wrapped lines joined; agate rows one per line). One pass over
 * the lines; every pattern runs on one bounded line.
 */
export function parseAnpa1312(text: string): Draft {
  const draft = emptyDraft("anpa1312");
  draft.underscoreDashes = true;
  const md = draft.metadata;
  // the header fields are the metadata's header fields: written once, never copied
  const header: Header = { fields: md.header, keyword: null };

  let bodyText: string;
  const stx = text.indexOf("\x02");
  if (stx >= 0) {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
    const headerLines = splitLines(text.slice(0, stx).replace(/^[\s\x16\x01]+/, "")).filter(
      (l) => !isBlank(l),
    );
    readHeaderLines(headerLines[0] ?? "", headerLines[1] ?? "", header);
    const etx = text.indexOf("\x03", stx + 1);
    bodyText = text.slice(stx + 1, etx > stx ? etx : text.length);
  } else {
    // Framing stripped in transit: the two header lines open the text.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
    const lines = splitLines(text.replace(/^[\s\x16\x01]+/, ""));
    const used = readHeaderLines(lines[0] ?? "", lines[1] ?? "", header) ? 2 : 0;
    bodyText = lines.slice(used).join("\n");
  }
  const tabular = header.fields.format?.includes("tabular") ?? false;
  const compactKeyword = header.keyword === null ? null : compact(header.keyword);

  const paragraphs: string[] = [];
  const extras: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(quotes(current.join(" ")));
    current = [];
  };
  let inHeading = true;
  let expectAffiliation = false;
  let trailer: RegExpExecArray | null = null;

  for (const rawLine of splitLines(bodyText)) {
    // framing characters (STX, ETX, EOT) left inside the text are not text
    const unframed = FRAMING.test(rawLine) ? rawLine.replace(FRAMING_ALL, "") : rawLine;
    if (isBlank(unframed)) {
      flush();
      continue;
    }
    const plain = trimEnd(unframed, "<");
    const short = plain.length <= 60 ? plain.trim() : null;
    const t = short !== null && short.length <= 40 ? TRAILER.exec(short) : null;
    if (t) {
      flush();
      trailer = t;
      continue;
    }
    const trimmedStart = plain.trimStart();
    if (trimmedStart.startsWith("^") && (inHeading || paragraphs.length + current.length === 0)) {
      flush();
      // A line may hold several heading segments: `^*9006< ^AP-Top-Entertainment,0176<`.
      for (const segment of trimmedStart.split(/<\s*\^/)) {
        const endsAffiliation = trimEnd(segment, "").endsWith("=");
        const content = headingText(trimEnd(segment.replace(/^\^/, ""), "<="));
        if (!content || /^\*\d{1,6}$/.test(content)) continue;
        const keyword = draft.headline === null ? keywordLine(content, compactKeyword) : null;
        const note = EDITORS_NOTE.exec(content)?.[1] ?? editorsNote(content);
        const by = bylineText(content);
        if (keyword) {
          md.header.keywordLine = content;
          for (const part of keyword.slice(1)) {
            if (/^\d{1,5}$/.test(part)) md.header.textWordCount = part;
            else if (part) md.versionMarkers.push(part);
          }
        } else if (MEDIA_REF.test(content)) {
          md.header.media = md.header.media ? `${md.header.media}; ${content}` : content;
        } else if (note) {
          md.editorsNotes.push(note.trim());
        } else if (by && !draft.byline) {
          draft.byline = by;
          expectAffiliation = true;
          continue;
        } else if (expectAffiliation && endsAffiliation) {
          md.creditline = content;
        } else if (draft.headline === null) {
          draft.headline = content;
        } else {
          extras.push(content);
        }
        expectAffiliation = false;
      }
      continue;
    }
    inHeading = false;
    expectAffiliation = false;
    if (trimmedStart.startsWith("^")) {
      // a heading line inside the text: a subhead, its own paragraph
      flush();
      const subhead = quotes(controlsToSpaces(trimEnd(trimmedStart.slice(1), "<=")));
      if (subhead) paragraphs.push(subhead);
    } else if (tabular || hasControl(rawLine, AGATE_CODES)) {
      flush();
      const row = agateRow(plain);
      if (row) paragraphs.push(row);
    } else if (/^(?:\t| {2,})/.test(plain)) {
      flush();
      current.push(controlsToSpaces(plain));
    } else {
      current.push(controlsToSpaces(plain));
    }
  }
  flush();

  md.slugline = header.keyword ?? md.header.keywordLine?.split(",")[0]?.trim() ?? null;
  const p = header.fields.priority ? PRIORITY[header.fields.priority.toLowerCase()] : undefined;
  md.priority = p ?? null;
  if (trailer) {
    const agency = trailer[1] as string;
    md.header.trailer = trailer[0];
    md.distributor = agency;
    md.parties.push({ role: "distributor", value: agency, field: "anpa1312/trailer" });
    const time = trailerTime(trailer);
    if (realTime(time)) {
      draft.documentTime = time;
      draft.documentDate = time.slice(0, 10);
    }
  }
  md.identity = {
    itemId: header.keyword,
    version: firstOrdinal(
      [header.fields.version ?? "", ...md.versionMarkers],
      /(\w+)\s*-?\s*Ld\b/i,
    ),
    status: null,
    signals: [
      ...(header.fields.cycle ? [`cycle:${header.fields.cycle}`] : []),
      ...md.versionMarkers,
    ],
  };

  if (draft.headline === null && md.header.keywordLine !== undefined && paragraphs.length > 0) {
    // A keyword line and text but no headline: an alert (`BC-US--APNewsAlert`), whose text is
    // its own headline; the first sentence after the dateline heads it.
    draft.headline = alertHeadline(paragraphs[0] as string);
  }
  if (draft.headline === null) {
    // No `^` heading lines: the text is laid out like plain copy, headline first.
    const plainDraft = parsePlainText(
      separateHeadingLines(quotes(controlsToLines(bodyText))),
      "anpa1312",
    );
    return {
      ...plainDraft,
      underscoreDashes: true,
      documentTime: draft.documentTime,
      documentDate: plainDraft.documentDate ?? draft.documentDate,
      metadata: {
        ...md,
        editorsNotes: [...md.editorsNotes, ...plainDraft.metadata.editorsNotes],
        versionMarkers: [...md.versionMarkers, ...plainDraft.metadata.versionMarkers],
      },
    };
  }
  if (paragraphs.length === 0) {
    // A heading-only message (a news digest, a headlines list): its further lines are the text.
    draft.paragraphs = extras;
  } else {
    // The first further heading line is AP's summary of the story; any more are subheads.
    const [summary, ...rest] = extras;
    if (summary !== undefined && summary.length >= 20) draft.standfirst = summary;
    else if (summary !== undefined) rest.unshift(summary);
    draft.paragraphs = [...rest, ...paragraphs];
  }
  return draft;
}
