import {
  type Caption,
  type NormalizedStory,
  type Rejection,
  STORY_SCHEMA_VERSION,
  type WireMetadata,
} from "@newswire/schemas";
import { archiveKey } from "./archive-key.js";
import type { Draft } from "./draft.js";
import { deriveLifecycle } from "./lifecycle/derive-lifecycle.js";
import { headlineMarkers } from "./lifecycle/desk-markers.js";
import { reject } from "./reject.js";
import { agencyFormAt } from "./text/agency-forms.js";
import {
  bylineStamp,
  bylineText,
  copyrightText,
  editorsNote,
  isBoilerplate,
  isContactLine,
  isCopyright,
  isFirstPublished,
  isLinkItem,
  isSeparator,
  isTrailer,
  opensDeskBlock,
  relatedLine,
  stripBylinePrefix,
} from "./text/boilerplate.js";
import { splitCaptionCredit } from "./text/caption-credit.js";
import { cleanInline, foldForCompare, trimEndChars } from "./text/clean-text.js";
import { type ParsedDateline, parseDateline, parsePlaceLine } from "./text/dateline-parser.js";
import {
  isoDay,
  isTimeLine,
  parseDateLine,
  realDay,
  realTimestamp,
  resolveDate,
} from "./text/dates.js";
import { deskLine, genreLabel, stripHeadlineMarkers } from "./text/desk-lines.js";
import { detectLanguage } from "./text/detect-language.js";
import { sanitizeDraft } from "./text/sanitize-draft.js";
import { EMAIL, isAgencySignOff, isDeskCodes, splitRunOnSignOff } from "./text/sign-off.js";
import { titleCaseCaps } from "./text/title-case.js";

const RUN_ON_END = / (?:Enditem|\(END\))$/i;
/** Front matter is read in the first paragraphs only: desks put nothing deeper. */
const LEAD_WINDOW = 8;
/** A desk block ("not intended for publication", `# Notebook`) starts this near the end. */
const DESK_BLOCK_WINDOW = 60;
/** A related-links list closes the copy within this many paragraphs. */
const RELATED_WINDOW = 20;

/** Whitespace-separated tokens that contain a letter or digit. */
function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  let hasAlnum = false;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c === 32) {
      if (inWord && hasAlnum) count++;
      inWord = false;
      hasAlnum = false;
    } else {
      inWord = true;
      // ASCII letters/digits or anything non-ASCII except general punctuation
      if (
        (c >= 48 && c <= 57) ||
        (c >= 65 && c <= 90) ||
        (c >= 97 && c <= 122) ||
        (c >= 0xc0 && (c < 0x2000 || c > 0x206f))
      )
        hasAlnum = true;
    }
  }
  return count;
}

export interface SourceContext {
  id: string;
  sha256: string;
  contentType: string;
  feed: string;
  receivedAt: string | null;
  wireId: string | null;
  kafka: NormalizedStory["source"]["kafka"];
  /** The archive object's extension, from the sniffed format (see archiveKeyFor). */
  archiveExtension: string;
}

function cleanOrNull(text: string | null | undefined): string | null {
  if (!text) return null;
  const t = cleanInline(text);
  return t.length > 0 ? t : null;
}

/** "By JOHN MARSH" → "John Marsh", "Von Anna Schmidt, dpa" → "Anna Schmidt, dpa". */
function cleanByline(text: string | null | undefined): string | null {
  const t = cleanOrNull(text);
  if (!t) return null;
  let stripped = trimEndChars(stripBylinePrefix(t) ?? t, "=", true).trim();
  if (!stripped) return null;
  stripped = withoutTrailingAgency(stripped);
  // Wire bylines in capitals ("By JOHN MARSH") read as names; acronyms stay ("NTB-AFP-DPA").
  return titleCaseCaps(stripped);
}

/**
 * AP's `JUAN ALVAREZ Associated Press`: a name in capitals, then the agency's name in mixed case
 * with no comma, is the name alone (the agency is the affiliation, as on ANPA's line below the
 * byline). A comma-separated affiliation (`Katrin Vogel, dpa`) stays.
 */
