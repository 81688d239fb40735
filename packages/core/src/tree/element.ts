/** A minimal element tree shared by the XML and HTML readers. Names are lowercase local names. */
export interface Element {
  name: string;
  attrs: Readonly<Record<string, string>>;
  children: Array<Element | string>;
  parent: Element | null;
}

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
  for (const [key, value] of Object.entries(el.attrs)) {
    if (localName(key) === name) return value;
  }
  return null;
}

export function childElements(el: Element): Element[] {
  return el.children.filter((c): c is Element => typeof c !== "string");
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

export function findAll(el: Element | null | undefined, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  if (!el) return out;
  const stack: Element[] = [el];
  while (stack.length > 0) {
    const current = stack.pop() as Element;
    if (current !== el && test(current)) out.push(current);
    for (let i = current.children.length - 1; i >= 0; i--) {
      const c = current.children[i];
      if (c !== undefined && typeof c !== "string") stack.push(c);
    }
  }
  return out;
}

export function byName(name: string): (e: Element) => boolean {
  return (e) => e.name === name;
}

const BLOCK = new Set([
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
]);

/** Text content; block elements are separated by newlines so paragraphs survive flattening. */
export function textOf(el: Element | null | undefined): string {
  if (!el) return "";
  const parts: string[] = [];
  const walk = (node: Element) => {
    for (const c of node.children) {
      if (typeof c === "string") parts.push(c);
      else {
        const block = BLOCK.has(c.name);
        if (block) parts.push("\n");
        walk(c);
        if (block) parts.push("\n");
      }
    }
  };
  walk(el);
  return parts.join("");
}

export function ancestorNamed(el: Element, names: ReadonlySet<string>): boolean {
  for (let p = el.parent; p; p = p.parent) if (names.has(p.name)) return true;
  return false;
}
