import { agencyFormAt } from "./agency-forms.js";
import { trimEndChars } from "./clean-text.js";
import { MONTH_PATTERN } from "./dates.js";

/**
 * Recognisers for the lines wire copy carries around the story proper. All patterns are
 * anchored and bounded, and callers only pass single paragraphs.
 */

const MAX_LINE = 600;

// "(Reporting by ...; Editing by ...)", "(With inputs from PTI and ANI)", "(Compiled by ...)"
const PAREN_CREDIT =
  /^[([]\s*(?:additional\s+)?(?:reporting|writing|editing|edited|written|compiled|produced|research|graphics|inputs?|agency inputs?|with (?:additional |agency )?(?:inputs?|reporting|agencies)|with agencies|sources?)\b[^)\]]{0,500}[)\]]\.?$/i;
// "— Additional input by Reuters", "With inputs from agencies", "Additional reporting by X"
const LEAD_CREDIT =
  /^(?:[\u2014\u2013-]+\s*(?:with\s+)?(?:(?:additional|agency|further)\s+)?|(?:with\s+)?(?:additional|agency|further)\s+|with\s+)(?:input|inputs|reporting|information|writing)\s+(?:by|from)\b.{0,400}$/i;
const PLAIN_CREDIT = /^(?:reporting|writing|editing|compiled|additional reporting) by\b.{0,400}$/i;
// A press release's issuer line, after its link: `SOURCE Nordlys Energy ASA` (PR Newswire),
// `http://... SOURCE: Bureau of Coastal Statistics` (Medianet). Capitals only: "Source: ..." in
// running text is a sentence or a sign-off.
const RELEASE_SOURCE = /^(?:(?:https?:\/\/|www\.)\S{1,300}\s+)?SOURCE:?\s+\p{Lu}[^.!?\n]{0,120}$/u;
// "Associated Press writer X contributed to this report.", "... contributed from Paris."
const CONTRIBUTED =
  /\bcontributed(?: (?:to|reporting to) (?:this|the) (?:report|story|article))?(?: from [^.]{1,60})?\.?\)?$/i;
const CONTRIBUTOR_WHO =
  /\b(?:writers?|reporters?|correspondents?|journalists?|staff|contributed (?:to|reporting)|press|news)\b/i;
const AGENCIES_ONLY =
  /^[\u2014\u2013-]*\s*\(?(?:with )?(?:agencies|agency inputs|inputs from agencies|agency reports)\)?\.?$/i;

/**
 * A credit line that belongs in `trailers[]`, not in the body. `atEnd`: the line closes the
 * story, where a bare "Reporting by ..." is a credit too.
 */
export function isTrailer(p: string, atEnd = true): boolean {
  if (p.length > MAX_LINE) return false;
  return (
    PAREN_CREDIT.test(p) ||
    // Mid-story, "With inputs from the ministry, ..." can be a sentence: only a dash-led credit
    // line counts there.
    ((atEnd || /^[\u2014\u2013-]/.test(p)) && LEAD_CREDIT.test(p)) ||
    (atEnd && PLAIN_CREDIT.test(p)) ||
    (atEnd && RELEASE_SOURCE.test(p)) ||
    AGENCIES_ONLY.test(p) ||
    (p.length < 300 && CONTRIBUTED.test(p) && CONTRIBUTOR_WHO.test(p))
  );
}

