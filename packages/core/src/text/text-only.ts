import { decodeHTMLStrict } from "entities/decode";
import { BLOCK_ELEMENTS } from "../tree/element.js";
import { dropInvisible } from "./clean-text.js";

/**
 * Elements whose content is never story text (HTML's raw-text and escapable raw-text elements,
 * plus the embedding elements): dropped with their content. Scripts inside other elements (an
 * `<svg>`'s `<script>`) are found on their own.
 */
const NOT_TEXT: ReadonlySet<string> = new Set([
  "script",
  "style",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "noscript",
  "noembed",
  "noframes",
  "template",
  "textarea",
  "xmp",
  "plaintext",
  "title",
]);

/**
 * Elements that separate words: replaced by a space, where inline ones (`<b>`) join. Every
 * paragraph block, and the table cells, rules and images that part words inside one.
 */
const BLOCK: ReadonlySet<string> = new Set([
  ...BLOCK_ELEMENTS,
  "dl",
  "hr",
  "img",
  "td",
  "th",
  "thead",
  "tbody",
  "block",
]);

/** A tag longer than this is not a tag: the `<` is dropped and the rest read as text. */
const MAX_TAG = 4096;
/** Entity escaping undone at most this many times (`&amp;lt;script&amp;gt;` is two). */
const MAX_DECODES = 3;

const TAG_START = /[A-Za-z/!?]/;
const TAG_OPENER = /<[A-Za-z/!?]/;
const NAME_CHAR = /[A-Za-z0-9:_.-]/;
// `<jane@example.org>`, `<https://example.org/x>`: an address in angle brackets, not a tag.
const AUTOLINK = /^[^\s<>"'=]{1,320}(?:@|:\/\/)[^\s<>"']{1,2000}$/;

function tagName(s: string, from: number, to: number): string {
  let i = from;
  while (i < to && NAME_CHAR.test(s.charAt(i))) i++;
  const name = s.slice(from, i).toLowerCase();
  const colon = name.lastIndexOf(":");
  // `<h:script>`: the namespace prefix does not make a script anything else.
  return colon >= 0 ? name.slice(colon + 1) : name;
}

/**
 * Markup out of a string: tags removed (block tags leave a space), comments, processing
 * instructions and doctypes removed, script/style/iframe/... removed with their content
 * (to the end of the string when never closed), CDATA markers removed and their content kept
 * as text. A `<` that opens a tag never closed (or closed only after another `<`) is dropped,
 * so no tag can be rebuilt from fragments. One left-to-right pass: every `indexOf` starts past
 * the previous one, so the cost is linear in the input.
 */
export function stripMarkup(s: string): string {
  if (!s.includes("<")) return s;
  let out = "";
  let lower: string | null = null;
  let nextGt = -1;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const j = s.indexOf("<", i);
    if (j < 0) {
      out += s.slice(i);
      break;
    }
    out += s.slice(i, j);
    // A run of `<`: only its last one can open a tag, and the others must not be left in front
    // of whatever follows it ("<<script" would otherwise become "<" + "script").
    let run = j + 1;
    while (s.charAt(run) === "<") run++;
    const c = s.charAt(run);
    if (!TAG_START.test(c)) {
      out += s.slice(j, run);
      i = run;
      continue;
    }
    if (run > j + 1) {
      i = run - 1;
      continue;
    }
    if (s.startsWith("<![CDATA[", j)) {
      i = j + 9;
      continue;
    }
    if (s.startsWith("<!--", j)) {
      const end = s.indexOf("-->", j + 4);
      i = end < 0 ? n : end + 3;
      out += " ";
      continue;
    }
    if (nextGt <= j) nextGt = s.indexOf(">", j + 1);
    if (nextGt < 0) {
      // No `>` anywhere after: no tag can close. The rest is text, less every `<` that could
      // open one, so nothing downstream can read a tag into it either.
      out += dropTagOpeners(s.slice(j + 1));
      break;
    }
    const lt = s.indexOf("<", j + 1);
    if ((lt >= 0 && lt < nextGt) || nextGt - j > MAX_TAG) {
      i = j + 1;
      continue;
    }
    const inner = s.slice(j + 1, nextGt);
    if (AUTOLINK.test(inner)) {
      out += inner;
      i = nextGt + 1;
      continue;
    }
    const closing = c === "/";
    const name = c === "!" || c === "?" ? "" : tagName(s, closing ? j + 2 : j + 1, nextGt);
    i = nextGt + 1;
    if (!closing && NOT_TEXT.has(name) && !inner.endsWith("/")) {
      lower ??= s.toLowerCase();
      const close = lower.indexOf(`</${rawName(lower, j + 1)}`, i);
      if (close < 0) {
        i = n;
      } else {
        const end = s.indexOf(">", close);
        i = end < 0 ? n : end + 1;
      }
      out += " ";
      continue;
    }
    if (BLOCK.has(name)) out += " ";
  }
  if (out.includes("]]>")) out = out.replaceAll("]]>", " ");
  // What was cut out may have joined a `<` to a letter after it: no tag opener survives.
  return TAG_OPENER.test(out) ? dropTagOpeners(out) : out;
}

