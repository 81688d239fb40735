import type { Rejection } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import { reject } from "../reject.js";
import { cleanInline } from "../text/clean-text.js";
import { isoDay } from "../text/dates.js";
import { parseHtmlDraft } from "./parse-html-draft.js";
import { parsePlainText } from "./parse-plain-text.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === "string" && v.trim() ? v : typeof v === "number" ? String(v) : null;
}

/** ninjs 2.x role-tagged arrays (`headlines`, `bodies`, `descriptions`): the main entry. */
function pick(list: unknown, role = "main"): Json | null {
  if (!Array.isArray(list)) return null;
  const objects = list.filter(isObject);
  return objects.find((o) => o.role === role) ?? objects.find((o) => !o.role) ?? objects[0] ?? null;
}

function names(v: unknown): string[] {
  if (typeof v === "string") return v.trim() ? [v] : [];
  if (!Array.isArray(v)) return isObject(v) && str(v.name) ? [str(v.name) as string] : [];
  return v.flatMap((x) =>
    typeof x === "string" ? [x] : isObject(x) && str(x.name) ? [str(x.name) as string] : [],
  );
}

const STORY_KEYS = [
  "headline",
  "headlines",
  "body_text",
  "body_html",
  "bodies",
  "description_text",
  "uri",
  "type",
];

/** IPTC ninjs 1.x (`headline`, `body_text`/`body_html`) and 2.x (`headlines[]`, `bodies[]`). */
export function parseNinjs(text: string): Draft | Rejection {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return reject(
      "MALFORMED_JSON",
      `malformed JSON: ${err instanceof Error ? err.message.slice(0, 200) : "unknown"}`,
    );
  }
  if (!isObject(doc) || !STORY_KEYS.some((k) => k in doc)) {
    return reject("NOT_A_STORY", "JSON is not a ninjs story (no headline, body or uri)");
  }
  const type = str(doc.type);
  if (type && !/^(text|composite)$/i.test(type)) {
    return reject("NOT_A_STORY", `ninjs item of type "${type.slice(0, 40)}" is not a text story`);
  }
  const bodyEntry = pick(doc.bodies);
  const bodyHtml =
    str(bodyEntry && /html/i.test(str(bodyEntry.contenttype) ?? "") ? bodyEntry.value : null) ??
    str(doc.body_html);
  const bodyText = str(bodyEntry && !bodyHtml ? bodyEntry.value : null) ?? str(doc.body_text);

  let draft: Draft = emptyDraft("ninjs");
  if (bodyHtml) {
    const html = parseHtmlDraft(bodyHtml);
    draft = { ...html, format: "ninjs", headline: null, byline: null };
  } else if (bodyText) {
    const plain = parsePlainText(`headline\n\n${bodyText}`, "ninjs");
    draft = { ...plain, headline: null, standfirst: null, byline: null };
  }
  const headline = pick(doc.headlines);
  draft.headline = str(headline?.value) ?? str(doc.headline);
  const description = pick(doc.descriptions, "summary") ?? pick(doc.descriptions);
  const descriptionValue =
    str(description?.value) ?? str(doc.description_text) ?? str(doc.description_html);
  draft.standfirst = descriptionValue
    ? cleanInline(descriptionValue.replace(/<[^>]{0,500}>/g, " "))
    : draft.standfirst;
  const by = str(doc.by) ?? str(doc.byline);
  if (by) draft.byline = by;
  const located = str(doc.located) ?? (isObject(doc.place) ? str(doc.place.name) : null);
  if (located) draft.datelineHint = { place: located, date: null, raw: null };
  draft.copyright = str(doc.copyrightnotice) ?? draft.copyright;
  draft.metadata.copyrightHolder = str(doc.copyrightholder);
  draft.metadata.infoSources.push(...names(doc.infosources ?? doc.infosource));
  draft.metadata.creditline = str(doc.creditline) ?? str(doc.credit);
  draft.metadata.distributor =
    str(doc.provider) ?? (isObject(doc.provider) ? str(doc.provider.name) : null);
  draft.metadata.slugline = str(doc.slugline);
  draft.metadata.keywords.push(...names(doc.keywords));
  const urgency = doc.urgency;
  draft.metadata.priority =
    typeof urgency === "number" && Number.isInteger(urgency) ? urgency : null;
  const edNote = str(doc.ednote);
  if (edNote) draft.metadata.editorsNotes.push(edNote);
  const language = str(doc.language);
  draft.language = language ? (language.split("-")[0] ?? null) : draft.language;
  const created = str(doc.firstcreated) ?? str(doc.versioncreated);
  draft.documentDate = isoDay(created);
  draft.documentTime = str(doc.versioncreated) ?? created;
  return draft;
}
