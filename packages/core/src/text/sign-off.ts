import { agencyFormAt } from "./agency-forms.js";

/**
 * Agency sign-offs: a closing line made only of an agency's name or abbreviation (any agency
 * in the registry) with dashes, `=`, desk initials, codes, a timestamp or an e-mail address:
 * `-- BERNAMA`, `--IANS`, `==Kyodo`, `AAP mt/jd`, `PTI SLB RHL`, `UPI 06-14-24 1212PDT`,
 * `AFP sn`, `dpa al rmo hct`. A scanner over one short line, not a pattern over the body.
 */
const MAX_SIGN_OFF = 160;

const LEAD = new Set([..." \t-\u2013\u2014=_*([/>|~\u2022"]);
const JOIN = new Set(["/", ",", "&", "+", "-"]);
const CLOSE = new Set([..." )].=/-\u2013\u2014:|"]);

// What may follow the agency: desk initials (`mt/jd`, `sn`, `bur-kd`), reporters' initials in
// capitals (PTI's `SLB RHL`), codes with digits (`a3`, `1212PDT`, `06-14-24`, `12:12`) and an
// e-mail address (Yonhap's `jhpark@yna.co.kr`). Each token is short: a sentence is not.
const DESK_INITIALS = /^[a-z]{1,5}(?:-[a-z]{1,5}){0,3}[.,]?$/;
const CAPS_INITIALS = /^[A-Z]{1,4}$/;
const CODE = /^[A-Za-z]{0,4}\d[\w:.-]{0,14}$/;
export const EMAIL = /^[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}$/;
// Short words that make a line a sentence ("AFP is here", "Reuters could not verify it").
const SENTENCE_WORDS: ReadonlySet<string> = new Set([
  "a",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "but",
  "by",
  "can",
  "could",
  "did",
  "do",
  "for",
  "from",
  "had",
  "has",
  "have",
  "he",
  "her",
  "his",
  "if",
  "in",
  "is",
  "it",
  "its",
  "may",
  "no",
  "not",
  "of",
  "on",
  "or",
  "said",
  "says",
  "she",
  "so",
  "that",
  "the",
  "then",
  "they",
  "this",
  "to",
  "told",
  "was",
  "we",
  "were",
  "who",
  "will",
  "with",
  "would",
  "you",
  "und",
  "der",
  "die",
  "das",
  "le",
  "la",
  "les",
  "et",
  "el",
  "los",
  "y",
  "que",
  "il",
  "di",
  "e",
  "o",
  "em",
]);

// End words some agencies close on: Lusa's `Lusa/Fim`, `dpa/Ende`.
const END_WORDS: ReadonlySet<string> = new Set([
  "end",
  "ends",
  "fim",
  "fin",
  "fine",
  "ende",
  "slut",
  "kraj",
  "konec",
]);

function tailToken(token: string): boolean {
  if (EMAIL.test(token) || END_WORDS.has(token.toLowerCase())) return true;
  if (SENTENCE_WORDS.has(token.toLowerCase())) return false;
  return DESK_INITIALS.test(token) || CAPS_INITIALS.test(token) || CODE.test(token);
}

/** Is the line a sign-off that names an agency of the registry? */
export function isAgencySignOff(line: string): boolean {
  if (line.length === 0 || line.length > MAX_SIGN_OFF) return false;
  let i = 0;
  while (i < line.length && LEAD.has(line.charAt(i))) i++;
  let agencies = 0;
  for (;;) {
    const len = agencyFormAt(line, i);
    if (len === 0) break;
    agencies++;
    i += len;
    // Joined credits: "AFP/Reuters", "NTB-AFP-DPA", "dpa and Reuters".
    let k = i;
    while (line.charAt(k) === " ") k++;
    if (JOIN.has(line.charAt(k))) k++;
    else if (line.startsWith("and ", k)) k += 4;
    else break;
    while (line.charAt(k) === " ") k++;
    if (agencyFormAt(line, k) === 0) break;
    i = k;
  }
  if (agencies === 0) return false;
  if (reporterSlashes(line.slice(i).trimEnd())) return true;
  while (i < line.length && CLOSE.has(line.charAt(i))) i++;
  const rest = line.slice(i).trim();
  if (rest.length === 0) return true;
  if (/[!?]$/.test(rest)) return false;
  if (STAFF_CREDIT.test(rest)) return true;
  return isDeskCodes(rest);
}

/** A line of desk initials and codes only (`NAZ SHR`, `ABC // XYZ`, `ksk/dpb`, `a3 sk`). */
export function isDeskCodes(line: string): boolean {
  if (line.length === 0 || line.length > 80) return false;
  const tokens = line.split(/[\s/]+/).filter((t) => t.length > 0);
  return tokens.length > 0 && tokens.length <= 10 && tokens.every(tailToken);
}

// Agerpres's `AGERPRES/(AS - autor: Ioana Marin, editor: Mihai Stan)`: the desk code, then the
// author and the editor, labelled, in brackets after the agency.
const STAFF_CREDIT =
  /^\((?:\p{Lu}{1,5}\s?[-\u2013]\s?)?(?:autor|author|editor|redactor|reporter)\s?:[^()]{1,160}\)$/iu;

// WAM's `WAM/Ahmed Nour/Hassan Ali`: reporter and editor after the agency, each after a slash.
// Two slashes at least: one slash and a name is a photo credit ("REUTERS/Jane Doe").
const NAME_SEGMENT = /^\p{Lu}[\p{L}.'\u2019-]*(?: \p{Lu}[\p{L}.'\u2019-]*){0,3}$/u;

function reporterSlashes(rest: string): boolean {
  if (!rest.startsWith("/")) return false;
  const names = rest.slice(1).split("/");
  return names.length >= 2 && names.length <= 4 && names.every((n) => NAME_SEGMENT.test(n.trim()));
}

// Where a run-on sign-off starts: " --", " —", " –", "==", " =", " -", and a bracketed credit
// after the last sentence (ANSA's "... she said. (ANSA).", PNA's "... centers. (PNA)").
const RUN_ON_START = /(?:\s(?:--?|[\u2013\u2014=])|==|[\u2013\u2014]|\s(?=\())\s?(?=\S)/g;
const RUN_ON_WINDOW = 80;

/**
 * A sign-off run on at the end of the last paragraph ("... the minister said. -- BERNAMA"):
 * the paragraph without it and the sign-off, or null. Only the last 80 characters are read.
 */
export function splitRunOnSignOff(p: string): { kept: string; signOff: string } | null {
  const from = Math.max(0, p.length - RUN_ON_WINDOW);
  const tail = p.slice(from);
  RUN_ON_START.lastIndex = 0;
  for (let m = RUN_ON_START.exec(tail); m; m = RUN_ON_START.exec(tail)) {
    const at = from + m.index;
    const kept = p.slice(0, at).trim();
    const signOff = p.slice(at).trim();
    // The story must have ended before the sign-off: a full stop, a quote or a bracket.
    if (kept.length > 0 && /[.!?"'\u201d\u2019)\]]$/.test(kept) && isAgencySignOff(signOff)) {
      return { kept, signOff };
    }
  }
  return null;
}
