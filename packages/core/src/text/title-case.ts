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

/**
 * A token in capitals that stays so: a registry acronym, a listed one, one no name could be, or
 * Greek. Greek capitals drop the accents (tonos, dialytika) that its lower case must carry:
 * `ΑΘΗΝΑ` is correctly spelt, `Αθηνα` is not, and `Αθήνα` cannot be recovered without a lexicon.
 */
function keepsCapitals(token: string): boolean {
  if (isAgencyAcronym(token) || ACRONYMS.has(token)) return true;
  if (/^\p{Script=Greek}+$/u.test(token)) return true;
  // Three or more Latin letters without a vowel ("NTB", "RTBF") are read letter by letter; the
  // vowel test knows Latin only, so Cyrillic ("МОСКВА") is title-cased.
  return (
    token.length >= 3 &&
    /^\p{Script=Latin}+$/u.test(token) &&
    /^\p{Lu}+$/u.test(token) &&
    !VOWEL.test(token)
  );
}

// The first letter of a name and every letter after an apostrophe or a full stop:
// "O'BRIEN" -> "O'Brien", "J.R." -> "J.R."; "MCDONALD" stays "Mcdonald".
const NAME_START = /(^|['\u2019.])(\p{Ll})/gu;

function capitalise(segment: string): string {
  if (segment.length === 0 || keepsCapitals(segment)) return segment;
  return segment
    .toLowerCase()
    .replace(NAME_START, (_m, pre: string, c: string) => pre + c.toUpperCase());
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Keep punctuation around the letters: "(AP)", "ST.", "JR.,". */
function capitaliseWord(part: string): string {
  let start = 0;
  while (start < part.length && !LETTER_OR_DIGIT.test(part.charAt(start))) start++;
  let end = part.length;
  while (end > start && !LETTER_OR_DIGIT.test(part.charAt(end - 1))) end--;
  if (start === end) return part;
  return part.slice(0, start) + capitalise(part.slice(start, end)) + part.slice(end);
}

/**
 * Capitals whose only lower-case words are particles: AP's `RAHUL VERMANI and TASNEEM QADRI`,
 * `MARIA DE LA CRUZ y PEDRO RUIZ`. At least one word in capitals of two letters or more.
 */
function capsButParticles(text: string): boolean {
  let caps = false;
  for (const token of text.split(" ")) {
    const bare = trimEndChars(token, ",;:()", false);
    if (!/\p{Ll}/u.test(bare)) {
      if (/\p{Lu}.*\p{Lu}/u.test(bare)) caps = true;
    } else if (!PARTICLES.has(bare)) return false;
  }
  return caps;
}

/**
 * A line set in capitals ("JOHN MARSH AND ANA LOPEZ", "RIO DE JANEIRO", "NTB-AFP-DPA") as a
 * reader writes it: words capitalised, particles lower case after the first word, acronyms kept;
 * each part of a hyphenated or slashed compound on its own ("JEAN-PIERRE", "NTB-AFP-DPA").
 * Text that already has lower-case letters outside its particles is returned as it is. One left-to-right scan; text a
 * part leaves unchanged is copied in runs, not piece by piece.
 */
export function titleCaseCaps(text: string): string {
  if (/\p{Ll}/u.test(text) && !capsButParticles(text)) return text;
  let out = "";
  let copied = 0;
  let word = 0;
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && text.charAt(j) !== " ") j++;
    if (j > i) {
      const token = text.slice(i, j);
      const bare = trimEndChars(token, ",;:()", false);
      const lower = bare.toLowerCase();
      if (word > 0 && PARTICLES.has(lower) && !ACRONYMS.has(bare)) {
        out += text.slice(copied, i) + lower;
        copied = i + bare.length;
      } else {
        let a = i;
        while (a < j) {
          let b = a;
          while (b < j && text.charAt(b) !== "-" && text.charAt(b) !== "/") b++;
          if (b > a) {
            const part = text.slice(a, b);
            const cased = capitaliseWord(part);
            if (cased !== part) {
              out += text.slice(copied, a) + cased;
              copied = b;
            }
          }
          a = b + 1;
        }
      }
      word++;
    }
    i = j + 1;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
