import type { Party, Rejection } from "@newswire/schemas";
import libbase64 from "libbase64";
import libmime from "libmime";
import libqp from "libqp";
import { AGENCIES, type AgencyDefinition } from "../data/agencies.js";
import { decodeBytes } from "../decode/decode-bytes.js";
import type { Draft } from "../draft.js";
import type { ParseInput } from "../formats/format-table.js";
import { isRejection, reject } from "../reject.js";
import { stripHeadlineMarkers } from "../text/desk-lines.js";
import { parsePlainText } from "./parse-plain-text.js";

/*
 * E-mail (RFC 5322 message format, MIME RFC 2045-2049): a header block, a blank line, a body
 * that MIME may split into parts. The MIME primitives (RFC 2047 encoded words, RFC 2231
 * parameters, quoted-printable, base64, format=flowed) come from nodemailer's libmime, libqp and
 * libbase64, which are synchronous and pure; the part tree is walked here, iteratively, because
 * the maintained MIME parsers that build it (postal-mime, mailparser) are asynchronous and core
 * is a synchronous pure function. Each part's charset is decoded by newswire's own decoder, so
 * the same rules hold as for any input (UTF-7 never honoured, bad bytes replaced locally).
 *
 * The input text is the message as a Latin-1 string, one character per byte (the format table's
 * `readsBytes`): the bytes of every part can be recovered exactly.
 */

/** Parts deeper than this are not read (a mail in a mail in a mail ...). */
const MAX_DEPTH = 8;
/** At most this many parts are looked at. */
const MAX_PARTS = 500;
/** A header value longer than this is cut before decoding (no field needs more). */
const MAX_HEADER_VALUE = 8192;
/** At most this many header fields per part. */
const MAX_FIELDS = 1000;

interface Part {
  headers: Map<string, string>;
  /** Raw (Latin-1 string) body range in the message text. */
  start: number;
  end: number;
  depth: number;
}

interface Leaf {
  type: string;
  params: Record<string, string>;
  disposition: string;
  filename: string | null;
  headers: Map<string, string>;
  body: Uint8Array;
}

