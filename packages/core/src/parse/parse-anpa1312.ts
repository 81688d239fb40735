import { type Draft, emptyDraft } from "../draft.js";
import { bylineText, editorsNote } from "../text/boilerplate.js";
import { cleanLines, trimEndChars } from "../text/clean-text.js";
import { parsePlainText } from "./parse-plain-text.js";

// ANPA-1312 priority letters (f flash, b bulletin, u urgent, r routine, d deferred, a advisory)
// mapped onto the IPTC 1 (highest) to 8 scale.
const PRIORITY: Readonly<Record<string, number>> = { f: 1, b: 2, u: 3, r: 5, d: 6, a: 7 };

function parseHeader(header: string, draft: Draft): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and control characters are matched on purpose
  const lines = header.replace(/[\x16\x01]/g, "").split(/\r?\n/);
  const fields: Record<string, string> = {};
  // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and control characters are matched on purpose
  const first = (lines[0] ?? "").split(/[\x1f\s]+/).filter(Boolean);
  if (first[0]) fields.selector = first[0];
  const tokens = (lines[1] ?? "").trim().split(/\s+/).filter(Boolean);
  let t = 0;
  if (tokens[t] && /^[a-z]$/i.test(tokens[t] as string)) fields.priority = tokens[t++] as string;
  if (tokens[t] && /^[a-z]$/i.test(tokens[t] as string)) fields.category = tokens[t++] as string;
  if (tokens[t]) fields.slug = tokens[t++] as string;
  const version: string[] = [];
  for (; t < tokens.length; t++) {
    const tok = tokens[t] as string;
    if (/^\d{2}-\d{2}$/.test(tok)) fields.date = tok;
    else if (/^\d{4}$/.test(tok)) fields.time = tok;
    else version.push(tok);
  }
  if (version.length > 0) fields.version = version.join(" ");
  draft.metadata.header = fields;
  draft.metadata.slugline = fields.slug ?? null;
  const p = fields.priority ? PRIORITY[fields.priority.toLowerCase()] : undefined;
  draft.metadata.priority = p ?? null;
}

/** `` and '' are ANPA's typewriter quotes. */
function quotes(text: string): string {
  return text.replace(/``/g, "\u201c").replace(/''/g, "\u201d");
}

/**
 * ANPA-1312: SYN SYN SOH, header lines, STX, text, ETX, EOT. In the text, `^` opens a heading
 * line that `<` (quad left) or `=` ends; paragraphs are tab-indented; `_` is the dash.
 */
export function parseAnpa1312(text: string): Draft {
  const draft = emptyDraft("anpa1312");
  draft.underscoreDashes = true;
  const stx = text.indexOf("\x02");
  const etx = text.indexOf("\x03", stx + 1);
  parseHeader(stx > 0 ? text.slice(0, stx) : "", draft);
  const body = cleanLines(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: wire framing and control characters are matched on purpose
    text.slice(stx + 1, etx > stx ? etx : text.length).replace(/[\x02-\x04]/g, ""),
  );
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length > 0) paragraphs.push(quotes(current.join(" ")));
    current = [];
  };
  let inHeading = true;
  let expectAffiliation = false;
  for (const rawLine of body.split("\n")) {
    const line = trimEndChars(rawLine, "<=");
    if (line.startsWith("^")) {
      flush();
      const content = quotes(line.slice(1).trim());
      if (!content) continue;
      const note = editorsNote(content);
      const by = bylineText(content);
      const keyword = draft.metadata.slugline
        ? content.startsWith(draft.metadata.slugline)
        : /^[A-Z]{2}-[\w-]+,/.test(content);
      if (keyword && inHeading && !draft.headline) {
        // "BC-US--Storm-Texas, 1st Ld-Writethru,298": slug, version, word count
        for (const part of content.split(",").slice(1)) {
          const v = part.trim();
          if (v && !/^\d+$/.test(v)) draft.metadata.versionMarkers.push(v);
        }
      } else if (note) draft.metadata.editorsNotes.push(note);
      else if (by && !draft.byline) {
        draft.byline = by;
        expectAffiliation = true;
        continue;
      } else if (expectAffiliation && rawLine.trimEnd().endsWith("=")) {
        draft.metadata.creditline = content;
      } else if (!draft.headline) draft.headline = content;
      else paragraphs.push(content);
      expectAffiliation = false;
      continue;
    }
    inHeading = false;
    expectAffiliation = false;
    if (/^\s*$/.test(line)) flush();
    else if (/^(?:\t| {2,})/.test(line)) {
      flush();
      current.push(line.trim());
    } else current.push(line.trim());
  }
  flush();
  if (!draft.headline) {
    // No `^` heading lines: the text is laid out like plain copy, headline first.
    const plain = parsePlainText(quotes(body), "anpa1312");
    return {
      ...plain,
      underscoreDashes: true,
      metadata: {
        ...plain.metadata,
        header: draft.metadata.header,
        slugline: draft.metadata.slugline,
        priority: draft.metadata.priority,
      },
    };
  }
  draft.paragraphs = paragraphs;
  return draft;
}
