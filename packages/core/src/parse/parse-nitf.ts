import { type Draft, emptyDraft } from "../draft.js";
import { captionFrom } from "../text/caption-credit.js";
import { cleanInline, trimEndChars } from "../text/clean-text.js";
import { isoDay } from "../text/dates.js";
import {
  attr,
  byName,
  child,
  children,
  type Element,
  find,
  findAll,
  textOf,
} from "../tree/element.js";

const CONTAINERS = new Set(["media", "table", "hedline", "fn", "note"]);

/** Paragraph texts of a NITF `body.content` (or any container of `<p>`), in document order. */
export function bodyParagraphs(container: Element | null): string[] {
  if (!container) return [];
  const ps = findAll(container, (e) => e.name === "p" && !insideAny(e, container));
  if (ps.length > 0) return ps.map((p) => cleanInline(textOf(p)));
  return textOf(container)
    .split(/\n\s*\n|\n/)
    .map(cleanInline)
    .filter(Boolean);
}

function insideAny(el: Element, stop: Element): boolean {
  for (let p = el.parent; p && p !== stop; p = p.parent)
    if (CONTAINERS.has(p.name) || p.name === "p") return true;
  return false;
}

function text(el: Element | null): string | null {
  const t = el ? cleanInline(textOf(el)) : "";
  return t || null;
}

/** Captions from NITF `<media>`: media-caption with media-producer as the credit. */
export function nitfCaptions(root: Element, draft: Draft): void {
  for (const media of findAll(root, byName("media"))) {
    const caption = text(find(media, byName("media-caption")));
    if (!caption) continue;
    const producer = text(find(media, byName("media-producer")));
    draft.captions.push(captionFrom(caption, producer));
  }
}

/** NITF 3.x: head/docdata for bookkeeping, body.head for the display parts, body.content. */
export function parseNitf(root: Element): Draft {
  const draft = emptyDraft("nitf");
  const head = child(root, "head");
  const body = child(root, "body");
  const bodyHead = child(body, "body.head");
  const docdata = child(head, "docdata");

  const hedline = child(bodyHead, "hedline");
  draft.headline = text(child(hedline, "hl1")) ?? text(child(head, "title"));
  draft.standfirst = text(child(hedline, "hl2")) ?? text(child(bodyHead, "abstract"));

  const byline = child(bodyHead, "byline");
  if (byline) {
    const person = find(byline, byName("person"));
    draft.byline = text(person) ?? text(byline);
    const title = text(find(byline, byName("byttl")));
    if (title && !person)
      draft.byline = draft.byline ? trimEndChars(draft.byline.replace(title, ""), ",") : null;
    if (title) draft.metadata.creditline = title;
  }
  const distributor = text(child(bodyHead, "distributor"));
  draft.metadata.distributor = distributor;

  const dateline = child(bodyHead, "dateline");
  if (dateline) {
    const storyDate = find(dateline, byName("story.date"));
    draft.datelineHint = {
      place: text(find(dateline, byName("city"))) ?? text(find(dateline, byName("location"))),
      date: isoDay(attr(storyDate, "norm")),
      raw: text(dateline),
    };
  }
  const copyright = child(docdata, "doc.copyright");
  draft.metadata.copyrightHolder = attr(copyright, "holder");
  const issued = attr(child(docdata, "date.issue"), "norm");
  draft.documentDate = isoDay(issued);
  draft.documentTime = issued ? compactToIso(issued) : null;
  const urgency = attr(child(docdata, "urgency"), "ed-urg");
  draft.metadata.priority = urgency && /^\d$/.test(urgency) ? Number(urgency) : null;
  for (const key of findAll(docdata, byName("keyword"))) {
    const k = attr(key, "key");
    if (k) draft.metadata.keywords.push(k);
  }
  const slug = attr(child(docdata, "du-key"), "key");
  if (slug) draft.metadata.slugline = slug;
  for (const msg of children(docdata, "ed-msg")) {
    const info = attr(msg, "info");
    if (info) draft.metadata.editorsNotes.push(info);
  }
  const lang = attr(root, "lang") ?? attr(body, "lang");
  draft.language = lang ? (lang.split("-")[0] ?? null) : null;

  draft.paragraphs = bodyParagraphs(child(body, "body.content"));
  nitfCaptions(child(body, "body.content") ?? root, draft);
  for (const tagline of findAll(
    child(body, "body.end"),
    (e) => e.name === "tagline" || e.name === "bibliography",
  )) {
    const t = text(tagline);
    if (t) draft.trailers.push(t);
  }
  return draft;
}

/** "20240618T003000Z" (ISO basic) to extended ISO; null if it is neither. */
export function compactToIso(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})([+-]\d{4}|Z)?$/.exec(value);
  if (m)
    return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] === "Z" || !m[7] ? "Z" : m[7]}`;
  return Number.isNaN(Date.parse(value)) ? null : value;
}