function byteString(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/** A header value's raw bytes as text: UTF-8 (RFC 6532) when valid, else Windows-1252. */
function headerText(raw: string): string {
  const decoded = decodeBytes(byteString(raw.slice(0, MAX_HEADER_VALUE)));
  return isRejection(decoded) ? "" : decoded.text;
}

// A UTF-7 encoded word would smuggle `<` and `>` past every filter: read as ASCII instead.
const UTF7_WORD = /=\?(?:x-)?(?:unicode-1-1-)?utf-?7(?:\*[A-Za-z-]{1,20})?\?/gi;

/** An unstructured header (Subject, a display name) with its RFC 2047 encoded words decoded. */
function decodeHeader(raw: string | undefined): string {
  if (!raw) return "";
  const text = headerText(raw).replace(UTF7_WORD, "=?us-ascii?");
  let decoded: string;
  try {
    decoded = libmime.decodeWords(text);
  } catch {
    decoded = text;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls in headers are noise
  return decoded.replace(/[\x00-\x1f\x7f]+/g, " ").trim();
}

/** Index just past the line end at `i` (CRLF or LF), or -1 when `i` is no line end. */
function lineEndAt(text: string, i: number): number {
  if (text.charCodeAt(i) === 10) return i + 1;
  if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) return i + 2;
  return -1;
}

/** The header block starting at `start`: fields (unfolded) and where the body begins. */
function readHeaders(
  text: string,
  start: number,
  end: number,
): { headers: Map<string, string>; body: number } {
  const headers = new Map<string, string>();
  let i = start;
  let name: string | null = null;
  let value = "";
  let fields = 0;
  const store = () => {
    if (name !== null && !headers.has(name)) headers.set(name, value.slice(0, MAX_HEADER_VALUE));
    name = null;
  };
  while (i < end) {
    let lineEnd = text.indexOf("\n", i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(i, lineEnd).replace(/\r$/, "");
    const next = lineEnd + 1;
    if (line === "") {
      store();
      return { headers, body: Math.min(next, end) };
    }
    if ((line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) && name !== null) {
      if (value.length < MAX_HEADER_VALUE) value += ` ${line.trim()}`;
    } else if (i === start && line.startsWith("From ")) {
      // the mbox separator line (RFC 4155)
    } else {
      store();
      const colon = line.indexOf(":");
      if (colon > 0 && colon <= 76 && fields < MAX_FIELDS) {
        name = line.slice(0, colon).trim().toLowerCase();
        value = line.slice(colon + 1).trim();
        fields++;
      } else {
        // not a header line: the header block is over (a body without the blank line)
        return { headers, body: i };
      }
    }
    i = next;
  }
  store();
  return { headers, body: end };
}

function contentType(headers: Map<string, string>): {
  type: string;
  params: Record<string, string>;
} {
  const raw = headers.get("content-type");
  if (!raw) return { type: "text/plain", params: {} };
  try {
    const parsed = libmime.parseHeaderValue(headerText(raw));
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(parsed.params ?? {})) {
      if (typeof v === "string") params[k.toLowerCase()] = v;
    }
    return { type: (parsed.value || "text/plain").toLowerCase().trim(), params };
  } catch {
    return { type: "text/plain", params: {} };
  }
}

function disposition(headers: Map<string, string>): { kind: string; filename: string | null } {
  const raw = headers.get("content-disposition");
  let kind = "";
  let filename: string | null = null;
  if (raw) {
    try {
      const parsed = libmime.parseHeaderValue(headerText(raw));
      kind = (parsed.value || "").toLowerCase();
      const name = parsed.params?.filename;
      if (typeof name === "string") filename = decodeHeader(name);
    } catch {
      kind = "";
    }
  }
  if (filename === null) {
    const name = contentType(headers).params.name;
    if (name) filename = decodeHeader(name);
  }
  return { kind, filename };
}

/** The body bytes of a leaf part, transfer encoding undone (RFC 2045 §6). */
function transferDecode(raw: string, encoding: string | undefined): Uint8Array {
  const enc = (encoding ?? "").trim().toLowerCase();
  try {
    if (enc === "base64") return new Uint8Array(libbase64.decode(raw));
    if (enc === "quoted-printable") return new Uint8Array(libqp.decode(raw));
  } catch {
    // a broken encoding: the raw text is the best there is
  }
  return byteString(raw);
}

/** Where the boundary delimiter lines of a multipart body are (RFC 2046 §5.1.1). */
function splitMultipart(
  text: string,
  start: number,
  end: number,
  boundary: string,
): Array<[number, number]> {
  const delimiter = `--${boundary}`;
  const parts: Array<[number, number]> = [];
  let partStart = -1;
  let i = start;
  while (i < end) {
    const at = text.indexOf(delimiter, i);
    if (at < 0 || at >= end) break;
    const lineStart = at === start || text.charCodeAt(at - 1) === 10;
    if (!lineStart) {
      i = at + delimiter.length;
      continue;
    }
    let after = at + delimiter.length;
    const closing = text.startsWith("--", after);
    if (closing) after += 2;
    // transport padding (spaces) may follow the delimiter before the line end
    while (after < end && (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9)) after++;
    const eol = after >= end ? end : lineEndAt(text, after);
    if (eol < 0) {
      i = after;
      continue;
    }
    if (partStart >= 0) {
      // the line break before the delimiter belongs to the delimiter
      let partEnd = at;
      if (text.charCodeAt(partEnd - 1) === 10) partEnd--;
      if (text.charCodeAt(partEnd - 1) === 13) partEnd--;
      parts.push([partStart, Math.max(partStart, partEnd)]);
    }
    if (closing) return parts;
    partStart = eol;
    i = eol;
  }
  // no closing delimiter: the last part runs to the end
  if (partStart >= 0 && partStart < end) parts.push([partStart, end]);
  return parts;
}

/** Every leaf part in document order, walked with an explicit stack. */
function leaves(text: string, root: Part): Leaf[] | Rejection {
  const out: Leaf[] = [];
  const stack: Part[] = [root];
  let seen = 0;
  while (stack.length > 0) {
    const part = stack.pop() as Part;
    if (++seen > MAX_PARTS)
      return reject("TOO_COMPLEX", `the mail has more than ${MAX_PARTS} parts`);
    const { type, params } = contentType(part.headers);
    if (type.startsWith("multipart/") && params.boundary) {
      if (part.depth >= MAX_DEPTH)
        return reject("TOO_COMPLEX", `MIME parts nested deeper than ${MAX_DEPTH}`);
      const children = splitMultipart(text, part.start, part.end, params.boundary);
      for (let k = children.length - 1; k >= 0; k--) {
        const [s, e] = children[k] as [number, number];
        const { headers, body } = readHeaders(text, s, e);
        stack.push({ headers, start: body, end: e, depth: part.depth + 1 });
      }
      continue;
    }
    const { kind, filename } = disposition(part.headers);
    out.push({
      type,
      params,
      disposition: kind,
      filename,
      headers: part.headers,
      body: transferDecode(
        text.slice(part.start, part.end),
        part.headers.get("content-transfer-encoding"),
      ),
    });
  }
  return out;
}

/** A text part shorter than this, next to an attached text file, is a cover note. */
const COVER_NOTE = 300;

function textLength(draft: Draft): number {
  let n = 0;
  for (const p of draft.paragraphs) n += p.length;
  return n;
}

/** Reply and forward prefixes a subject collects: `Re:`, `Fwd:`, `AW:`, `WG:`, `TR:`, `SV:`. */
const SUBJECT_PREFIX =
  /^(?:(?:re|fwd?|aw|wg|tr|sv|vs|rif|r|i|enc)\s?(?:\[\d{1,3}\])?:\s*|\[(?:external|ext)\]\s*)/i;

function cleanSubject(subject: string): string {
  let s = subject.trim();
  for (let k = 0; k < 8; k++) {
    const m = SUBJECT_PREFIX.exec(s);
    if (!m) break;
    s = s.slice(m[0].length).trimStart();
  }
  return s;
}

/** The body of a text part as text, in the charset its header names. */
function partText(
  leaf: Leaf,
): { text: string; charset: string; replacedBytes: number } | Rejection {
  const decoded = decodeBytes(leaf.body, { declared: leaf.params.charset ?? null });
  if (isRejection(decoded)) return decoded;
  let text = decoded.text;
  if (leaf.type === "text/plain" && leaf.params.format?.toLowerCase() === "flowed") {
    try {
      text = libmime.decodeFlowed(text, leaf.params.delsp?.toLowerCase() === "yes");
    } catch {
      // keep the text as sent
    }
  }
  return { text, charset: decoded.charset, replacedBytes: decoded.replacedBytes };
}

/** How many lines of a forwarder's cover note may stand above the forwarded message. */
const MAX_COVER_LINES = 8;
// How mail clients introduce a forwarded or quoted message inline.
const FORWARD_SEPARATOR =
  /^(?:-{2,}\s*(?:Forwarded message|Original Message|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Messaggio inoltrato|Doorgestuurd bericht)\s*-{2,}|Begin forwarded message:)\s*$/i;
const FORWARD_FIELD =
  /^(?:From|Sent|Date|To|Cc|Subject|Reply-To|Von|Gesendet|An|Betreff|De|Envoyé|À|Objet|Para|Asunto|Da|Inviato|Oggetto|Datum|Aan|Onderwerp)\s*:/i;

/**
 * The text of a forwarded message without the header block its client wrote above it
 * (`---------- Forwarded message ---------` then `From:`/`Date:`/`Subject:` lines), which would
 * otherwise open the body. Looks at the first lines only.
 */
function withoutForwardHeader(text: string): string {
  const lines = text.split("\n", 40);
  let k = 0;
  while (k < lines.length && (lines[k] as string).trim() === "") k++;
  // The forwarder's cover note above the separator ("Hi desk, see below ..."): a few short
  // lines, not the story; the forwarded message is.
  let note = 0;
  for (let j = k; j < Math.min(lines.length, k + MAX_COVER_LINES); j++) {
    const line = (lines[j] as string).trim();
    if (FORWARD_SEPARATOR.test(line.slice(0, 80))) {
      k = j;
      break;
    }
    note += line.length;
    if (note > COVER_NOTE) break;
  }
  if (k >= lines.length || !FORWARD_SEPARATOR.test((lines[k] as string).trim().slice(0, 80)))
    return text;
  let end = k + 1;
  while (end < lines.length && FORWARD_FIELD.test((lines[end] as string).trimStart().slice(0, 40)))
    end++;
  if (end === k + 1) return text;
  let offset = 0;
  for (let i = 0; i < end; i++) offset += (lines[i] as string).length + 1;
  return text.slice(offset);
}

/** The text before the signature separator line `-- ` (RFC 3676 §4.3). */
function withoutSignature(text: string): string {
  const m = /(?:^|\n)-- ?\r?\n/.exec(text);
  return m ? text.slice(0, m.index) : text;
}

// Media types that can never be wire copy: media, documents, calendars, cards, signatures,
// delivery reports.
const NOT_COPY =
  /^(?:image|audio|video|font|model)\/|^application\/(?:pdf|zip|gzip|x-zip|msword|vnd\.|pkcs|pgp|x-pkcs|ics)|^text\/(?:calendar|vcard|x-vcard|csv|css|javascript)|^message\/(?:delivery-status|disposition-notification)/;

function isAttachment(leaf: Leaf): boolean {
  if (NOT_COPY.test(leaf.type)) return false;
  if (leaf.type === "message/rfc822" || leaf.type === "message/global") return true;
  if (leaf.disposition === "attachment") return true;
  return (
    leaf.type !== "text/plain" && leaf.type !== "text/html" && !leaf.type.startsWith("multipart/")
  );
}

interface AgencyForms {
  names: Set<string>;
  domains: string[];
}

const AGENCY_FORMS: AgencyForms = (() => {
  const names = new Set<string>();
  const domains: string[] = [];
  for (const a of AGENCIES as readonly AgencyDefinition[]) {
    for (const n of [...a.names, ...(a.abbreviations ?? [])]) names.add(n);
    domains.push(...a.domains.map((d) => d.toLowerCase()));
  }
  return { names, domains };
})();

// Words a desk adds to an agency's name in a sender's display name ("AFP Desk", "dpa Newsroom").
const DESK_WORDS = new Set(
  "desk newsdesk newsroom news wire service services alert alerts editor editors photo photos pictures media english international world redaktion nachrichten dienst rédaction service-photo redacción redazione".split(
    " ",
  ),
);

/**
 * True when a display name is an agency's name or abbreviation, or one followed by desk words
 * only: "Reuters", "AFP Desk", "dpa Newsroom"; not "PA Systems Ltd".
 */
function namesAgency(display: string): boolean {
  if (AGENCY_FORMS.names.has(display)) return true;
  const words = display.split(/[\s,/|-]+/).filter(Boolean);
  if (words.length > 8) return false;
  for (let n = Math.min(4, words.length - 1); n >= 1; n--) {
    if (!AGENCY_FORMS.names.has(words.slice(0, n).join(" "))) continue;
    if (words.slice(n).every((w) => DESK_WORDS.has(w.toLowerCase()))) return true;
  }
  return false;
}

function agencyDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  return AGENCY_FORMS.domains.some((a) => d === a || d.endsWith(`.${a}`));
}

