import type { AgencyRole, EvidenceField } from "@newswire/schemas";
import type { CiteLevel } from "../data/agencies.js";
import { monthNumber } from "../text/dates.js";
import type { CompiledAgency, Mention, MentionKind } from "./agency-matcher.js";
import {
  AGENCY_WORD,
  ALLOWED_NEXT,
  DATELINE_GROUP,
  FUNCTION_WORDS,
  LEFT_WINDOW,
  MARK_FIRST,
  MARK_REST,
  NEXT_WORD,
  ONLY_AGENCIES,
  PHOTO_FORM,
  PREV_WORD,
  RIGHT_NEWS_AGENCY,
  RIGHT_WINDOW,
  SIGN_OFF,
  STOP_NEXT,
  TITLES,
} from "./context-patterns.js";
import {
  CONFIDENCE,
  type Confidence,
  DATELINE_MENTION_MAX,
  type DatelineRule,
  type Fact,
  FULL_FORMS,
  type LineRule,
  type MentionRule,
  SIGN_OFF_KINDS,
} from "./rules.js";

/** One piece of evidence before assembly. */
export interface Hit {
  readonly agency: CompiledAgency;
  role: AgencyRole;
  readonly field: EvidenceField;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly confidence: number;
  /** Rests on an abbreviation alone: dropped when the story contains one of its conflicts. */
  readonly ambiguous: boolean;
  /** A bare agency sign-off ("— AFP"): origin if it stands alone, contributor otherwise. */
  readonly signOff: boolean;
  /** The rule that found it, by name (rules.ts). */
  readonly rule: string;
}

/** Where evidence comes from: the field, and the field's own text its offsets index. */
export interface Source {
  readonly field: EvidenceField;
  readonly text: string;
}

/** The one way evidence is made: every rule's hit, every field's. */
export function evidence(
  hits: Hit[],
  source: Source,
  found: {
    readonly rule: string;
    readonly agency: CompiledAgency;
    readonly kind: MentionKind;
    readonly role: AgencyRole;
    readonly start: number;
    readonly end: number;
    readonly confidence: Confidence;
    readonly formOnly?: boolean;
    readonly signOff?: boolean;
  },
): void {
  hits.push({
    agency: found.agency,
    role: found.role,
    field: source.field,
    start: found.start,
    end: found.end,
    text: source.text.slice(found.start, found.end),
    confidence: CONFIDENCE[found.confidence],
    ambiguous: (found.formOnly ?? false) && found.kind !== "name",
    signOff: found.signOff ?? false,
    rule: found.rule,
  });
}

/** A mention in its field: what the facts and the rules read. */
export interface Place extends Source {
  /** The text the mention was found in (addresses masked); offsets as in `text`. */
  readonly scanned: string;
  /** The text before the mention within LEFT_WINDOW, clipped to its paragraph, and where it starts. */
  readonly left: string;
  readonly leftStart: number;
  /** The text after the mention within RIGHT_WINDOW, clipped to its paragraph. */
  readonly right: string;
  readonly creditLine: boolean;
  readonly bylineParagraph: boolean;
  /** Copyright field: offset past the first clause break (Infinity if none). */
  readonly clauseEnd: number;
  readonly datelineField: boolean;
  readonly afterDashDateline: boolean;
  /** Length of a "news agency" phrase right after the mention, once read (-1: none). */
  tail?: number;
  /** The left context cut to the last window a rule asked for. */
  windowed?: { readonly window: number; readonly left: string };
}

export interface PlaceContext extends Source {
  readonly scanned: string;
  /** Bounds of the paragraph the mention is in; the whole text by default. */
  readonly from?: number;
  readonly to?: number;
  readonly creditLine?: boolean;
  readonly bylineParagraph?: boolean;
  readonly clauseEnd?: number;
  readonly datelineField?: boolean;
  readonly afterDashDateline?: boolean;
}

export function place(m: Mention, c: PlaceContext): Place {
  const from = c.from ?? 0;
  const to = c.to ?? c.scanned.length;
  const leftStart = Math.max(from, m.start - LEFT_WINDOW);
  return {
    field: c.field,
    text: c.text,
    scanned: c.scanned,
    left: c.scanned.slice(leftStart, m.start),
    leftStart,
    right: c.scanned.slice(m.end, Math.min(to, m.end + RIGHT_WINDOW)),
    creditLine: c.creditLine ?? false,
    bylineParagraph: c.bylineParagraph ?? false,
    clauseEnd: c.clauseEnd ?? Number.POSITIVE_INFINITY,
    datelineField: c.datelineField ?? false,
    afterDashDateline: c.afterDashDateline ?? false,
  };
}

