import { decodeHTML } from "entities";
import { cleanInline } from "../text/clean-text.js";

function isTagStart(c: number): boolean {
  // letters, "/", "!" and "?": what opens a tag, a close tag, a comment or a declaration
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 0x2f || c === 0x21 || c === 0x3f;
}

/** True when the text holds something a browser would read as a tag. A linear scan. */
export function hasMarkup(text: string): boolean {
  for (let i = text.indexOf("<"); i >= 0 && i < text.length - 1; i = text.indexOf("<", i + 1)) {
    if (isTagStart(text.charCodeAt(i + 1))) return true;
  }
  return false;
}

/** Elements whose content goes with their tags when markup is scrubbed out of text. */
const RAW_CONTENT = ["script", "style", "noscript", "template", "iframe", "textarea", "title"];
const TAG_DEBRIS = /^[A-Za-z]{1,12}>/;
/** Longest tag looked for; text past it is not a tag but a stray "<". */
const TAG_WINDOW = 2048;

/**
 * Text with everything tag-shaped removed: what remains of markup that was escaped (`&lt;b&gt;`
 * decoded to `<b>`) or sat in CDATA. Script and style content goes with its tags. One pass:
 * each tag is looked for within a bounded window, each raw-content close tag once.
 */
export function scrubTags(text: string): string {
  if (!hasMarkup(text)) return text;
  const lower = text.toLowerCase();
  const out: string[] = [];
  let from = 0;
  // The next ">" is looked up only once the scan has passed the last one found: one pass.
  let gt = -1;
  let i = text.indexOf("<");
  while (i >= 0 && i < text.length - 1) {
    if (!isTagStart(text.charCodeAt(i + 1))) {
      i = text.indexOf("<", i + 1);
      continue;
    }
    if (gt !== Number.POSITIVE_INFINITY && gt <= i) {
      const next = text.indexOf(">", i + 1);
      gt = next < 0 ? Number.POSITIVE_INFINITY : next;
    }
    let end = gt;
    if (end === Number.POSITIVE_INFINITY || end >= i + TAG_WINDOW) {
      // a "<" that opens nothing: drop it, keep what follows
      out.push(text.slice(from, i));
      from = i + 1;
      i = text.indexOf("<", from);
      continue;
    }
    out.push(text.slice(from, i), " ");
    // A tag split by another ("<scr<script>") is named by its innermost part.
    let j = lower.lastIndexOf("<", end) + 1;
    const nameStart = j;
    while (j < end && /[a-z]/.test(lower.charAt(j))) j++;
    const name = lower.slice(nameStart, j);
    if (RAW_CONTENT.includes(name)) {
      const close = lower.indexOf(`</${name}`, end + 1);
      if (close < 0) end = text.length - 1;
      else {
        const closeEnd = text.indexOf(">", close);
        end = closeEnd < 0 ? text.length - 1 : closeEnd;
      }
    }
    from = end + 1;
    // The rest of a split tag ("ipt>" after "<scr<script>...</scr</script>") goes with it.
    const debris = TAG_DEBRIS.exec(text.slice(from, from + 16));
    if (debris) from += debris[0].length;
    i = text.indexOf("<", from);
  }
  out.push(text.slice(from));
  const joined = out.join("");
  // Pieces joined around a removed tag may meet as "<" + "b": a lone "<" never opens a tag.
  return hasMarkup(joined) ? joined.replace(/<(?=[A-Za-z/!?])/g, "< ") : joined;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const HAS_LONE_SURROGATE = new RegExp(LONE_SURROGATE.source);

/** Lone surrogates removed (JSON `\ud800` escapes, broken UTF-16): they are not text. */
export function wellFormed(text: string): string {
  return HAS_LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATE, "") : text;
}

/** One line of text for a field: markup scrubbed, lone surrogates, controls and runs of space out. */
export function inlineText(text: string | null | undefined): string {
  if (!text) return "";
  // Controls out before scrubbing too: "<\u0000b>" must not become a tag once cleaned.
  return cleanInline(scrubTags(cleanInline(wellFormed(text))));
}

/** Like `inlineText`, null when nothing is left. */
export function inlineOrNull(text: string | null | undefined): string | null {
  const t = inlineText(text);
  return t.length > 0 ? t : null;
}

/**
 * A string that may be HTML (a ninjs `headline`, `by` or `description_html`, an og:title) as
 * plain text: tags, script and style content and split-tag debris scrubbed, entities decoded,
 * and whatever the decoding turned back into tags scrubbed again. Plain strings are left as
 * they are.
 */
export function htmlFieldText(text: string | null | undefined): string | null {
  if (!text) return null;
  if (!hasMarkup(text) && !text.includes("&")) return inlineOrNull(text);
  return inlineOrNull(decodeHTML(scrubTags(text)));
}