function withoutTrailingAgency(byline: string): string {
  if (byline.length > 120) return byline;
  for (let at = byline.indexOf(" "); at > 0; at = byline.indexOf(" ", at + 1)) {
    const name = byline.slice(0, at).trim();
    if (name.endsWith(",") || /\p{Ll}/u.test(name) || !/\p{Lu}.*\p{Lu}/u.test(name)) continue;
    const rest = at + 1;
    if (/\p{Ll}/u.test(byline.slice(rest)) && agencyFormAt(byline, rest) === byline.length - rest)
      return name;
  }
  return byline;
}

/** Equal after folding quotes, dashes, case and spaces; length first, as most pairs differ. */
function sameText(a: string, b: string): boolean {
  return Math.abs(a.length - b.length) <= 8 && foldForCompare(a) === foldForCompare(b);
}

/** `sameText` against one text, folded once: for comparing every paragraph to the headline. */
function sameAs(text: string | null): (p: string) => boolean {
  if (!text) return () => false;
  const folded = foldForCompare(text);
  return (p) => Math.abs(p.length - text.length) <= 8 && foldForCompare(p) === folded;
}

// A caption paragraph left in a body: a short paragraph ending in a photographer's credit.
function bodyCaption(p: string): Caption | null {
  if (p.length > 400) return null;
  const tail = p.slice(-80);
  if (!/\/\s?\p{Lu}/u.test(tail) && !/(?:photo|picture|image)\s*:/i.test(tail)) return null;
  const parts = splitCaptionCredit(p);
  if (!parts?.credit || parts.text.length === 0 || !looksLikePhotoCredit(parts.credit)) return null;
  return { text: parts.text, credit: parts.credit };
}

const NAME_CONNECTORS = new Set([
  "de",
  "da",
  "di",
  "van",
  "von",
  "al",
  "bin",
  "le",
  "la",
  "del",
  "dos",
]);

/** "REUTERS/Jane Doe/File Photo", "AP Photo/Jae C. Hong": names after the slash, not "EU/UK deal". */
function looksLikePhotoCredit(credit: string): boolean {
  if (!credit.includes("/")) return /\p{Lu}/u.test(credit);
  return credit
    .split("/")
    .slice(1)
    .every((part) =>
      part
        .trim()
        .split(/\s+/)
        .every((w) => /^[\p{Lu}\d]/u.test(w) || NAME_CONNECTORS.has(w)),
    );
}

// Summary bullets above the dateline (Reuters' "* Inflation at 3.2%"): story text, kept.
const BULLET = /^(?:[*+\u2022\u00b7\u25aa\u25cf\u25a0\u25e6\u2023\u2043]|-(?!-)|\u2013)\s+\S/u;

// A job title after the agency in a bytag: "Associated Press Writer", "AP Medical Writer".
const BYTAG_TITLE =
  /^(?: \p{Lu}[\p{L}-]{1,20}){0,2} (?:Writer|Correspondent|Reporter|Editor|Staff|Photographer|Columnist)s?$/u;

/** A bytag: one registry name and nothing else ("Associated Press", "Reuters."), or with a job title. */
function isAgencyName(p: string): boolean {
  const t = trimEndChars(p, ".", true);
  const len = t.length > 0 ? agencyFormAt(t, 0) : 0;
  return len > 0 && (len === t.length || BYTAG_TITLE.test(t.slice(len)));
}

function addDeskCode(metadata: WireMetadata, code: string): void {
  if (metadata.slugline === null) metadata.slugline = code;
  else metadata.versionMarkers.push(code);
}

interface Lead {
  headline: string;
  byline: string | null;
  dateline: ParsedDateline | null;
}

/**
 * The front matter in the first paragraphs, in any order agencies use: desk lines, genre
 * labels, bylines (repeated or not), the headline when the format's own was only desk
 * furniture, summary bullets, and the dateline after all of them. Removes what is not story
 * text, keeps the bullets, and returns the dateline with its paragraph cut to the rest.
 */
