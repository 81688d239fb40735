import { Parser } from "htmlparser2";
import { createElement, type Element } from "./element.js";

/** Elements whose content is never story text. */
const DROPPED = new Set([
  "script",
  "style",
  "noscript",
  "template",
  "iframe",
  "svg",
  "object",
  "embed",
  "button",
  "form",
  "select",
]);
const VOID = new Set([
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
  "source",
  "track",
  "wbr",
]);
const MAX_DEPTH = 512;

/** Lenient HTML to an element tree with scripts and styles removed and entities decoded. */
export function parseHtml(text: string): Element {
  const root = createElement("#document", {}, null);
  let current = root;
  let depth = 0;
  let dropDepth = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        const lower = name.toLowerCase();
        if (dropDepth > 0 || DROPPED.has(lower)) {
          if (!VOID.has(lower)) dropDepth++;
          return;
        }
        if (depth >= MAX_DEPTH) {
          if (!VOID.has(lower)) dropDepth++;
          return;
        }
        const el = createElement(lower, { ...attribs }, current);
        current.children.push(el);
        if (!VOID.has(lower)) {
          current = el;
          depth++;
        }
      },
      ontext(data) {
        if (dropDepth === 0) current.children.push(data);
      },
      onclosetag(name) {
        const lower = name.toLowerCase();
        if (dropDepth > 0) {
          if (!VOID.has(lower)) dropDepth--;
          return;
        }
        if (VOID.has(lower)) return;
        // htmlparser2 reports implied closes in order, so the stack stays balanced
        if (current !== root && depth > 0) {
          current = current.parent ?? root;
          depth--;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(text);
  parser.end();
  return root;
}
