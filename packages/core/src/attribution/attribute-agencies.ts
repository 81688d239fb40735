import {
  AGENCY_ROLES,
  type AgencyAttribution,
  type AgencyRole,
  EVIDENCE_FIELDS,
  type Evidence,
  type EvidenceField,
  type NormalizedStory,
  type Party,
  type WireMetadata,
} from "@newswire/schemas";
import {
  findIssuer,
  findLooseMentions,
  findMentions,
  type Mention,
  type MentionKind,
} from "./agency-matcher.js";
import {
  BYLINE_PARAGRAPH_MAX,
  BYLINE_START,
  CLAUSE_BREAK,
  COMPANY_SUFFIX_END,
  CREDIT_PARAGRAPH_MAX,
  DATELINE_PREFIX_DASH,
  TRAILER_ANYWHERE,
  TRAILER_HINT,
  TRAILER_START,
} from "./context-patterns.js";
import {
  applyDatelineRules,
  applyLineRules,
  applyMentionRules,
  evidence,
  type Hit,
  isLookalike,
  isSignOffLine,
  type PlaceContext,
  place,
  type Source,
} from "./interpret.js";
import { maskAddresses } from "./mask.js";
import {
  BODY_RULES,
  BYLINE_RULES,
  CAPTION_RULES,
  COPYRIGHT_RULES,
  type Confidence,
  CREDIT_RULES,
  DATELINE_RULES,
  DATELINE_ZONE,
  HEADER_RULE,
  LINE_RULES,
  METADATA_RULES,
  type MentionRule,
  PARTY_EVIDENCE_MAX,
  PARTY_RULES,
  TRAILER_RULES,
} from "./rules.js";

/**
 * Mentions of one agency read per field. Past this many another mention adds no role a wire
 * editor needs, and the rules' cost (and the evidence list) stays bounded on copy that names one
 * agency tens of thousands of times.
 */
const MENTIONS_PER_AGENCY = 32;

function capped(mentions: readonly Mention[]): Mention[] {
  const seen = new Map<string, number>();
  return mentions.filter((m) => {
    const n = (seen.get(m.agency.id) ?? 0) + 1;
    seen.set(m.agency.id, n);
    return n <= MENTIONS_PER_AGENCY;
  });
}

const ROLE_RANK = new Map<AgencyRole, number>(AGENCY_ROLES.map((r, i) => [r, i]));
const FIELD_RANK = new Map<EvidenceField, number>(EVIDENCE_FIELDS.map((f, i) => [f, i]));

/**
 * Which news agencies stand behind a story and how, each with the evidence that says so.
 * The story's own metadata is read first; the text adds to it.
 *
 * Evidence offsets are into the field's own text: `body` is `paragraphs.join("\n\n")`;
 * `caption` is the caption's `text`, except photo credits found in a caption's separate
 * `credit` string, whose offsets are into that `credit` string; `trailer` is the one trailer
 * string; `header` is the one header value; `metadata` is the one metadata value, and for a
 * party of `metadata.parties` the text `"<party.field>: <party.value>"`.
 */
export function attributeAgencies(story: NormalizedStory): AgencyAttribution[] {
  return assemble(story, collectHits(story));
}

/** Every piece of evidence the rules find in the story, before assembly (with the rule's name). */
export function collectHits(story: NormalizedStory): Hit[] {
  const hits: Hit[] = [];
  scanMetadata(story.metadata, hits);
  const raw = story.dateline.raw;
  if (raw) scanDatelineField(raw, hits);
  if (story.byline) scanField(story.byline, "byline", BYLINE_RULES, hits);
  scanBody(story.paragraphs, raw !== null && DATELINE_PREFIX_DASH.test(raw), hits);
  for (const caption of story.captions) {
    if (caption.credit) scanField(caption.credit, "caption", CREDIT_RULES, hits);
    scanField(caption.text, "caption", CAPTION_RULES, hits);
  }
  for (const trailer of story.trailers) scanTrailer(trailer, hits);
  if (story.copyright) scanCopyright(story.copyright, hits);
  return hits;
}

/** Each mention of a field, read by one table. */
function scanField(
  text: string,
  field: EvidenceField,
  rules: readonly MentionRule[],
  hits: Hit[],
): void {
  const scanned = maskAddresses(text);
  const c: PlaceContext = { field, text, scanned };
  for (const m of capped(findMentions(scanned))) applyMentionRules(rules, m, place(m, c), hits);
}

// --- metadata -------------------------------------------------------------------------------

/** Exact forms first; failing those, other case, feed ids and domains. */
function valueMentions(value: string): Mention[] {
  const exact = findMentions(value).filter((m) => m.kind !== "other");
  return capped(exact.length > 0 ? exact : findLooseMentions(value));
}

/** A metadata value and the agencies it names, with what naming one there means. */
interface Named {
  readonly source: Source;
  readonly mentions: readonly Mention[];
  /** Where the value starts in `source.text` (after a party's "<field>: " prefix). */
  readonly offset: number;
  /** Quote the whole source text rather than the mention (a short party value). */
  readonly whole: boolean;
  readonly rule: string;
  readonly role: AgencyRole;
  readonly several?: AgencyRole;
  readonly confidence: Confidence;
}