// --- facts ----------------------------------------------------------------------------------

function citeLevel(m: Mention): CiteLevel {
  return m.kind === "abbr" ? m.agency.abbrCite : m.kind === "name" ? m.agency.nameCite : "no";
}

function newsAgencyTail(p: Place): number {
  if (p.tail === undefined) p.tail = RIGHT_NEWS_AGENCY.exec(p.right)?.[0].length ?? -1;
  return p.tail;
}

function explicit(m: Mention, p: Place): boolean {
  return AGENCY_WORD.test(m.text) || newsAgencyTail(p) >= 0;
}

function isAllCaps(s: string): boolean {
  return s.length > 2 && s === s.toUpperCase();
}

/** Is this mention a person's name or a look-alike in running text, not the agency? */
export function isLookalike(text: string, m: Mention, credit = false): boolean {
  const next = NEXT_WORD.exec(text.slice(m.end, m.end + 40));
  if (next?.[1]) {
    const word = next[1];
    if (STOP_NEXT.has(word.toLowerCase()) && word === word.toLowerCase()) return true;
    const capital = /^\p{Lu}/u.test(word);
    // In a credit line a capital after the agency is a job title ("AP Economics Writer").
    const strict =
      !credit &&
      (m.kind === "abbr" || m.kind === "credit" || (m.agency.personName && !isAllCaps(m.text)));
    if (strict && capital && !ALLOWED_NEXT.has(word) && monthNumber(word) === null) return true;
  }
  return isPersonName(text, m);
}

