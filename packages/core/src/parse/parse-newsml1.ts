import type { PartyRole, Rejection } from "@newswire/schemas";
import { type Draft, emptyDraft } from "../draft.js";
import { reject } from "../reject.js";
import { captionFrom } from "../text/caption-credit.js";
import { parseDateText, resolveDate } from "../text/dates.js";
import { attr, byName, child, children, collect, type Element, find } from "../tree/element.js";
import {
  addParty,
  addSignal,
  attrText,
  fieldText,
  languageOf,
  lineParagraphs,
  metaText,
} from "../tree/fields.js";
import { documentTime, itemVersion, urgency } from "../tree/values.js";
import { htmlDraftFromTree } from "./parse-html-draft.js";
import { parseNitf } from "./parse-nitf.js";

/**
 * IPTC NewsML 1.x (1.0 to 1.2): `NewsML` > `NewsItem` > nested `NewsComponent`s, each with its
 * `NewsLines`, `AdministrativeMetadata`, `DescriptiveMetadata` and `ContentItem`s. Senders lay
 * the text out differently: AFP and ATS one component whose `DataContent` holds NITF-like
 * `<p>`s; ANA HTML in CDATA; Belga a component per role (Title, Lead, Body) of plain text;
 * ANP, EFE, Kyodo and TASS a NITF document. All are read the same way: the item's text content
 * items in document order, and the metadata of the components around them.
 */

const FORMAL = "formalname";

function formal(el: Element | null | undefined): string | null {
  return attrText(el, FORMAL);
}

/** MediaType / Format names that are text (NewsML 1.2 catalog: Text; NITF, XHTML, HTML, IIM). */
const TEXT_MEDIA = /^(?:text|complexdata)$/i;
const NOT_TEXT_MEDIA = /^(?:photo|graphic|audio|video|animation|shockwave)$/i;
const TEXT_FORMAT = /nitf|html|xhtml|text|txt|xml|ascii|iim/i;

function isTextItem(ci: Element): boolean {
  const media = formal(child(ci, "mediatype"));
  if (media && NOT_TEXT_MEDIA.test(media)) return false;
  if (!child(ci, "datacontent")) return false;
  if (media && TEXT_MEDIA.test(media)) return true;
  const format = formal(child(ci, "format"));
  return format === null || TEXT_FORMAT.test(format);
}

/** A component's role (`Role@FormalName`: Main, Title, Lead, Body, Caption ...), lower case. */
function roleOf(component: Element | null): string {
  return (formal(child(component, "role")) ?? "").toLowerCase();
}

/** The nearest NewsComponent around an element. */
function componentOf(el: Element): Element | null {
  for (let p = el.parent; p; p = p.parent) if (p.name === "newscomponent") return p;
  return null;
}

/** Components from the item down to `el`, outermost first (depth is capped: a short walk). */
function componentChain(el: Element, item: Element): Element[] {
  const chain: Element[] = [];
  for (let p = el.parent; p && p !== item; p = p.parent)
    if (p.name === "newscomponent") chain.push(p);
  return chain.reverse();
}

interface Read {
  paragraphs: string[];
  title: string | null;
  inner: Draft | null;
}

/** The text of one DataContent: NITF, XHTML/HTML (grafted from CDATA by the tree), or lines. */
function readDataContent(data: Element): Read {
  const nitf = find(data, byName("nitf"));
  if (nitf) {
    const inner = parseNitf(nitf);
    return { paragraphs: inner.paragraphs, title: inner.headline, inner };
  }
  if (data.children.some((c) => typeof c !== "string")) {
    const inner = htmlDraftFromTree(data, "newsml1");
    return { paragraphs: inner.paragraphs, title: inner.headline, inner };
  }
  return { paragraphs: lineParagraphs(data.children.join("")), title: null, inner: null };
}

const PARTY_ROLES: ReadonlyArray<readonly [string, PartyRole]> = [
  ["provider", "provider"],
  ["creator", "creator"],
  ["source", "source"],
  ["contributor", "contributor"],
];

function readAdministrative(component: Element, draft: Draft, field: string): void {
  for (const admin of children(component, "administrativemetadata")) {
    for (const [name, role] of PARTY_ROLES) {
      for (const holder of children(admin, name)) {
        for (const party of children(holder, "party")) {
          const value = formal(party) ?? fieldText(party);
          addParty(
            draft.metadata,
            role,
            value,
            `${field}/AdministrativeMetadata/${name[0]?.toUpperCase()}${name.slice(1)}/Party`,
          );
          // The same notions as G2's provider and infoSource, which fill these fields.
          if (value && role === "provider") draft.metadata.distributor ??= value;
          if (value && role === "source" && draft.metadata.infoSources.length < 32)
            draft.metadata.infoSources.push(value);
        }
      }
    }
  }
}

