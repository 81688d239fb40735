import type { Rejection } from "@newswire/schemas";
import chardet from "chardet";
import iconv from "iconv-lite";
import { reject } from "../reject.js";
import { repairMojibake } from "./repair-mojibake.js";

export interface DecodedText {
  text: string;
  charset: string;
}

export interface DecodeHints {
  /** From the content type's `charset=` parameter. */
  declared?: string | null;
  /** What the format assumes when nothing is declared (IPTC 7901: Latin-1). */
  formatDefault?: string | null;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function normalizeCharset(name: string): string | null {
  const lower = name
    .trim()
    .toLowerCase()
    .replace(/^["']|["']$/g, "");
  if (!lower) return null;
  // Latin-1 labels are decoded as Windows-1252, as browsers do: wire copy labelled Latin-1
  // routinely carries cp1252 quotes in 0x80-0x9F.
  if (/^(iso-?8859-1|latin-?1|l1|us-ascii|ascii|cp819)$/.test(lower)) return "windows-1252";
  return iconv.encodingExists(lower) ? lower : null;
}

/** `encoding="..."` of an XML declaration or `<meta charset>` of HTML, read from ASCII bytes. */
function declaredInDocument(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString(
    "latin1",
  );
  const xml = /^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(head);
  if (xml?.[1]) return xml[1];
  const meta = /<meta[^>]{0,200}?charset\s*=\s*["']?([A-Za-z0-9._-]{1,40})/i.exec(head);
  return meta?.[1] ?? null;
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
  const n = Math.min(bytes.length, 1024) & ~1;
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
function isStrayControl(code: number): boolean {
  if (code === 0) return true;
  if (code >= 0x20 || code === 9 || code === 10 || code === 13 || code === 12) return false;
  return !(code <= 4 || code === 0x16 || code === 0x1e || code === 0x1f);
}

function looksBinary(bytes: Uint8Array): boolean {
  let stray = 0;
  const n = Math.min(bytes.length, 65536);
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number;
    if (b === 0) return true;
    if (isStrayControl(b)) stray++;
  }
  return stray > Math.max(2, n * 0.01);
}

function decodeWith(bytes: Uint8Array, charset: string): string {
  if (charset === "utf-8") return new TextDecoder("utf-8").decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), charset);
}

function finish(text: string, charset: string): DecodedText | Rejection {
  let replacement = 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd) replacement++;
    else if (isStrayControl(code)) controls++;
  }
  if (replacement > Math.max(3, text.length * 0.01)) {
    return reject("UNDECODABLE", `text does not decode as ${charset}`);
  }
  if (controls > Math.max(2, text.length * 0.01)) {
    return reject("BINARY", "input contains control characters that do not occur in text");
  }
  return { text: repairMojibake(text.replace(/\ufffd/g, "")), charset };
}

/**
 * Bytes to text: BOM, then the declared charset (content type, XML declaration, HTML meta),
 * then strict UTF-8, then the format's default, then detection. Mojibake is repaired last.
 */
export function decodeBytes(bytes: Uint8Array, hints: DecodeHints = {}): DecodedText | Rejection {
  const bom = bomCharset(bytes);
  if (bom) {
    const body = bytes.subarray(bom.skip);
    if (bom.charset === "utf-8" && looksBinary(body)) {
      return reject("BINARY", "input contains NUL or control bytes");
    }
    return finish(decodeWith(body, bom.charset), bom.charset);
  }
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return finish(decodeWith(bytes, utf16), utf16);
  if (looksBinary(bytes)) return reject("BINARY", "input contains NUL or control bytes");

  const declaredName = hints.declared ?? declaredInDocument(bytes);
  const declared = declaredName ? normalizeCharset(declaredName) : null;
  if (declared && declared !== "utf-8" && declared !== "utf8") {
    return finish(decodeWith(bytes, declared), declared);
  }
  try {
    return finish(strictUtf8.decode(bytes), "utf-8");
  } catch {
    // not UTF-8: fall through to the format default or detection
  }
  const formatDefault = hints.formatDefault ? normalizeCharset(hints.formatDefault) : null;
  if (formatDefault) return finish(decodeWith(bytes, formatDefault), formatDefault);
  const detected = chardet.detect(bytes);
  let charset = detected ? normalizeCharset(detected) : null;
  // Single-byte Western guesses are all best served by cp1252 (a superset of Latin-1 text).
  if (!charset || charset === "utf-8" || /^(iso-8859-1|windows-1252)$/.test(charset)) {
    charset = "windows-1252";
  }
  return finish(decodeWith(bytes, charset), charset);
}