function isPersonName(text: string, m: Mention): boolean {
  // People's names are not set in capitals in running text: "WAFA" is the agency.
  if (!m.agency.personName || m.kind !== "name" || isAllCaps(m.text)) return false;
  const prev = PREV_WORD.exec(text.slice(Math.max(0, m.start - 40), m.start));
  const word = prev?.[1];
  if (word === undefined || FUNCTION_WORDS.has(word) || /['’]s?$/u.test(word)) return false;
  // A full stop ends the previous sentence, unless the word is a title ("Mr. Bloomberg").
  return !word.endsWith(".") || TITLES.test(word) || /^\p{Lu}\.$/u.test(word);
}

/** Each fact of rules.ts, defined once. */
const FACTS: Readonly<Record<Fact, (m: Mention, p: Place) => boolean>> = {
  creditLine: (_m, p) => p.creditLine,
  bylineParagraph: (_m, p) => p.bylineParagraph,
  lookalike: (m, p) => isLookalike(p.scanned, m, p.creditLine),
  personName: (m, p) => isPersonName(p.scanned, m),
  photoForm: (m) => PHOTO_FORM.test(m.text),
  capitals: (m) => isAllCaps(m.text),
  citable: (m) => citeLevel(m) !== "no",
  citableAlone: (m, p) => citeLevel(m) === "yes" || explicit(m, p),
  explicit,
  citableAloneOrNamed: (m) => citeLevel(m) === "yes" || AGENCY_WORD.test(m.text),
  listable: (m, p) => (citeLevel(m) === "yes" && m.kind === "name") || explicit(m, p),
  saysCites: (m) => m.agency.saidCites || AGENCY_WORD.test(m.text),
  neverAlone: (m) => m.kind === "abbr" && m.agency.abbrCite === "no",
  firstClause: (m, p) => m.start < p.clauseEnd,
  shortAbbreviation: (m) => m.kind === "abbr" && m.text.length <= 2,
  datelineField: (_m, p) => p.datelineField,
  afterDashDateline: (_m, p) => p.afterDashDateline,
};

function holds(
  rule: { readonly needs?: readonly Fact[]; readonly unless?: readonly Fact[] },
  m: Mention,
  p: Place,
): boolean {
  if (rule.needs?.some((f) => !FACTS[f](m, p))) return false;
  return !rule.unless?.some((f) => FACTS[f](m, p));
}

// --- the readers ----------------------------------------------------------------------------

/** Start of a context match, skipping the one boundary character some patterns consume. */
function matchStart(m: RegExpExecArray): number {
  const lead = /^[^\p{L}]?\s*/u.exec(m[0]);
  return m.index + (lead ? lead[0].length : 0);
}

const KIND_BIT: Readonly<Record<MentionKind, number>> = {
  name: 1,
  abbr: 2,
  credit: 4,
  dateline: 8,
  company: 16,
  other: 32,
};

/** A table row with its kinds as a bit mask and its facts resolved, made once per table. */
interface CompiledRule {
  readonly rule: MentionRule;
  readonly kinds: number;
  readonly needs: readonly FactTest[];
  readonly unless: readonly FactTest[];
}

type FactTest = (m: Mention, p: Place) => boolean;

function allHold(facts: readonly FactTest[], m: Mention, p: Place): boolean {
  for (const fact of facts) if (!fact(m, p)) return false;
  return true;
}

function anyHolds(facts: readonly FactTest[], m: Mention, p: Place): boolean {
  for (const fact of facts) if (fact(m, p)) return true;
  return false;
}

const compiledTables = new WeakMap<readonly MentionRule[], readonly CompiledRule[]>();

function compiledTable(rules: readonly MentionRule[]): readonly CompiledRule[] {
  let table = compiledTables.get(rules);
  if (table === undefined) {
    table = rules.map((rule) => ({
      rule,
      kinds: (rule.kinds ?? FULL_FORMS).reduce((mask, k) => mask | KIND_BIT[k], 0),
      needs: (rule.needs ?? []).map((f) => FACTS[f]),
      unless: (rule.unless ?? []).map((f) => FACTS[f]),
    }));
    compiledTables.set(rules, table);
  }
  return table;
}

/** The left context within `window` characters; one slice per mention and window size. */
function leftWithin(p: Place, window: number | undefined): string {
  if (window === undefined || window >= p.left.length) return p.left;
  if (p.windowed?.window !== window) p.windowed = { window, left: p.left.slice(-window) };
  return p.windowed.left;
}

/** The first rule of `rules` that applies to the mention settles it. */
export function applyMentionRules(
  rules: readonly MentionRule[],
  m: Mention,
  p: Place,
  hits: Hit[],
): void {
  const bit = KIND_BIT[m.kind];
  for (const { rule, kinds, needs, unless } of compiledTable(rules)) {
    if ((kinds & bit) === 0) continue;
    if (!allHold(needs, m, p) || anyHolds(unless, m, p)) continue;
    const left = leftWithin(p, rule.window);
    let lm: RegExpExecArray | null = null;
    if (rule.left) {
      if (rule.hint && !rule.hint.test(left)) continue;
      lm = rule.left.exec(left);
      if (lm === null) continue;
    }
    let rm: RegExpExecArray | null = null;
    if (rule.right) {
      rm = rule.right.exec(p.right);
      if (rm === null) continue;
    }
    if (rule.role === null) return;
    // Checked only once the rule matched: the guard is the dearer pattern.
    if (rule.dropIf?.test(left)) return;
    const leftStart = p.leftStart + p.left.length - left.length;
    const from = rule.from ?? (lm ? "left" : "mention");
    const start =
      lm === null || from === "mention"
        ? m.start
        : from === "left-exact"
          ? leftStart + lm.index
          : leftStart + matchStart(lm);
    const to = rule.to ?? (rm ? "right" : "mention");
    let end = m.end;
    if (to === "right" && rm) end += rm[0].length;
    else if (to === "tail") end += Math.max(0, newsAgencyTail(p));
    else if (rule.extend) end += rule.extend.exec(p.right)?.[0].length ?? 0;
    evidence(hits, p, {
      rule: rule.name,
      agency: m.agency,
      kind: m.kind,
      role: rule.role,
      start,
      end,
      confidence: rule.confidence ?? "plain",
      formOnly: rule.formOnly,
    });
    return;
  }
}

/** Each mention's characters as MARK_FIRST MARK_REST...: same length, agencies one token. */
export function markMentions(text: string, mentions: readonly Mention[], base = 0): string {
  let out = "";
  let at = 0;
  for (const m of mentions) {
    out += text.slice(at, m.start - base) + MARK_FIRST + MARK_REST.repeat(m.end - m.start - 1);
    at = m.end - base;
  }
  return out + text.slice(at);
}

function dated(m: RegExpExecArray): boolean {
  return Boolean(m.groups?.date ?? m.groups?.day);
}

/** What a dateline rule credits: a bracketed or slashed group, or one mention. */
interface DatelineUnit {
  readonly unit: DatelineRule["unit"];
  readonly start: number;
  readonly end: number;
  readonly mention?: Mention;
}

/** The zone's groups in order, then its mentions that start early enough. */
function* datelineUnits(zone: string, mentions: readonly Mention[]): Generator<DatelineUnit> {
  DATELINE_GROUP.lastIndex = 0;
  for (let g = DATELINE_GROUP.exec(zone); g !== null; g = DATELINE_GROUP.exec(zone)) {
    const end = g.index + g[0].length;
    yield { unit: "group", start: g.index, end };
  }
  for (const m of mentions) {
    if (m.start > DATELINE_MENTION_MAX) break;
    yield { unit: "mention", start: m.start, end: m.end, mention: m };
  }
}

/** The agencies a rule credits in a unit: a group of agencies only, or the one mention. */
function credited(
  zone: string,
  u: DatelineUnit,
  rule: DatelineRule,
  mentions: readonly Mention[],
): readonly Mention[] {
  if (u.mention) return rule.kinds.includes(u.mention.kind) ? [u.mention] : [];
  const inner = mentions.filter(
    (m) => m.start > u.start && m.end < u.end && rule.kinds.includes(m.kind),
  );
  if (inner.length === 0) return inner;
  const content = markMentions(zone.slice(u.start + 1, u.end - 1), inner, u.start + 1);
  return ONLY_AGENCIES.test(content) ? inner : [];
}

/**
 * A dateline at the start of `zone` (addresses masked): groups first, in order, then single
 * mentions; the first rule that applies to a unit gives its agencies the origin. True when one
 * was found.
 */
export function applyDatelineRules(
  rules: readonly DatelineRule[],
  zone: string,
  mentions: readonly Mention[],
  c: PlaceContext,
  hits: Hit[],
): boolean {
  const inZone = mentions.filter((m) => m.end <= zone.length);
  if (inZone.length === 0) return false;
  const lead = zone.length - zone.trimStart().length;
  for (const u of datelineUnits(zone, inZone)) {
    // Rows of one unit share their reads (a dated and an undated row test the same prefix).
    const befores = new Map<RegExp, RegExpExecArray | null>();
    const afters = new Map<RegExp, RegExpExecArray | null>();
    const read = (
      cache: Map<RegExp, RegExpExecArray | null>,
      re: RegExp,
      text: string,
    ): RegExpExecArray | null => {
      if (!cache.has(re)) cache.set(re, re.exec(text));
      return cache.get(re) ?? null;
    };
    for (const rule of rules) {
      if (rule.unit !== u.unit) continue;
      const agencies = credited(zone, u, rule, inZone);
      if (agencies.length === 0 || !agencies.every((m) => holds(rule, m, place(m, c)))) continue;
      const before = read(befores, rule.before, zone.slice(0, u.start));
      if (before === null || (rule.dated && !dated(before))) continue;
      if (read(afters, rule.after, zone.slice(u.end)) === null) continue;
      for (const m of agencies) {
        const span = rule.span === "mention" ? m : { start: lead, end: u.end };
        evidence(hits, c, {
          rule: rule.name,
          agency: m.agency,
          kind: m.kind,
          role: "origin",
          start: span.start,
          end: span.end,
          confidence: rule.confidence,
          formOnly: rule.formOnly,
        });
      }
      return true;
    }
  }
  return false;
}

function signing(mentions: readonly Mention[]): Mention[] {
  const kinds: readonly MentionKind[] = SIGN_OFF_KINDS;
  return mentions.filter((m) => kinds.includes(m.kind));
}

/**
 * A sign-off: `line` (addresses masked; its mentions with offsets from `base`) is, or ends in,
 * agency names only. True when a rule matched.
 */
export function applyLineRules(
  rules: readonly LineRule[],
  line: string,
  mentions: readonly Mention[],
  base: number,
  source: Source,
  hits: Hit[],
): boolean {
  const usable = signing(mentions);
  if (usable.length === 0) return false;
  const marked = markMentions(line, usable, base);
  for (const rule of rules) {
    const match = rule.pattern.exec(marked);
    if (match === null) continue;
    const start = match.index + (match[0].length - match[0].trimStart().length);
    const end = match.index + match[0].trimEnd().length;
    for (const m of usable) {
      if (m.start - base < start) continue;
      evidence(hits, source, {
        rule: rule.name,
        agency: m.agency,
        kind: m.kind,
        role: "origin",
        start: base + start,
        end: base + end,
        confidence: rule.confidence,
        formOnly: true,
        signOff: true,
      });
    }
    return true;
  }
  return false;
}

/** Is `line` only agency names ("Associated Press", "— AFP"), with its mentions from `base`? */
export function isSignOffLine(line: string, mentions: readonly Mention[], base: number): boolean {
  const usable = signing(mentions);
  return usable.length > 0 && SIGN_OFF.test(markMentions(line, usable, base));
}
