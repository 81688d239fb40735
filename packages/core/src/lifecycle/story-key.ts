import type { NormalizedStory } from "@newswire/schemas";
import { findIssuer, findLooseMentions, findMentions } from "../attribution/agency-matcher.js";
import { sha256Hex } from "../story-id.js";
import { agencyFormAt } from "../text/agency-forms.js";
import { headlineMarkers, slugLineMarkers } from "./desk-markers.js";

type Unversioned = Omit<NormalizedStory, "lifecycle">;

/** The lifecycle schema's bound on `storyKey`. */
const MAX_KEY = 200;
/** Key parts are read from at most this much text (headlines and slugs are shorter). */
const MAX_PART_INPUT = 1000;

/**
 * A key part: lower case, accents folded, every run of other than letters and digits one `-`.
 * So `BC-US--Flood-Vermont` and `bc-us-flood-vermont` are one slug, and a key never carries
 * `|` (the joiner), spaces, quotes or control characters: safe as a Kafka key and in a URI.
 */
export function keyPart(text: string): string {
  const folded = text
    .slice(0, MAX_PART_INPUT)
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase();
  let out = "";
  let dash = false;
  for (const ch of folded) {
    if (/[\p{L}\p{N}]/u.test(ch)) {
      if (dash && out.length > 0) out += "-";
      out += ch;
      dash = false;
    } else dash = true;
  }
  return out;
}

/** Parts joined by `|`; a whole longer than the schema allows is hashed, never cut. */
function joined(parts: readonly string[]): string {
  const raw = parts.join("|");
  if (raw.length <= MAX_KEY) return raw;
  return `${parts[0]}|sha256|${sha256Hex(new TextEncoder().encode(raw))}`;
}

/**
 * Who issued the story, as a registry agency id where the format's metadata names one
 * (distributor, provider, source, the item id's issuer), so `AP` in an ANPA trailer and
 * `Associated Press` in a header are one provider. Not the dateline's credit: kill and
 * correction advisories often have no dateline, and their key must still be the story's.
 */
export function providerOf(story: Unversioned): string {
  const { metadata } = story;
  const values: string[] = [];
  if (metadata.distributor) values.push(metadata.distributor);
  for (const p of metadata.parties) {
    if (p.role === "provider" || p.role === "distributor" || p.role === "source")
      values.push(p.value);
  }
  for (const value of values.slice(0, 16)) {
    const v = value.slice(0, 200);
    const found = findMentions(v)[0] ?? findLooseMentions(v)[0];
    if (found) return found.agency.id;
  }
  if (metadata.identity.itemId) {
    const issuer = findIssuer(metadata.identity.itemId.slice(0, 200))[0];
    if (issuer) return issuer.agency.id;
  }
  const first = values[0];
  return first ? keyPart(first) || "unknown" : "unknown";
}

// A NewsML 1 PublicIdentifier names the revision after the item:
// `urn:newsml:{ProviderId}:{DateId}:{NewsItemId}:{RevisionId}{Update}` (NewsML 1.2, 4.2).
const NEWSML1_URN = /^(urn:newsml:[^:]{1,100}:[^:]{1,40}:[^:]{1,200}):\d{1,9}[A-Z]?$/i;

/**
 * The format's item id when it names the story across its versions, else null. Not the ANPA
 * keyword nor the 7901 message number (slugs and transmissions, handled as slugs), nor an
 * e-mail's Message-ID (one per message, never per story). A version the id repeats at its end
 * (`tag:reuters.com,2024:newsml_L1N3X:3` with version 3) is dropped, so versions share it.
 */
export function storyItemId(story: Unversioned): string | null {
  const { identity, header } = story.metadata;
  const id = identity.itemId?.trim();
  if (!id) return null;
  if (header.keyword !== undefined || header.messageNumber !== undefined) return null;
  if (header.messageId !== undefined && id === header.messageId.replace(/^<|>$/g, "")) return null;
  const urn = NEWSML1_URN.exec(id.slice(0, 400));
  if (urn?.[1]) return urn[1];
  const v = identity.version;
  if (v !== null) {
    // Only separators that mark a version: `-1` or `.2` also end ids that name one story in
    // every version (a ninjs uri, a G2 guid, PA's NITF doc-ids ending in a part number `...HHH-1`),
    // and dropping them would split the first version off.
    for (const sep of [":", ":v", ".v", "-v", "_v", "/v"]) {
      const tail = `${sep}${v}`;
      if (id.length > tail.length + 4 && id.endsWith(tail)) return id.slice(0, -tail.length);
    }
  }
  return id;
}

