import type { Rejection } from "@newswire/schemas";
import { SaxesParser } from "saxes";
import { reject } from "../reject.js";
import { createElement, type Element, localName } from "./element.js";

const MAX_DEPTH = 256;

class XmlAbort extends Error {
  constructor(readonly rejection: Rejection) {
    super(rejection.message);
  }
}

/**
 * Strict XML to an element tree. A DOCTYPE that declares entities is refused outright
 * (billion laughs, XXE): only the five predefined entities and character references are
 * expanded, nothing is ever fetched.
 */
export function parseXml(text: string): Element | Rejection {
  const prolog = text.slice(0, Math.max(0, text.search(/<[A-Za-z_]/)));
  if (
    /<!ENTITY/i.test(prolog) ||
    /<!DOCTYPE[^>]{0,400}?\[[^\]]{0,65536}?<!ENTITY/i.test(text.slice(0, 70000))
  ) {
    return reject("XML_ENTITY_EXPANSION", "XML declares entities in a DOCTYPE; refused");
  }
  const root = createElement("#document", {}, null);
  let current = root;
  let depth = 0;
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on("doctype", (doctype) => {
    if (/<!ENTITY/i.test(doctype)) {
      throw new XmlAbort(
        reject("XML_ENTITY_EXPANSION", "XML declares entities in a DOCTYPE; refused"),
      );
    }
  });
  parser.on("error", (err) => {
    throw new XmlAbort(reject("MALFORMED_XML", `malformed XML: ${err.message.slice(0, 200)}`));
  });
  parser.on("opentag", (tag) => {
    depth++;
    if (depth > MAX_DEPTH) throw new XmlAbort(reject("MALFORMED_XML", "XML nested too deeply"));
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) {
      if (typeof value === "string") attrs[key] = value;
    }
    const el = createElement(localName(tag.name), attrs, current);
    current.children.push(el);
    if (!tag.isSelfClosing) current = el;
    else depth--;
  });
  parser.on("closetag", (tag) => {
    if (tag.isSelfClosing) return;
    depth--;
    current = current.parent ?? root;
  });
  const onText = (t: string) => {
    current.children.push(t);
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