/** Location properties (City, then Country) of a component's DescriptiveMetadata. */
function locationPlace(component: Element): string | null {
  for (const descriptive of children(component, "descriptivemetadata")) {
    const locations = children(descriptive, "location");
    const origin =
      locations.find((l) => /origin/i.test(attr(l, "howpresent") ?? "")) ?? locations[0];
    const scopes = origin ? [origin, descriptive] : [descriptive];
    for (const scope of scopes) {
      for (const key of ["city", "sublocation", "country"]) {
        const prop = children(scope, "property").find(
          (p) => (formal(p) ?? "").toLowerCase() === key,
        );
        const value = attrText(prop, "value");
        if (value && !/^[A-Z]{3}$/.test(value)) return value;
      }
    }
  }
  return null;
}

function languageFor(chain: Element[], item: Element): string | null {
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i] as Element;
    const lang = formal(find(child(c, "descriptivemetadata"), byName("language")));
    const tag = languageOf(lang) ?? languageOf(attr(c, "lang"));
    if (tag) return tag;
  }
  return languageOf(attr(item, "lang"));
}

/**
 * A NewsML 1 DateLine ("Strasbourg, 10 juil 2024 (AFP)", "BRUXELLES 15/06", "4/4/2018"): the
 * place before the first comma when it is a name, the date after it when it reads as one.
 */