function partyNamed(party: Party): Named {
  const rule = PARTY_RULES[party.role];
  const found =
    rule.match === "issuer" ? capped(findIssuer(party.value)) : valueMentions(party.value);
  const mentions = rule.people ? found.filter((m) => !isLookalike(party.value, m)) : found;
  const prefix = `${party.field}: `;
  const text = prefix + party.value;
  return {
    source: { field: "metadata", text },
    mentions,
    offset: prefix.length,
    whole: text.length <= PARTY_EVIDENCE_MAX,
    rule: `party ${party.role}`,
    role: rule.role,
    several: rule.several,
    confidence: rule.confidence,
  };
}

function scanMetadata(md: WireMetadata, hits: Hit[]): void {
  const all: Named[] = [];
  for (const rule of METADATA_RULES) {
    for (const value of rule.fields.flatMap((f) => md[f] ?? [])) {
      if (value.length === 0) continue;
      const source: Source = { field: "metadata", text: value };
      const { name, role, several, confidence } = rule;
      all.push({
        source,
        mentions: valueMentions(value),
        offset: 0,
        whole: false,
        rule: name,
        role,
        several,
        confidence,
      });
    }
  }
  for (const party of md.parties) all.push(partyNamed(party));
  // Values that list sources count together (a credit line, G2 infoSources, NewsML Source
  // parties): one agency named is the origin, several are each a contributor.
  const listed = new Set(
    all.filter((n) => n.several).flatMap((n) => n.mentions.map((m) => m.agency.id)),
  );
  for (const n of all) {
    const role = n.several !== undefined && listed.size > 1 ? n.several : n.role;
    for (const m of n.mentions) {
      const span = n.whole
        ? { start: 0, end: n.source.text.length }
        : { start: n.offset + m.start, end: n.offset + m.end };
      evidence(hits, n.source, {
        rule: n.rule,
        agency: m.agency,
        kind: m.kind,
        role,
        confidence: n.confidence,
        ...span,
      });
    }
  }
  for (const [key, value] of Object.entries(md.header)) {
    if (HEADER_RULE.skipKeys.test(key)) continue;
    const kinds: readonly MentionKind[] = HEADER_RULE.kinds;
    const source: Source = { field: "header", text: value };
    for (const m of capped(findMentions(value))) {
      if (!kinds.includes(m.kind)) continue;
      evidence(hits, source, {
        rule: "header",
        agency: m.agency,
        kind: m.kind,
        role: HEADER_RULE.role,
        start: m.start,
        end: m.end,
        confidence: HEADER_RULE.confidence,
      });
    }
  }
}

// --- datelines ------------------------------------------------------------------------------

function scanDatelineField(raw: string, hits: Hit[]): void {
  const zone = maskAddresses(raw.slice(0, DATELINE_ZONE));
  const mentions = findMentions(zone);
  const c: PlaceContext = { field: "dateline", text: raw, scanned: zone, datelineField: true };
  applyDatelineRules(DATELINE_RULES, zone, mentions, c, hits);
}

// --- body -----------------------------------------------------------------------------------

/** A paragraph that is a credit line rather than story text. */
function isCreditParagraph(paragraph: string): boolean {
  if (paragraph.length >= CREDIT_PARAGRAPH_MAX) return false;
  if (TRAILER_START.test(paragraph)) return true;
  return TRAILER_HINT.test(paragraph) && TRAILER_ANYWHERE.test(paragraph);
}

function scanBody(paragraphs: readonly string[], afterDashDateline: boolean, hits: Hit[]): void {
  const body = paragraphs.join("\n\n");
  const scanned = maskAddresses(body);
  const mentions = findMentions(scanned);
  if (mentions.length === 0) return;
  const starts: number[] = [];
  let offset = 0;
  for (const p of paragraphs) {
    starts.push(offset);
    offset += p.length + 2;
  }
  const source: Source = { field: "body", text: body };
  const first = paragraphs[0] ?? "";
  const zoneEnd = Math.min(first.length, DATELINE_ZONE);
  const zone: PlaceContext = { ...source, scanned, to: zoneEnd, afterDashDateline };
  applyDatelineRules(DATELINE_RULES, scanned.slice(0, zoneEnd), mentions, zone, hits);
  const last = paragraphs.length - 1;
  const byParagraph = new Map<number, Mention[]>();
  let pi = 0;
  for (const m of capped(mentions)) {
    while (pi + 1 < starts.length && (starts[pi + 1] ?? 0) <= m.start) pi++;
    const list = byParagraph.get(pi);
    if (list) list.push(m);
    else byParagraph.set(pi, [m]);
  }
  for (const [i, own] of byParagraph) {
    const from = starts[i] ?? 0;
    const to = from + (paragraphs[i]?.length ?? 0);
    const paragraph = scanned.slice(from, to);
    const c: PlaceContext = {
      ...source,
      scanned,
      from,
      to,
      creditLine: isCreditParagraph(paragraph),
      // A short opening paragraph that is only a byline or agency credit ("By X, Reuters", "Associated Press").
      bylineParagraph:
        i < 2 &&
        i < last &&
        paragraph.length <= BYLINE_PARAGRAPH_MAX &&
        (BYLINE_START.test(paragraph) || isSignOffLine(paragraph, own, from)),
    };
    for (const m of own) applyMentionRules(BODY_RULES, m, place(m, c), hits);
  }
  const lastText = paragraphs[last];
  const from = starts[last] ?? 0;
  // Every mention of the closing line, however often the agency was named before it.
  const lastMentions = mentions.filter((m) => m.start >= from);
  if (last > 0 && lastText !== undefined && lastMentions.length > 0) {
    applyLineRules(
      LINE_RULES,
      scanned.slice(from, from + lastText.length),
      lastMentions,
      from,
      source,
      hits,
    );
  }
}

