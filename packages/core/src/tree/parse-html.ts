import { Tokenizer, type TokenizerCallbacks } from "htmlparser2";
import { createElement, type Element, TREE_LIMITS } from "./element.js";

/** Elements whose content is never story text. */
const DROPPED: ReadonlySet<string> = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "svg",
  "math",
  "object",
  "embed",
  "button",
  "form",
  "select",
  "textarea",
  "noembed",
  "noframes",
  "canvas",
  "audio",
  "video",
  "dialog",
]);
/** What `<head>` may hold; anything else (or text) closes it, as in a browser (HTML 13.2.6.4.4). */
const HEAD_CONTENT: ReadonlySet<string> = new Set([
  "title",
  "meta",
  "link",
  "base",
  "script",
  "style",
  "noscript",
  "template",
]);
/** What the readers look at in `<head>` (og:title, author, the title); the rest is not text. */
const HEAD_KEPT: ReadonlySet<string> = new Set(["title", "meta"]);
const VOID: ReadonlySet<string> = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

const P_CLOSERS = [
  "address",
  "article",
  "aside",
  "blockquote",
  "details",
  "div",
  "dl",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "table",
  "ul",
  "li",
  "dd",
  "dt",
] as const;
/**
 * Entries the open-element stack holds. Four times the depth cap, so every element kept (at most
 * `maxDepth` deep) and the dropped and flattened ones around it fit; real pages stay far below.
 */
export const MAX_OPEN = 4 * TREE_LIMITS.maxDepth;
const HEADINGS = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p"]);

/**
 * Optional end tags (HTML Living Standard 13.1.2.4): opening the key closes an open element of
 * the listed names while it is the current element. Only the top of the stack is looked at, so
 * an open costs O(1) amortised: each element is popped at most once.
 */
const IMPLIED_CLOSE: ReadonlyMap<string, ReadonlySet<string>> = new Map<
  string,
  ReadonlySet<string>
>([
  ...P_CLOSERS.map((name) => [name, new Set(["p"])] as const),
  ["h1", HEADINGS],
  ["h2", HEADINGS],
  ["h3", HEADINGS],
  ["h4", HEADINGS],
  ["h5", HEADINGS],
  ["h6", HEADINGS],
  ["li", new Set(["li", "p"])],
  ["dd", new Set(["dd", "dt", "p"])],
  ["dt", new Set(["dd", "dt", "p"])],
  ["tr", new Set(["tr", "td", "th"])],
  ["td", new Set(["td", "th"])],
  ["th", new Set(["td", "th"])],
  ["tbody", new Set(["tbody", "thead", "tfoot", "tr", "td", "th"])],
  ["tfoot", new Set(["tbody", "thead", "tr", "td", "th"])],
  ["option", new Set(["option"])],
  ["optgroup", new Set(["optgroup", "option"])],
  ["body", new Set(["head"])],
]);

/** Hidden by the markup itself: `hidden`, `aria-hidden="true"`, an inline display:none. */
function isHidden(attrs: Record<string, string>): boolean {
  if (Object.hasOwn(attrs, "hidden")) return true;
  if (attrs["aria-hidden"]?.trim().toLowerCase() === "true") return true;
  const style = attrs.style;
  if (style && style.length < 2000) {
    const s = style.toLowerCase().replace(/\s+/g, "");
    if (s.includes("display:none") || s.includes("visibility:hidden")) return true;
  }
  return false;
}

interface Open {
  readonly name: string;
  /** Where content goes: the element itself, or the deepest kept ancestor once flattened. */
  readonly target: Element;
  /** Inside a dropped element: content is discarded. */
  readonly drop: boolean;
  /** Depth of `target` below the root. */
  readonly depth: number;
}

export interface HtmlLimits {
  maxDepth: number;
  maxElements: number;
}

/**
 * Lenient HTML to an element tree: scripts, styles, forms, the head (but its title and meta) and
 * hidden elements removed, entities decoded. htmlparser2's Tokenizer lexes (linear); the tree is
 * built here rather than by its Parser, whose open-element stack shifts and searches the whole
 * array on every tag and so goes quadratic on deep nesting. Here every open and close is O(1)
 * amortised (a count per open name answers "is it open?"), nesting beyond `maxDepth` is
 * flattened, and beyond `maxElements` tags keep their text but make no elements.
 *
 * Memory is bounded too: the open-element stack holds at most `MAX_OPEN` entries, whatever
 * the nesting. Past it a start tag opens nothing (its text joins the flattened element it would
 * join anyway) and an end tag closes what it names on the stack kept. What is dropped stays
 * dropped: a dropped element (script, style, svg, hidden...) opening while the stack is full, or
 * any tag opening while it is full inside one, drops the rest of the document, since where that
 * element ends can no longer be told.
 */
export function parseHtml(text: string, limits: HtmlLimits = TREE_LIMITS): Element {
  return parseHtmlCounted(text, limits).root;
}