function datelineParts(
  raw: string | null,
  referenceDay: string | null,
): { place: string | null; date: string | null } {
  if (!raw || raw.length > 200) return { place: null, date: null };
  const comma = raw.indexOf(",");
  const head = (comma >= 0 ? raw.slice(0, comma) : raw).replace(/\(.*$/, "").trim();
  const place = head && !/\d/.test(head) && head.split(/\s+/).length <= 4 ? head : null;
  const tail =
    comma >= 0
      ? raw
          .slice(comma + 1)
          .replace(/\(.*$/, "")
          .trim()
      : "";
  const parsed = tail ? parseDateText(tail) : null;
  return { place, date: parsed ? resolveDate(parsed, referenceDay) : null };
}

/** The NewsItem to read: the first whose components carry text, else the first. */
function pickItem(root: Element): { item: Element; texts: Element[] } | Rejection {
  const items = root.name === "newsitem" ? [root] : collect(root, byName("newsitem"));
  if (items.length === 0) return reject("NOT_A_STORY", "NewsML document carries no NewsItem");
  for (const item of items) {
    const texts = collect(item, (e) => e.name === "contentitem" && isTextItem(e));
    if (texts.length > 0) return { item, texts };
  }
  return { item: items[0] as Element, texts: [] };
}

/** NewsML 1.x: the text NewsItem of the document, with its lines, parties and identity. */
export function parseNewsml1(root: Element): Draft | Rejection {
  const picked = pickItem(root);
  if ("code" in picked) return picked;
  const { item, texts } = picked;
  const draft = emptyDraft("newsml1");
  const metadata = draft.metadata;
  const F = "NewsML/NewsItem";

  // Identification/NewsIdentifier: the item id (PublicIdentifier, NewsML 1.2) and its revision.
  const identifier = find(child(item, "identification"), byName("newsidentifier"));
  const providerId = fieldText(child(identifier, "providerid"));
  const dateId = fieldText(child(identifier, "dateid"));
  const newsItemId = fieldText(child(identifier, "newsitemid"));
  const revision = child(identifier, "revisionid");
  const publicId = fieldText(child(identifier, "publicidentifier"));
  metadata.identity.itemId =
    publicId ??
    (providerId && newsItemId
      ? metaText(`urn:newsml:${providerId}:${dateId ?? ""}:${newsItemId}`)
      : newsItemId);
  metadata.identity.version = itemVersion(fieldText(revision));
  addParty(metadata, "id", publicId, `${F}/Identification/NewsIdentifier/PublicIdentifier`);
  addParty(metadata, "provider", providerId, `${F}/Identification/NewsIdentifier/ProviderId`);
  const update = attrText(revision, "update");
  if (update && update.toUpperCase() !== "N") addSignal(metadata, `Update:${update}`);

  // NewsManagement: status, urgency, instructions, the item's times.
  const management = child(item, "newsmanagement");
  metadata.identity.status = formal(child(management, "status"));
  const urg = urgency(formal(child(management, "urgency")));
  if (urg !== null) addSignal(metadata, `Urgency:${urg}`);
  const type = formal(child(management, "newsitemtype"));
  if (type) addSignal(metadata, `NewsItemType:${type}`);
  for (const instruction of children(management, "instruction")) {
    const i = formal(instruction);
    if (i) addSignal(metadata, `Instruction:${i}`);
  }
  const envelope = child(root, "newsenvelope");
  metadata.priority = urg ?? urgency(formal(child(envelope, "priority")));
  const first = documentTime(fieldText(child(management, "firstcreated")));
  const revised = documentTime(fieldText(child(management, "thisrevisioncreated")));
  const sent = documentTime(fieldText(child(envelope, "dateandtime")));
  draft.documentDate = (first ?? revised ?? sent)?.day ?? null;
  draft.documentTime = (revised ?? first ?? sent)?.instant ?? null;

  // The components from the item down to the first text, outermost first: lines and
  // metadata come from the innermost that states them.
  const anchor = texts[0] ?? find(item, byName("newslines")) ?? item;
  const chain = componentChain(anchor, item);
  const linesOf = (c: Element) => child(c, "newslines");
  const withHeadline = [...chain].reverse().find((c) => fieldText(child(linesOf(c), "headline")));
  const lines = withHeadline ? linesOf(withHeadline) : (find(item, byName("newslines")) ?? null);
  for (const c of chain) readAdministrative(c, draft, F);
  draft.language = languageFor(chain, item);

  draft.headline = fieldText(child(lines, "headline"));
  draft.standfirst = fieldText(child(lines, "subheadline"));
  draft.byline = fieldText(child(lines, "byline"));
  draft.copyright = fieldText(child(lines, "copyrightline"));
  metadata.creditline = fieldText(child(lines, "creditline"));
  metadata.slugline =
    fieldText(child(lines, "slugline")) ??
    fieldText(find(child(item, "identification"), byName("namelabel")));
  for (const k of children(lines, "keywordline")) {
    const t = fieldText(k);
    if (t && metadata.keywords.length < 100) metadata.keywords.push(t);
  }
  const rawDateline = fieldText(child(lines, "dateline"));
  let place: string | null = null;
  for (let i = chain.length - 1; i >= 0 && !place; i--) place = locationPlace(chain[i] as Element);
  const parts = datelineParts(rawDateline, draft.documentDate);
  if (rawDateline || place) {
    draft.datelineHint = { place: place ?? parts.place, date: parts.date, raw: rawDateline };
  }

  // The text: every text content item in document order. A Title component is the headline
  // where the lines give none; a Caption component is a caption; the rest is the body.
  let nitfDraft: Draft | null = null;
  for (const ci of texts) {
    const data = child(ci, "datacontent");
    if (!data) continue;
    const role = roleOf(componentOf(ci));
    const read = readDataContent(data);
    if (role === "title" || role === "headline") {
      draft.headline ??= read.paragraphs.join(" ") || null;
      continue;
    }
    if (role === "caption") {
      const text = read.paragraphs.join(" ");
      if (text) draft.captions.push(captionFrom(text, null));
      continue;
    }
    for (const p of read.paragraphs) draft.paragraphs.push(p);
    if (read.inner) {
      for (const c of read.inner.captions) draft.captions.push(c);
      for (const t of read.inner.trailers) draft.trailers.push(t);
      nitfDraft ??= read.inner;
    }
    draft.headline ??= read.title;
  }
  if (nitfDraft) {
    draft.standfirst ??= nitfDraft.standfirst;
    draft.byline ??= nitfDraft.byline;
    draft.copyright ??= nitfDraft.copyright;
    draft.datelineHint ??= nitfDraft.datelineHint;
    draft.language ??= nitfDraft.language;
    for (const p of nitfDraft.metadata.parties) addParty(metadata, p.role, p.value, p.field);
    metadata.copyrightHolder ??= nitfDraft.metadata.copyrightHolder;
    metadata.distributor ??= nitfDraft.metadata.distributor;
    metadata.slugline ??= nitfDraft.metadata.slugline;
  }
  return draft;
}
