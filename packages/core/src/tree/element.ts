/** A minimal element tree shared by the XML and HTML readers. Names are lowercase local names. */
export interface Element {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: Array<Element | string>;
  parent: Element | null;
}

/**
 * Bounds every tree builder keeps, whatever the input: nesting beyond `maxDepth` is flattened
 * (its text joins the deepest element kept), and a document with more than `maxElements`
 * elements is refused TOO_COMPLEX. Real wire copy nests a few dozen deep and has a few thousand
 * elements; the bounds keep every walk over a tree linear and shallow.
 */
export const TREE_LIMITS = { maxDepth: 256, maxElements: 200_000 } as const;

export function createElement(
  name: string,
  attrs: Record<string, string>,
  parent: Element | null,
): Element {
  return { name, attrs, children: [], parent };
}

export function localName(qname: string): string {
  const lower = qname.toLowerCase();
  const colon = lower.indexOf(":");
  return colon >= 0 ? lower.slice(colon + 1) : lower;
}

/** Attribute by local name (namespace prefix ignored). */
export function attr(el: Element | null | undefined, name: string): string | null {
  if (!el) return null;
  const direct = el.attrs[name];
  if (direct !== undefined) return direct;
  for (const key in el.attrs) {
    if (localName(key) === name) return el.attrs[key] ?? null;
  }
  return null;
}

export function child(el: Element | null | undefined, name: string): Element | null {
  if (!el) return null;
  for (const c of el.children) if (typeof c !== "string" && c.name === name) return c;
  return null;
}

export function children(el: Element | null | undefined, name: string): Element[] {
  if (!el) return [];
  return el.children.filter((c): c is Element => typeof c !== "string" && c.name === name);
}

/** First descendant (depth-first, document order) matching the predicate. */
export function find(
  el: Element | null | undefined,
  test: (e: Element) => boolean,
): Element | null {
  if (!el) return null;
  const stack: Element[] = [el];
  while (stack.length > 0) {
    const current = stack.pop() as Element;
    if (current !== el && test(current)) return current;
    for (let i = current.children.length - 1; i >= 0; i--) {
      const c = current.children[i];
      if (c !== undefined && typeof c !== "string") stack.push(c);
    }
  }
  return null;
}

/**
 * Descendants matching `match`, in document order, without looking inside a match (unless
 * `nested`) or inside an element `prune` refuses. One pass, iterative: taking the outermost
 * matches is what keeps nested containers (a caption in a caption) from each copying the text
 * of everything below them.
 */
export function collect(
  el: Element | null | undefined,
  match: (e: Element) => boolean,
  prune: (e: Element) => boolean = () => false,
  nested = false,
): Element[] {
  const out: Element[] = [];
  if (!el) return out;
  const stack: Element[] = [];
  const pushChildren = (node: Element) => {
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i];
      if (c !== undefined && typeof c !== "string") stack.push(c);
    }
  };
  pushChildren(el);
  while (stack.length > 0) {
    const current = stack.pop() as Element;
    if (match(current)) {
      out.push(current);
      if (nested) pushChildren(current);
      continue;
    }
    if (!prune(current)) pushChildren(current);
  }
  return out;
}

export function byName(name: string): (e: Element) => boolean {
  return (e) => e.name === name;
}

/** Elements that end a paragraph: `textOf` puts a newline around them. */
export const BLOCK_ELEMENTS: ReadonlySet<string> = new Set([
  "p",
  "div",
  "br",
  "li",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "blockquote",
  "figure",
  "figcaption",
  "section",
  "article",
  "tr",
  "hl1",
  "hl2",
  "pre",
  "table",
  "ul",
  "ol",
  "dd",
  "dt",
  "header",
  "footer",
  "aside",
  "nav",
  "main",
]);

const NEWLINE: unique symbol = Symbol("newline");

/**
 * Text content; block elements are separated by newlines so paragraphs survive flattening.
 * Iterative, so depth costs nothing; elements `skip` refuses contribute nothing.
 */
export function textOf(
  el: Element | null | undefined,
  skip: ((e: Element) => boolean) | null = null,
): string {
  if (!el) return "";
  const parts: string[] = [];
  const stack: Array<Element | string | typeof NEWLINE> = [];
  const pushChildren = (node: Element) => {
    for (let i = node.children.length - 1; i >= 0; i--) {
      const c = node.children[i];
      if (c !== undefined) stack.push(c);
    }
  };
  pushChildren(el);
  while (stack.length > 0) {
    const current = stack.pop() as Element | string | typeof NEWLINE;
    if (current === NEWLINE) parts.push("\n");
    else if (typeof current === "string") parts.push(current);
    else if (skip?.(current)) {
      // contributes nothing
    } else if (BLOCK_ELEMENTS.has(current.name)) {
      parts.push("\n");
      stack.push(NEWLINE);
      pushChildren(current);
    } else pushChildren(current);
  }
  return parts.join("");
}

/** True when `el` is `ancestor` or lies inside it (depth is capped, so the walk is short). */
export function within(el: Element, ancestor: Element): boolean {
  for (let p: Element | null = el; p; p = p.parent) if (p === ancestor) return true;
  return false;
}
