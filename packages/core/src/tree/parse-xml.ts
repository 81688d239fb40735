import type { Rejection } from "@newswire/schemas";
import { decodeHTMLStrict } from "entities";
import { SaxesParser } from "saxes";
import { reject } from "../reject.js";
import { createElement, type Element, localName, TREE_LIMITS } from "./element.js";
import { hasMarkup } from "./markup.js";
import { parseHtmlCounted } from "./parse-html.js";

class XmlAbort extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/** XML 1.0 §4.6: the five entities every processor knows. */
const PREDEFINED: Readonly<Record<string, string>> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Never story text, whatever the namespace prefix (`<h:script>` in an inline XHTML body). */
const DROPPED: ReadonlySet<string> = new Set(["script", "style", "noscript", "iframe", "template"]);

/**
 * Names of the general entities an internal subset declares (`<!ENTITY name ...>`; parameter
 * entities, `<!ENTITY % name ...>`, only ever act inside the DTD, which is never read). A linear
 * scan of the doctype text saxes hands over.
 */
export function declaredEntities(doctype: string): Set<string> {
  const names = new Set<string>();
  const upper = doctype.toUpperCase();
  for (let i = upper.indexOf("<!ENTITY"); i >= 0; i = upper.indexOf("<!ENTITY", i + 8)) {
    let j = i + 8;
    while (j < doctype.length && /\s/.test(doctype.charAt(j))) j++;
    if (doctype.charAt(j) === "%") continue;
    const start = j;
    while (j < doctype.length && j - start < 200 && !/[\s>"']/.test(doctype.charAt(j))) j++;
    if (j > start) names.add(doctype.slice(start, j));
  }
  return names;
}

/**
 * What an entity reference outside the five predefined ones stands for. A DOCTYPE, its system
 * id and its internal subset are skipped, never fetched and never expanded: a reference to an
 * entity the internal subset declares is refused (an entity bomb, XXE), whatever it declares.
 * A reference to a standard character entity (`&eacute;`, `&nbsp;`: what the NITF and NewsML
 * DTDs pull in from the ISO sets) that nothing redeclares is that one character, from a fixed
 * table: it cannot grow or read anything. Anything else is not well-formed.
 */
function entityTable(declared: () => ReadonlySet<string>): Record<string, string> {
  return new Proxy(
    {},
    {
      get(_target, key): string | undefined {
        if (typeof key !== "string") return undefined;
        const predefined = PREDEFINED[key];
        if (predefined !== undefined) return predefined;
        if (declared().has(key)) {
          throw new XmlAbort(
            reject(
              "XML_ENTITY_EXPANSION",
              `XML references the entity &${key.slice(0, 40)}; its DOCTYPE declares; entities are never expanded`,
            ),
          );
        }
        if (key.length > 40) return undefined;
        const ref = `&${key};`;
        const decoded = decodeHTMLStrict(ref);
        return decoded === ref ? undefined : decoded;
      },
    },
  );
}

/**
 * Strict XML to an element tree, bounded (TREE_LIMITS): nesting beyond the depth cap is
 * flattened, more elements than the cap is TOO_COMPLEX. Scripts and styles are dropped. Text
 * that carries markup (HTML in CDATA, as ANA and Belga send it, or escaped as `&lt;p&gt;`) is
 * read as an HTML fragment and grafted in place, so no text node holds a tag.
 */
export function parseXml(text: string, limits = TREE_LIMITS): Element | Rejection {
  const root = createElement("#document", {}, null);
  let current = root;
  let depth = 0;
  // Open elements not in the tree (beyond the depth cap, or dropped): 1 where they drop text.
  const skipped: number[] = [];
  let dropping = 0;
  let elements = 0;
  let declared: ReadonlySet<string> = new Set();
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.ENTITIES = entityTable(() => declared);
  parser.on("doctype", (doctype) => {
    declared = declaredEntities(doctype);
  });
  parser.on("error", (err) => {
    throw new XmlAbort(reject("MALFORMED_XML", `malformed XML: ${err.message.slice(0, 200)}`));
  });
  parser.on("opentag", (tag) => {
    const name = localName(tag.name);
    if (skipped.length > 0 || depth >= limits.maxDepth || DROPPED.has(name)) {
      if (tag.isSelfClosing) return;
      const drop = DROPPED.has(name) ? 1 : 0;
      skipped.push(drop);
      dropping += drop;
      return;
    }
    if (++elements > limits.maxElements) {
      throw new XmlAbort(reject("TOO_COMPLEX", `XML has more than ${limits.maxElements} elements`));
    }
    const attrs: Record<string, string> = {};
    for (const key in tag.attributes) {
      const value = tag.attributes[key];
      // "__proto__" would set the object's prototype, not an attribute.
      if (typeof value === "string" && key !== "__proto__") attrs[key] = value;
    }
    const el = createElement(name, attrs, current);
    current.children.push(el);
    if (!tag.isSelfClosing) {
      current = el;
      depth++;
    }
  });
  parser.on("closetag", (tag) => {
    if (tag.isSelfClosing) return;
    if (skipped.length > 0) {
      dropping -= skipped.pop() ?? 0;
      return;
    }
    depth--;
    current = current.parent ?? root;
  });
  const onText = (t: string) => {
    if (dropping > 0 || t.length === 0) return;
    if (hasMarkup(t)) {
      const fragment = parseHtmlCounted(t, {
        maxDepth: Math.max(1, limits.maxDepth - depth),
        maxElements: Math.max(0, limits.maxElements - elements),
      });
      elements += fragment.elements;
      for (const c of fragment.root.children) {
        if (typeof c !== "string") c.parent = current;
        current.children.push(c);
      }
      return;
    }
    const kids = current.children;
    const last = kids[kids.length - 1];
    if (typeof last === "string") kids[kids.length - 1] = last + t;
    else kids.push(t);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof XmlAbort) return err.rejection;
    return reject(
      "MALFORMED_XML",
      `malformed XML: ${err instanceof Error ? err.message.slice(0, 200) : "unknown"}`,
    );
  }
  const top = root.children.find((c): c is Element => typeof c !== "string");
  if (!top) return reject("MALFORMED_XML", "XML has no root element");
  return top;
}
