import type { PartyRole, Rejection } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import { reject } from "../reject.js";
import { isAgencyCredit } from "../text/agency-forms.js";
import { attr, byName, child, children, collect, type Element, find } from "../tree/element.js";
import {
  addParty,
  addSignal,
  attrText,
  fieldText,
  languageOf,
  lineParagraphs,
  metaText,
} from "../tree/fields.js";
import { hasMarkup } from "../tree/markup.js";
import { parseHtml } from "../tree/parse-html.js";
import { documentTime, itemVersion, urgency } from "../tree/values.js";
import { htmlDraftFromTree } from "./parse-html-draft.js";
import { parseNitf } from "./parse-nitf.js";

/** A G2 concept: `literal`, else its `<name>`, else its own text, else the code of its `qcode`. */
function conceptName(el: Element | null): string | null {
  if (!el) return null;
  const literal = attrText(el, "literal");
  if (literal) return literal;
  const name = fieldText(child(el, "name"));
  if (name) return name;
  const own = fieldText(el);
  if (own) return own;
  const qcode = attr(el, "qcode") ?? attr(el, "uri");
  return qcode ? metaText(qcode.split(":").pop()) : null;
}

/**
 * Where an item states no `by` (STT, many G2 senders), its author: the first `creator` given by
 * name, with no role or an author role; never an organisation named by a code or an agency.
 */
function creatorByline(contentMeta: Element | null): string | null {
  for (const el of children(contentMeta, "creator")) {
    const role = attr(el, "role");
    if (role && !/author|writer|reporter/i.test(role)) continue;
    const name = attrText(el, "literal") ?? fieldText(child(el, "name"));
    if (name && /\s/.test(name) && !isAgencyCredit(name)) return name;
  }
  return null;
}

function itemClass(item: Element): string | null {
  return attr(child(child(item, "itemmeta"), "itemclass"), "qcode");
}

/** NewsML-G2 item classes that carry text (`ninat:text`, a provider's own `...:text`). */
function isText(cls: string | null): boolean {
  return cls === null || /(?:^|:)text$/i.test(cls.trim());
}

/**
 * The package's item references in reading order: from the root group (`groupSet@root`, else
 * the first group) through `groupRef`s, each group visited once (a map from id to group, so a
 * package of thousands of references costs one pass, and a cycle ends).
 */
function packageRefs(pkg: Element): Element[] {
  const groupSet = child(pkg, "groupset");
  const groups = collect(groupSet, byName("group"));
  const byId = new Map<string, Element>();
  for (const g of groups) {
    const id = attr(g, "id");
    if (id && !byId.has(id)) byId.set(id, g);
  }
  const rootId = attr(groupSet, "root");
  const start = (rootId ? byId.get(rootId) : undefined) ?? groups[0];
  const refs: Element[] = [];
  const visited = new Set<Element>();
  const stack: Element[] = start ? [start] : [];
  while (stack.length > 0) {
    const group = stack.pop() as Element;
    if (visited.has(group)) continue;
    visited.add(group);
    const nested: Element[] = [];
    for (const c of group.children) {
      if (typeof c === "string") continue;
      if (c.name === "itemref") refs.push(c);
      else if (c.name === "groupref") {
        const target = byId.get(attr(c, "idref") ?? "");
        if (target) nested.push(target);
      }
    }
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i] as Element);
  }
  // Bare packages without a groupSet list their itemRefs directly.
  if (refs.length === 0) for (const r of collect(pkg, byName("itemref"))) refs.push(r);
  return refs;
}

/** A reference's own title and description stand in for an item the message does not carry. */
function refStandIn(ref: Element, pkg: Element): Element | null {
  const title = fieldText(child(ref, "title")) ?? fieldText(child(ref, "headline"));
  if (!title) return null;
  // The package stands behind it: its itemMeta and rightsInfo are the stand-in's.
  const standIn: Element = { name: "#ref", attrs: {}, children: [], parent: pkg };
  const contentMeta: Element = { name: "contentmeta", attrs: {}, children: [], parent: standIn };
  standIn.children.push(contentMeta);
  contentMeta.children.push({
    name: "headline",
    attrs: {},
    children: [title],
    parent: contentMeta,
  });
  const description = fieldText(child(ref, "description"));
  if (description)
    contentMeta.children.push({
      name: "description",
      attrs: {},
      children: [description],
      parent: contentMeta,
    });
  return standIn;
}

