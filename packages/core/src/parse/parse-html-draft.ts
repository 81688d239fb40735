import { type Draft, emptyDraft } from "../draft.js";
import { captionFrom } from "../text/caption-credit.js";
import { cleanInline } from "../text/clean-text.js";
import { isoDay } from "../text/dates.js";
import {
  ancestorNamed,
  attr,
  byName,
  type Element,
  find,
  findAll,
  textOf,
} from "../tree/element.js";
import { parseHtml } from "../tree/parse-html.js";

const NOT_BODY = new Set(["figure", "figcaption", "header", "footer", "nav", "aside", "head"]);
const PARAGRAPH = new Set(["p"]);
const BYLINE = /\b(?:byline|author|by-line|contributor)\b/i;
const STANDFIRST =
  /\b(?:standfirst|dek|deck|summary|subtitle|subhead(?:line)?|strapline|lede|intro|excerpt|teaser)\b/i;
const CREDIT = /\b(?:credit|copyright|photographer|source)\b/i;

function classes(el: Element): string {
  return `${attr(el, "class") ?? ""} ${attr(el, "rel") ?? ""} ${attr(el, "itemprop") ?? ""} ${attr(el, "id") ?? ""}`;
}

function text(el: Element | null): string | null {
  const t = el ? cleanInline(textOf(el)) : "";
  return t || null;
}

function within(el: Element, ancestor: Element): boolean {
  for (let p: Element | null = el; p; p = p.parent) if (p === ancestor) return true;
  return false;
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

/** An HTML page or fragment: h1, byline, figure captions with credits, the `<p>` body. */
export function parseHtmlDraft(html: string): Draft {
  const draft = emptyDraft("html");
  const root = parseHtml(html);
  const h1 = find(root, byName("h1"));
  draft.headline =
    text(h1) ?? meta(root, "og:title") ?? pageTitle(text(find(root, byName("title"))));

  const byline = find(
    root,
    (e) => e.name !== "html" && e.name !== "body" && e.name !== "meta" && BYLINE.test(classes(e)),
  );
  if (byline) {
    const raw = (text(byline) ?? "").replace(/^by\s+/i, "");
    const [name, ...rest] = raw.split(/\s+[|\u2022\u00b7/]\s+/);
    draft.byline = name?.trim() || null;
    if (rest.length > 0) draft.metadata.creditline = rest.join(" | ").trim() || null;
  } else draft.byline = meta(root, "author");

  const standfirst = find(
    root,
    (e) =>
      e.name !== "meta" &&
      e.name !== "body" &&
      STANDFIRST.test(classes(e)) &&
      (!byline || !within(e, byline)),
  );
  draft.standfirst = text(standfirst) ?? null;

  for (const fig of findAll(root, byName("figcaption"))) {
    const creditEl = find(fig, (e) => CREDIT.test(classes(e)));
    const caption = text(fig);
    if (caption) draft.captions.push(captionFrom(caption, text(creditEl)));
  }
  const time = find(root, byName("time"));
  draft.documentDate =
    isoDay(attr(time, "datetime")) ?? isoDay(meta(root, "article:published_time"));
  const lang = attr(find(root, byName("html")), "lang");
  draft.language = lang ? (lang.split("-")[0] ?? null) : null;

  const skip = (e: Element) =>
    ancestorNamed(e, NOT_BODY) ||
    (byline !== null && within(e, byline)) ||
    (standfirst !== null && within(e, standfirst));
  const ps = findAll(root, (e) => e.name === "p" && !skip(e) && !ancestorNamed(e, PARAGRAPH));
  if (ps.length > 0) {
    draft.paragraphs = ps.map((p) => cleanInline(textOf(p)));
  } else {
    const container = find(root, byName("body")) ?? root;
    draft.paragraphs = textOf(container)
      .split("\n")
      .map(cleanInline)
      .filter((t) => t && t !== draft.headline);
  }
  return draft;
}
