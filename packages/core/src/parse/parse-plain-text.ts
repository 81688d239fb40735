import type { WireFormat } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import { bylineStamp, bylineText, editorsNote, isBoilerplate } from "../text/boilerplate.js";
import { splitCaptionCredit } from "../text/caption-credit.js";
import { foldForCompare } from "../text/clean-text.js";
import { parseDateline as parseDatelinePrefix } from "../text/dateline-parser.js";
import { parseDateLine } from "../text/dates.js";
import { deskLine, genreLabel } from "../text/desk-lines.js";
import { splitUnits } from "./split-units.js";

const NAME_WORD = /^(?:\p{Lu}[\p{L}.'\u2019-]*|and|of|de|van|von|der|al|bin)$/u;

/** "Web Desk", "Staff Reporter": a short run of capitalised words with no punctuation. */
function sameText(a: string, b: string | null): boolean {
  return b !== null && Math.abs(a.length - b.length) <= 8 && foldForCompare(a) === b;
}

function nameLike(u: string): boolean {
  if (u.length > 40 || /[\d.!?:;,"\u201c\u201d]$/.test(u) || /\d/.test(u)) return false;
  const words = u.split(/\s+/);
  return words.length <= 5 && words.every((w) => NAME_WORD.test(w));
}

function creditedCaption(u: string): { text: string; credit: string | null } | null {
  const parts = splitCaptionCredit(u);
  return parts?.credit && parts.text.length >= 10 ? parts : null;
}

/**
 * Plain wire copy: headline first, then the front matter web desks and agencies put between the
 * headline and the story (standfirst, byline, date line, the headline repeated as an image
 * title, photo captions), then the body.
 */
export function parsePlainText(text: string, format: WireFormat = "plain"): Draft {
  const draft = emptyDraft(format);
  const datelines = new Map<string, boolean>();
  const parseDateline = (u: string): boolean => {
    let known = datelines.get(u);
    if (known === undefined) {
      known = parseDatelinePrefix(u) !== null;
      datelines.set(u, known);
    }
    return known;
  };
  const captionLike = (u: string) =>
    u.length < 20 || u.length > 600 || parseDateline(u) ? null : creditedCaption(u);
  const units = splitUnits(text);
  let i = 0;
  // Desk furniture above the headline: a story number and slug (`DEL19 DL-FOG-FLIGHTS`), a
  // keyword line (`Switzerland/migration/UN/`), version and genre labels (`REFILE`, `1ST LEAD`,
  // `EXTRA`), a transmission code. Kept in metadata; the headline is the line after them.
  for (; i < units.length && i < 6; i++) {
    const u = units[i] as string;
    const desk = deskLine(u);
    const label = desk ? null : genreLabel(u);
    if (desk) {
      if (draft.metadata.slugline === null) draft.metadata.slugline = desk;
      else draft.metadata.versionMarkers.push(desk);
    } else if (label) draft.metadata.versionMarkers.push(label);
    else if (!(u.length <= 60 && isBoilerplate(u))) break;
  }
  const first = units[i];
  if (first === undefined) return draft;
  if (first.length <= 300 && !(first.length > 120 && parseDatelinePrefix(first))) {
    draft.headline = first;
    i++;
  }
  const afterHeadline = i;
  const headline = draft.headline ? foldForCompare(draft.headline) : null;
  const frontMatter = (u: string): boolean =>
    bylineText(u) !== null ||
    bylineStamp(u) !== null ||
    genreLabel(u) !== null ||
    parseDateLine(u) !== null ||
    parseDateline(u) ||
    nameLike(u) ||
    sameText(u, headline) ||
    captionLike(u) !== null;

  while (i < units.length) {
    const u = units[i] as string;
    const by = bylineText(u);
    const label = genreLabel(u);
    const stamped = by ? null : bylineStamp(u);
    if (by && !draft.byline) {
      draft.byline = by;
    } else if (stamped && !draft.byline) {
      draft.byline = stamped;
    } else if (label) {
      draft.metadata.versionMarkers.push(label);
    } else if (parseDateLine(u)) {
      draft.documentDate ??= parseDateLine(u);
    } else if (sameText(u, headline)) {
      // the headline repeated as an image title: dropped
    } else if (editorsNote(u)) {
      draft.metadata.editorsNotes.push(editorsNote(u) as string);
    } else if (parseDateline(u)) {
      break;
    } else if (captionLike(u)) {
      const c = captionLike(u);
      if (c) draft.captions.push(c);
    } else if (
      !draft.byline &&
      nameLike(u) &&
      (i > afterHeadline || (units[i + 1] !== undefined && parseDateLine(units[i + 1] as string)))
    ) {
      draft.byline = u;
    } else if (
      !draft.standfirst &&
      i === afterHeadline &&
      u.length >= 20 &&
      u.length <= 400 &&
      units[i + 1] !== undefined &&
      frontMatter(units[i + 1] as string) &&
      // a short last line after it is a sign-off (`EFE`), not the body: the unit is the text
      !(i + 2 >= units.length && (units[i + 1] as string).length <= 40)
    ) {
      draft.standfirst = u;
    } else {
      break;
    }
    i++;
  }
  draft.paragraphs = units.slice(i);
  return draft;
}