/** The news item to read: the item itself, a package's first text item, a message's. */
function pickItem(root: Element): Element | Rejection {
  if (root.name === "newsitem") return root;
  const items = root.name === "newsmessage" ? collect(root, byName("newsitem")) : [];
  const byGuid = new Map<string, Element>();
  for (const item of items) {
    const guid = attr(item, "guid");
    if (guid && !byGuid.has(guid)) byGuid.set(guid, item);
  }
  const packages = root.name === "packageitem" ? [root] : collect(root, byName("packageitem"));
  let standIn: Element | null = null;
  for (const pkg of packages) {
    for (const ref of packageRefs(pkg)) {
      const cls = attr(child(ref, "itemclass"), "qcode");
      if (cls && !isText(cls)) continue;
      const target = byGuid.get(attr(ref, "residref") ?? "");
      if (target && isText(itemClass(target))) return target;
      standIn ??= target ? null : refStandIn(ref, pkg);
    }
  }
  const first = items.find((i) => isText(itemClass(i)));
  if (first) return first;
  if (standIn) return standIn;
  return reject("NOT_A_STORY", `NewsML-G2 ${root.name} carries no text news item`);
}

/** The body of a G2 `contentSet`: inline NITF, inline XHTML, or inline text. */
function readContent(contentSet: Element | null, draft: Draft): Draft {
  const inlineXml = collect(contentSet, byName("inlinexml"));
  for (const inline of inlineXml) {
    const nitf = find(inline, byName("nitf"));
    const inner = nitf ? parseNitf(nitf) : htmlDraftFromTree(inline, "newsml-g2");
    if (inner.paragraphs.length === 0) continue;
    // A NITF body's own metadata (doc-id, rights) stays: the G2 item's is added to it.
    return { ...inner, format: "newsml-g2" };
  }
  for (const inline of collect(contentSet, byName("inlinedata"))) {
    const type = attr(inline, "contenttype") ?? "";
    const text = inline.children.some((c) => typeof c !== "string")
      ? null
      : inline.children.join("");
    if (text === null) {
      // Markup grafted from CDATA: read as HTML.
      const inner = htmlDraftFromTree(inline, "newsml-g2");
      if (inner.paragraphs.length > 0) return { ...inner, headline: null };
      continue;
    }
    if (/html/i.test(type) || hasMarkup(text)) {
      const inner = htmlDraftFromTree(parseHtml(text), "newsml-g2");
      if (inner.paragraphs.length > 0) return { ...inner, headline: null };
      continue;
    }
    const paragraphs = lineParagraphs(text);
    if (paragraphs.length > 0) return { ...draft, paragraphs };
  }
  return draft;
}

function conceptParties(draft: Draft, els: Element[], role: PartyRole, field: string): void {
  for (const el of els) addParty(draft.metadata, role, conceptName(el), field);
}

