import type { NormalizedStory, Rejection, WireMetadata } from "@newswire/schemas";
import { extensionFor } from "./archive-key.js";
import { archiveKeyOf } from "./archive-key-for.js";
import { bytesAsLatin1, type CharsetDeclaration, decodeBytes } from "./decode/decode-bytes.js";
import type { Draft } from "./draft.js";
import { finishDraft } from "./finish-draft.js";
import { type FormatSpec, formatSpec, HTML_ROOTS } from "./formats/format-table.js";
import { paddingLength } from "./formats/framing-sniffers.js";
import { formatForXmlRoot, type SniffedFormat, sniffWire } from "./formats/sniff-format.js";
import { isRejection, reject } from "./reject.js";
import { sha256Hex } from "./story-id.js";
import type { Element } from "./tree/element.js";
import { parseXml } from "./tree/parse-xml.js";
import { DEFAULT_MAX_BYTES, type NormalizeOptions, type WireMeta } from "./wire-meta.js";

/** Copy inside copy (a mail carrying a NITF file carrying ...) is read this many levels deep. */
const MAX_NESTING = 3;

/** An XML document's format by its root element; XHTML goes to the HTML reader. */
function xmlFormat(
  text: string,
  sniffed: SniffedFormat,
): { spec: FormatSpec; root: Element | null } | Rejection {
  const root = parseXml(text);
  if (isRejection(root)) return root;
  const byRoot = formatForXmlRoot(root.name);
  if (byRoot) return { spec: byRoot, root };
  if (root.name === "html" || sniffed === "html" || HTML_ROOTS.has(root.name))
    return { spec: formatSpec("html"), root: null };
  return reject(
    "UNSUPPORTED_FORMAT",
    `XML root element <${root.name.slice(0, 40)}> is not a wire format newswire reads`,
  );
}

interface Document {
  text: string;
  format: SniffedFormat;
  /** How the bytes were read; null where the format's parser reads its parts itself. */
  decoding: WireMetadata["decoding"] | null;
}

/** Decoded text of a sniffed format to a draft, through the format table. */
function parseDocument(doc: Document, depth: number): Draft | Rejection {
  let spec: FormatSpec;
  let root: Element | null = null;
  if (doc.format === "xml" || formatSpec(doc.format).xmlRoots) {
    const found = xmlFormat(doc.text, doc.format);
    if (isRejection(found)) return found;
    ({ spec, root } = found);
  } else {
    spec = formatSpec(doc.format);
  }
  const draft = spec.parse({
    text: doc.text,
    root,
    nested: (input, contentType) => {
      if (depth >= MAX_NESTING) return reject("TOO_COMPLEX", "wire copy nested too deeply");
      return parseBytesOrText(input, { contentType: contentType ?? null }, depth + 1);
    },
  });
  if (!isRejection(draft) && doc.decoding) draft.metadata.decoding = doc.decoding;
  return draft;
}

/** Where the sniffed format lets a document name its own charset. */
function declarationOf(format: SniffedFormat, spec: FormatSpec | null): CharsetDeclaration {
  if (format === "xml" || spec?.xmlRoots) return "xml";
  return spec?.charsetDeclaration ?? null;
}

function sniffAndDecode(bytes: Uint8Array, meta: WireMeta): Document | Rejection {
  const sniffed = sniffWire(bytes, meta);
  if (sniffed.format === null) {
    return sniffed.reason === "json-array"
      ? reject("NOT_A_STORY", "JSON array is not a story")
      : reject("EMPTY", "input has no text");
  }
  const spec = sniffed.format === "xml" ? null : formatSpec(sniffed.format);
  // A framed message may be preceded by line padding and idle fill (NUL, DEL): not text.
  const body = spec?.sniffBytes ? bytes.subarray(paddingLength(bytes)) : bytes;
  if (spec?.readsBytes) {
    const text = bytesAsLatin1(body, { textControls: spec.textControls ?? [] });
    return isRejection(text) ? text : { text, format: sniffed.format, decoding: null };
  }
  const decoded = decodeBytes(body, {
    declared: sniffed.charset,
    formatDefault: spec?.defaultCharset ?? null,
    declaration: declarationOf(sniffed.format, spec),
    textControls: spec?.textControls ?? [],
  });
  if (isRejection(decoded)) return decoded;
  return {
    text: decoded.text,
    format: sniffed.format,
    decoding: { charset: decoded.charset, replacedBytes: decoded.replacedBytes },
  };
}

function parseBytesOrText(
  input: string | Uint8Array,
  meta: WireMeta,
  depth: number,
): Draft | Rejection {
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const doc = sniffAndDecode(bytes, meta);
  if (isRejection(doc)) return doc;
  return parseDocument(doc, depth);
}

function normalize(
  bytes: Uint8Array,
  meta: WireMeta,
  options: NormalizeOptions,
): NormalizedStory | Rejection {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) {
    return reject("TOO_LARGE", `input is ${bytes.length} bytes; the limit is ${maxBytes}`);
  }
  let nonSpace = false;
  for (let i = 0; i < bytes.length && !nonSpace; i++) {
    const b = bytes[i] as number;
    nonSpace = b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d;
  }
  if (!nonSpace) return reject("EMPTY", "input is empty");

  const doc = sniffAndDecode(bytes, meta);
  if (isRejection(doc)) return doc;
  const draft = parseDocument(doc, 0);
  if (isRejection(draft)) return draft;

  const sha256 = sha256Hex(bytes);
  const story = finishDraft(draft, {
    id: sha256.slice(0, 32),
    sha256,
    contentType: meta.contentType?.trim() || formatSpec(draft.format).mediaTypes[0] || "",
    feed: meta.feed?.trim() || "unknown",
    receivedAt: meta.receivedAt?.trim() || null,
    wireId: meta.wireId ?? null,
    kafka: meta.kafka ?? null,
    archiveExtension: extensionFor(doc.format),
  });
  if (isRejection(story)) return story;
  // The archiver names the object from the bytes and the transport metadata alone (it never
  // normalizes): the key the Story reports is that same function of the same inputs, whoever
  // calls (a service, the CLI, a library user without receivedAt).
  story.source.archiveKey = archiveKeyOf(meta, story.id, doc.format);
  return story;
}

/**
 * Any wire copy to a clean draft story, or a typed Rejection. Pure and total: it never throws,
 * reads no clock and does no I/O.
 */
export function normalizeWire(
  bytes: Uint8Array,
  meta: WireMeta = {},
  options: NormalizeOptions = {},
): NormalizedStory | Rejection {
  try {
    return normalize(bytes, meta, options);
  } catch (err) {
    // A parser bug must not take a consumer down; the record goes to the DLQ with the reason.
    return reject(
      "INVALID_RECORD",
      `could not process input: ${err instanceof Error ? err.message.slice(0, 200) : "unknown error"}`,
    );
  }
}
