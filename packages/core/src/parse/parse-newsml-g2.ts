import type { Rejection } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import { reject } from "../reject.js";
import { cleanInline } from "../text/clean-text.js";
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
import { bodyParagraphs, nitfCaptions } from "./parse-nitf.js";
import { parsePlainText } from "./parse-plain-text.js";

function text(el: Element | null): string | null {
  const t = el ? cleanInline(textOf(el)) : "";
  return t || null;
}

/** A G2 concept: `literal`, else its `<name>`, else the code part of its `qcode`. */
function conceptName(el: Element | null): string | null {
  if (!el) return null;
  const literal = attr(el, "literal");
  if (literal) return cleanInline(literal);
  const name = text(child(el, "name"));
  if (name) return name;
  const own = text(el);
  if (own) return own;
  const qcode = attr(el, "qcode");
  return qcode ? (qcode.split(":").pop() ?? null) : null;
}

function itemClass(item: Element): string | null {
  return attr(find(item, byName("itemclass")), "qcode");
}

/** The news item to read: the item itself, or a package's first text item. */
function pickItem(root: Element): Element | Rejection {
  if (root.name === "newsitem") return root;
  const items = findAll(root, byName("newsitem"));
  const textItems = items.filter((i) => (itemClass(i) ?? "ninat:text").endsWith(":text"));
  const packages = root.name === "packageitem" ? [root] : findAll(root, byName("packageitem"));
  for (const pkg of packages) {
    for (const ref of findAll(pkg, byName("itemref"))) {
      const cls = attr(child(ref, "itemclass"), "qcode");
      if (cls && !cls.endsWith(":text")) continue;
      const target = attr(ref, "residref");
      const found = textItems.find((i) => attr(i, "guid") === target);
      if (found) return found;
      if (textItems.length === 0) {
        // A bare package: the reference's own title and description are all there is.
        const title = text(child(ref, "title"));
        const description = text(child(ref, "description"));
        if (title) {
          const synthetic: Element = { name: "#ref", attrs: {}, children: [], parent: null };
          synthetic.children.push({
            name: "headline",
            attrs: {},
            children: [title],
            parent: synthetic,
          });
          if (description)
            synthetic.children.push({
              name: "description",
              attrs: {},
              children: [description],
              parent: synthetic,
            });
          return synthetic;
        }
      }
    }
  }
  const first = textItems[0] ?? items[0];
  return first ?? reject("NOT_A_STORY", `NewsML-G2 ${root.name} carries no text news item`);
}

/** NewsML-G2 newsItem (or a packageItem/newsMessage's first text item) with inline content. */
export function parseNewsmlG2(root: Element): Draft | Rejection {
  const item = pickItem(root);
  if ("code" in item) return item;
  const itemMeta = child(item, "itemmeta");
  const contentMeta = child(item, "contentmeta") ?? item;
  const rights = child(item, "rightsinfo");

  let draft = emptyDraft("newsml-g2");
  const contentSet = child(item, "contentset");
  const inlineXml = find(contentSet, byName("inlinexml"));
  const inlineData = find(contentSet, byName("inlinedata"));
  if (inlineXml) {
    const container =
      find(inlineXml, byName("body.content")) ?? find(inlineXml, byName("body")) ?? inlineXml;
    draft.paragraphs = bodyParagraphs(container);
    nitfCaptions(inlineXml, draft);
    for (const fig of findAll(inlineXml, byName("figcaption"))) {
      const t = text(fig);
      if (t) draft.captions.push({ text: t, credit: null });
    }
    const tagline = find(inlineXml, byName("tagline"));
    if (tagline && text(tagline)) draft.trailers.push(text(tagline) as string);
  } else if (inlineData) {
    const plain = parsePlainText(`headline\n\n${textOf(inlineData)}`, "newsml-g2");
    draft = { ...plain, headline: null };
  }

  const headlines = children(contentMeta, "headline");
  const main =
    headlines.find((h) => !attr(h, "role") || /main/i.test(attr(h, "role") ?? "")) ?? headlines[0];
  draft.headline = text(main ?? null);
  const sub = headlines.find((h) => /sub/i.test(attr(h, "role") ?? ""));
  const descriptions = children(contentMeta, "description");
  const summary = descriptions.find((d) => /summary|abstract/i.test(attr(d, "role") ?? "")) ?? null;
  draft.standfirst = text(sub ?? null) ?? text(summary);
  if (draft.paragraphs.length === 0 && descriptions[0] && item.name === "#ref") {
    draft.paragraphs = [text(descriptions[0]) ?? ""];
  }
  draft.byline = text(child(contentMeta, "by"));
  const located = child(contentMeta, "located");
  const datelineText = text(child(contentMeta, "dateline"));
  if (located || datelineText) {
    draft.datelineHint = { place: conceptName(located), date: null, raw: datelineText };
  }
  const provider = child(itemMeta, "provider");
  draft.metadata.distributor = conceptName(provider);
  draft.metadata.creditline = text(child(contentMeta, "creditline"));
  for (const src of children(contentMeta, "infosource")) {
    const n = conceptName(src);
    if (n) draft.metadata.infoSources.push(n);
  }
  draft.metadata.copyrightHolder = conceptName(child(rights, "copyrightholder"));
  draft.copyright = text(child(rights, "copyrightnotice"));
  draft.metadata.slugline = text(child(contentMeta, "slugline"));
  for (const k of children(contentMeta, "keyword")) {
    const t = text(k);
    if (t) draft.metadata.keywords.push(t);
  }
  const urgency = text(child(contentMeta, "urgency"));
  draft.metadata.priority = urgency && /^\d$/.test(urgency) ? Number(urgency) : null;
  for (const note of children(itemMeta, "ednote")) {
    const t = text(note);
    if (t) draft.metadata.editorsNotes.push(t);
  }
  const language = attr(child(contentMeta, "language"), "tag") ?? attr(item, "lang");
  draft.language = language ? (language.split("-")[0] ?? null) : null;
  const created =
    text(child(itemMeta, "firstcreated")) ?? text(child(contentMeta, "contentcreated"));
  const versioned = text(child(itemMeta, "versioncreated"));
  draft.documentDate = isoDay(created ?? versioned);
  draft.documentTime = versioned ?? created;
  return draft;
}