/** NewsML-G2 newsItem (or a packageItem's / newsMessage's text item) with inline content. */
export function parseNewsmlG2(root: Element): Draft | Rejection {
  const item = pickItem(root);
  if ("code" in item) return item;
  const described = item.name === "#ref" && item.parent ? item.parent : item;
  const itemMeta = child(described, "itemmeta");
  const contentMeta = child(item, "contentmeta") ?? item;
  const rights = child(described, "rightsinfo");

  const content = readContent(child(item, "contentset"), emptyDraft("newsml-g2"));
  const draft: Draft = { ...content, format: "newsml-g2" };
  const metadata = draft.metadata;

  const headlines = children(contentMeta, "headline");
  const main =
    headlines.find((h) => !attr(h, "role") || /main/i.test(attr(h, "role") ?? "")) ?? headlines[0];
  // The G2 headline first; a NITF body's own title or hl1 where the item states none.
  draft.headline = fieldText(main) ?? fieldText(child(itemMeta, "title")) ?? content.headline;
  const sub = headlines.find((h) => /sub/i.test(attr(h, "role") ?? ""));
  const descriptions = children(contentMeta, "description");
  const summary =
    descriptions.find((d) => /summary|abstract|teaser/i.test(attr(d, "role") ?? "")) ?? null;
  draft.standfirst = fieldText(sub) ?? fieldText(summary) ?? content.standfirst;
  if (draft.paragraphs.length === 0 && item.name === "#ref") {
    const d = fieldText(descriptions[0]);
    if (d) draft.paragraphs = [d];
  }
  draft.byline =
    fieldText(child(contentMeta, "by")) ?? content.byline ?? creatorByline(contentMeta);
  const located = child(contentMeta, "located");
  const datelineText = fieldText(child(contentMeta, "dateline"));
  if (located || datelineText) {
    draft.datelineHint = { place: conceptName(located), date: null, raw: datelineText };
  }

  const G =
    item.name === "#ref"
      ? "packageItem/itemRef"
      : item.name === "newsitem"
        ? "newsItem"
        : item.name;
  const provider = conceptName(child(itemMeta, "provider"));
  metadata.distributor = provider;
  addParty(metadata, "provider", provider, `${G}/itemMeta/provider`);
  conceptParties(draft, children(contentMeta, "creator"), "creator", `${G}/contentMeta/creator`);
  conceptParties(
    draft,
    children(contentMeta, "contributor"),
    "contributor",
    `${G}/contentMeta/contributor`,
  );
  for (const src of children(contentMeta, "infosource")) {
    const n = conceptName(src);
    if (!n) continue;
    if (metadata.infoSources.length < 32) metadata.infoSources.push(n);
    const role = attr(src, "role");
    addParty(metadata, "source", n, `${G}/contentMeta/infoSource${role ? `[@role=${role}]` : ""}`);
  }
  const holder = conceptName(child(rights, "copyrightholder"));
  metadata.copyrightHolder = holder;
  addParty(metadata, "copyright", holder, `${G}/rightsInfo/copyrightHolder`);
  draft.copyright = fieldText(child(rights, "copyrightnotice")) ?? content.copyright;
  metadata.creditline = fieldText(child(contentMeta, "creditline")) ?? content.metadata.creditline;

  // Identity: the item's guid and version attributes, pubStatus, signals.
  const guid = metaText(attr(described, "guid"));
  metadata.identity.itemId = guid;
  addParty(metadata, "id", guid, `${G}@guid`);
  metadata.identity.version = itemVersion(attr(described, "version"));
  metadata.identity.status = attrText(child(itemMeta, "pubstatus"), "qcode");
  for (const signal of children(itemMeta, "signal")) {
    addSignal(metadata, attr(signal, "qcode") ?? attr(signal, "uri") ?? fieldText(signal));
  }

  metadata.slugline = fieldText(child(contentMeta, "slugline")) ?? metadata.slugline;
  for (const k of children(contentMeta, "keyword")) {
    const t = fieldText(k);
    if (t && metadata.keywords.length < 100) metadata.keywords.push(t);
  }
  metadata.priority = urgency(fieldText(child(contentMeta, "urgency"))) ?? metadata.priority;
  for (const note of children(itemMeta, "ednote")) {
    const t = fieldText(note);
    if (t && metadata.editorsNotes.length < 20) metadata.editorsNotes.push(t);
  }
  draft.language =
    languageOf(attr(child(contentMeta, "language"), "tag")) ??
    languageOf(attr(item, "lang")) ??
    languageOf(attr(root, "lang")) ??
    content.language;
  const created =
    documentTime(fieldText(child(itemMeta, "firstcreated"))) ??
    documentTime(fieldText(child(contentMeta, "contentcreated")));
  const versioned = documentTime(fieldText(child(itemMeta, "versioncreated")));
  const sent = documentTime(fieldText(find(child(root, "header"), byName("sent"))));
  draft.documentDate = (created ?? versioned ?? sent)?.day ?? content.documentDate;
  draft.documentTime = (versioned ?? created ?? sent)?.instant ?? content.documentTime;
  return draft;
}
