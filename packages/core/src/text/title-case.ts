import { isAgencyAcronym } from "./agency-forms.js";
import { trimEndChars } from "./clean-text.js";

/**
 * Acronyms a wire line in capitals carries that are not agencies (agencies come from the
 * registry). Data, not branches: add to it, never to the code.
 */
const ACRONYMS: ReadonlySet<string> = new Set([
  "EU",
  "UN",
  "US",
  "USA",
  "UK",
  "UAE",
  "NATO",
  "TV",
  "BBC",
  "CNN",
  "NHK",
  "KBS",
  "ABC",
  "CBS",
  "NBC",
  "RTL",
  "ZDF",
  "ARD",
  "ORF",
  "SRF",
  "RAI",
  "NOS",
  "YLE",
  "SVT",
  "NRK",
  "DR",
  "RTE",
  "FIFA",
  "UEFA",
  "IOC",
  "WHO",
  "IMF",
  "OPEC",
  "ASEAN",
  "G7",
  "G20",
  "II",
  "III",
  "IV",
  "VI",
  "VII",
  "VIII",
  "IX",
  "XI",
  "XII",
]);

/** Lower-case particles inside a name or place: "Rio de Janeiro", "Ana van der Berg". */
const PARTICLES: ReadonlySet<string> = new Set([
  "and",
  "of",
  "de",
  "del",
  "della",
  "da",
  "das",
  "do",
  "dos",
  "du",
  "des",
  "di",
  "van",
  "von",
  "der",
  "den",
  "ter",
  "te",
  "la",
  "le",
  "el",
  "es",
  "al",
  "y",
  "e",
  "und",
  "on",
  "upon",
  "sur",
  "am",
  "an",
  "bin",
  "binti",
  "bint",
]);

const VOWEL = /[AEIOUYÀ-ÖØ-Ý]/u;

/** A token in capitals that stays so: a registry acronym, a listed one, or one no name could be. */
function keepsCapitals(token: string): boolean {
  if (isAgencyAcronym(token) || ACRONYMS.has(token)) return true;
  // Three or more letters without a vowel ("NTB", "RTBF") are read letter by letter.
  return token.length >= 3 && /^\p{Lu}+$/u.test(token) && !VOWEL.test(token);
}

function capitalise(segment: string): string {
  if (segment.length === 0) return segment;
  if (keepsCapitals(segment)) return segment;
  const lower = segment.toLowerCase();
  // "O'BRIEN" -> "O'Brien", "MCDONALD" stays "Mcdonald": only apostrophes and dots open a name.
  let out = "";
  let start = true;
  for (const ch of lower) {
    out += start ? ch.toUpperCase() : ch;
    start = ch === "'" || ch === "\u2019" || ch === ".";
  }
  return out;
}

/**
 * A line set in capitals ("JOHN MARSH AND ANA LOPEZ", "RIO DE JANEIRO", "NTB-AFP-DPA") as a
 * reader writes it: words capitalised, particles lower case after the first word, acronyms kept.
 * Text that already has lower-case letters is returned as it is. One pass, linear.
 */
export function titleCaseCaps(text: string): string {
  if (/\p{Ll}/u.test(text)) return text;
  let out = "";
  let word = 0;
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && text.charAt(j) !== " ") j++;
    const token = text.slice(i, j);
    if (token.length > 0) {
      const bare = trimEndChars(token, ",;:()", false);
      const lower = bare.toLowerCase();
      if (word > 0 && PARTICLES.has(lower) && !ACRONYMS.has(bare)) {
        out += lower + token.slice(bare.length);
      } else {
        // Hyphenated and slashed compounds: each part on its own ("NTB-AFP-DPA", "JEAN-PIERRE").
        out += token
          .split(/([-/])/u)
          .map((part) => (part === "-" || part === "/" ? part : capitaliseWord(part)))
          .join("");
      }
      word++;
    }
    if (j < text.length) out += " ";
    i = j + 1;
  }
  return out;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function capitaliseWord(part: string): string {
  // Keep punctuation around the letters: "(AP)", "ST.", "JR.,"
  let start = 0;
  while (start < part.length && !LETTER_OR_DIGIT.test(part.charAt(start))) start++;
  let end = part.length;
  while (end > start && !LETTER_OR_DIGIT.test(part.charAt(end - 1))) end--;
  return part.slice(0, start) + capitalise(part.slice(start, end)) + part.slice(end);
}
