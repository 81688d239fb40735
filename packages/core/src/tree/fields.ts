import type { PartyRole, WireMetadata } from "@newswire/schemas";
import { attr, collect, type Element, textOf } from "./element.js";
import { inlineOrNull, inlineText, wellFormed } from "./markup.js";

/** One line of an element's text for a field (markup, controls, runs of space out); or null. */
export function fieldText(el: Element | null | undefined): string | null {
  return el ? inlineOrNull(textOf(el)) : null;
}

/** A metadata string as given in an attribute or element, cleaned; null when empty. */
export function metaText(value: string | null | undefined, max = 400): string | null {
  const t = inlineOrNull(value);
  if (!t) return null;
  // A cut may split a surrogate pair: what is left of it goes too.
  return t.length <= max ? t : wellFormed(t.slice(0, max));
}

/**
 * The elements that contain a `<p>` below them, in one pass over the `<p>`s: each ancestor chain
 * is walked only up to the first element already marked, so the whole pass is linear.
 */
function containersOfP(root: Element): Set<Element> {
  const marked = new Set<Element>();
  for (const p of collect(
    root,
    (e) => e.name === "p",
    () => false,
    true,
  )) {
    for (let a = p.parent; a && a !== root && !marked.has(a); a = a.parent) marked.add(a);
  }
  return marked;
}

/** Block elements that hold a paragraph of their own when no `<p>` is inside them. */
const PARAGRAPH_LIKE: ReadonlySet<string> = new Set(["blockquote", "pre"]);

/**
 * Paragraph texts of a body container, in document order: its outermost `<p>`s (and quote
 * blocks without a `<p>`), never looking inside `skip` elements; where it has no `<p>` at all,
 * its text split at block boundaries. Each text node is read once, whatever the nesting.
 */
export function blockParagraphs(
  container: Element | null | undefined,
  skip: (e: Element) => boolean = () => false,
): string[] {
  if (!container) return [];
  const withP = containersOfP(container);
  const blocks = collect(
    container,
    (e) => (e.name === "p" || (PARAGRAPH_LIKE.has(e.name) && !withP.has(e))) && !skip(e),
    skip,
  );
  const out: string[] = [];
  if (withP.size > 0 || blocks.some((b) => b.name === "p")) {
    for (const b of blocks) {
      const t = inlineText(textOf(b));
      if (t) out.push(t);
    }
    if (out.length > 0) return out;
  }
  for (const line of textOf(container, skip).split("\n")) {
    const t = inlineText(line);
    if (t) out.push(t);
  }
  return out;
}

/** Plain text (a CDATA body, a ninjs `body_text`) as paragraphs: one per non-empty line. */
export function lineParagraphs(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const t = inlineText(line);
    if (t) out.push(t);
  }
  return out;
}

const MAX_PARTIES = 64;

/** Records a party the format's metadata names (cleaned, once per role, value and field). */
export function addParty(
  metadata: WireMetadata,
  role: PartyRole,
  value: string | null | undefined,
  field: string,
): void {
  const v = metaText(value, 200);
  if (!v || metadata.parties.length >= MAX_PARTIES) return;
  if (metadata.parties.some((p) => p.role === role && p.value === v && p.field === field)) return;
  metadata.parties.push({ role, value: v, field });
}

/** Adds a signal as written (bounded count, cleaned, once). */
export function addSignal(metadata: WireMetadata, signal: string | null | undefined): void {
  const s = metaText(signal, 120);
  const signals = metadata.identity.signals;
  if (s && signals.length < 32 && !signals.includes(s)) signals.push(s);
}

/** The language subtag of a language tag ("en-GB" → "en"), if it looks like one. */
export function languageOf(tag: string | null | undefined): string | null {
  if (!tag) return null;
  const primary = tag.trim().split(/[-_]/)[0]?.toLowerCase() ?? "";
  return /^[a-z]{2,3}$/.test(primary) && primary !== "x" ? primary : null;
}

/** `attr` cleaned as metadata text. */
export function attrText(el: Element | null | undefined, name: string): string | null {
  return metaText(attr(el, name));
}
