/**
 * Recognisers for the wire framings and the mail header block, on the first bytes or the leading
 * text only (a few KB at most). Every loop is bounded by a constant; no regex runs on more than
 * one short line.
 */

const SOH = 0x01;
const STX = 0x02;
const SYN = 0x16;

/** Most padding a transmission puts before its first framing character. */
export const MAX_PADDING = 64;

/**
 * Bytes of line padding before a framed message: CR, LF, space, tab, and the NUL and DEL fill
 * characters teleprinter links send while idle.
 */
export function paddingLength(head: Uint8Array): number {
  let i = 0;
  while (i < head.length && i < MAX_PADDING) {
    const b = head[i];
    if (b === 0x0d || b === 0x0a || b === 0x20 || b === 0x09 || b === 0x00 || b === 0x7f) i++;
    else break;
  }
  return i;
}

/** ANPA-1312 §3: a message opens SYN SYN SOH. */
export function anpaFramed(head: Uint8Array): boolean {
  let i = paddingLength(head);
  if (head[i] !== SYN) return false;
  while (i < head.length && i < MAX_PADDING * 2 && head[i] === SYN) i++;
  return head[i] === SOH;
}

/** IPTC 7901: SOH, the header line, STX. */
export function iptc7901Framed(head: Uint8Array): boolean {
  const i = paddingLength(head);
  if (head[i] !== SOH) return false;
  const stx = head.indexOf(STX, i);
  return stx > i && stx - i < 2048;
}

/**
 * Reads the leading text a line at a time (any line end: CR LF, LF, or the bare CR of old
 * teleprinter and Mac files), at most 200 characters a line and 4 KB in all, so a sniffer stops
 * at the first line that rules its format out.
 */
class LeadingLines {
  private i: number;
  constructor(
    private readonly head: string,
    start = 0,
  ) {
    this.i = start;
  }

  next(): string | null {
    const head = this.head;
    if (this.i >= head.length || this.i >= 4096) return null;
    let end = this.i;
    while (end < head.length && head.charCodeAt(end) !== 10 && head.charCodeAt(end) !== 13) end++;
    const line = head.slice(this.i, Math.min(end, this.i + 200));
    this.i = end + (head.charCodeAt(end) === 13 && head.charCodeAt(end + 1) === 10 ? 2 : 1);
    return line;
  }

  /** The next line that is not blank. */
  nextFilled(): string | null {
    for (let line = this.next(); line !== null; line = this.next())
      if (line.trim() !== "") return line;
    return null;
  }
}

/** Index of the first character after leading spaces, controls and DEL (at most 64). */
function afterPadding(head: string): number {
  let i = 0;
  while (i < head.length && i < MAX_PADDING) {
    const c = head.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) i++;
    else break;
  }
  return i;
}

// ANPA-1312 header, first line: service level letter, four-digit message number, selector code
// (`a0412-----`, `W2870asian`); second line: priority, category, format identifier codes,
// keyword, version, filing date MM-DD and word count (`r a BC-US--Storm-Texas 1stLd ... 04-23 0312`).
// biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
const ANPA_LINE1 = /^[A-Za-z]\d{4}\x1f?[A-Za-z0-9-]{0,12}\s*$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and typesetting codes are matched on purpose
const ANPA_LINE2 = /^[a-z] [a-z][\x11-\x14]{0,2} \S.{0,80}?\s\d{1,2}-\d{1,2}(?:\s\d{0,4})?\s*$/i;

/** ANPA-1312 copy whose framing characters were stripped in transit: the two header lines. */
export function anpaStripped(head: string): boolean {
  const lines = new LeadingLines(head, afterPadding(head));
  const first = lines.next();
  if (first === null || !ANPA_LINE1.test(first)) return false;
  const second = lines.next();
  return second !== null && ANPA_LINE2.test(second);
}

// IPTC 7901 header line: source identifier and message number, priority, category, word count
// (`dpa0187 4 wi 284 dpa 0911`, `eca0003 3 i 380  dpa 0045`).
const IPTC_HEADER = /^[A-Za-z]{2,6}\d{3,5} [1-8A-Za-z] [A-Za-z]{1,3} \d{1,5}(?:\s|$)/;

/**
 * IPTC 7901 copy whose control characters were stripped in transit: teleprinter framing
 * (`ZCZC` opening the message, as AAP and ATS send it) or a first line shaped like the 7901
 * header.
 */
export function iptc7901Stripped(head: string): boolean {
  const first = (new LeadingLines(head).nextFilled() ?? "").trim();
  if (/^ZCZC(?:\s+[A-Za-z0-9]{1,12}){0,2}$/.test(first)) return true;
  return IPTC_HEADER.test(first);
}

// RFC 5322 §3.6 fields and the trace, MIME and authentication fields transports add; a header
// block made of these (and X- extensions) opens every mail.
const MAIL_FIELDS = new Set([
  "received",
  "return-path",
  "delivered-to",
  "from",
  "sender",
  "reply-to",
  "to",
  "cc",
  "bcc",
  "subject",
  "date",
  "message-id",
  "in-reply-to",
  "references",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "dkim-signature",
  "domainkey-signature",
  "arc-seal",
  "arc-message-signature",
  "arc-authentication-results",
  "authentication-results",
  "received-spf",
  "thread-topic",
  "thread-index",
  "importance",
  "priority",
  "list-id",
  "list-unsubscribe",
  "precedence",
  "user-agent",
  "organization",
  "comments",
  "keywords",
]);
// Fields only a transported mail has; without one of them, a From/Sender/To with an address.
const MAIL_TRACE = new Set([
  "received",
  "return-path",
  "delivered-to",
  "message-id",
  "mime-version",
  "dkim-signature",
  "arc-seal",
  "authentication-results",
]);
const MAILBOX_FIELDS = new Set(["from", "sender", "to", "reply-to"]);
const FIELD_NAME = /^([!-9;-~]{1,76}):/;

/**
 * A block of RFC 5322 header fields opening the text (an mbox `From ` line may precede it): at
 * least two known fields, one of them a trace or MIME field or a mailbox with an address, so
 * that plain copy opening `Date: ...` / `From: our correspondent` stays plain.
 */
export function mailHeaders(head: string): boolean {
  const lines = new LeadingLines(head);
  let line = lines.next();
  if (line?.startsWith("From ")) line = lines.next();
  let known = 0;
  let mailish = false;
  for (let n = 0; line !== null && n < 40; line = lines.next(), n++) {
    if (line === "") break;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (known === 0) return false;
      continue;
    }
    const name = FIELD_NAME.exec(line)?.[1]?.toLowerCase();
    if (name === undefined) return false;
    if (MAIL_FIELDS.has(name) || name.startsWith("x-") || name.startsWith("list-")) known++;
    else if (known === 0) return false;
    if (MAIL_TRACE.has(name)) mailish = true;
    else if (MAILBOX_FIELDS.has(name) && line.includes("@")) mailish = true;
  }
  return known >= 2 && mailish;
}
