import {
  type Caption,
  type NormalizedStory,
  type Rejection,
  STORY_SCHEMA_VERSION,
} from "@newswire/schemas";
import { archiveKey } from "./archive-key.js";
import type { Draft } from "./draft.js";
import { reject } from "./reject.js";
import {
  bylineText,
  copyrightText,
  editorsNote,
  isBoilerplate,
  isCopyright,
  isSeparator,
  isTrailer,
  stripVersionMarkers,
} from "./text/boilerplate.js";
import { splitCaptionCredit } from "./text/caption-credit.js";
import { cleanInline, foldForCompare } from "./text/clean-text.js";
import { parseDateline } from "./text/dateline-parser.js";
import { isoDay, resolveDate } from "./text/dates.js";
import { detectLanguage } from "./text/detect-language.js";

const RUN_ON_END = / (?:Enditem|\(END\))$/i;

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

function cleanByline(text: string | null | undefined): string | null {
  const t = cleanOrNull(text);
  if (!t) return null;
  const stripped = t.replace(/^by\s+/i, "").trim();
  if (!stripped) return null;
  // Wire bylines in capitals ("By JOHN MARSH") read as names.
  return /\p{Ll}/u.test(stripped) ? stripped : titleName(stripped);
}

/** "JOHN MARSH AND ANA LOPEZ" → "John Marsh and Ana Lopez". */
function titleName(caps: string): string {
  return caps
    .toLowerCase()
    .replace(/(^|[\s'\u2019.-])(\p{L})/gu, (_m, s: string, l: string) => s + l.toUpperCase())
    .replace(/ (?:And|Of|De|Van|Von|Der|Da|Del|Y) /g, (m) => m.toLowerCase());
}

function titleIfCaps(place: string | null): string | null {
  if (!place) return null;
  const t = cleanInline(place);
  if (/\p{Ll}/u.test(t)) return t;
  return t
    .toLowerCase()
    .replace(/(^|[\s'\u2019.-])(\p{L})/gu, (_m, s: string, l: string) => s + l.toUpperCase());
}

/** Equal after folding quotes, dashes, case and spaces; length first, as most pairs differ. */
function sameText(a: string, b: string): boolean {
  return Math.abs(a.length - b.length) <= 8 && foldForCompare(a) === foldForCompare(b);
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

/** The shared cleaning rules that turn any format's draft into the published draft story. */
export function finishDraft(draft: Draft, ctx: SourceContext): NormalizedStory | Rejection {
  const metadata = draft.metadata;
  const versioned = stripVersionMarkers(cleanInline(draft.headline ?? ""));
  metadata.versionMarkers.push(...versioned.markers);
  const headline = versioned.headline;
  if (!headline) return reject("NO_HEADLINE", "the copy has no headline");

  const standfirst = cleanOrNull(draft.standfirst);
  let byline = cleanByline(draft.byline);
  let copyright = cleanOrNull(draft.copyright);
  const captions: Caption[] = [];
  for (const c of draft.captions) {
    const text = cleanInline(c.text);
    if (text) captions.push({ text, credit: cleanOrNull(c.credit) });
  }
  const inlineTrailers: string[] = [];
  const body: string[] = [];
  for (const raw of draft.paragraphs) {
    const p = cleanInline(raw);
    if (!p || isSeparator(p)) continue;
    if (sameText(p, headline) || (standfirst && sameText(p, standfirst))) continue;
    const note = editorsNote(p);
    if (note) {
      metadata.editorsNotes.push(note);
      continue;
    }
    if (isTrailer(p, false)) {
      inlineTrailers.push(p);
      continue;
    }
    const caption = bodyCaption(p);
    if (caption) {
      captions.push(caption);
      continue;
    }
    body.push(p);
  }

  const tailTrailers: string[] = [];
  while (body.length > 0) {
    const last = body[body.length - 1] as string;
    if (isTrailer(last)) tailTrailers.unshift(last);
    else if (isCopyright(last)) copyright ??= copyrightText(last);
    else if (isBoilerplate(last)) {
      // dropped: sign-offs, end marks, transmission codes, promo lines
    } else {
      const by = body.length > 1 ? bylineText(last) : null;
      if (!by) break;
      byline ??= cleanByline(by);
    }
    body.pop();
  }

  // Xinhua and Yonhap run the end mark on at the end of the last paragraph.
  const lastIndex = body.length - 1;
  const last = body[lastIndex];
  if (last !== undefined) {
    const cut = RUN_ON_END.exec(last.slice(-12));
    if (cut) {
      const kept = last.slice(0, last.length - cut[0].length).trim();
      if (kept) body[lastIndex] = kept;
      else body.pop();
    }
  }

  const referenceDay = isoDay(ctx.receivedAt) ?? draft.documentDate;
  let place: string | null = null;
  let date: string | null = null;
  let raw: string | null = null;
  const first = body[0];
  const parsed = first ? parseDateline(first) : null;
  if (parsed) {
    place = parsed.place;
    raw = parsed.raw;
    date = parsed.date ? resolveDate(parsed.date, referenceDay) : null;
    const rest = parsed.rest.trim();
    if (rest) body[0] = rest;
    else body.shift();
  }
  place ??= titleIfCaps(draft.datelineHint?.place ?? null);
  raw ??= cleanOrNull(draft.datelineHint?.raw);
  date ??= draft.datelineHint?.date ?? draft.documentDate ?? isoDay(ctx.receivedAt);

  const paragraphs = draft.underscoreDashes ? body.map((p) => p.replace(/ _ /g, " \u2014 ")) : body;
  if (paragraphs.length === 0) return reject("NO_BODY", "the copy has a headline but no body text");

  let wordCount = 0;
  for (const p of paragraphs) wordCount += countWords(p);
  const trailers = [...inlineTrailers, ...tailTrailers];
  for (const t of draft.trailers) {
    const c = cleanInline(t);
    if (c) trailers.push(c);
  }
  const receivedAt = ctx.receivedAt ?? draft.documentTime;
  return {
    schemaVersion: STORY_SCHEMA_VERSION,
    id: ctx.id,
    headline,
    standfirst,
    byline,
    dateline: { place, date, raw },
    paragraphs,
    captions,
    trailers,
    copyright,
    metadata,
    language: draft.language ?? detectLanguage(paragraphs.slice(0, 6).join(" ")),
    wordCount,
    source: {
      feed: ctx.feed,
      format: draft.format,
      contentType: ctx.contentType,
      receivedAt,
      sha256: ctx.sha256,
      archiveKey: archiveKey({
        receivedAt,
        feed: ctx.feed,
        id: ctx.id,
        ext: ctx.archiveExtension,
      }),
      wireId: ctx.wireId,
      kafka: ctx.kafka,
    },
  };
}