// ANPA keyword lines in plain copy: `BC-US--Storm-Texas,1st Ld-Writethru,298` — the slug is the
// part before the first comma; the rest are markers and the word count.
const ANPA_LINE = /^([a-z]?(?:BC|AM|PM|AP)-[^,]{1,80}),/i;
// PTI/UNI story numbers (`DEL19`) change with every take; the slug beside them does not.
const DESK_NUMBER = /^[A-Z]{2,5}\d{1,4}[A-Z]?$/;

/** The slug that names the story across versions, without desk numbers and agency marks. */
export function storySlug(story: Unversioned): string | null {
  const { header, slugline, keywords } = story.metadata;
  if (header.keyword) return header.keyword;
  const line = header.keywordLine ?? slugline;
  if (!line) {
    // 7901 keyword lines (`Kenya/drought/aid/`) land in keywords when no slugline was set.
    return header.messageNumber !== undefined && keywords.length > 0
      ? keywords.slice(0, 8).join("/")
      : null;
  }
  const anpa = ANPA_LINE.exec(line.slice(0, 200));
  if (anpa?.[1]) return anpa[1];
  // `>>>ANSA/`: a desk mark, the same on every story of the desk.
  let t = line.trim().replace(/^>+\s*/, "");
  const mark = agencyFormAt(t, 0);
  if (mark > 0 && /^[\s/]*$/.test(t.slice(mark))) return null;
  t = slugLineMarkers(
    t
      .split(/\s+/)
      .filter((w) => !DESK_NUMBER.test(w))
      .join(" "),
  ).rest;
  return keyPart(t) ? t : null;
}

/** The day a story is filed on, for keys that are not unique across days. */
function storyDay(story: Unversioned): string {
  return story.dateline.date ?? story.source.receivedAt?.slice(0, 10) ?? "undated";
}

/** `07-11` in an ANPA header is the story's own month and day. */
function anpaDay(story: Unversioned): string | null {
  const d = story.metadata.header.date;
  return d && /^\d{2}-\d{2}$/.test(d) ? d : null;
}

/**
 * The key every version of one story shares: `id|<item id>` from the format's identity
 * (globally unique ids stand alone; a bare number is qualified by its provider);
 * `slug|<provider>|<slug>|<day>` from a wire slug (the ANPA keyword keeps its cycle `BC-`/`AM-`;
 * the day keeps one slug from naming next week's story); `text|<headline>|<day>` as the last
 * resort. The headline key leaves out the place and the provider on purpose: a kill or
 * correction advisory repeats the headline but often has no dateline.
 */
export function deriveStoryKey(story: Unversioned): string {
  const itemId = storyItemId(story);
  if (itemId) {
    const scoped = /[:.]/.test(itemId) && findIssuer(itemId.slice(0, 200)).length > 0;
    const global = scoped || /^(?:urn|tag|https?):/i.test(itemId);
    return joined(global ? ["id", itemId] : ["id", providerOf(story), itemId]);
  }
  const slug = storySlug(story);
  if (slug) {
    return joined(["slug", providerOf(story), keyPart(slug), anpaDay(story) ?? storyDay(story)]);
  }
  return joined(["text", keyPart(headlineCore(story.headline)) || "untitled", storyDay(story)]);
}

/** A clause needs this many words to name a story on its own. */
const MIN_CLAUSE_WORDS = 4;
/** Clause boundaries tried before the whole headline is taken. */
const MAX_CLAUSES = 8;

/**
 * The part of a headline its versions keep: without desk markers (`AGGIORNAMENTO - `,
 * `UPDATE 1-`), and only its first clause when that is long enough, since a writethru or an
 * update adds clauses (`...; 2 hurt`, `..., evacuati 40 turisti`, Yonhap's `...: JCS` source
 * tag beside `..., second this month: JCS`) far more often than it rewrites the first.
 */
export function headlineCore(headline: string): string {
  const { rest } = headlineMarkers(headline);
  // The shortest run of clauses long enough to stand alone: `Maltempo: frana in Valle d'Aosta`
  // (a one-word topic before the colon is not yet a clause), `N. Korea fires missile: JCS`.
  const boundary = /[,;:]\s|\s[-–—]\s/gu;
  const text = rest.slice(0, MAX_PART_INPUT);
  for (let n = 0; n < MAX_CLAUSES; n++) {
    const m = boundary.exec(text);
    if (!m) break;
    const first = text.slice(0, m.index).trim();
    if (first.split(/\s+/).length >= MIN_CLAUSE_WORDS) return first;
  }
  return rest;
}
