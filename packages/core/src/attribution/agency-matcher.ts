import { AGENCIES, type AgencyDefinition, type CiteLevel } from "../data/agencies.js";

/** How a matched form names its agency; decides which fields and roles it may support. */
export type MentionKind = "name" | "abbr" | "credit" | "company" | "other";

export interface CompiledAgency {
  readonly id: string;
  readonly name: string;
  readonly abbrCite: CiteLevel;
  readonly nameCite: CiteLevel;
  readonly saidCites: boolean;
  readonly personName: boolean;
  /** Matches any of the agency's conflict phrases, or null when it has none. */
  readonly conflicts: RegExp | null;
}

export interface Mention {
  readonly agency: CompiledAgency;
  readonly kind: MentionKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface FormEntry {
  readonly agency: CompiledAgency;
  readonly kind: MentionKind;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** Collapses any whitespace run, so a name broken across a hard-wrapped line still resolves. */
const squash = (s: string): string => s.replace(/\s+/g, " ");

// A form is an agency mention only as a whole word: not inside a longer word, a URL, an email
// address, a handle, or a hyphenated word ("Pre-AP", "dpa0187"). A hyphen followed by a capital
// is allowed ("AP-NORC", "AFP-JIJI"); sentence punctuation after the form is allowed.
const BEFORE = String.raw`(?<![\p{L}\p{N}_@#&]|\p{Ll}-|[\p{L}\p{N}]\.)`;
const AFTER = String.raw`(?![\p{L}\p{N}_@]|-\p{Ll}|\.[\p{L}\p{N}])`;

function compile(defs: readonly AgencyDefinition[]) {
  const forms = new Map<string, FormEntry>();
  const lowerForms = new Map<string, CompiledAgency>();
  const byId = new Map<string, CompiledAgency>();
  const domains: Array<[string, CompiledAgency]> = [];
  const add = (form: string, entry: FormEntry): void => {
    const key = squash(form);
    const existing = forms.get(key);
    // A form listed twice keeps its most specific meaning: notAgency/company beat names.
    if (existing && rank(existing.kind) >= rank(entry.kind)) return;
    forms.set(key, entry);
  };
  for (const def of defs) {
    const conflicts = def.conflicts?.length
      ? new RegExp(
          `${BEFORE}(?:${def.conflicts.map((c) => escapeRe(c).replace(/ /g, "\\s+")).join("|")})${AFTER}`,
          "u",
        )
      : null;
    const agency: CompiledAgency = {
      id: def.id,
      name: def.name,
      abbrCite: def.abbrCite ?? "yes",
      nameCite: def.nameCite ?? "yes",
      saidCites: def.saidCites ?? false,
      personName: def.personName ?? false,
      conflicts,
    };
    byId.set(def.id, agency);
    for (const n of [...def.names, ...(def.formerNames ?? [])]) {
      add(n, { agency, kind: "name" });
      add(n.toUpperCase(), { agency, kind: "name" });
      lowerForms.set(squash(n).toLowerCase(), agency);
    }
    for (const a of def.abbreviations ?? []) {
      add(a, { agency, kind: "abbr" });
      lowerForms.set(a.toLowerCase(), agency);
    }
    for (const c of def.credits ?? []) add(c, { agency, kind: "credit" });
    for (const c of def.companies ?? []) {
      add(c, { agency, kind: "company" });
      add(c.toUpperCase(), { agency, kind: "company" });
      lowerForms.set(squash(c).toLowerCase(), agency);
    }
    for (const o of def.notAgency ?? []) {
      add(o, { agency, kind: "other" });
      add(o.toUpperCase(), { agency, kind: "other" });
    }
    lowerForms.set(def.id, agency);
    for (const d of def.domains) domains.push([d.toLowerCase(), agency]);
  }
  // One small sticky regex per first word of a form, tried only where that word occurs
  // (see findMentions): a single alternation of every form is ten times slower in V8.
  const byFirstWord = new Map<string, string[]>();
  for (const form of forms.keys()) {
    const first = /^[\p{L}\p{N}]+/u.exec(form)?.[0] ?? form;
    const list = byFirstWord.get(first);
    if (list) list.push(form);
    else byFirstWord.set(first, [form]);
  }
  const starters = new Map<string, RegExp>();
  for (const [first, list] of byFirstWord) {
    const alternation = list
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
      .map((f) => escapeRe(f).replace(/ /g, String.raw`\s+`))
      .join("|");
    starters.set(first, new RegExp(`${BEFORE}(?:${alternation})${AFTER}`, "yu"));
  }
  domains.sort((a, b) => b[0].length - a[0].length);
  const domainRe = new RegExp(
    String.raw`(?:^|[\s/.@:])(${domains.map(([d]) => escapeRe(d)).join("|")})(?=$|[\s/:?#"'])`,
    "giu",
  );
  const domainMap = new Map(domains);
  return { forms, lowerForms, byId, starters, domainRe, domainMap };
}

function rank(kind: MentionKind): number {
  return kind === "other" ? 4 : kind === "company" ? 3 : kind === "name" ? 2 : 1;
}

const compiled = compile(AGENCIES);

/**
 * Where a form can start: a capital at an ASCII word start, "Č", or one of the few forms
 * written in lower case ("dpa", "picture alliance/dpa", the "/ritzau/" sign-off). Checked against the first words.
 */
const CANDIDATE = /[A-ZČ][A-Za-z0-9\u00C0-\u024F]*|dpa|picture|ritzau/g;

/**
 * Every agency form in `text`, left to right, longest form first at each position. A plain word
 * scan finds the few places where a form can start; only there is the combined regex tried, so
 * the cost is one pass over the words plus one anchored attempt per candidate.
 */
export function findMentions(text: string): Mention[] {
  const out: Mention[] = [];
  CANDIDATE.lastIndex = 0;
  for (let c = CANDIDATE.exec(text); c !== null; c = CANDIDATE.exec(text)) {
    const re = compiled.starters.get(c[0]);
    if (re === undefined) continue;
    re.lastIndex = c.index;
    const m = re.exec(text);
    if (m === null) continue;
    const entry = compiled.forms.get(squash(m[0]));
    if (!entry) continue;
    const end = m.index + m[0].length;
    out.push({ agency: entry.agency, kind: entry.kind, start: m.index, end, text: m[0] });
    CANDIDATE.lastIndex = Math.max(CANDIDATE.lastIndex, end);
  }
  return out;
}

/**
 * A metadata value that names an agency in some other case or as a feed id ("reuters",
 * "nprov:AFP", "www.reuters.com"), when the exact-case scan found nothing.
 */
export function findLooseMentions(value: string): Mention[] {
  const out: Mention[] = [];
  const trimmed = value.trim();
  const bare = trimmed.replace(/^[a-z]+:/i, "");
  const direct = compiled.lowerForms.get(squash(bare).toLowerCase());
  if (direct) {
    const start = value.indexOf(bare);
    out.push({ agency: direct, kind: "name", start, end: start + bare.length, text: bare });
    return out;
  }
  const re = compiled.domainRe;
  re.lastIndex = 0;
  for (let m = re.exec(value); m !== null; m = re.exec(value)) {
    const domain = m[1] ?? "";
    const agency = compiled.domainMap.get(domain.toLowerCase());
    if (!agency) continue;
    const start = m.index + m[0].length - domain.length;
    out.push({ agency, kind: "name", start, end: start + domain.length, text: domain });
  }
  return out;
}

export function agencyById(id: string): CompiledAgency | undefined {
  return compiled.byId.get(id);
}

export const AGENCY_COUNT = compiled.byId.size;
