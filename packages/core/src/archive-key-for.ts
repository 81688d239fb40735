import type { WireFormat } from "@newswire/schemas";
import { archiveKey, extensionFor } from "./archive-key.js";
import {
  formatForMediaType,
  parseContentType,
  rootElementName,
  sniffFraming,
  sniffTextFormat,
} from "./sniff/sniff-format.js";
import { storyId } from "./story-id.js";
import type { WireMeta } from "./wire-meta.js";

const HEAD_BYTES = 4096;

/** The first few KB as text, for sniffing only: the markers looked at are ASCII in any charset. */
function headText(bytes: Uint8Array): string {
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

/**
 * The wire format as far as the transport and the first bytes tell, without decoding or parsing
 * the whole input: the declared media type, else a wire framing, else the leading text. Generic
 * XML is narrowed by its root element; `null` when nothing is recognisable.
 */
export function sniffFormat(bytes: Uint8Array, meta: WireMeta = {}): WireFormat | "xml" | null {
  const contentType = parseContentType(meta.contentType);
  let format: WireFormat | "xml" | "json" | null =
    (contentType ? formatForMediaType(contentType.mediaType) : null) ?? sniffFraming(bytes);
  if (format === null) format = sniffTextFormat(headText(bytes));
  if (format === "xml") {
    const root = rootElementName(headText(bytes));
    if (root === "nitf") return "nitf";
    if (root && ["newsitem", "packageitem", "newsmessage"].includes(root)) return "newsml-g2";
    return "xml";
  }
  return format === "json" ? null : format;
}

/**
 * The object key of an original in the archive: a function of the bytes (story id, sniffed
 * format) and the transport metadata (received time, feed) only, so the archiver can name the
 * object without normalizing it. The normalizer reports this same key as `source.archiveKey`.
 */
export function archiveKeyFor(bytes: Uint8Array, meta: WireMeta = {}): string {
  const format = sniffFormat(bytes, meta);
  return archiveKey({
    receivedAt: meta.receivedAt?.trim() || null,
    feed: meta.feed?.trim() || "unknown",
    id: storyId(bytes),
    ext: format === "xml" ? "xml" : extensionFor(format),
  });
}
