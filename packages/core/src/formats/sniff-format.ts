import type { WireFormat } from "@newswire/schemas";
import type { WireMeta } from "../wire-meta.js";
import { parseContentType } from "./content-type.js";
import { FORMATS, type FormatSpec, GENERIC_MEDIA_TYPES, HTML_ROOTS } from "./format-table.js";

/** What sniffing found: a format of the table, generic XML (decided by its root), or nothing. */
export type SniffedFormat = WireFormat | "xml";

export interface Sniffed {
  format: SniffedFormat | null;
  /** Why `format` is null: no text at all, or JSON that is not an object. */
  reason: "empty" | "json-array" | null;
  /** The `charset=` of the declared content type. */
  charset: string | null;
}

const HEAD_BYTES = 4096;

const BY_MEDIA_TYPE = new Map<string, FormatSpec>();
const BY_XML_ROOT = new Map<string, FormatSpec>();
for (const spec of FORMATS) {
  for (const type of spec.mediaTypes) if (!BY_MEDIA_TYPE.has(type)) BY_MEDIA_TYPE.set(type, spec);
  for (const root of spec.xmlRoots ?? []) BY_XML_ROOT.set(root, spec);
}

/** The format whose XML documents have this root element (local name, any case), if any. */
export function formatForXmlRoot(name: string): FormatSpec | null {
  return BY_XML_ROOT.get(name.toLowerCase()) ?? null;
}

/**
 * The first few KB as text, for sniffing only: the markers looked at are ASCII in any charset,
 * so Latin-1 reads them from any single-byte or UTF-8 input; UTF-16 is decoded as such.
 */
export function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, HEAD_BYTES);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    return Buffer.from(head.buffer, head.byteOffset + 3, head.length - 3).toString("latin1");
  }
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder("utf-16le").decode(head);
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder("utf-16be").decode(head);
  const n = Math.min(head.length, 1024) & ~1;
  if (n >= 8) {
    let evenZero = 0;
    let oddZero = 0;
    for (let i = 0; i < n; i += 2) {
      if (head[i] === 0) evenZero++;
      if (head[i + 1] === 0) oddZero++;
    }
    if (oddZero > n / 4 && evenZero === 0) return new TextDecoder("utf-16le").decode(head);
    if (evenZero > n / 4 && oddZero === 0) return new TextDecoder("utf-16be").decode(head);
  }
  return Buffer.from(head.buffer, head.byteOffset, head.length).toString("latin1");
}

/** The local name of the first element, skipping declarations, comments and the doctype. */
export function rootElementName(text: string): string | null {
  const re = /<(!--|[?!]|([A-Za-z_][\w.:-]{0,100}))/g;
  let guard = 0;
  for (let m = re.exec(text); m && guard < 100; m = re.exec(text), guard++) {
    if (m[2]) {
      const name = m[2].toLowerCase();
      const colon = name.indexOf(":");
      return colon >= 0 ? name.slice(colon + 1) : name;
    }
    // skip to the end of the comment / declaration / PI
    const close =
      m[1] === "!--" ? text.indexOf("-->", re.lastIndex) : text.indexOf(">", re.lastIndex);
    if (close < 0) return null;
    re.lastIndex = close + 1;
  }
  return null;
}

function sniffMarkup(head: string): SniffedFormat {
  const root = rootElementName(head);
  if (root) {
    const spec = formatForXmlRoot(root);
    if (spec) return spec.format;
    if (HTML_ROOTS.has(root)) return "html";
  }
  return "xml";
}

/** The format of the leading text, by the table's text sniffers in order. */
function sniffHead(head: string): Omit<Sniffed, "charset"> {
  const start = head.search(/\S/);
  if (start < 0) return { format: null, reason: "empty" };
  const first = head.charAt(start);
  if (first === "[") return { format: null, reason: "json-array" };
  for (const spec of FORMATS) {
    if (spec.sniffText?.(head)) {
      // Markup is decided by its root element before any text sniffer that would take it.
      if (first === "<" && spec.format === "plain") break;
      return { format: spec.format, reason: null };
    }
  }
  return { format: sniffMarkup(head.slice(start)), reason: null };
}

/**
 * The wire format as far as the transport and the first bytes tell, without decoding or parsing
 * the whole input: a media type that names a format, else a wire framing on the bytes, else the
 * leading text (the table's sniffers, in order; markup by its root element). Generic media types
 * (`text/plain`, `application/json`, `application/xml` ...) let the content decide.
 */
export function sniffWire(bytes: Uint8Array, meta: WireMeta = {}): Sniffed {
  const contentType = parseContentType(meta.contentType);
  const charset = contentType?.charset ?? null;
  const mediaType = contentType?.mediaType ?? "";
  const named = GENERIC_MEDIA_TYPES.has(mediaType) ? undefined : BY_MEDIA_TYPE.get(mediaType);
  // `text/plain` is as generic: feeds label framed wire copy, markup and mail as plain text.
  if (named && named.format !== "plain") {
    return { format: named.format, reason: null, charset };
  }
  const bytesHead = bytes.subarray(0, HEAD_BYTES);
  for (const spec of FORMATS) {
    if (spec.sniffBytes?.(bytesHead)) return { format: spec.format, reason: null, charset };
  }
  return { ...sniffHead(headText(bytes)), charset };
}

/** `sniffWire`'s format alone: what names the original in the archive. */
export function sniffFormat(bytes: Uint8Array, meta: WireMeta = {}): SniffedFormat | null {
  return sniffWire(bytes, meta).format;
}
