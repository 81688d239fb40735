import type { Rejection } from "@newswire/schemas";
import chardet from "chardet";
import iconv from "iconv-lite";
import { reject } from "../reject.js";
import { repairMojibake } from "./repair-mojibake.js";

export interface DecodedText {
  text: string;
  charset: string;
  /** Bytes that were not valid in `charset` and were read one by one (Windows-1252) instead. */
  replacedBytes: number;
}

/**
 * Where a document may name its own charset. A declaration counts only where its format puts it:
 * the XML declaration of an XML document (XML 1.0 §4.3.3), a `<meta>` in the head of an HTML
 * document (HTML's "prescan"); wire framings, JSON (RFC 8259: UTF-8) and plain text have none.
 */
export type CharsetDeclaration = "xml" | "html" | null;

export interface DecodeHints {
  /** A MIME `charset=` parameter: the transport's content type, or a mail part's header. */
  declared?: string | null;
  /** What the format assumes when nothing is declared (IPTC 7901: Latin-1). */
  formatDefault?: string | null;
  /** Where the sniffed format lets the document declare its charset; absent: nowhere. */
  declaration?: CharsetDeclaration;
  /** Control bytes the format uses in its text (ANPA agate column codes): not a sign of binary. */
  textControls?: readonly number[];
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const HEAD = 1024;

// UTF-7 turns `+ADw-script+AD4-` into `<script>`: a label that names it is never honoured
// (the WHATWG Encoding Standard does not support it either).
const UTF7 = /^(?:x-)?(?:unicode-1-1-)?utf-?7(?:-imap)?$|^csunicode11utf7$|^x-imap4-modified-utf7$/;
const UTF16_OR_32 = /^(?:utf-?(?:16|32)(?:le|be)?|ucs-?2|ucs-?4|unicode|csunicode)$/;

function normalizeCharset(name: string): string | null {
  const lower = name
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (!lower || lower.length > 40 || UTF7.test(lower)) return null;
  // Latin-1 labels are decoded as Windows-1252, as browsers do: wire copy labelled Latin-1
  // routinely carries cp1252 quotes in 0x80-0x9F.
  if (/^(iso-?8859-1|iso_8859-1|latin-?1|l1|us-ascii|ascii|cp819|ansi_x3\.4-1968)$/.test(lower))
    return "windows-1252";
  if (lower === "utf8") return "utf-8";
  return iconv.encodingExists(lower) ? lower : null;
}

function asciiHead(bytes: Uint8Array, length: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, length)).toString(
    "latin1",
  );
}

/** `encoding="..."` of an XML declaration at the very start of the document. */
function xmlDeclaration(head: string): string | null {
  const m = /^<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head);
  return m?.[1] ?? null;
}

/**
 * A `<meta charset>` or `<meta http-equiv content="...charset=">` in the head of an HTML
 * document: before `<body>` or the first element that can only be body content. Comments are
 * skipped; the scan is bounded by the first kilobyte, like the HTML prescan.
 */
function htmlMetaCharset(head: string): string | null {
  const xml = xmlDeclaration(head);
  if (xml) return xml;
  let i = 0;
  while (i < head.length) {
    const lt = head.indexOf("<", i);
    if (lt < 0) return null;
    if (head.startsWith("<!--", lt)) {
      const end = head.indexOf("-->", lt + 4);
      if (end < 0) return null;
      i = end + 3;
      continue;
    }
    const gt = head.indexOf(">", lt + 1);
    if (gt < 0) return null;
    const tag = head.slice(lt + 1, gt);
    const name = /^\/?([A-Za-z][A-Za-z0-9]{0,20})/.exec(tag)?.[1]?.toLowerCase();
    if (name === "meta") {
      const m = /charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})/i.exec(tag);
      if (m?.[1]) return m[1];
    } else if (
      name !== undefined &&
      !["html", "head", "title", "link", "base", "style", "script", "noscript"].includes(name)
    ) {
      // the head is over: a declaration further on is content, not the document's
      return null;
    }
    i = gt + 1;
  }
  return null;
}

function declaredInDocument(bytes: Uint8Array, where: CharsetDeclaration): string | null {
  if (where === null) return null;
  const head = asciiHead(bytes, HEAD).trimStart();
  return where === "xml" ? xmlDeclaration(head) : htmlMetaCharset(head);
}

