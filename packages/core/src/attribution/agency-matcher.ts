import { AGENCIES, type AgencyDefinition, type CiteLevel } from "../data/agencies.js";

/**
 * How a matched form names its agency; decides which rules may use it. `dateline` forms count
 * only in a bracketed dateline credit (see data/agencies.ts).
 */
export type MentionKind = "name" | "abbr" | "credit" | "dateline" | "company" | "other";

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

/** A form's first word, the key the word scan looks up. */
const FIRST_WORD = /^[\p{L}\p{N}]+/u;

/** Which list of a registry entry gives which kind, and in which spellings it is matched. */
const FORM_LISTS = [
  { list: "names", kind: "name", capitals: true, lower: true },
  { list: "formerNames", kind: "name", capitals: true, lower: true },
  { list: "abbreviations", kind: "abbr", capitals: false, lower: true },
  { list: "credits", kind: "credit", capitals: false, lower: false },
  { list: "datelineForms", kind: "dateline", capitals: false, lower: false },
  { list: "companies", kind: "company", capitals: true, lower: true },
  { list: "notAgency", kind: "other", capitals: true, lower: false },
] as const satisfies ReadonlyArray<{
  list: keyof AgencyDefinition;
  kind: MentionKind;
  capitals: boolean;
  lower: boolean;
}>;

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
    for (const { list, kind, capitals, lower } of FORM_LISTS) {
      for (const form of def[list] ?? []) {
        add(form, { agency, kind });
        if (capitals) add(form.toUpperCase(), { agency, kind });
        if (lower) lowerForms.set(squash(form).toLowerCase(), agency);
      }
    }
    lowerForms.set(def.id, agency);
    for (const d of def.domains) domains.push([d.toLowerCase(), agency]);
  }
  // One small sticky regex per first word of a form, tried only where that word occurs
  // (see findMentions): a single alternation of every form is ten times slower in V8.
  const byFirstWord = new Map<string, string[]>();
  for (const form of forms.keys()) {
    const first = FIRST_WORD.exec(form)?.[0] ?? form;
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
  // Where a form can start, from the forms themselves: a word opening with one of their capital
  // initials and made of the letters their first words use, or one of the few first words
  // written in lower case ("dpa", "ritzau", "tca"). Literal character sets scan faster than
  // Unicode properties; a candidate cut short by a letter outside them is rejected by AFTER.
  const firsts = [...byFirstWord.keys()];
  const capital = (w: string): boolean => /^\p{Lu}/u.test(w);
  const charSet = (chars: Iterable<string>): string =>
    [...new Set(chars)].map((c) => c.replace(/[\\\]^-]/g, "\\$&")).join("");
  const initials = charSet(firsts.filter(capital).map((w) => w.slice(0, 1)));
  const letters = charSet(firsts.flatMap((w) => [...w.slice(1)]));
  const lower = firsts.filter((w) => !capital(w)).sort((a, b) => b.length - a.length);
  const candidate = new RegExp(`[${initials}][${letters}]*|${lower.map(escapeRe).join("|")}`, "gu");
  domains.sort((a, b) => b[0].length - a[0].length);
  // A domain stands between delimiters of a URL, an address, a URN or a tag URI
  // ("tag:reuters.com,2024:", RFC 4151).
  const domainRe = new RegExp(
    String.raw`(?:^|[\s/.@:])(${domains.map(([d]) => escapeRe(d)).join("|")})(?=$|[\s/:?#"',])`,
    "giu",
  );
  const domainMap = new Map(domains);
  return { forms, lowerForms, byId, starters, candidate, domainRe, domainMap };
}

function rank(kind: MentionKind): number {
  return kind === "other" ? 4 : kind === "company" ? 3 : kind === "name" ? 2 : 1;
}

const compiled = compile(AGENCIES);

/**
 * Every agency form in `text`, left to right, longest form first at each position. A word scan
 * built from the registry finds the few places where a form can start; only there is the
 * combined regex tried, so the cost is one pass over the text plus one anchored attempt per
 * candidate.
 */
export function findMentions(text: string): Mention[] {
  const out: Mention[] = [];
  const scan = compiled.candidate;
  scan.lastIndex = 0;
  for (let w = scan.exec(text); w !== null; w = scan.exec(text)) {
    const re = compiled.starters.get(w[0]);
    if (re === undefined) continue;
    re.lastIndex = w.index;
    const m = re.exec(text);
    if (m === null) continue;
    const entry = compiled.forms.get(squash(m[0]));
    if (!entry) continue;
    const end = m.index + m[0].length;
    out.push({ agency: entry.agency, kind: entry.kind, start: m.index, end, text: m[0] });
    scan.lastIndex = Math.max(scan.lastIndex, end);
  }
  return out;
}

/**
 * A metadata value that names an agency in some other case or as a feed id ("reuters",
 * "nprov:AFP", "www.reuters.com"), when the exact-case scan found nothing.
 */
export function findLooseMentions(value: string): Mention[] {
  const trimmed = value.trim();
  const bare = trimmed.replace(/^[a-z]+:/i, "");
  const direct = compiled.lowerForms.get(squash(bare).toLowerCase());
  if (direct) {
    const start = value.indexOf(bare);
    return [{ agency: direct, kind: "name", start, end: start + bare.length, text: bare }];
  }
  return findDomains(value);
}

/** Registry domains anywhere in a value, as delimited parts of a URL, address, URN or tag. */
function findDomains(value: string): Mention[] {
  const out: Mention[] = [];
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

/** The opening token of an item id and the separator after it: "AAP." in "AAP.20240115.0001". */
const ISSUER_TOKEN = /^\s*([\p{L}\p{N}][\p{L}\p{N}-]{0,23})[.:_]/u;

/**
 * The agency that issued an item id: a registry domain in it ("urn:newsml:afp.com:...",
 * "tag:reuters.com,2024:...") or an opening token that is one of its forms, exact case
 * ("AAP.123", "dpa:20240101:..."). Exact case keeps "rss:feed/1" from naming Nepal's RSS.
 */
export function findIssuer(value: string): Mention[] {
  const domains = findDomains(value);
  if (domains.length > 0) return domains;
  const token = ISSUER_TOKEN.exec(value);
  const form = token?.[1];
  if (form === undefined || token === null) return [];
  const entry = compiled.forms.get(form);
  if (!entry || entry.kind === "other") return [];
  const start = token[0].indexOf(form);
  return [{ agency: entry.agency, kind: entry.kind, start, end: start + form.length, text: form }];
}

export function agencyById(id: string): CompiledAgency | undefined {
  return compiled.byId.get(id);
}

export const AGENCY_COUNT = compiled.byId.size;

/** How many written forms the registry compiles to (each spelling matched counts once). */
export const FORM_COUNT = compiled.forms.size;
