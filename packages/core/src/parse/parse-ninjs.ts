import type { Rejection } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import type { ParseInput } from "../formats/format-table.js";
import { reject } from "../reject.js";
import { captionFrom } from "../text/caption-credit.js";
import { addParty, languageOf, lineParagraphs, metaText } from "../tree/fields.js";
import { htmlFieldText } from "../tree/markup.js";
import { documentTime, itemVersion, urgency } from "../tree/values.js";
import { parseHtmlDraft } from "./parse-html-draft.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A string value, or a finite number written as one; anything else is null. */
function raw(v: unknown): string | null {
  if (typeof v === "string") return v.trim() ? v : null;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return null;
}

/** A text field (ninjs strings may carry HTML: `headline`, `by`, `description_html`). */
function text(v: unknown): string | null {
  return htmlFieldText(raw(v));
}

/** The first of several spellings present: ninjs 3.x camelCase, 1.x/2.x lower case, aliases. */
function field(doc: Json, ...keys: string[]): unknown {
  for (const k of keys) if (doc[k] !== undefined && doc[k] !== null) return doc[k];
  return undefined;
}

/** ninjs 2.x/3.x role-tagged arrays (`headlines`, `bodies`, `descriptions`): the wanted entry. */
function pick(list: unknown, roles: readonly string[]): Json | null {
  if (!Array.isArray(list)) return null;
  let firstObject: Json | null = null;
  let noRole: Json | null = null;
  const byRole = new Map<string, Json>();
  for (let i = 0; i < list.length && i < 1000; i++) {
    const o = list[i];
    if (!isObject(o)) continue;
    firstObject ??= o;
    const role = typeof o.role === "string" ? o.role.toLowerCase() : null;
    if (role === null) noRole ??= o;
    else if (!byRole.has(role)) byRole.set(role, o);
  }
  for (const r of roles) {
    const hit = byRole.get(r);
    if (hit) return hit;
  }
  return noRole ?? firstObject;
}

/** Names from a string, an object with `name`, or an array of either (bounded). */
function names(v: unknown): string[] {
  const out: string[] = [];
  const add = (x: unknown) => {
    const n = typeof x === "string" ? text(x) : isObject(x) ? text(x.name) : null;
    if (n && out.length < 32) out.push(n);
  };
  if (Array.isArray(v)) for (let i = 0; i < v.length && i < 1000; i++) add(v[i]);
  else add(v);
  return out;
}

const STORY_KEYS = [
  "headline",
  "headlines",
  "body_text",
  "body_html",
  "body_html5",
  "body_xml",
  "bodies",
  "description_text",
  "uri",
  "guid",
  "type",
];

/** Body HTML that is a NITF document (AAP, ANP send NITF in `body_html`). */
function looksLikeNitf(html: string): boolean {
  const head = html.slice(0, 512).toLowerCase();
  return (
    head.includes("<nitf") || (head.startsWith("<?xml") && html.toLowerCase().includes("<nitf"))
  );
}

const HTML_ROLES = ["main", "html5", "html", "richhtml5", "body"];
const TEXT_ROLES = ["main", "text", "plain", "body"];

/** The body: an HTML entry of `bodies` (or `body_html5`/`body_html`), else a text one. */
function readBody(doc: Json, input: ParseInput): Draft | null {
  const bodies = Array.isArray(doc.bodies)
    ? doc.bodies.filter(
        (b): b is Json =>
          isObject(b) && /html|xml/i.test(raw(b.contentType ?? b.contenttype) ?? "text/html"),
      )
    : [];
  const htmlEntry = pick(bodies, HTML_ROLES);
  const html =
    raw(htmlEntry?.value) ?? raw(doc.body_html5) ?? raw(doc.body_html) ?? raw(doc.body_xml);
  if (html) {
    if (looksLikeNitf(html)) {
      const nested = input.nested(html, "application/nitf+xml");
      if (!("code" in nested) && nested.paragraphs.length > 0) return nested;
    }
    const draft = parseHtmlDraft(html);
    if (draft.paragraphs.length > 0) return draft;
  }
  const texts = Array.isArray(doc.bodies)
    ? doc.bodies.filter((b): b is Json => isObject(b) && !bodies.includes(b))
    : [];
  const plain = raw(pick(texts, TEXT_ROLES)?.value) ?? raw(doc.body_text);
  if (!plain) return null;
  const draft = emptyDraft("ninjs");
  draft.paragraphs = lineParagraphs(plain);
  return draft;
}

/** Picture associations (1.x map, 2.x/3.x array) as captions, when the body gave none. */
function associationCaptions(doc: Json, draft: Draft): void {
  const assoc = doc.associations;
  const values = Array.isArray(assoc) ? assoc : isObject(assoc) ? Object.values(assoc) : [];
  for (let i = 0; i < values.length && i < 100 && draft.captions.length < 50; i++) {
    const a = values[i];
    if (!isObject(a) || !/picture|image|graphic/i.test(raw(a.type) ?? "")) continue;
    const description = pick(a.descriptions, ["caption", "text", "summary"]);
    const caption =
      text(description?.value) ?? text(a.description_text) ?? text(a.body_text) ?? text(a.headline);
    const credit = text(a.by) ?? text(a.byline) ?? text(a.creditline) ?? text(a.copyrightholder);
    if (caption) draft.captions.push(captionFrom(caption, credit));
  }
}