function readLead(
  body: string[],
  metadata: WireMetadata,
  headlineIn: string,
  bylineIn: string | null,
): Lead {
  let headline = headlineIn;
  let byline = bylineIn;
  let i = 0;
  for (let seen = 0; seen < LEAD_WINDOW && i < body.length; seen++) {
    const p = body[i] as string;
    const desk = deskLine(p);
    if (desk) {
      addDeskCode(metadata, desk);
      body.splice(i, 1);
      continue;
    }
    const label = genreLabel(p);
    if (label) {
      metadata.versionMarkers.push(label);
      body.splice(i, 1);
      continue;
    }
    // A time stamp or a publication date on a line of its own ("March 5, 2024" above a press
    // release's dateline).
    if (isTimeLine(p) || (body.length > 1 && parseDateLine(p) !== null)) {
      body.splice(i, 1);
      continue;
    }
    const stamped = body.length > 1 ? bylineStamp(p) : null;
    if (stamped) {
      byline ??= cleanByline(stamped);
      body.splice(i, 1);
      continue;
    }
    const by = body.length > 1 ? bylineText(p) : null;
    if (by || (byline && sameText(p, byline))) {
      byline ??= cleanByline(by);
      body.splice(i, 1);
      continue;
    }
    if (headline && sameText(p, headline)) {
      body.splice(i, 1);
      continue;
    }
    // AP's bytag under the byline ("Associated Press"), a credit line naming only an agency.
    if (p.length <= 60 && body.length > 1 && isAgencyName(p)) {
      metadata.creditline ??= p;
      body.splice(i, 1);
      continue;
    }
    const dateline = parseDateline(p);
    if (dateline) {
      const rest = dateline.rest.trim();
      if (rest) body[i] = rest;
      else body.splice(i, 1);
      return { headline, byline, dateline };
    }
    if (BULLET.test(p)) {
      i++;
      continue;
    }
    if (!headline && p.length <= 250 && body.length > 1) {
      const parts = stripHeadlineMarkers(p);
      metadata.versionMarkers.push(...parts.markers);
      for (const code of parts.deskCodes) addDeskCode(metadata, code);
      headline = parts.headline;
      body.splice(i, 1);
      continue;
    }
    const next = body[i + 1];
    const place = next !== undefined && next.length > 60 ? parsePlaceLine(p) : null;
    if (place) {
      body.splice(i, 1);
      return { headline, byline, dateline: place };
    }
    break;
  }
  return { headline, byline, dateline: null };
}

/** A line the closing loop below knows what to do with. */
function closingLine(p: string): boolean {
  return (
    isAgencySignOff(p) ||
    isFirstPublished(p) ||
    EMAIL.test(p) ||
    isTrailer(p) ||
    isCopyright(p) ||
    isContactLine(p) ||
    isBoilerplate(p)
  );
}

interface Tail {
  trailers: string[];
  copyright: string | null;
  byline: string | null;
}

/** A line of a desk block: a sign-off, furniture to drop, or a note kept for the editors. */
function readDeskBlock(lines: readonly string[], metadata: WireMetadata, trailers: string[]): void {
  let inLinks = false;
  for (const line of lines) {
    if (isAgencySignOff(line)) {
      trailers.push(line);
      continue;
    }
    const heading = /^#{1,6}\s*(.*)$/.exec(line);
    if (heading) {
      inLinks = relatedLine(heading[1] ?? "") !== null;
      continue;
    }
    if (relatedLine(line) === "header") {
      inLinks = true;
      continue;
    }
    if (
      opensDeskBlock(line) ||
      isSeparator(line) ||
      isBoilerplate(line) ||
      (inLinks && isLinkItem(line)) ||
      /^[-*]?\s*\[[^\]]{0,200}\]\([^)]{0,500}\)$/.test(line)
    )
      continue;
    const note = line.replace(/^[-*\u2022]\s+/, "").trim();
    if (note) metadata.editorsNotes.push(note);
  }
}

/**
 * The closing matter: desk blocks, related-links lists, then line by line from the end: agency
 * sign-offs and "first published" notes (to the trailers, where attribution reads them),
 * credits, copyright, contact lines (editors' notes), bylines, end marks and codes (dropped).
 */