/**
 * `parseHtml`, with the number of elements made (for a caller that shares the element cap) and
 * the most open-element entries held at once (at most MAX_OPEN).
 */
export function parseHtmlCounted(
  text: string,
  limits: HtmlLimits = TREE_LIMITS,
): { root: Element; elements: number; openPeak: number } {
  const root = createElement("#document", {}, null);
  const stack: Open[] = [{ name: "#document", target: root, drop: false, depth: 0 }];
  /** Open entries per name; a name leaves the map when none is open, so it stays small. */
  const openCount = new Map<string, number>();
  let elements = 0;
  /** Set once a dropped element opened past MAX_OPEN: nothing after it is text. */
  let sealed = false;
  let openPeak = 1;
  let tagName = "";
  let attrs: Record<string, string> = {};
  let attrName = "";
  let attrValue = "";

  const top = (): Open => stack[stack.length - 1] as Open;
  const pop = (): void => {
    const open = stack.pop() as Open;
    const left = (openCount.get(open.name) ?? 1) - 1;
    if (left > 0) openCount.set(open.name, left);
    else openCount.delete(open.name);
  };
  const addText = (t: string): void => {
    if (sealed) return;
    if (top().name === "head" && t.trim().length > 0) pop();
    const cur = top();
    if (cur.drop || t.length === 0) return;
    const kids = cur.target.children;
    const last = kids[kids.length - 1];
    // Adjacent pieces (text, then an entity, then text) make one text node.
    if (typeof last === "string") kids[kids.length - 1] = last + t;
    else kids.push(t);
  };
  const open = (name: string, selfClosing: boolean): void => {
    if (sealed) return;
    if (top().name === "head" && !HEAD_CONTENT.has(name)) pop();
    const implied = IMPLIED_CLOSE.get(name);
    if (implied) while (stack.length > 1 && implied.has(top().name)) pop();
    const parent = top();
    const isVoid = VOID.has(name);
    const inHead = parent.name === "head";
    const drop =
      parent.drop || DROPPED.has(name) || (inHead && !HEAD_KEPT.has(name)) || isHidden(attrs);
    if (stack.length >= MAX_OPEN && !isVoid && !selfClosing) {
      // The stack is full, so its top is flattened (at maxDepth, or past maxElements) or
      // dropped: the element opens nothing. Dropped content past the cap cannot be followed
      // to its end without the stack, so everything after it is dropped.
      if (drop) sealed = true;
      return;
    }
    let target = parent.target;
    let depth = parent.depth;
    if (!drop && parent.depth < limits.maxDepth && elements < limits.maxElements) {
      const el = createElement(name, attrs, parent.target);
      parent.target.children.push(el);
      elements++;
      target = el;
      depth++;
    }
    if (isVoid || selfClosing) return;
    stack.push({ name, target, drop, depth });
    if (stack.length > openPeak) openPeak = stack.length;
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  };
  const slice = (start: number, end: number) => text.slice(start, end);
  const cbs: TokenizerCallbacks = {
    ontext(start, end) {
      addText(slice(start, end));
    },
    ontextentity(cp) {
      addText(String.fromCodePoint(cp));
    },
    onopentagname(start, end) {
      tagName = slice(start, end).toLowerCase();
      attrs = {};
    },
    onattribname(start, end) {
      attrName = slice(start, end).toLowerCase();
      attrValue = "";
    },
    onattribdata(start, end) {
      if (attrValue.length < 4096) attrValue += slice(start, end);
    },
    onattribentity(cp) {
      if (attrValue.length < 4096) attrValue += String.fromCodePoint(cp);
    },
    onattribend() {
      // "__proto__" would set the object's prototype, not an attribute: no reader wants it.
      if (attrName !== "__proto__" && !Object.hasOwn(attrs, attrName)) attrs[attrName] = attrValue;
      attrValue = "";
    },
    onopentagend() {
      open(tagName, false);
      tagName = "";
    },
    onselfclosingtag() {
      // XHTML fragments (inline in G2 and ninjs) close `<p/>` and `<div/>` themselves.
      open(tagName, true);
      tagName = "";
    },
    onclosetag(start, end) {
      const name = slice(start, end).toLowerCase();
      if (VOID.has(name)) {
        if (name === "br") open("br", true);
        return;
      }
      if (sealed || (openCount.get(name) ?? 0) === 0) return;
      while (stack.length > 1 && top().name !== name) pop();
      if (stack.length > 1) pop();
    },
    oncdata() {
      // CDATA outside foreign content is a bogus comment in HTML: not text.
    },
    oncomment() {},
    ondeclaration() {},
    onprocessinginstruction() {},
    onend() {},
    isInForeignContext: () => false,
  };
  const tokenizer = new Tokenizer({ xmlMode: false, decodeEntities: true }, cbs);
  tokenizer.write(text);
  tokenizer.end();
  return { root, elements, openPeak };
}
