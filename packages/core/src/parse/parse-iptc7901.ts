import type { Draft } from "../draft.js";
import { parsePlainText } from "./parse-plain-text.js";

/**
 * IPTC 7901: SOH, a header line (source and message number, priority, category, word count,
 * ...), STX, the text (headline first), ETX. Latin-1 unless declared otherwise.
 */
export function parseIptc7901(text: string): Draft {
  const soh = text.indexOf("\x01");
  const stx = text.indexOf("\x02", soh + 1);
  const etx = text.indexOf("\x03", stx + 1);
  const header = text.slice(soh + 1, stx > soh ? stx : soh + 1).trim();
  const body = text
    .slice(stx > soh ? stx + 1 : 0, etx > stx ? etx : text.length)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and control characters are matched on purpose
    .replace(/[\x01-\x04]/g, "");
  const draft = parsePlainText(body, "iptc7901");
  const fields: Record<string, string> = {};
  const tokens = header.split(/\s+/).filter(Boolean);
  let t = 0;
  const source = /^([A-Za-z]{2,10})(\d{1,6})$/.exec(tokens[0] ?? "");
  if (source?.[1] && source[2]) {
    fields.service = source[1];
    fields.messageNumber = source[2];
    t = 1;
  }
  if (tokens[t] && /^[1-8]$/.test(tokens[t] as string)) fields.priority = tokens[t++] as string;
  if (tokens[t] && /^[a-z]{1,3}$/i.test(tokens[t] as string))
    fields.category = tokens[t++] as string;
  if (tokens[t] && /^\d{1,5}$/.test(tokens[t] as string)) fields.wordCount = tokens[t++] as string;
  const last = tokens[tokens.length - 1];
  if (tokens.length > t && last && /^\d{4}$/.test(last)) {
    fields.time = last;
    tokens.pop();
  }
  if (tokens.length > t) fields.keywords = tokens.slice(t).join(" ");
  draft.metadata.header = fields;
  draft.metadata.distributor = fields.service ?? null;
  draft.metadata.priority = fields.priority ? Number(fields.priority) : null;
  return draft;
}