function bomCharset(bytes: Uint8Array): { charset: string; skip: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { charset: "utf-8", skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { charset: "utf-16le", skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { charset: "utf-16be", skip: 2 };
  return null;
}

/** UTF-16 without a BOM: Latin-script text has a NUL in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.length, HEAD) & ~1;
  if (n < 8) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero < pairs * 0.05) return "utf-16le";
  if (evenZero > pairs * 0.6 && oddZero < pairs * 0.05) return "utf-16be";
  return null;
}

// Control characters other than tab/CR/LF/FF and the wire framing characters (SOH, STX, ETX,
// EOT, SYN, US, RS) do not occur in text.
function isStrayControl(code: number, allowed: readonly number[]): boolean {
  if (code === 0) return true;
  if (code >= 0x20 || code === 9 || code === 10 || code === 13 || code === 12) return false;
  if (code <= 4 || code === 0x16 || code === 0x1e || code === 0x1f) return false;
  return !allowed.includes(code);
}

function looksBinary(bytes: Uint8Array, allowed: readonly number[]): boolean {
  let stray = 0;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (b < 0x20 && isStrayControl(b, allowed)) stray++;
  }
  return stray > Math.max(2, n * 0.01);
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset);
}

/** Length of the valid UTF-8 sequence at `i` (1 for ASCII), or 0 when the byte starts none. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const b = bytes[i] as number;
  if (b < 0x80) return 1;
  const cont = (k: number) => {
    const c = bytes[i + k];
    return c !== undefined && c >= 0x80 && c <= 0xbf;
  };
  const b1 = bytes[i + 1] ?? 0;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // no overlongs (E0 80..9F) and no surrogates (ED A0..BF): RFC 3629 §4
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    if ((b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

interface Utf8Census {
  multibyte: number;
  invalid: number;
}

function utf8Census(bytes: Uint8Array): Utf8Census {
  let multibyte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    if ((bytes[i] as number) < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceAt(bytes, i);
    if (n === 0) {
      invalid++;
      i++;
    } else {
      multibyte++;
      i += n;
    }
  }
  return { multibyte, invalid };
}

const cp1252 = (byte: number): string => iconv.decode(Buffer.of(byte), "windows-1252");
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * UTF-8 where a few bytes are not: the valid runs decoded as UTF-8, each stray byte read on its
 * own as Windows-1252 (a Latin-1 `é` pasted into UTF-8 copy stays `é`) or dropped when it has no
 * character there. One pass; the runs are subarrays, not copies.
 */
function decodeUtf8Locally(bytes: Uint8Array): { text: string; replaced: number } {
  const parts: string[] = [];
  const decoder = new TextDecoder("utf-8");
  let runStart = 0;
  let replaced = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = utf8SequenceAt(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > runStart) parts.push(decoder.decode(bytes.subarray(runStart, i)));
    if (!CP1252_UNDEFINED.has(b)) parts.push(cp1252(b));
    replaced++;
    i++;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(decoder.decode(bytes.subarray(runStart)));
  return { text: parts.join(""), replaced };
}

function finish(
  text: string,
  charset: string,
  replacedBytes: number,
  allowed: readonly number[],
): DecodedText | Rejection {
  let replacement = 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) replacement++;
    else if (code < 0x20 && isStrayControl(code, allowed)) controls++;
  }
  if (replacement > Math.max(3, text.length * 0.01)) {
    return reject("UNDECODABLE", `text does not decode as ${charset}`);
  }
  if (controls > Math.max(2, text.length * 0.01)) {
    return reject("BINARY", "input contains control characters that do not occur in text");
  }
  const cleaned = replacement > 0 ? text.replace(/\ufffd/g, "") : text;
  return { text: repairMojibake(cleaned), charset, replacedBytes: replacedBytes + replacement };
}

/** A declared label, unless it cannot describe these bytes (UTF-16 on ASCII-compatible bytes). */
function usableDeclaration(name: string | null | undefined): string | null {
  if (!name) return null;
  const lower = name.trim().toLowerCase();
  // A UTF-16/32 document starts with a BOM or has NULs throughout (both handled before this);
  // on ASCII-compatible bytes such a label is wrong, and honouring it garbles everything.
  if (UTF16_OR_32.test(lower)) return null;
  return normalizeCharset(lower);
}