function readTail(body: string[], metadata: WireMetadata, tail: Tail): void {
  for (let k = Math.max(0, body.length - DESK_BLOCK_WINDOW); k < body.length; k++) {
    if (!opensDeskBlock(body[k] as string)) continue;
    let cut = k;
    // The `* * * *` rule dpa sets above the block belongs to it.
    while (
      cut > 0 &&
      isBoilerplate(body[cut - 1] as string) &&
      !isAgencySignOff(body[cut - 1] as string)
    )
      cut--;
    readDeskBlock(body.slice(cut), metadata, tail.trailers);
    body.length = cut;
    break;
  }
  for (let k = Math.max(1, body.length - RELATED_WINDOW); k < body.length; k++) {
    if (relatedLine(body[k] as string) !== "header") continue;
    // The list runs to the end, closing matter aside ("first published", sign-offs, credits).
    const kept: string[] = [];
    let listed = true;
    for (let j = k + 1; j < body.length && listed; j++) {
      const line = body[j] as string;
      if (closingLine(line)) kept.push(line);
      else listed = kept.length === 0 && isLinkItem(line);
    }
    if (!listed) continue;
    body.length = k;
    for (const line of kept) body.push(line);
    break;
  }
  const closing: string[] = [];
  let belowSignOff = false;
  while (body.length > 0) {
    const last = body[body.length - 1] as string;
    const signOff = isAgencySignOff(last);
    const above = body[body.length - 2];
    if (signOff || isFirstPublished(last) || EMAIL.test(last) || isTrailer(last)) {
      closing.push(last);
    } else if (
      isDeskCodes(last) &&
      (belowSignOff ||
        (above !== undefined && (isAgencySignOff(above) || splitRunOnSignOff(above) !== null)))
    ) {
      // desk initials on their own line next to the sign-off (Bernama's `NAZ SHR`, ANSA's `SPE`
      // under "... she said. (ANSA)."): dropped
    } else if (isCopyright(last)) {
      tail.copyright ??= copyrightText(last);
    } else if (isContactLine(last)) {
      metadata.editorsNotes.push(last);
    } else if (relatedLine(last) !== null || isBoilerplate(last)) {
      // dropped: related links, end marks, desk initials, transmission codes, promo lines
    } else {
      // CNA closes with the reporter in parentheses: "(By Lin Chia-nan)".
      const by = bylineText(/^\(.*\)$/.test(last) ? last.slice(1, -1) : last);
      if (!by) break;
      tail.byline ??= cleanByline(by);
    }
    belowSignOff = signOff;
    body.pop();
  }
  // Collected from the end: back into reading order, before any the desk block held.
  tail.trailers = closing.reverse().concat(tail.trailers);
  // Xinhua and Yonhap run the end mark on at the end of the last paragraph; Bernama the
  // sign-off ("... he said. -- BERNAMA").
  for (let round = 0; round < 2; round++) {
    const lastIndex = body.length - 1;
    const last = body[lastIndex];
    if (last === undefined) return;
    const cut = RUN_ON_END.exec(last.slice(-12));
    if (cut) {
      const kept = last.slice(0, last.length - cut[0].length).trim();
      if (kept) body[lastIndex] = kept;
      else body.pop();
      continue;
    }
    const signOff = splitRunOnSignOff(last);
    if (!signOff) return;
    body[lastIndex] = signOff.kept;
    tail.trailers.unshift(signOff.signOff);
  }
}