const COPYRIGHT = /^[([]?\s*(?:copyright\b|\u00a9|\(c\)\s)/i;

export function isCopyright(p: string): boolean {
  return p.length <= MAX_LINE && COPYRIGHT.test(p);
}

/** "(Copyright 2024 ...)" as printed, without the enclosing parentheses. */
export function copyrightText(p: string): string {
  const t = p.trim();
  return /^\(.*\)\.?$/.test(t) ? t.replace(/^\(\s*/, "").replace(/\s*\)\.?$/, "") : t;
}

// str/jj/phz, mdr/ach, bur-kd/sea
const SIGN_OFF = /^[a-z]{2,5}(?:-[a-z]{2,5})?(?:\/[a-z0-9]{1,5}(?:-[a-z]{2,5})?){1,6}$/i;
// Lower case only: KUNA's dotted `kns.gta`, a desk's initials alone (Interfax's `kk`).
const DOTTED_OR_LONE_INITIALS = /^(?:[a-z]{2,5}(?:\.[a-z]{2,5}){1,3}|[a-z]{2,3})$/;
// Initials closed by slashes: BTA's `/VE/`, PAP's `mjk/ mhr/`.
const SLASHED_INITIALS = /^\/?(?:[a-z]{2,5}\s?\/\s?){1,6}$/i;
const DESK_CODES = /^[a-z][a-z0-9]{0,3}(?:\s+[a-z0-9/]{1,6}){1,8}$/; // dpa fn xx a3 sk, apa gr/ks
// Publisher boilerplate that closes web copy.
const CLOSERS =
  /^(?:our standards:.{0,120}|sign up here\.?|click here.{0,80}|\(?this story has not been edited.{0,200})$/i;
const END_MARKS =
  /^(?:(?:enditem|ends?|fim|fin|ende|kraj|konec)(?:\s?\/\s?[a-z]{1,6}){0,4}|\(?end\)?|-?0-|more|-+\s*more\s*-+|[#*_=~-]{3,}|#|\[?end of story\]?|nnnn|zczc|\(?(?:ende|fin|fine|fim|slut|kraj|konec|vége)\)?|(?:\*\s?){3,}|[=_~*#-]{3,}\s?(?:\p{Lu}\.){1,4})\.?$/iu;
// dpa's and APA's `(Schluss)`, `(Ende)`, alone or with the desk's initials: `(Schluss) ab/sf`.
const END_WITH_INITIALS =
  /^\((?:schluss|ende|end|fin|fine|fim|slut|kraj|konec|vége)\)(?:\s+[a-z]{1,5}(?:\s?\/\s?[a-z]{1,5}){0,5})?$/i;
// Agency message counters: IRNA's `9417**2050`, `#0412`. Not a row of figures (a results table
// ends in those).
const NUMERIC_CODE = /^(?:\d{2,6}\*{1,3}\d{2,6}(?:\*{1,3}\d{1,6})?|#\d{3,8})$/;
// dpa/7901 filing times: `212322 GMT Nov 18`, `242200 GMT Jun 17`, `1422 GMT`.
const FILING_TIME =
  /^\d{4,6}\s?(?:GMT|UTC|Z|[A-Z]{3})(?:\s+\p{L}{3,9}\.?\s+\d{1,2}(?:,?\s+\d{4})?)?$/u;
// AP-WF-04-23-24 0312GMT, BC-Storm-Texas 0412GMT
const TRANSMISSION =
  /^[A-Z]{2,4}(?:-[A-Z0-9]{1,8}){1,6}(?:\s+\d{3,4}(?:GMT|UTC|Z|[A-Z]{3})?)?\s*[<=]?$/;
const FOLLOW =
  /^(?:follow|read more|read|more on|see more|watch|sign up|subscribe|find more|for more)\b.{0,250}(?:https?:\/\/|www\.|\bcoverage\b|newsletter|@\w)/i;

/** Sign-offs, end marks, transmission codes, promo lines: dropped at the end of the body. */
export function isBoilerplate(p: string): boolean {
  if (p.length > 300) return false;
  return (
    SIGN_OFF.test(p) ||
    DOTTED_OR_LONE_INITIALS.test(p) ||
    SLASHED_INITIALS.test(p) ||
    END_WITH_INITIALS.test(p) ||
    CLOSERS.test(p) ||
    DESK_CODES.test(p) ||
    END_MARKS.test(p) ||
    FILING_TIME.test(p) ||
    NUMERIC_CODE.test(p) ||
    TRANSMISSION.test(p) ||
    FOLLOW.test(p)
  );
}

/** Lines that are never body text wherever they appear. */
export function isSeparator(p: string): boolean {
  return /^[_=~*#-]{3,}$/.test(p);
}

const EDS =
  /^\(?(?:eds?|editors?(?:'|\u2019)?s? note|note to editors|attn|attention)\s*:\s*(.{1,500}?)\)?$/i;
// Reuters/AFP desk notes on a rewrite: "(Adds quotes from minister, paragraphs 5-7)".
const DESK_NOTE =
  /^\(((?:adds|updates|corrects|recasts|changes|refiles|repeats|fixes|removes|inserts|deletes|clarifies|rewrites|writes through|moves|new throughout|this story|story corrects|updated|corrected)\b[^()]{0,300})\)$/i;

/** An `Eds:` note to editors, or null. */
export function editorsNote(p: string): string | null {
  const m = EDS.exec(p) ?? DESK_NOTE.exec(p);
  return m?.[1] ? m[1].trim() : null;
}

/**
 * Byline prefixes by language: English "By", German "Von", French "Par", Spanish and Portuguese
 * "Por", Italian "Di", Dutch "Door", Swedish/Norwegian "Av", Danish "Af". Data: a language is
 * one more entry.
 */
const BYLINE_PREFIXES: readonly string[] = ["by", "von", "par", "por", "di", "door", "av", "af"];
const BYLINE_PREFIX = new RegExp(`^(?:${BYLINE_PREFIXES.join("|")})\\s+(?=\\S)`, "i");
const NAME_WORD =
  /^(?:\p{Lu}[\p{L}.'\u2019-]*,?|\p{Lu}\.|and|und|et|y|e|i|og|en|of|de|da|di|del|della|dos|du|van|von|der|den|ter|le|la|al|bin|binti)$/u;

/** The byline's name part without its prefix, or null: `Von Anna Schmidt, dpa` → `Anna Schmidt, dpa`. */
export function stripBylinePrefix(text: string): string | null {
  const m = BYLINE_PREFIX.exec(text);
  return m ? text.slice(m[0].length) : null;
}

/**
 * "By Ana Sousa" → "Ana Sousa", "Von Anna Schmidt, dpa" → "Anna Schmidt, dpa", "By dpa
 * correspondents =" → "dpa correspondents"; null for anything that reads like a sentence
 * ("By Tuesday, the water had receded.", "Par ailleurs, ...", "Von Montag an gilt ...").
 */
export function bylineText(p: string): string | null {
  if (p.length > 130) return null;
  const t = trimEndChars(p.trim(), "=", true);
  const prefix = BYLINE_PREFIX.exec(t);
  if (!prefix) return null;
  const english = prefix[0].trim().toLowerCase() === "by";
  const name = t.slice(prefix[0].length).trim();
  if (name.length < 2 || !/^[\p{L}"\u201c]/u.test(name)) return null;
  if (/[.!?]["\u201d]?$/.test(name) && !/\b\p{Lu}\.$/u.test(name)) return null;
  const words = name.split(/\s+/);
  if (words.length > 16) return null;
  // "By" opens a byline in English copy even before an agency or desk ("By dpa correspondents").
  // Other languages' prefixes are ordinary words too, so there the name must read as a name.
  if (english) return /^\p{Lu}/u.test(name) || isAgencyCreditStart(name) ? name : null;
  const [person, ...affiliation] = name.split(/,\s*/);
  const personWords = (person ?? "").split(/\s+/);
  if (personWords.length > 8 || !personWords.every((w) => NAME_WORD.test(w))) return null;
  if (!/^\p{Lu}/u.test(person ?? "")) return null;
  return affiliation.every((a) => a.length <= 60) ? name : null;
}

// A web desk's byline stamped with the time of filing, no "By": Anadolu's
// `Ahmet Kaya  |04.11.2024 - Update : 04.11.2024`, `Jane Doe | 12 March 2024 10:05`.
const BYLINE_STAMP =
  /^(\p{Lu}[\p{L}.'\u2019-]*(?: (?:\p{Lu}[\p{L}.'\u2019-]*|de|da|van|von|al|bin|el)){1,4})\s*\|\s*(.{6,70})$/u;
const STAMP_DATE = new RegExp(
  `^(?:\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}|\\d{4}-\\d{2}-\\d{2}|(?:${MONTH_PATTERN})\\s+\\d{1,2}|\\d{1,2}\\.?\\s+(?:${MONTH_PATTERN}))`,
  "i",
);

/** The name of a byline stamped with a filing time (`Ahmet Kaya |04.11.2024 - Update : ...`), or null. */
export function bylineStamp(p: string): string | null {
  if (p.length > 130) return null;
  const m = BYLINE_STAMP.exec(p.trim());
  if (!m?.[1] || !m[2] || !STAMP_DATE.test(m[2].trim())) return null;
  return m[1];
}

function isAgencyCreditStart(name: string): boolean {
  return agencyFormAt(name, 0) > 0;
}

// Contact blocks: Bloomberg's "To contact the reporter on this story: ...", press contacts,
// "Editor: ..." lines. Addressed to editors, not readers.
const CONTACT =
  /^(?:to contact the (?:reporters?|editors?|writers?|authors?|correspondents?)\b|for (?:more|further) information,? (?:please )?(?:contact|call|email|e-mail)\b|(?:media |press |editorial )?contacts?\s*:|(?:news )?editors?\s*:|reporters?\s*:\s*\p{Lu}[^.!?]{0,80}$|(?:edi\u00e7\u00e3o|edici\u00f3n|redacci\u00f3n)\s*:|(?:duty |desk )?editor\s+on\s+duty\b|redaktion\s*:|kontakt\s*:|contact presse\s*:|contacto\s*:)/iu;

/** A contact line ("To contact the reporter ...", "Editor: ..."), kept as an editors' note. */
export function isContactLine(p: string): boolean {
  return p.length <= MAX_LINE && CONTACT.test(p);
}

// Related-links headers and promo lines, in the languages agencies file in.
const RELATED =
  /^(?:related(?: news| coverage| stories| articles| content| links| reading| topics)?|see also|read also|also read|read more|more (?:stories|news|on this(?: story)?)|internet links|web links|links|lesen sie auch|mehr zum thema|weitere informationen|weiterf\u00fchrende links|voir aussi|lire aussi|\u00e0 lire aussi|leia tamb\u00e9m|veja tamb\u00e9m|ver tamb\u00e9n|lea tamb\u00e9n|le puede interesar|leggi anche)\s*(?:[:\u2013\u2014|>-]\s*(.{0,300}))?$/i;

/**
 * A related-links line: `header` when it only opens a list ("Related news:"), `promo` when it
 * carries the link or headline itself ("ALSO READ: Flood toll rises to 12"), else null.
 */
export function relatedLine(p: string): "header" | "promo" | null {
  if (p.length > 320) return null;
  const m = RELATED.exec(trimEndChars(p, "#* ", false).replace(/^[#*\s]+/, ""));
  if (!m) return null;
  return m[1]?.trim() ? "promo" : "header";
}

/** A list item under a related-links header: a bullet, a link, or a short line that is no sentence. */
export function isLinkItem(p: string): boolean {
  if (p.length > 400) return false;
  if (/^(?:[-*\u2022\u25aa\u25cf]\s|\[)|https?:\/\/|www\./.test(p)) return true;
  return p.length <= 200 && !/[.!?]["\u201d\u2019]?$/.test(p);
}

// "This report by The Canadian Press was first published Nov. 26, 2024.", "This story was
// originally published by ...", "A version of this story first appeared in ...".
const FIRST_PUBLISHED =
  /^(?:this (?:report|story|article|item|piece) (?:by|from) [^.]{1,80}? was (?:first|originally) (?:published|distributed|posted)\b|this (?:report|story|article|item|piece) (?:was|has been) (?:first |originally )?(?:published|distributed|posted)\b|(?:an? (?:earlier )?version of )?this (?:story|article|report|piece) (?:first |originally )?appeared\b|(?:first|originally) published (?:in|on|by)\b)/i;

/** A "first published" note: a credit line, kept with the trailers. */
export function isFirstPublished(p: string): boolean {
  return p.length <= MAX_LINE && FIRST_PUBLISHED.test(p);
}

// dpa's "The following information is not intended for publication" and its equivalents: all
// that follows is for the desk.
const NOT_FOR_PUBLICATION =
  /^(?:the following (?:information|material|notes?|text|details) (?:is|are) not (?:intended )?for publication|not for publication|(?:die )?(?:folgenden? )?informationen? (?:sind|ist) nicht (?:zur|f\u00fcr die) ver\u00f6ffentlichung(?: bestimmt)?|nicht zur ver\u00f6ffentlichung|ne pas publier|pas pour publication|no (?:es )?para (?:su )?publicaci\u00f3n|no publicar|non per la pubblicazione|n\u00e3o (?:\u00e9 )?para publica\u00e7\u00e3o)\b/i;
// dpa's `# Notebook`, `## Note to editors`: the desk's notes, to the end of the copy.
const NOTEBOOK =
  /^#{1,3}\s*(?:notebook|notizblock|notes? to editors|note for editors|hinweis(?:e)? an die redaktion|redaktionelle hinweise)\s*:?$/i;

/** A line after which the copy is for the desk only ("not intended for publication", `# Notebook`). */
export function opensDeskBlock(p: string): boolean {
  return p.length <= 200 && (NOT_FOR_PUBLICATION.test(p) || NOTEBOOK.test(p));
}