/** Bytes that are UTF-8 but for a few: at most as many stray bytes as real multibyte characters. */
function mostlyUtf8(census: Utf8Census): boolean {
  return census.multibyte > 0 && census.invalid <= census.multibyte;
}

/** What charset detection reads of a larger input: its start, middle and end. */
const DETECT_WINDOW = 8 * 1024;

/**
 * Up to four windows of the bytes (half the budget from the start, a quarter each from the
 * middle and the end), each cut at an ASCII byte so no multibyte sequence is split: detection
 * scores every single-byte charset on what it reads, so it reads a bounded sample, whatever the
 * input's size. An input up to 4 windows is read whole.
 */
function detectionSample(bytes: Uint8Array): Uint8Array {
  if (bytes.length <= 4 * DETECT_WINDOW) return bytes;
  const atAscii = (i: number): number => {
    let k = i;
    while (k < bytes.length && k < i + 64 && (bytes[k] as number) >= 0x80) k++;
    return k;
  };
  const mid = atAscii(Math.floor(bytes.length / 2));
  const tail = atAscii(bytes.length - DETECT_WINDOW);
  const parts = [
    bytes.subarray(0, atAscii(2 * DETECT_WINDOW)),
    bytes.subarray(mid, atAscii(mid + DETECT_WINDOW)),
    bytes.subarray(tail),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    out[at + p.length] = 0x0a;
    at += p.length + 1;
  }
  return out;
}

/**
 * Bytes to text: a BOM, then the declared charset (the transport's or a MIME part's, then the
 * document's own declaration where its format puts one), then UTF-8 (a few bad bytes replaced
 * locally and counted), then the format's default, then detection. Mojibake is repaired last.
 * Linear in the input: one census pass, one decoding pass, detection on a bounded sample.
 */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints = {}): DecodedText | Rejection {
  const allowed = hints.textControls ?? [];
  const bom = bomCharset(bytes);
  if (bom) {
    const body = bytes.subarray(bom.skip);
    if (bom.charset === "utf-8") {
      if (looksBinary(body, allowed))
        return reject("BINARY", "input contains NUL or control bytes");
      const local = decodeUtf8Locally(body);
      return finish(local.text, "utf-8", local.replaced, allowed);
    }
    return finish(decodeWith(body, bom.charset), bom.charset, 0, allowed);
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return finish(decodeWith(bytes, utf16), utf16, 0, allowed);
  if (looksBinary(bytes, allowed)) return reject("BINARY", "input contains NUL or control bytes");

  const declared =
    usableDeclaration(hints.declared) ??
    usableDeclaration(declaredInDocument(bytes, hints.declaration ?? null));
  if (declared && declared !== "utf-8") {
    return finish(decodeWith(bytes, declared), declared, 0, allowed);
  }
  try {
    return finish(strictUtf8.decode(bytes), "utf-8", 0, allowed);
  } catch {
    // not clean UTF-8: decide below whether it is UTF-8 with a few bad bytes
  }
  const census = utf8Census(bytes);
  if (declared === "utf-8" || mostlyUtf8(census)) {
    const local = decodeUtf8Locally(bytes);
    return finish(local.text, "utf-8", local.replaced, allowed);
  }
  const formatDefault = hints.formatDefault ? normalizeCharset(hints.formatDefault) : null;
  if (formatDefault) return finish(decodeWith(bytes, formatDefault), formatDefault, 0, allowed);
  const detected = chardet.detect(detectionSample(bytes));
  let charset = detected ? normalizeCharset(detected) : null;
  // Single-byte Western guesses are all best served by cp1252 (a superset of Latin-1 text).
  if (!charset || charset === "utf-8" || /^(iso-8859-1|windows-1252)$/.test(charset)) {
    charset = "windows-1252";
  }
  return finish(decodeWith(bytes, charset), charset, 0, allowed);
}

/**
 * The bytes as a Latin-1 string, one character per byte, for a format that decodes its own parts
 * (a mail: each part names its charset). Binary input is refused as for any text.
 */
export function bytesAsLatin1(
  bytes: Uint8Array,
  hints: Pick<DecodeHints, "textControls"> = {},
): string | Rejection {
  if (looksBinary(bytes, hints.textControls ?? [])) {
    return reject("BINARY", "input contains NUL or control bytes");
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString("latin1");
}