function trimQuotes(text: string): string {
  let start = 0;
  let end = text.length;
  const quoteOrSpace = (c: string) => c === '"' || c === "'" || c.trim() === "";
  while (start < end && quoteOrSpace(text.charAt(start))) start++;
  while (end > start && quoteOrSpace(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}

/** `Desk (AFP)` → `Desk`: an RFC 5322 comment closing the display name. */
function stripComment(name: string): string {
  if (!name.endsWith(")")) return name;
  const open = name.lastIndexOf("(");
  return open > 0 ? trimQuotes(name.slice(0, open)) : name;
}

/** `"AFP Desk" <desk@afp.com>` → display name and domain. */
function mailbox(
  raw: string | undefined,
): { name: string; address: string; domain: string } | null {
  if (!raw) return null;
  const value = decodeHeader(raw);
  const angle = /<([^<>\s]{1,254})>/.exec(value);
  const address = (angle?.[1] ?? /[^\s<>"]{1,64}@[^\s<>"]{1,190}/.exec(value)?.[0] ?? "").trim();
  // a display name is short; quotes and a trailing comment are trimmed by scanning, not by an
  // end-anchored regex (which backtracks over long runs)
  const name = stripComment(
    trimQuotes((angle ? value.slice(0, angle.index) : value.replace(address, "")).slice(0, 200)),
  );
  const at = address.lastIndexOf("@");
  return { name, address, domain: at >= 0 ? address.slice(at + 1).toLowerCase() : "" };
}

/** The parties a mail's From and Sender name, where they name an agency. */
function mailParties(headers: Map<string, string>): Party[] {
  const parties: Party[] = [];
  for (const field of ["from", "sender"] as const) {
    const box = mailbox(headers.get(field));
    if (!box) continue;
    const label = field === "from" ? "From" : "Sender";
    if (box.name && namesAgency(box.name))
      parties.push({ role: "distributor", value: box.name, field: `email/${label}/name` });
    if (box.domain && agencyDomain(box.domain))
      parties.push({ role: "distributor", value: box.domain, field: `email/${label}/domain` });
  }
  return parties;
}

/** An RFC 5322 date (`Tue, 13 Oct 2015 09:30:00 +1100`) as ISO UTC, when it is a real date. */
function mailDate(raw: string | undefined): string | null {
  if (!raw) return null;
  const value = decodeHeader(raw).slice(0, 80);
  if (!/\b\d{4}\b/.test(value) || !/\d{1,2}:\d{2}/.test(value)) return null;
  const t = Date.parse(value);
  if (Number.isNaN(t)) return null;
  const iso = new Date(t).toISOString();
  return /^\d{4}-/.test(iso) ? iso.replace(/\.000Z$/, "Z") : null;
}

/**
 * An RFC 5322 / MIME message to a draft: the Subject is the headline; the body is a wire file
 * attached to the mail (read as its own format through `input.nested`), else the text part,
 * else the HTML part. SMTP trace fields, DKIM signatures and transfer encodings never reach the
 * text. Parties from From/Sender where they name an agency; Message-ID and Date as identity.
 */
export function parseEmail(input: ParseInput): Draft | Rejection {
  const text = input.text;
  const top = readHeaders(text, 0, text.length);
  const all = leaves(text, { headers: top.headers, start: top.body, end: text.length, depth: 0 });
  if (isRejection(all)) return all;
  const headers = top.headers;
  const subject = cleanSubject(decodeHeader(headers.get("subject")));

  let draft: Draft | null = null;
  let attachedFormat: string | null = null;
  // A wire file attached to the mail is the story: structured formats first, plain copy after.
  const plainAttachments: Draft[] = [];
  for (const leaf of all) {
    if (!isAttachment(leaf) || leaf.body.length === 0) continue;
    const ct = leaf.params.charset ? `${leaf.type}; charset=${leaf.params.charset}` : leaf.type;
    const nested = input.nested(leaf.body, ct);
    if (isRejection(nested)) continue;
    if (nested.format === "plain") plainAttachments.push(nested);
    else {
      draft = nested;
      attachedFormat = nested.format;
      break;
    }
  }

  let decoding: Draft["metadata"]["decoding"] | null = null;
  if (draft === null) {
    const inline = all.filter((l) => !isAttachment(l) && l.disposition !== "attachment");
    const plainPart = inline.find((l) => l.type === "text/plain" && l.body.length > 0);
    const htmlPart = inline.find((l) => l.type === "text/html" && l.body.length > 0);
    // Copy pasted into the body of a mail (framed ANPA or 7901, NITF, ninjs) is read as its own
    // format, as if it were attached.
    // (`text/plain` names no format: the content decides, the part's charset still counts)
    const pastedType = plainPart?.params.charset
      ? `text/plain; charset=${plainPart.params.charset}`
      : null;
    const pasted = plainPart ? input.nested(plainPart.body, pastedType) : null;
    const plain = plainPart ? partText(plainPart) : null;
    const attachedPlain = plainAttachments[0];
    const inlineLength = plain && !isRejection(plain) ? plain.text.trim().length : 0;
    if (pasted && !isRejection(pasted) && pasted.format !== "plain") {
      draft = pasted;
      attachedFormat = pasted.format;
    } else if (
      attachedPlain &&
      inlineLength < COVER_NOTE &&
      textLength(attachedPlain) > inlineLength
    ) {
      // a short cover note ("story attached") over a text file that holds the story
      draft = attachedPlain;
      attachedFormat = "plain";
    } else if (plain && !isRejection(plain) && plain.text.trim() !== "") {
      const body = withoutForwardHeader(withoutSignature(plain.text.replace(/\r\n?/g, "\n")));
      draft = parsePlainText(subject ? `${subject}\n\n${body}` : body, "email");
      decoding = { charset: plain.charset, replacedBytes: plain.replacedBytes };
    } else if (htmlPart) {
      const charset = htmlPart.params.charset;
      const nested = input.nested(
        htmlPart.body,
        charset ? `text/html; charset=${charset}` : "text/html",
      );
      if (isRejection(nested)) return nested;
      draft = nested;
    } else if (plainAttachments[0]) {
      draft = plainAttachments[0];
      attachedFormat = "plain";
    } else if (plain && isRejection(plain)) {
      return plain;
    } else {
      return reject("NO_BODY", "the mail has no text part and no wire copy attached");
    }
  }

  const out: Draft = { ...draft, format: "email", metadata: { ...draft.metadata } };
  // The Subject heads the mail's own text; attached copy keeps its own headline. A Subject that
  // is only desk furniture (AP's `BC-US--Heat-Wave, 1st Ld-Writethru`) is the slug, and the
  // text's own first line, which the plain parse found, stays the headline.
  const furniture = subject !== "" && stripHeadlineMarkers(subject).headline === "";
  if (subject && (attachedFormat === null || !out.headline) && !(furniture && out.headline))
    out.headline = subject;
  const md = out.metadata;
  const fields: Record<string, string> = {};
  for (const [key, name] of [
    ["subject", "subject"],
    ["from", "from"],
    ["sender", "sender"],
    ["date", "date"],
    ["message-id", "messageId"],
  ] as const) {
    const v = decodeHeader(headers.get(key));
    if (v) fields[name] = v.slice(0, 500);
  }
  if (attachedFormat) fields.attachedFormat = attachedFormat;
  md.header = { ...fields, ...md.header };
  const parties = mailParties(headers);
  md.parties = [...parties, ...md.parties];
  if (!md.distributor && parties[0]) md.distributor = parties[0].value;
  const keywords = decodeHeader(headers.get("keywords"));
  if (keywords)
    md.keywords = [
      ...md.keywords,
      ...keywords
        .split(",")
        .map((k) => k.trim())
        .filter(Boolean),
    ];
  const messageId = decodeHeader(headers.get("message-id")).replace(/^<|>$/g, "");
  md.identity = {
    ...md.identity,
    itemId: md.identity.itemId ?? (messageId || null),
  };
  const date = mailDate(headers.get("date"));
  if (date) {
    out.documentTime ??= date;
    out.documentDate ??= date.slice(0, 10);
  }
  if (decoding) md.decoding = decoding;
  return out;
}