/**
 * IPTC ninjs 1.x (`headline`, `body_html`), 2.x (`headlines[]`, `bodies[]`) and 3.x (the same
 * in camelCase: `copyrightHolder`, `versionCreated`, `infoSources`, `bodies[].contentType`),
 * with the aliases senders use (`byline`, `body_html5`, `guid`, `source`). Every value is
 * checked: text fields lose markup, numbers are finite and in range, dates real.
 */
export function parseNinjs(input: ParseInput): Draft | Rejection {
  let doc: unknown;
  try {
    doc = JSON.parse(input.text);
  } catch (err) {
    return reject(
      "MALFORMED_JSON",
      `malformed JSON: ${err instanceof Error ? err.message.slice(0, 200) : "unknown"}`,
    );
  }
  if (!isObject(doc) || !STORY_KEYS.some((k) => k in doc)) {
    return reject("NOT_A_STORY", "JSON is not a ninjs story (no headline, body or uri)");
  }
  const type = raw(doc.type);
  if (type && !/^(text|composite|article)$/i.test(type)) {
    return reject("NOT_A_STORY", `ninjs item of type "${type.slice(0, 40)}" is not a text story`);
  }
  const body = readBody(doc, input);
  const draft: Draft = body
    ? { ...body, format: "ninjs", headline: null, standfirst: null, byline: null }
    : emptyDraft("ninjs");
  const metadata = draft.metadata;

  draft.headline =
    text(pick(doc.headlines, ["main", "headline"])?.value) ??
    text(doc.headline) ??
    body?.headline ??
    null;
  const description = pick(doc.descriptions, ["summary", "lead", "abstract", "text"]);
  draft.standfirst =
    text(description?.value) ??
    text(doc.description_text) ??
    text(doc.description_html) ??
    body?.standfirst ??
    null;
  // ninjs 2.x lists its bylines as objects (`bylines: [{ byline, name, role }]`).
  const bylines = field(doc, "bylines");
  const firstByline = Array.isArray(bylines) && isObject(bylines[0]) ? bylines[0] : null;
  const by =
    text(field(doc, "by", "byline")) ??
    (firstByline
      ? (text(firstByline.byline) ?? text(firstByline.by) ?? text(firstByline.name))
      : null);
  draft.byline = by ?? body?.byline ?? null;
  addParty(metadata, "creator", by, "by");

  const located =
    text(doc.located) ??
    (isObject(doc.place) ? text(doc.place.name) : null) ??
    (Array.isArray(doc.place) && isObject(doc.place[0]) ? text(doc.place[0].name) : null);
  if (located) draft.datelineHint = { place: located, date: null, raw: null };
  else draft.datelineHint = body?.datelineHint ?? null;

  draft.copyright =
    text(field(doc, "copyrightNotice", "copyrightnotice")) ?? body?.copyright ?? null;
  // A string in ninjs; some senders give the holder as an object with a name.
  const holderField = field(doc, "copyrightHolder", "copyrightholder");
  const holder = isObject(holderField) ? text(holderField.name) : text(holderField);
  metadata.copyrightHolder = holder ?? metadata.copyrightHolder;
  addParty(metadata, "copyright", holder, "copyrightHolder");
  const infoSources = field(doc, "infoSources", "infosources", "infosource");
  const sources = Array.isArray(infoSources) ? infoSources : infoSources ? [infoSources] : [];
  for (let i = 0; i < sources.length && i < 100; i++) {
    const s = sources[i];
    const name = typeof s === "string" ? text(s) : isObject(s) ? text(s.name) : null;
    if (!name) continue;
    if (metadata.infoSources.length < 32) metadata.infoSources.push(name);
    const role = isObject(s) ? metaText(raw(s.role), 60) : null;
    addParty(metadata, "source", name, `infoSources${role ? `[@role=${role}]` : ""}`);
  }
  metadata.creditline =
    text(field(doc, "creditline", "creditLine", "credit")) ?? metadata.creditline;
  const provider = field(doc, "provider", "source");
  const providerName = isObject(provider) ? text(provider.name) : text(provider);
  metadata.distributor = providerName ?? metadata.distributor;
  addParty(metadata, "provider", providerName, doc.provider !== undefined ? "provider" : "source");

  const uri = metaText(raw(field(doc, "uri", "guid")));
  metadata.identity.itemId = uri ?? metadata.identity.itemId;
  addParty(metadata, "id", uri, doc.uri !== undefined ? "uri" : "guid");
  metadata.identity.version = itemVersion(doc.version) ?? metadata.identity.version;
  metadata.identity.status =
    metaText(raw(field(doc, "pubStatus", "pubstatus")), 60) ?? metadata.identity.status;
  if (field(doc, "embargoed") !== undefined) metadata.identity.signals.push("embargoed");

  metadata.slugline = text(doc.slugline) ?? metadata.slugline;
  for (const k of names(doc.keywords))
    if (metadata.keywords.length < 100) metadata.keywords.push(k);
  metadata.priority = urgency(field(doc, "urgency", "priority")) ?? metadata.priority;
  const edNote = text(field(doc, "ednote", "edNote"));
  if (edNote) metadata.editorsNotes.push(edNote);
  draft.language = languageOf(raw(doc.language)) ?? body?.language ?? null;

  const created = documentTime(
    raw(field(doc, "firstCreated", "firstcreated", "contentCreated", "contentcreated")),
  );
  const versioned = documentTime(raw(field(doc, "versionCreated", "versioncreated")));
  draft.documentDate = (created ?? versioned)?.day ?? body?.documentDate ?? null;
  draft.documentTime = (versioned ?? created)?.instant ?? body?.documentTime ?? null;
  if (draft.captions.length === 0) associationCaptions(doc, draft);
  return draft;
}
