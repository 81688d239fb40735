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
const DESK_CODES = /^[a-z][a-z0-9]{0,3}(?:\s+[a-z0-9/]{1,6}){1,8}$/; // dpa fn xx a3 sk, apa gr/ks
// Publisher boilerplate that closes web copy.
const CLOSERS =
  /^(?:our standards:.{0,120}|sign up here\.?|click here.{0,80}|\(?this story has not been edited.{0,200})$/i;
const END_MARKS =
  /^(?:enditem|ends?|\(?end\)?|-?0-|more|-+\s*more\s*-+|[#*_=~-]{3,}|#|\[?end of story\]?)\.?$/i;
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
    CLOSERS.test(p) ||
    DESK_CODES.test(p) ||
    END_MARKS.test(p) ||
    TRANSMISSION.test(p) ||
    FOLLOW.test(p)
  );
}

/** Lines that are never body text wherever they appear. */
export function isSeparator(p: string): boolean {
  return /^[_=~*#-]{3,}$/.test(p);
}

const EDS = /^(?:eds?|editors?(?:'|\u2019)?s? note|note to editors)\s*:\s*(.{1,500})$/i;
// Reuters/AFP desk notes on a rewrite: "(Adds quotes from minister, paragraphs 5-7)".
const DESK_NOTE =
  /^\(((?:adds|updates|corrects|recasts|changes|refiles|repeats|fixes|removes|inserts|deletes|clarifies|rewrites|writes through|moves|new throughout|this story|story corrects|updated|corrected)\b[^()]{0,300})\)$/i;

/** An `Eds:` note to editors, or null. */
export function editorsNote(p: string): string | null {
  const m = EDS.exec(p) ?? DESK_NOTE.exec(p);
  return m?.[1] ? m[1].trim() : null;
}

const BYLINE = /^by\s+(\p{Lu}[^\n]{1,120})$/iu;

/** "By Ana Sousa" → "Ana Sousa"; null for anything that reads like a sentence. */
export function bylineText(p: string): string | null {
  if (p.length > 130) return null;
  const m = BYLINE.exec(p.trim());
  if (!m?.[1]) return null;
  const name = m[1].trim();
  if (/[.!?]["\u201d]?$/.test(name) && !/\b\p{Lu}\.$/u.test(name)) return null;
  if (name.split(/\s+/).length > 16) return null;
  return name;
}

// Reuters/AFP headline prefixes ("UPDATE 2-", "EXCLUSIVE-") and AP "URGENT:" flags.
const VERSION_MARKER =
  /^((?:RPT-|REFILE-|CORRECTED-)?(?:UPDATE|WRAPUP|REFILE|CORRECTED|CORRECTION|RPT|REPEAT|EXCLUSIVE|INSIGHT|ANALYSIS|FACTBOX|BREAKINGVIEWS|FOCUS|EXPLAINER|GRAPHIC|POLL|URGENT|FLASH|BREAKING|TIMELINE|PREVIEW|COLUMN|SPECIAL REPORT|BUZZ|HIGHLIGHTS|NEWSMAKER|INTERVIEW)(?:\s\d{1,2})?)\s?[-:]\s?(?=\S)/;

/** Strips stacked version markers from a headline; returns the markers as found. */
export function stripVersionMarkers(headline: string): { headline: string; markers: string[] } {
  const markers: string[] = [];
  let h = headline;
  for (let i = 0; i < 4; i++) {
    const m = VERSION_MARKER.exec(h);
    if (!m?.[1]) break;
    markers.push(m[1]);
    h = h.slice(m[0].length);
  }
  return { headline: h.trim(), markers };
}
