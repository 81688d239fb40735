import type { WireFormat } from "@newswire/schemas";

export interface ContentType {
  mediaType: string;
  charset: string | null;
}

export function parseContentType(value: string | null | undefined): ContentType | null {
  if (!value) return null;
  const [type = "", ...params] = value.split(";");
  let charset: string | null = null;
  for (const param of params) {
    const [key, val] = param.split("=");
    if (key?.trim().toLowerCase() === "charset" && val) charset = val.trim().replace(/^"|"$/g, "");
  }
  return { mediaType: type.trim().toLowerCase(), charset };
}

const BY_MEDIA_TYPE: Readonly<Record<string, WireFormat>> = {
  "text/plain": "plain",
  "application/x-anpa-1312": "anpa1312",
  "application/x-anpa1312": "anpa1312",
  "text/x-anpa-1312": "anpa1312",
  "application/anpa1312": "anpa1312",
  "application/x-iptc-7901": "iptc7901",
  "application/x-iptc7901": "iptc7901",
  "text/x-iptc-7901": "iptc7901",
  "application/iptc7901": "iptc7901",
  "application/nitf+xml": "nitf",
  "text/vnd.iptc.nitf+xml": "nitf",
  "application/vnd.iptc.g2.newsitem+xml": "newsml-g2",
  "application/vnd.iptc.g2.newsmessage+xml": "newsml-g2",
  "application/vnd.iptc.g2.packageitem+xml": "newsml-g2",
  "application/ninjs+json": "ninjs",
  "application/vnd.iptc.ninjs+json": "ninjs",
  "application/json": "ninjs",
  "text/json": "ninjs",
  "text/html": "html",
  "application/xhtml+xml": "html",
};

/** A named media type wins; generic XML is decided by its root element. */
export function formatForMediaType(mediaType: string): WireFormat | "xml" | null {
  const known = BY_MEDIA_TYPE[mediaType];
  if (known) return known;
  if (mediaType === "application/xml" || mediaType === "text/xml" || mediaType.endsWith("+xml")) {
    return "xml";
  }
  return null;
}

const SOH = 0x01;
const STX = 0x02;
const SYN = 0x16;

/** Wire framings are recognised on bytes, before decoding (they fix the charset default). */
export function sniffFraming(bytes: Uint8Array): "anpa1312" | "iptc7901" | null {
  let i = 0;
  while (
    i < bytes.length &&
    i < 16 &&
    (bytes[i] === 0x0d || bytes[i] === 0x0a || bytes[i] === 0x20)
  ) {
    i++;
  }
  if (bytes[i] === SYN) {
    while (i < bytes.length && bytes[i] === SYN) i++;
    if (bytes[i] === SOH) return "anpa1312";
    return null;
  }
  if (bytes[i] === SOH && bytes.indexOf(STX, i) > i) return "iptc7901";
  return null;
}

const NEWSML_ROOTS = new Set([
  "newsitem",
  "packageitem",
  "newsmessage",
  "conceptitem",
  "knowledgeitem",
]);
const HTML_ROOTS = new Set([
  "html",
  "head",
  "body",
  "div",
  "p",
  "article",
  "section",
  "main",
  "h1",
  "h2",
  "header",
  "figure",
  "span",
  "meta",
  "title",
]);

/** The local name of the first element, skipping declarations, comments and doctype. */
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

/** The format of decoded text (framings were already checked on bytes). */
export function sniffTextFormat(text: string): WireFormat | "xml" | "json" | null {
  const start = text.search(/\S/);
  if (start < 0) return null;
  const first = text.charAt(start);
  if (first === "{") return "ninjs";
  if (first === "[") return "json";
  if (first === "<") {
    const head = text.slice(start, start + 4096);
    if (/^<!doctype\s+html/i.test(head)) return "html";
    const root = rootElementName(head);
    if (root === "nitf") return "nitf";
    if (root && NEWSML_ROOTS.has(root)) return "newsml-g2";
    if (root && HTML_ROOTS.has(root)) return "html";
    return "xml";
  }
  return "plain";
}
