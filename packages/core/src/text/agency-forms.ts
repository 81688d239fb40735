import { AGENCIES, type AgencyDefinition } from "../data/agencies.js";

/**
 * The written forms of every agency in the registry, as the text rules need them: a credit in
 * a dateline (`SEOUL, Nov 26 AFP -`, `(tca/dpa)`), a closing sign-off (`-- BERNAMA`, `AAP mt/jd`)
 * and the acronyms title-casing must keep (`NTB-AFP-DPA`). Derived once at module load from
 * `data/agencies.ts` (names as given and in capitals, abbreviations and credits exactly), so a
 * new registry entry is known here without touching this file.
 */
const FORMS = new Set<string>();
const CAPITALS = new Set<string>();

const REGISTRY: readonly AgencyDefinition[] = AGENCIES;
for (const agency of REGISTRY) {
  const names = agency.names;
  const abbreviations = agency.abbreviations ?? [];
  const credits = agency.credits ?? [];
  for (const name of names) {
    FORMS.add(name);
    FORMS.add(name.toUpperCase());
  }
  for (const form of [...abbreviations, ...credits]) {
    FORMS.add(form);
    // "dpa" is dpa's own spelling; "DPA" is how a capitalised credit line prints it.
    if (!/\s/.test(form)) CAPITALS.add(form.toUpperCase());
  }
  for (const name of names) if (/^\p{Lu}{2,}$/u.test(name)) CAPITALS.add(name);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Longest first, so "Kyodo News" wins over "Kyodo"; whitespace inside a name matches one space
// (callers pass cleaned, single-spaced text). Sticky: tried at one position, never scanned.
const FORM_AT = new RegExp(
  `(?:${[...FORMS]
    .sort((a, b) => b.length - a.length)
    .map((f) => escapeRegex(f).replace(/\s+/g, " "))
    .join("|")})(?![\\p{L}\\p{N}])`,
  "uy",
);

/** The length of the registry form that starts at `at` in `text` (0 when none does). */
export function agencyFormAt(text: string, at: number): number {
  if (at > 0 && /[\p{L}\p{N}]/u.test(text.charAt(at - 1))) return 0;
  FORM_AT.lastIndex = at;
  const m = FORM_AT.exec(text);
  return m ? m[0].length : 0;
}

/** Is `text`, exactly, a registry form (`AFP`, `Kyodo`, `KYODO`, `Press Trust of India`)? */
export function isAgencyForm(text: string): boolean {
  return FORMS.has(text);
}

/**
 * `tca/dpa`, `AFP/Reuters`, `NTB-AFP-DPA`: one or more credits joined by `/`, `-`, `,`, `&` or
 * `+`, at least one of them a registry form and the others short credit-like tokens.
 */
export function isAgencyCredit(text: string): boolean {
  if (text.length === 0 || text.length > 60) return false;
  if (FORMS.has(text)) return true;
  const parts = text.split(/\s*[/,&+]\s*|-(?=\p{L})/u);
  if (parts.length < 2 || parts.length > 5) return false;
  let known = 0;
  for (const part of parts) {
    if (FORMS.has(part)) known++;
    else if (!/^(?:\p{Lu}[\p{L}.]{0,15}|\p{Ll}{2,6})$/u.test(part)) return false;
  }
  return known > 0;
}

/** An acronym title-casing keeps in capitals: a registry abbreviation or credit (`NTB`, `AFP`). */
export function isAgencyAcronym(token: string): boolean {
  return CAPITALS.has(token);
}
