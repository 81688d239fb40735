import type { Rejection, WireFormat } from "@newswire/schemas";
import type { Draft } from "../draft.js";
import { parseAnpa1312 } from "../parse/parse-anpa1312.js";
import { parseEmail } from "../parse/parse-email.js";
import { parseHtmlDraft } from "../parse/parse-html-draft.js";
import { parseIptc7901 } from "../parse/parse-iptc7901.js";
import { parseNewsmlG2 } from "../parse/parse-newsml-g2.js";
import { parseNewsml1 } from "../parse/parse-newsml1.js";
import { parseNinjs } from "../parse/parse-ninjs.js";
import { parseNitf } from "../parse/parse-nitf.js";
import { parsePlainText } from "../parse/parse-plain-text.js";
import { reject } from "../reject.js";
import type { Element } from "../tree/element.js";
import {
  anpaFramed,
  anpaStripped,
  iptc7901Framed,
  iptc7901Stripped,
  mailHeaders,
} from "./framing-sniffers.js";

/** What a format's parser is handed. */
export interface ParseInput {
  /** The decoded text. */
  readonly text: string;
  /** The document element, for formats read as XML (`xmlRoots`): parsed once, by the dispatcher. */
  readonly root: Element | null;
  /**
   * Parses copy embedded in this one (NITF in a ninjs `body_html`, a wire file attached to an
   * e-mail) through this same table. Bounded: beyond a small nesting depth it rejects.
   */
  readonly nested: (input: string | Uint8Array, contentType?: string | null) => Draft | Rejection;
}

/** Everything newswire knows about one wire format, in one place. */
export interface FormatSpec {
  readonly format: WireFormat;
  /** Media types that name the format; the first is recorded when the transport named none. */
  readonly mediaTypes: readonly string[];
  /** Extension of the original in the archive. */
  readonly extension: string;
  /** XML root elements (local names, lower case) that make an XML document this format. */
  readonly xmlRoots?: readonly string[];
  /** A framing recognised on the first bytes, before decoding. */
  readonly sniffBytes?: (head: Uint8Array) => boolean;
  /** A shape recognised on the leading text (markers are ASCII, so any charset reads them). */
  readonly sniffText?: (head: string) => boolean;
  /** The charset the format assumes when nothing is declared. */
  readonly defaultCharset?: string;
  /**
   * Where a document of this format may declare its own charset (see decodeBytes). XML formats
   * (`xmlRoots`) use their XML declaration without saying so; nowhere else counts.
   */
  readonly charsetDeclaration?: "xml" | "html";
  /** Control bytes the format uses inside its text (ANPA agate codes): not taken for binary. */
  readonly textControls?: readonly number[];
  /**
   * The parser reads the bytes itself (a mail's parts name their own charsets): it is handed
   * them as a Latin-1 string, one character per byte, never decoded as a whole.
   */
  readonly readsBytes?: true;
  readonly parse: (input: ParseInput) => Draft | Rejection;
}

function xmlTree(input: ParseInput, format: WireFormat): Element | Rejection {
  return input.root ?? reject("INVALID_RECORD", `${format} parser needs an XML tree`);
}

/** ANPA-1312 typesetting control bytes that occur inside agate text. */
const ANPA_TEXT_CONTROLS: readonly number[] = [0x08, 0x10, 0x11, 0x12, 0x13, 0x14, 0x1c, 0x1d];

/**
 * One entry per format, in sniffing order: byte framings first, then the leading text. Adding a
 * format is adding an entry here (and its parser).
 */
export const FORMATS: readonly FormatSpec[] = [
  {
    format: "anpa1312",
    mediaTypes: [
      "application/x-anpa-1312",
      "application/x-anpa1312",
      "text/x-anpa-1312",
      "application/anpa1312",
    ],
    extension: "anpa",
    sniffBytes: anpaFramed,
    sniffText: anpaStripped,
    // ANPA-1312 typesetting codes in agate (tabular) copy: BS the tab line indicator, DLE the
    // space band, DC1-DC4 the format identifiers, FS-GS column and field separators.
    textControls: ANPA_TEXT_CONTROLS,
    parse: ({ text }) => parseAnpa1312(text),
  },
  {
    format: "iptc7901",
    mediaTypes: [
      "application/x-iptc-7901",
      "application/x-iptc7901",
      "text/x-iptc-7901",
      "application/iptc7901",
    ],
    extension: "iptc",
    defaultCharset: "iso-8859-1",
    sniffBytes: iptc7901Framed,
    sniffText: iptc7901Stripped,
    parse: ({ text }) => parseIptc7901(text),
  },
  {
    format: "ninjs",
    mediaTypes: ["application/ninjs+json", "application/vnd.iptc.ninjs+json"],
    extension: "json",
    sniffText: (head) => head.trimStart().startsWith("{"),
    parse: (input) => parseNinjs(input),
  },
  {
    format: "nitf",
    mediaTypes: ["application/nitf+xml", "text/vnd.iptc.nitf+xml", "application/vnd.iptc.nitf+xml"],
    extension: "xml",
    xmlRoots: ["nitf"],
    parse: (input) => {
      const root = xmlTree(input, "nitf");
      return "code" in root ? root : parseNitf(root);
    },
  },
  {
    format: "newsml1",
    mediaTypes: ["application/vnd.iptc.newsml+xml", "application/x-newsml+xml"],
    extension: "xml",
    xmlRoots: ["newsml"],
    parse: (input) => {
      const root = xmlTree(input, "newsml1");
      return "code" in root ? root : parseNewsml1(root);
    },
  },
  {
    format: "newsml-g2",
    mediaTypes: [
      "application/vnd.iptc.g2.newsitem+xml",
      "application/vnd.iptc.g2.newsmessage+xml",
      "application/vnd.iptc.g2.packageitem+xml",
    ],
    extension: "xml",
    xmlRoots: ["newsitem", "packageitem", "newsmessage", "conceptitem", "knowledgeitem"],
    parse: (input) => {
      const root = xmlTree(input, "newsml-g2");
      return "code" in root ? root : parseNewsmlG2(root);
    },
  },
  {
    format: "html",
    mediaTypes: ["text/html", "application/xhtml+xml"],
    extension: "html",
    sniffText: (head) => /^\s*<!doctype\s+html/i.test(head),
    charsetDeclaration: "html",
    parse: ({ text }) => parseHtmlDraft(text),
  },
  {
    format: "email",
    mediaTypes: ["message/rfc822", "message/global", "application/mbox"],
    extension: "eml",
    sniffText: mailHeaders,
    readsBytes: true,
    parse: parseEmail,
  },
  {
    format: "plain",
    mediaTypes: ["text/plain"],
    extension: "txt",
    sniffText: () => true,
    parse: ({ text }) => parsePlainText(text),
  },
];

const BY_FORMAT = new Map<WireFormat, FormatSpec>(FORMATS.map((f) => [f.format, f]));

export function formatSpec(format: WireFormat): FormatSpec {
  const spec = BY_FORMAT.get(format);
  if (!spec) throw new Error(`format table has no entry for ${format}`);
  return spec;
}

/** Root elements that make an XML document HTML (an XHTML page or fragment). */
export const HTML_ROOTS: ReadonlySet<string> = new Set([
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

/** Media types that name no format of their own: the content decides. */
export const GENERIC_MEDIA_TYPES: ReadonlySet<string> = new Set([
  "application/octet-stream",
  "application/json",
  "text/json",
  "application/xml",
  "text/xml",
]);