// --- trailers and copyright -----------------------------------------------------------------

function scanTrailer(trailer: string, hits: Hit[]): void {
  const scanned = maskAddresses(trailer);
  const mentions = findMentions(scanned);
  const source: Source = { field: "trailer", text: trailer };
  if (applyLineRules(LINE_RULES, scanned, mentions, 0, source, hits)) return;
  const c: PlaceContext = { ...source, scanned, creditLine: true };
  for (const m of capped(mentions)) applyMentionRules(TRAILER_RULES, m, place(m, c), hits);
}

/** Offset just past the notice's first clause break (". " or "; " not ending "Inc." or "L.P."). */
function clauseEnd(text: string): number {
  CLAUSE_BREAK.lastIndex = 0;
  for (let b = CLAUSE_BREAK.exec(text); b !== null; b = CLAUSE_BREAK.exec(text)) {
    const before = text.slice(Math.max(0, b.index - 5), b.index);
    if (text[b.index] === "." && COMPANY_SUFFIX_END.test(before)) continue;
    return b.index + b[0].length;
  }
  return Number.POSITIVE_INFINITY;
}

function scanCopyright(copyright: string, hits: Hit[]): void {
  const source: Source = { field: "copyright", text: copyright };
  const c: PlaceContext = { ...source, scanned: copyright, clauseEnd: clauseEnd(copyright) };
  for (const m of capped(findMentions(copyright))) {
    applyMentionRules(COPYRIGHT_RULES, m, place(m, c), hits);
  }
}

// --- assembly -------------------------------------------------------------------------------

function assemble(story: NormalizedStory, hits: Hit[]): AgencyAttribution[] {
  if (hits.length === 0) return [];
  const storyText = [
    story.headline,
    story.standfirst ?? "",
    ...story.paragraphs,
    ...story.captions.map((c) => c.text),
  ].join("\n");
  const conflicted = new Map<string, boolean>();
  const kept = hits.filter((h) => {
    if (!h.ambiguous || !h.agency.conflicts) return true;
    let c = conflicted.get(h.agency.id);
    if (c === undefined) {
      c = h.agency.conflicts.test(storyText);
      conflicted.set(h.agency.id, c);
    }
    return !c;
  });
  // A sign-off is the origin only when it is the story's sole origin signal.
  const signOffAgencies = new Set(kept.filter((h) => h.signOff).map((h) => h.agency.id));
  const otherOrigin = kept.some(
    (h) => h.role === "origin" && !h.signOff && !signOffAgencies.has(h.agency.id),
  );
  if (signOffAgencies.size > 1 || otherOrigin) {
    for (const h of kept) if (h.signOff) h.role = "contributor";
  }
  const byAgency = new Map<string, Hit[]>();
  for (const h of kept) {
    const list = byAgency.get(h.agency.id);
    if (list) list.push(h);
    else byAgency.set(h.agency.id, [h]);
  }
  const out: AgencyAttribution[] = [];
  for (const list of byAgency.values()) {
    const first = list[0];
    if (!first) continue;
    const seen = new Set<string>();
    const unique = list.filter((h) => {
      const key = `${h.role}|${h.field}|${h.start}|${h.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    unique.sort(
      (a, b) =>
        rank(ROLE_RANK, a.role) - rank(ROLE_RANK, b.role) ||
        rank(FIELD_RANK, a.field) - rank(FIELD_RANK, b.field) ||
        a.start - b.start,
    );
    const roles = [...new Set(unique.map((h) => h.role))];
    const evidence: Evidence[] = unique.map((h) => ({
      role: h.role,
      text: h.text,
      start: h.start,
      end: h.end,
      field: h.field,
    }));
    const doubt = unique.reduce((p, h) => p * (1 - h.confidence), 1);
    const confidence = Math.round(Math.min(0.99, 1 - doubt) * 1000) / 1000;
    out.push({ id: first.agency.id, name: first.agency.name, roles, evidence, confidence });
  }
  out.sort(
    (a, b) =>
      rank(ROLE_RANK, a.roles[0]) - rank(ROLE_RANK, b.roles[0]) ||
      b.confidence - a.confidence ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return out;
}

function rank<T>(ranks: Map<T, number>, key: T | undefined): number {
  return key === undefined ? 99 : (ranks.get(key) ?? 99);
}
