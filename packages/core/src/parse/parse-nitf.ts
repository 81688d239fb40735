import { type Draft, emptyDraft } from "../draft.js";
import { captionFrom } from "../text/caption-credit.js";
import { trimEndChars } from "../text/clean-text.js";
import { attr, byName, child, children, collect, type Element, find } from "../tree/element.js";
import {
  addParty,
  addSignal,
  attrText,
  blockParagraphs,
  fieldText,
  languageOf,
} from "../tree/fields.js";
import { documentTime, itemVersion, urgency } from "../tree/values.js";

/** Inside these, a `<p>` is not body text (NITF 3.x: media, tables, footnotes, notes). */
const NOT_BODY: ReadonlySet<string> = new Set([
  "media",
  "table",
  "fn",
  "note",
  "hedline",
  "byline",
  "dateline",
  "figure",
  "figcaption",
  "aside",
  "nav",
  "footer",
]);

/** Paragraph texts of a NITF `body.content` (or any container of `<p>`), in document order. */
export function bodyParagraphs(container: Element | null): string[] {
  return blockParagraphs(container, (e) => NOT_BODY.has(e.name));
}

/**
 * Captions from NITF `<media>`: its media-caption, media-producer as the credit. Only the
 * outermost media and the outermost caption in it are read, so nested ones add their text once.
 */
export function nitfCaptions(root: Element, draft: Draft): void {
  for (const media of collect(root, byName("media"))) {
    const captionEl = collect(media, byName("media-caption"))[0];
    const caption = fieldText(captionEl);
    if (!caption) continue;
    const producer = fieldText(
      collect(media, byName("media-producer"), (e) => e.name === "media-caption")[0],
    );
    draft.captions.push(captionFrom(caption, producer));
  }
}

const F = "nitf/head/docdata";

/** NITF 3.x metadata: who the document names, its identity and its dates. */
function readDocdata(head: Element | null, draft: Draft): void {
  const metadata = draft.metadata;
  const docdata = child(head, "docdata");

  // doc-id@id-string ("AAP.20240618.1234", "tag:reuters.com,2024:newsml_L4N3H20XY") names the
  // issuer in its prefix; regsrc is the source that registered it (NITF 3.x docdata).
  const docId = child(docdata, "doc-id");
  const idString = attrText(docId, "id-string");
  addParty(metadata, "id", idString, `${F}/doc-id@id-string`);
  addParty(metadata, "id", attrText(docId, "regsrc"), `${F}/doc-id@regsrc`);
  metadata.identity.itemId = idString;

  // del-list/from-src@src-name: the sources the document was delivered through.
  for (const src of collect(child(docdata, "del-list"), byName("from-src"))) {
    addParty(metadata, "source", attrText(src, "src-name"), `${F}/del-list/from-src@src-name`);
  }
  const rights = child(docdata, "doc.rights");
  addParty(metadata, "copyright", attrText(rights, "owner"), `${F}/doc.rights@owner`);
  addParty(metadata, "source", attrText(rights, "agent"), `${F}/doc.rights@agent`);
  const copyright = child(docdata, "doc.copyright");
  const holder = attrText(copyright, "holder");
  addParty(metadata, "copyright", holder, `${F}/doc.copyright@holder`);
  metadata.copyrightHolder = holder ?? attrText(rights, "owner");

  // Status: docdata@management-status (NITF 3.3+), else a doc.status element.
  const status =
    attrText(docdata, "management-status") ??
    attrText(child(docdata, "doc.status"), "status") ??
    fieldText(child(docdata, "doc.status"));
  metadata.identity.status = status;
  const duKey = child(docdata, "du-key");
  metadata.identity.version = itemVersion(attr(duKey, "version"));
  const slug = attrText(duKey, "key");
  if (slug) metadata.slugline = slug;
  const correction = child(docdata, "correction");
  if (correction)
    addSignal(
      metadata,
      `correction${attr(correction, "info") ? `: ${attr(correction, "info")}` : ""}`,
    );

  const urg = urgency(attr(child(docdata, "urgency"), "ed-urg"));
  metadata.priority = urg;
  if (urg !== null) addSignal(metadata, `urgency:${urg}`);

  const issued =
    documentTime(attr(child(docdata, "date.issue"), "norm")) ??
    documentTime(attr(child(docdata, "date.release"), "norm")) ??
    documentTime(attr(child(head, "pubdata"), "date.publication"));
  draft.documentDate = issued?.day ?? null;
  draft.documentTime = issued?.instant ?? null;

  for (const key of collect(child(docdata, "key-list"), byName("keyword"))) {
    const k = attrText(key, "key");
    if (k && metadata.keywords.length < 100) metadata.keywords.push(k);
  }
  for (const msg of children(docdata, "ed-msg")) {
    const info = attrText(msg, "info");
    if (info && metadata.editorsNotes.length < 20) metadata.editorsNotes.push(info);
  }
}

/** NITF 3.x: head/docdata for bookkeeping, body.head for the display parts, body.content. */
export function parseNitf(root: Element): Draft {
  const draft = emptyDraft("nitf");
  const head = child(root, "head");
  const body = child(root, "body");
  const bodyHead = child(body, "body.head");
  readDocdata(head, draft);

  const hedline = child(bodyHead, "hedline");
  const hl1 = fieldText(child(hedline, "hl1"));
  const title = fieldText(child(head, "title"));
  // Bernama sets `hl1` in capitals and the same words in the head's title in mixed case: the
  // mixed-case copy of the same headline is the one a reader gets.
  const capsOnly = hl1 !== null && !/\p{Ll}/u.test(hl1) && /\p{Lu}/u.test(hl1);
  draft.headline =
    capsOnly && title !== null && title.toLowerCase() === hl1.toLowerCase()
      ? title
      : (hl1 ?? title);
  draft.standfirst = fieldText(child(hedline, "hl2")) ?? fieldText(child(bodyHead, "abstract"));

  const byline = child(bodyHead, "byline");
  if (byline) {
    const person = find(byline, byName("person"));
    const title = fieldText(find(byline, byName("byttl")));
    draft.byline = fieldText(person);
    if (!draft.byline) {
      const whole = fieldText(byline);
      draft.byline = whole && title ? trimEndChars(whole.replace(title, ""), ",") || null : whole;
    }
    if (title) draft.metadata.creditline = title;
  }
  const distributor = fieldText(child(bodyHead, "distributor"));
  draft.metadata.distributor = distributor;
  addParty(draft.metadata, "distributor", distributor, "nitf/body/body.head/distributor");

  const dateline = child(bodyHead, "dateline");
  if (dateline) {
    const storyDate = find(dateline, byName("story.date"));
    draft.datelineHint = {
      place:
        fieldText(find(dateline, byName("city"))) ?? fieldText(find(dateline, byName("location"))),
      date: documentTime(attr(storyDate, "norm"))?.day ?? null,
      raw: fieldText(dateline),
    };
  }
  const lang = attr(root, "lang") ?? attr(head, "lang") ?? attr(body, "lang");
  draft.language = languageOf(lang);

  // Some senders put the paragraphs straight in <body>, without body.content.
  const content = child(body, "body.content");
  draft.paragraphs = content
    ? bodyParagraphs(content)
    : blockParagraphs(
        body,
        (e) => NOT_BODY.has(e.name) || e.name === "body.head" || e.name === "body.end",
      );
  nitfCaptions(content ?? root, draft);
  for (const tagline of collect(
    child(body, "body.end"),
    (e) => e.name === "tagline" || e.name === "bibliography",
  )) {
    const t = fieldText(tagline);
    if (t) draft.trailers.push(t);
  }
  return draft;
}