/** Every run of `<` that stands before a letter, `/`, `!` or `?` removed: no tag can open. */
function dropTagOpeners(rest: string): string {
  let out = "";
  let from = 0;
  let k = rest.indexOf("<");
  while (k >= 0) {
    let run = k + 1;
    while (rest.charAt(run) === "<") run++;
    if (TAG_START.test(rest.charAt(run))) {
      out += rest.slice(from, k);
      from = run;
    }
    k = rest.indexOf("<", run);
  }
  return out + rest.slice(from);
}

/** The element name as written, prefix included (`h:script`), for finding its end tag. */
function rawName(lower: string, from: number): string {
  let i = from;
  while (i < lower.length && NAME_CHAR.test(lower.charAt(i))) i++;
  return lower.slice(from, i);
}

function spaced(word: string): string {
  // Browsers drop tab, CR and LF inside a URL scheme ("java\tscript:"), so they may sit between
  // the letters (WHATWG URL: "remove all ASCII tab or newline").
  return [...word].map((ch) => (ch === "+" ? "\\+" : ch)).join("[\\t\\n\\r]{0,8}");
}

// `javascript:`, `vbscript:`, `livescript:` and the data: types a browser runs, with the rest of
// the URL; bounded, so a run of look-alikes costs linear time.
const SCRIPT_URL = new RegExp(
  `(?:(?:${spaced("javascript")}|${spaced("vbscript")}|${spaced("livescript")})[\\t\\n\\r]{0,8}:|${spaced("data")}[\\t\\n\\r ]{0,8}:[\\t\\n\\r ]{0,8}(?:text/html|image/svg\\+xml|text/javascript|application/(?:x-)?javascript|text/xml|application/xhtml\\+xml))[^\\s"'<>]{0,2048}`,
  "gi",
);
// Every script URL ends its scheme in "t:" (javascript, vbscript, livescript) or is a data: URL.
const HAS_SCRIPT_URL = /(?:t|data)[\t\n\r ]{0,8}:/i;
// `onerror=...`, `onload = "..."`: an event-handler attribute that escaped its tag (HTML names
// every handler on...). Its value goes with it.
const EVENT_HANDLER =
  /(?<![\p{L}\p{N}_-])on[a-z]{3,32}[\t\n\r ]{0,8}=[\t\n\r ]{0,8}(?:"[^"]{0,2048}"?|'[^']{0,2048}'?|[^\s>]{0,2048})/giu;
const HAS_EVENT_HANDLER = /on[a-z]{3,32}\s*=/i;

/**
 * A string as plain text, whatever markup it carried and however that markup was escaped:
 * character references decoded (up to three times over, so `&amp;lt;script&amp;gt;` is found),
 * markup stripped, script URLs and escaped event handlers removed, invisible characters (C0/C1
 * controls, bidi controls, lone surrogates, tag characters) dropped. Never longer than its input
 * (a removed piece leaves at most one space). Linear: a fixed number of linear passes.
 */
export function textOnly(input: string): string {
  let s = input;
  for (let round = 0; round < MAX_DECODES && s.includes("&"); round++) {
    const decoded = decodeHTMLStrict(s);
    if (decoded === s) break;
    s = decoded;
  }
  // Invisible characters first: dropped later, they could join a `<` to the letter after them.
  s = stripMarkup(dropInvisible(s));
  if (HAS_SCRIPT_URL.test(s)) s = s.replace(SCRIPT_URL, " ");
  if (HAS_EVENT_HANDLER.test(s)) s = s.replace(EVENT_HANDLER, " ");
  return s;
}
