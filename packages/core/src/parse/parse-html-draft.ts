import type { WireFormat } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import { captionFrom } from "../text/caption-credit.js";
import { attr, byName, collect, type Element, find, within } from "../tree/element.js";
import { blockParagraphs, fieldText, languageOf } from "../tree/fields.js";
import { htmlFieldText } from "../tree/markup.js";
import { parseHtml } from "../tree/parse-html.js";
import { documentTime } from "../tree/values.js";

/** Page furniture: never body text, with or without `<p>`. */
const NOT_BODY: ReadonlySet<string> = new Set([
  "figure",
  "figcaption",
  "header",
  "footer",
  "nav",
  "aside",
  "head",
  "title",
  "menu",
]);
const BYLINE = /\b(?:byline|author|by-line|contributor)\b/i;
const STANDFIRST =
  /\b(?:standfirst|dek|deck|summary|subtitle|subhead(?:line)?|strapline|lede|intro|excerpt|teaser)\b/i;
const CREDIT = /\b(?:credit|copyright|photographer|source)\b/i;
/** Roles and classes that mark furniture where the page uses no semantic element for it. */
const FURNITURE_ROLE = /^(?:navigation|banner|contentinfo|complementary|search|menu|menubar)$/i;

function classes(el: Element): string {
  const c = `${attr(el, "class") ?? ""} ${attr(el, "rel") ?? ""} ${attr(el, "itemprop") ?? ""} ${attr(el, "id") ?? ""}`;
  return c.length > 500 ? c.slice(0, 500) : c;
}

function meta(root: Element, key: string): string | null {
  const el = find(
    root,
    (e) => e.name === "meta" && (attr(e, "name") === key || attr(e, "property") === key),
  );
  return el ? attr(el, "content") : null;
}

/** "Storm hits coast | The Paper" → "Storm hits coast": a `<title>` carries the site name. */
function pageTitle(title: string | null): string | null {
  if (!title) return null;
  const parts = title.split(/ [|\u2013\u2014-] /);
  const first = parts[0]?.trim() ?? "";
  return parts.length > 1 && first.split(" ").length >= 3 ? first : title;
}

/**
 * An HTML element tree (a page, a fragment, inline XHTML of another format): h1, byline,
 * figure captions with credits, the `<p>` body (or, without `<p>`, the text outside page
 * furniture).
 */
export function htmlDraftFromTree(root: Element, format: WireFormat = "html"): Draft {
  const draft = emptyDraft(format);
  const h1 = find(root, byName("h1"));
  draft.headline =
    fieldText(h1) ??
    htmlFieldText(meta(root, "og:title")) ??
    pageTitle(fieldText(find(root, byName("title"))));

  const byline = find(
    root,
    (e) => e.name !== "html" && e.name !== "body" && e.name !== "meta" && BYLINE.test(classes(e)),
  );
  if (byline) {
    const raw = (fieldText(byline) ?? "").replace(/^by\s+/i, "");
    const [name, ...rest] = raw.split(/\s+[|\u2022\u00b7/]\s+/);
    draft.byline = name?.trim() || null;
    if (rest.length > 0) draft.metadata.creditline = rest.join(" | ").trim() || null;
  } else draft.byline = htmlFieldText(meta(root, "author"));

  const standfirst = find(
    root,
    (e) =>
      e.name !== "meta" &&
      e.name !== "body" &&
      e.name !== "html" &&
      STANDFIRST.test(classes(e)) &&
      (!byline || !within(e, byline)),
  );
  draft.standfirst = fieldText(standfirst);
  if (!draft.standfirst) draft.standfirst = htmlFieldText(meta(root, "description"));

  for (const fig of collect(root, byName("figcaption"))) {
    const creditEl = find(fig, (e) => CREDIT.test(classes(e)));
    const caption = fieldText(fig);
    if (caption) draft.captions.push(captionFrom(caption, fieldText(creditEl)));
  }
  const time = find(root, byName("time"));
  const published =
    documentTime(attr(time, "datetime")) ?? documentTime(meta(root, "article:published_time"));
  draft.documentDate = published?.day ?? null;
  draft.documentTime = published?.instant ?? null;
  // A page's publisher (`og:site_name`): when it is an agency of the registry, the agency's own
  // page (Ukrinform, APS, Agência Brasil); attribution maps it, and anything else gives nothing.
  const site = htmlFieldText(meta(root, "og:site_name"));
  if (site)
    draft.metadata.parties.push({ role: "provider", value: site, field: "html/og:site_name" });
  const lang = attr(find(root, byName("html")), "lang") ?? attr(root, "lang");
  draft.language = languageOf(lang);

  const skip = (e: Element) =>
    NOT_BODY.has(e.name) ||
    e === byline ||
    e === standfirst ||
    FURNITURE_ROLE.test(attr(e, "role") ?? "");
  const container = find(root, byName("article")) ?? find(root, byName("body")) ?? root;
  const paragraphs = blockParagraphs(container, skip);
  draft.paragraphs =
    paragraphs.length > 0 || container === root ? paragraphs : blockParagraphs(root, skip);
  return draft;
}

/** An HTML page or fragment as text. */
export function parseHtmlDraft(html: string): Draft {
  return htmlDraftFromTree(parseHtml(html));
}