/** The shared cleaning rules that turn any format's draft into the published draft story. */
export function finishDraft(input: Draft, ctx: SourceContext): NormalizedStory | Rejection {
  const draft = sanitizeDraft(input);
  const metadata = draft.metadata;
  const marked = stripHeadlineMarkers(draft.headline ?? "");
  metadata.versionMarkers.push(...marked.markers);
  for (const code of marked.deskCodes) addDeskCode(metadata, code);
  let headline = marked.headline;
  // A format headline that was only desk furniture ("REFILE", "DEL19 DL-FOG-FLIGHTS"): the
  // real one is the first line of the body that is not front matter.
  const headlineMissing = headline.length === 0 && draft.headline !== null;
  if (!headline && !headlineMissing) return reject("NO_HEADLINE", "the copy has no headline");

  const standfirst = cleanOrNull(draft.standfirst);
  let byline = cleanByline(draft.byline);
  const captions: Caption[] = [];
  for (const c of draft.captions) captions.push({ text: c.text, credit: c.credit });
  const inlineTrailers: string[] = [];
  const body: string[] = [];
  const isHeadline = sameAs(headline);
  const isStandfirst = sameAs(standfirst);
  for (const raw of draft.paragraphs) {
    const p = cleanInline(raw);
    if (!p || isSeparator(p)) continue;
    if (isHeadline(p) || isStandfirst(p)) continue;
    const note = editorsNote(p);
    if (note) {
      metadata.editorsNotes.push(note);
      continue;
    }
    if (isTrailer(p, false)) {
      inlineTrailers.push(p);
      continue;
    }
    if (relatedLine(p) === "promo") continue;
    const caption = bodyCaption(p);
    if (caption) {
      captions.push(caption);
      continue;
    }
    body.push(p);
  }

  const lead = readLead(body, metadata, headline, byline);
  headline = lead.headline;
  byline = lead.byline;
  if (!headline) return reject("NO_HEADLINE", "the copy has no headline");

  const tail: Tail = { trailers: [], copyright: cleanOrNull(draft.copyright), byline };
  readTail(body, metadata, tail);
  byline = tail.byline;

  const referenceDay =
    draft.documentDate ?? isoDay(draft.documentTime) ?? isoDay(ctx.receivedAt) ?? null;
  const parsed = lead.dateline;
  let place: string | null = parsed?.place ?? null;
  let raw: string | null = parsed?.raw ?? null;
  let date: string | null = parsed?.date ? resolveDate(parsed.date, referenceDay) : null;
  place ??= draft.datelineHint?.place ? titleCaseCaps(draft.datelineHint.place) : null;
  raw ??= draft.datelineHint?.raw ?? null;
  date ??= draft.datelineHint?.date ?? draft.documentDate ?? isoDay(ctx.receivedAt);

  // Copy whose only text is a note to editors is an advisory (a kill, a withhold: "AP is
  // withdrawing ..."): the notes are its body, or subscribers would never hear of it.
  const text = body.length > 0 ? body : [...metadata.editorsNotes];
  const paragraphs = draft.underscoreDashes ? text.map((p) => p.replace(/ _ /g, " \u2014 ")) : text;
  if (paragraphs.length === 0) return reject("NO_BODY", "the copy has a headline but no body text");

  let wordCount = 0;
  for (const p of paragraphs) wordCount += countWords(p);
  const trailers = [...inlineTrailers, ...tail.trailers];
  for (const t of draft.trailers) {
    const c = cleanInline(t);
    if (c) trailers.push(c);
  }
  // Markers the lifecycle table reads still stuck to the headline (EFE's `... (AMPLIACIÓN)`,
  // ANSA's `AGGIORNAMENTO - ...`) leave it for metadata, as the desk lines' markers did above.
  const stuck = headlineMarkers(headline);
  if (stuck.markers.length > 0 && stuck.rest.trim() !== "") {
    headline = stuck.rest.trim();
    metadata.versionMarkers.push(...stuck.markers);
  }
  const receivedAt = realTimestamp(ctx.receivedAt) ?? draft.documentTime;
  const story: Omit<NormalizedStory, "lifecycle"> = {
    schemaVersion: STORY_SCHEMA_VERSION,
    id: ctx.id,
    headline,
    standfirst,
    byline,
    dateline: { place, date: realDay(date), raw },
    paragraphs,
    captions,
    trailers,
    copyright: tail.copyright,
    metadata,
    language: draft.language ?? detectLanguage(paragraphs.slice(0, 6).join(" ")),
    wordCount,
    source: {
      feed: ctx.feed,
      format: draft.format,
      contentType: ctx.contentType,
      receivedAt,
      sha256: ctx.sha256,
      // The archiver names the object from the transport alone (archiveKeyFor): the same here,
      // so the CLI, the normalizer and the archiver agree on the key for the same bytes.
      archiveKey: archiveKey({
        receivedAt: ctx.receivedAt,
        feed: ctx.feed,
        id: ctx.id,
        ext: ctx.archiveExtension,
      }),
      wireId: ctx.wireId,
      kafka: ctx.kafka,
    },
  };
  return { ...story, lifecycle: deriveLifecycle(story, draft.documentTime) };
}
