import type { NormalizedStory, Rejection, WireFormat } from "@newswire/schemas";
import { decodeBytes } from "./decode/decode-bytes.js";
import type { Draft } from "./draft.js";
import { finishDraft } from "./finish-draft.js";
import { parseAnpa1312 } from "./parse/parse-anpa1312.js";
import { parseHtmlDraft } from "./parse/parse-html-draft.js";
import { parseIptc7901 } from "./parse/parse-iptc7901.js";
import { parseNewsmlG2 } from "./parse/parse-newsml-g2.js";
import { parseNinjs } from "./parse/parse-ninjs.js";
import { parseNitf } from "./parse/parse-nitf.js";
import { parsePlainText } from "./parse/parse-plain-text.js";
import { isRejection, reject } from "./reject.js";
import { DEFAULT_CONTENT_TYPES } from "./sniff/default-content-type.js";
import {
  formatForMediaType,
  parseContentType,
  rootElementName,
  sniffFraming,
  sniffTextFormat,
} from "./sniff/sniff-format.js";
import { sha256Hex } from "./story-id.js";
import { parseXml } from "./tree/parse-xml.js";
import { DEFAULT_MAX_BYTES, type NormalizeOptions, type WireMeta } from "./wire-meta.js";

function parseXmlFormat(text: string, expected: WireFormat | "xml"): Draft | Rejection {
  const root = parseXml(text);
  if (isRejection(root)) return root;
  if (root.name === "nitf") return parseNitf(root);
  if (["newsitem", "packageitem", "newsmessage"].includes(root.name)) return parseNewsmlG2(root);
  if (root.name === "html" || expected === "html") return parseHtmlDraft(text);
  return reject(
    "UNSUPPORTED_FORMAT",
    `XML root element <${root.name.slice(0, 40)}> is not NITF or NewsML-G2`,
  );
}

function parseText(text: string, format: WireFormat | "xml" | "json"): Draft | Rejection {
  switch (format) {
    case "plain":
      return parsePlainText(text);
    case "anpa1312":
      return parseAnpa1312(text);
    case "iptc7901":
      return parseIptc7901(text);
    case "ninjs":
      return parseNinjs(text);
    case "json":
      return reject("NOT_A_STORY", "JSON array is not a story");
    case "html":
      return parseHtmlDraft(text);
    case "nitf":
    case "newsml-g2":
    case "xml":
      return parseXmlFormat(text, format);
  }
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

  const contentType = parseContentType(meta.contentType);
  const declared = contentType ? formatForMediaType(contentType.mediaType) : null;
  const framing = sniffFraming(bytes);
  const decoded = decodeBytes(bytes, {
    declared: contentType?.charset ?? null,
    formatDefault: (declared ?? framing) === "iptc7901" ? "iso-8859-1" : null,
  });
  if (isRejection(decoded)) return decoded;
  const text = decoded.text;
  let format: WireFormat | "xml" | "json" | null = declared ?? framing ?? sniffTextFormat(text);
  if (format === "xml") {
    const root = rootElementName(text.slice(0, 4096));
    if (root === "nitf") format = "nitf";
    else if (root && ["newsitem", "packageitem", "newsmessage"].includes(root))
      format = "newsml-g2";
  }
  if (format === null) return reject("EMPTY", "input has no text");
  const draft = parseText(text, format);
  if (isRejection(draft)) return draft;

  const sha256 = sha256Hex(bytes);
  return finishDraft(draft, {
    id: sha256.slice(0, 32),
    sha256,
    contentType: meta.contentType?.trim() || DEFAULT_CONTENT_TYPES[draft.format],
    feed: meta.feed?.trim() || "unknown",
    receivedAt: meta.receivedAt?.trim() || null,
    wireId: meta.wireId ?? null,
    kafka: meta.kafka ?? null,
  });
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
