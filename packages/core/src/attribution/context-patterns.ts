import { MONTH_PATTERN } from "../text/dates.js";

/**
 * The phrasings around an agency mention that the rule tables (rules.ts) name. Left-context
 * patterns end in `$` and run on at most LEFT_WINDOW characters before the mention;
 * right-context patterns start with `^` and run on at most RIGHT_WINDOW characters after it;
 * line patterns run on one trailer or paragraph whose mentions are marked (see `AGENCY`). Every
 * repetition is bounded or anchored, and the windows are short, so no input can make these
 * backtrack badly.
 */
export const LEFT_WINDOW = 120;
export const RIGHT_WINDOW = 140;
/** A citation's trigger and qualifiers fit in a short window; a short window keeps it cheap. */
export const CITE_WINDOW = 80;
/** A byline's "with"/"former" before the agency. */
export const BYLINE_WINDOW = 30;

/**
 * A mention marked in a line: its first character becomes U+E000, the rest U+E001, so a marked
 * line keeps every offset of the original and a pattern reads "an agency" as one token.
 */
export const MARK_FIRST = "\uE000";
export const MARK_REST = "\uE001";
const AGENCY = `${MARK_FIRST}${MARK_REST}*`;

/** `source` with every lower-case letter also matching its capital: a case-blind part of a case-sensitive pattern. */
function caseless(source: string): string {
  return source.replace(/\p{Ll}/gu, (c) => `[${c}${c.toUpperCase()}]`);
}

// Month names from the one month table (text/dates.ts), as printed: "May", "MAY", "may", "Sept.".
const MONTH = caseless(MONTH_PATTERN);

// --- datelines -------------------------------------------------------------------------------

// A dateline place: capitalised words with the usual lower-case particles ("Rio de Janeiro",
// "Dar es Salaam"), optional region in brackets ("[India]", "(Jammu and Kashmir)") or after a
// comma ("JAKARTA, Indonesia"), several places joined by slashes ("WASHINGTON/LONDON").
const CAP_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’.]*(?:-\p{L}[\p{L}\p{M}'’.]*){0,3}`;
const PARTICLE = "(?:de|da|do|dos|das|du|des|del|la|le|les|es|al|el|au|of|am|an|der|di|and|y|e)";
const PLACE = `${CAP_WORD}(?: (?:${CAP_WORD}|${PARTICLE})){0,5}`;
const REGION = String.raw`(?:\s?\((?:${PLACE})\)|\s?\[(?:${PLACE})\])`;
const PLACES = String.raw`${PLACE}(?:\s?/\s?${PLACE}){0,3}${REGION}{0,2}(?:, ${PLACE}${REGION}{0,2})?`;
// "March 4", "4 March", "4th of March", German "4. März", a year after either, ISO, numeric.
// Spanish and Portuguese "5 de febrero de 2024", Hungarian year first "2024. április 24.".
const DATE = String.raw`(?:(?:${MONTH} \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th|\.)? (?:of |de )?${MONTH})(?:,? (?:de )?\d{4}\.?)?|\d{4}\. ${MONTH} \d{1,2}\.?(?:, \p{L}{3,12})?|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?)`;
const DASH = "[-—–]";

/**
 * Text before a bracketed agency credit: nothing, a place with an optional date (group `date` or
 * `day`), or a date alone (UPI's `June 14 (UPI) --`).
 */
export const DATELINE_PREFIX = new RegExp(
  String.raw`^\s*(?:(?:${PLACES}[,.]?\s?)?(?<date>${DATE})[,.]?\s?|${PLACES}(?:,\s?(?<day>\d{1,2})(?=\s?$))?[,.]?\s?)?$`,
  "u",
);
/** Text before an unbracketed agency in a dateline ("TOKYO, Kyodo --", "SYDNEY, Feb 19 AAP -"). */
export const DATELINE_PREFIX_BARE = new RegExp(
  String.raw`^\s*${PLACES}(?:[,.]?\s?(?<date>${DATE}))?[,.]?\s$`,
  "u",
);
/** A dated place and a dash before an unbracketed agency name: "MOSCOW, Nov 27 - RIA Novosti." */
export const DATELINE_PREFIX_DASH = new RegExp(
  String.raw`^\s*${PLACES}[,.]?\s?(?<date>${DATE})\s?${DASH}{1,2}\s?$`,
  "u",
);
/** What follows the agency in that form: a full stop or a dash before the story. */
export const DATELINE_SUFFIX_DASH = new RegExp(String.raw`^(?:\.(?:\s|$)|\s?${DASH}{1,2}\s)`, "u");
/** What may follow a bracketed credit: the dateline dash, or the story itself (PTI style). */
export const DATELINE_SUFFIX = /^(?:\s*(?:-{1,2}|[—–_:]|\.-|\.(?=\s|$))|\s+[\p{Lu}"“‘'(\d]|\s*$)/u;
// Not a hyphen inside a compound ("AFP-Korrespondent"): the dash is followed by a space or the end.
export const DATELINE_SUFFIX_BARE = /^\s*(?:-{1,2}(?![\p{L}\p{N}])|[—–_:]|\.-)/u;
/** A dateline field that is only the agency: nothing but punctuation after it. */
export const DATELINE_SUFFIX_ALONE = /^[\s.,:\-\u2013\u2014]*$/u;
/** Nothing before the mention: it opens the text. */
export const AT_START = /^\s*$/u;
/** Bracketed and slashed groups near the start of a paragraph: "(Reuters)", "/TASS/". */
export const DATELINE_GROUP = /\(([^()\n]{1,60})\)|\[([^[\]\n]{1,60})\]|\/([^/\n]{1,30})\//gu;
/**
 * A group's content, its mentions marked: agencies only. An agency may carry its regional or
 * desk service code ("(dpa/lno)"); several share one credit ("(AFP-JIJI)", "(tca/dpa)").
 */
export const ONLY_AGENCIES = new RegExp(
  String.raw`^\s*${AGENCY}(?:\/[a-z]{2,4})?(?:\s*(?:[/,&+-]|and)\s*${AGENCY}(?:\/[a-z]{2,4})?){0,4}\s*$`,
  "u",
);

// --- sign-offs -------------------------------------------------------------------------------

/**
 * What may open a line that is only a sign-off: dashes ("— AFP"), ANPA's "_", Kyodo's "==", the
 * web desk's "|", Ritzau's and TASS's slashes, brackets.
 */
const SIGN_OFF_OPENERS = ["—", "–", "-", "_", "=", "|", "/", "(", "["];
/**
 * What separates a sign-off from the text before it on one line ("... 2024 — AFP",
 * "Edited by X | Source: ANI"), as pattern alternatives: the dashes and the web desk's "|". A
 * slash is not one: "Name/AFP" is a photo credit.
 */
const SIGN_OFF_SEPARATORS = ["—", "–", String.raw`\s--?`, String.raw`\|`];
/** A label before the agency in a sign-off: "Source: ANI". */
const SIGN_OFF_LABEL = String.raw`Sources?\s*:\s*`;
/** Words that stand for unnamed agencies in a sign-off list: "AFP and agencies". */
const UNNAMED_AGENCIES = ["agencies", "Agencies", "AGENCIES"];
/** What may close a sign-off: brackets, a full stop, Ritzau's closing slash. */
const SIGN_OFF_CLOSERS = String.raw`[\s)\]./]`;

const charClass = (chars: readonly string[]): string =>
  `[\\s${chars.map((c) => c.replace(/[\\[\]^-]/g, "\\$&")).join("")}]`;
const LIST_JOIN = String.raw`\s*(?:[/,&+]|and)\s*`;
const AGENCY_LIST = `${AGENCY}(?:${LIST_JOIN}(?:${AGENCY}|${UNNAMED_AGENCIES.join("|")}))*`;
const OPENERS = `${charClass(SIGN_OFF_OPENERS)}*`;
const SEPARATOR = `(?:${SIGN_OFF_SEPARATORS.join("|")})`;

/** A line that is only agency names: "— AFP", "AFP/Reuters", "==Kyodo", "/ritzau/", "Source: ANI". */
export const SIGN_OFF = new RegExp(
  `^${OPENERS}(?:${SIGN_OFF_LABEL})?${AGENCY_LIST}${SIGN_OFF_CLOSERS}*$`,
  "u",
);
/** An agency sign-off followed by desk codes: "dpa fn xx a3 sk", "IANS/ksk", "dpa/th/bs". */
export const SIGN_OFF_CODES = new RegExp(
  String.raw`^${OPENERS}${AGENCY}(?:(?:\s+|\s*\/\s*)[a-z0-9]{1,5}){1,8}\s*$`,
  "u",
);
/** A sign-off at the end of a longer line: "... from a syndicated feed.) — PTI", "Edited by X | Source: ANI". */
export const TRAILING_SIGN_OFF = new RegExp(
  String.raw`${SEPARATOR}\s*(?:${SIGN_OFF_LABEL})?${AGENCY_LIST}${SIGN_OFF_CLOSERS}*$`,
  "u",
);

// --- citations -------------------------------------------------------------------------------

const ARTICLE = String.raw`(?:(?:the|a|an|la|el|le|der|die)\s+|l['’])`;
const AGENCY_DESCRIPTOR = String.raw`(?:(?:[\p{L}'’-]+\s+){0,4}?(?:news|press)\s+agency|(?:agencia|agência|agenzia|agence)(?:\s+(?:de|di)\s+(?:noticias|notícias|stampa|presse))?|(?:[\p{L}'’-]+\s+){0,3}?(?:newswire|wire\s+service|news\s+service))\s+`;
// "según", "selon", "laut", "secondo", "segundo", "d'après": the same in Spanish, French, German,
// Italian and Portuguese copy.
const CITE_TRIGGER = String.raw`(?:according\s+to|según(?:\s+(?:informó|informa|publicó|publica|reportó|dijo|indicó))?|selon|laut|secondo|segundo|d['’]après|carried\s+by|released\s+by|seen\s+by|reviewed\s+by|obtained\s+by|viewed\s+by|verified\s+by|quoted\s+by|cited\s+by|reported\s+by|polled\s+by|surveyed\s+by|compiled\s+by|conducted\s+by|commissioned\s+by|calculated\s+by|analy[sz]ed\s+by|interviewed\s+by|contacted\s+by|published\s+by|citing|quoting|told|tells|telling|tell|interviews?\s+(?:with|to)|(?:text\s+)?messages?\s+to|(?:phone\s+)?call\s+with|per|comments\s+to|remarks\s+to|speaking\s+to|spoke\s+to|spoke\s+with|speaking\s+with|talking\s+to|talked\s+to|statement\s+to|e-?mail(?:ed)?\s+to|confirmed\s+to|shared\s+with|provided\s+to|sent\s+to|made\s+available\s+to|as\s+reported\s+by|confirmed\s+by|reported\s+(?:earlier|first|previously|exclusively)\s+by|(?:reports?|reporting|story|article|tally|count|analysis|survey|poll|investigation|calculations?|review|estimates?)\s+by|asked\s+by|questioned\s+by|(?:data|figures)\s+from)`;
/** "told Reuters", "according to Reuters". */
export const LEFT_CITE = new RegExp(
  String.raw`(?:^|[^\p{L}])${CITE_TRIGGER}\s+${ARTICLE}?(?:${AGENCY_DESCRIPTOR})?$`,
  "iu",
);
/** "according to the state news agency Xinhua": the trigger and an agency descriptor, explicit for any form. */
export const LEFT_CITE_DESCRIBED = new RegExp(
  String.raw`(?:^|[^\p{L}])${CITE_TRIGGER}\s+${ARTICLE}?${AGENCY_DESCRIPTOR}$`,
  "iu",
);
/** "according to Russia's RIA (news agency)": the trigger with any short qualifier before the mention. */
export const LEFT_CITE_LOOSE = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:${CITE_TRIGGER}|to|by|from|with)\s+(?:(?:the|a|an)\s+)?(?:[\p{L}'’-]+\s+){0,3}?$`,
  "iu",
);

const cased = (words: readonly string[]): string =>
  `(?:${words.map((w) => `${caseless(w.slice(0, 1))}${w.slice(1)}|${w.toUpperCase()}`).join("|")})`;
const NEWS_AGENCY = String.raw`(?:['’]s)?\s+(?:${cased(["state", "state-run", "state-owned", "official", "semi-official", "national", "government"])}\s+)?${cased(["news", "press"])}\s+${cased(["agency"])}\b`;
/** The mention is itself followed by "news agency": an explicit agency reference. */
export const RIGHT_NEWS_AGENCY = new RegExp(`^${NEWS_AGENCY}`, "u");
/** The mention itself says it is an agency ("Xinhua News Agency", "Anadolu Ajansı"). */
export const AGENCY_WORD = /\b(?:[Aa]gency|AGENCY|Agentur|Ajans[iı]|News\s+Service)\b/u;

/** "announced by the state news agency WAM": weaker verbs that cite only with the descriptor. */
export const LEFT_CARRIED_AGENCY =
  /(?:^|[^\p{L}])(?:announced|broadcast|aired|carried|distributed|published|posted|released|run)\s+(?:by|on|in)\s+(?:the\s+)?(?:[\p{L}'’-]+\s+){0,4}?(?:news|press)\s+agency\s+$/iu;
/** "could not be independently verified by Reuters": the agency is not the source. */
export const LEFT_NEGATED =
  /\b(?:not|n't|unable\s+to|never)\s+(?:be\s+|been\s+)?(?:independently\s+|immediately\s+)?(?:verified|confirmed|reached|verify|confirm|reach)\s+(?:by\s+)?(?:the\s+)?$/iu;
/** "This report by The Canadian Press was first published ...": the agency's own tagline. */
export const LEFT_THIS_REPORT = /\bthis\s+(?:report|story|article)\s+(?:by|from)\s+(?:the\s+)?$/iu;

/** "reported by the Financial Times and Bloomberg": the agency closes a list after a trigger. */
export const LEFT_CITE_LIST = new RegExp(
  String.raw`(?:^|[^\p{L}])${CITE_TRIGGER}\s+[^;()\n.]{1,60}?(?:,|\band\b|&)\s+(?:the\s+)?$`,
  "iu",
);
/** After "with AFP" in a credit line: only more names to the end ("With AFP, Reuters"). */
export const RIGHT_LIST_END = /^(?:\s*(?:,|and|&|\/)\s*[^,;()\n]{1,40}?){0,4}\s*[).]?\s*$/u;
/** Copyright text that credits material rather than holding the copyright. */
export const LEFT_MATERIAL =
  /(?:material|content|reporting|reports?|inputs?)\s+(?:from|by)\s+(?:[^;()\n]{0,60}?(?:,|\band\b|&)\s+)?(?:the\s+)?$/iu;

/** "..., reports AFP.", "..., said Reuters": the verb before the agency. */
export const LEFT_INVERTED =
  /,\s*(?:reports?|reported|said|says|writes|wrote|added|adds)\s+(?:the\s+)?$/u;
/** After an inverted verb: the clause ends with the agency. */
export const RIGHT_CLAUSE_END = /^(?:\s*[.,;)]|\s*$)/u;

/**
 * Speaking to the agency ("told APP", "talking to SPA", "confirmed the figures to AFP"): enough
 * even for an abbreviation that otherwise needs a news-agency context.
 */
export const LEFT_TOLD =
  /(?:^|[^\p{L}])(?:told|tells|telling|talking\s+to|talked\s+to|speaking\s+(?:to|with)|spoke\s+(?:to|with)|interviews?\s+(?:with|to)|(?:comments|remarks|statement)\s+to|(?:confirmed|denied|explained|described|revealed|disclosed)\s+(?:[\p{L}'’-]+\s+){1,4}?to)\s+(?:the\s+)?$/iu;

/** Speaking to the agency in Spanish, French, Italian or German copy: "dijo a EFE", "a déclaré à l'AFP", "ha detto all'ANSA", "sagte er der dpa". */
export const LEFT_TOLD_OTHER =
  /(?:^|[^\p{L}])(?:(?:dijo|declaró|confirmó|explicó|aseguró|indicó|contó|afirmó|precisó)\s+(?:[\p{L}'’-]+\s+){0,4}?a\s+(?:la\s+agencia\s+)?|(?:déclaré|confirmé|indiqué|affirmé|expliqué|précisé|dit|raconté|assuré|confié)\s+(?:[\p{L}'’-]+\s+){0,4}?à\s+(?:l['’]|la\s+)?|(?:detto|dichiarato|confermato|spiegato|riferito)\s+(?:[\p{L}'’-]+\s+){0,4}?(?:all['’]|alla\s+|a\s+)|(?:sagte|sagt|erklärte|bestätigte|teilte)\s+(?:[\p{L}'’-]+\s+){0,4}?(?:der|dem)\s+)$/u;
/** German "wie dpa erfuhr", "wie die Deutsche Presse-Agentur berichtete". */
export const LEFT_WIE = /(?:^|[^\p{L}])(?:[Ww]ie|[Ww]as)\s+(?:(?:die|der|das)\s+)?$/u;
export const RIGHT_GERMAN_REPORTED =
  /^\s+(?:erfuhr|erfahren\s+hat|berichtete|berichtet|meldete|meldet|aus\s+\p{L}+\s+erfuhr)\b/u;
/** "the state-run Associated Press of Pakistan said": an official qualifier before the name. */
export const LEFT_STATE =
  /(?:^|[^\p{L}])(?:state|state-run|state-owned|official|semi-official|government-run|government-owned)\s+$/iu;
/** "State media, including Xinhua, said": the agency named in a list of sources. */
export const LEFT_INCLUDING = /(?:^|[^\p{L}])(?:including|such\s+as|among\s+them)\s+(?:the\s+)?$/iu;

/** "state news agency Xinhua (said)", "Russian agencies RIA and Interfax quoted": group 1 = descriptor. */
export const LEFT_AGENCY =
  /(?:^|[^\p{L}])((?:[Nn]ews|NEWS|[Pp]ress|PRESS)\s+(?:[Aa]genc(?:y|ies)|AGENC(?:Y|IES))|(?:\p{Lu}\p{Ll}+|[Ss]tate|[Oo]fficial)\s+agencies|[Nn]ewswire|NEWSWIRE|[Ww]ire\s+[Ss]ervice)\s+$/u;
/** "(news agencies) Interfax and TASS reported": a list continuing to the verb. */
export const RIGHT_LIST_VERB =
  /^(?:(?:,\s*|\s+and\s+)\p{Lu}[\p{L}-]*(?:\s\p{Lu}[\p{L}-]*)?){1,3}\s+(?:said|reported|quoted|cited|say|report)\b/u;
/** "Yonhap, citing a military official, said". */
export const RIGHT_CITING = /^,?\s+(?:citing|quoting)\s/u;
/** "Fars news agency, which is close to the Guards, said". */
export const RIGHT_AGENCY_WHICH =
  /^(?:\s+(?:(?:news|press)\s+)?agency)?,\s+(?:which\s+)?[^,;.]{1,80},\s+(?:said|says|reported|reports|quoted|cited)\b/iu;

// "reported that its (revenue)": the agency reporting on itself.
const NOT_NEWS_OBJECT = String.raw`(?!\s+on\s+\p{Ll}|\s+that\s+its?\b|\s+(?:a|an|its|their|higher|lower|record|quarterly|annual|net|revenues?|profits?|earnings|sales|loss(?:es)?|results|strong|weak|better|worse|(?:first|second|third|fourth)[- ]quarter|\d)\b)`;
const TIME_ADVERB = String.raw`(?:\s*\(\p{Lu}[\p{L}-]{1,10}\))?(?:\s+(?:on\s+\p{Lu}\p{L}+|earlier|later|late\s+on\s+\p{Lu}\p{L}+|last\s+(?:week|month|year)|this\s+week|previously|first|exclusively|also|separately))?`;
const REPORTED = String.raw`${TIME_ADVERB}\s+(?:has\s+|had\s+|have\s+)?(?:reported|reports|quoted|quotes|cited|cites|learned|learnt|revealed|first\s+reported|understands|can\s+reveal|(?:has|had)\s+seen|obtained|reviewed|(?:was|were)\s+told)\b${NOT_NEWS_OBJECT}|${TIME_ADVERB}\s+(?:has\s+|had\s+)?(?:called|projected)\s+(?:the\s+)?(?:race|election|contest|seat)\b|${TIME_ADVERB}\s+(?:has\s+|had\s+)?(?:quoted|quotes|cited|cites)\s+an?\s`;
const SAID = String.raw`${TIME_ADVERB}\s+(?:said|says|added|reported|reports)\b(?!\s+(?:it|its|in\s+a\s+statement|that\s+it)\b)`;
/** "Reuters reported", "AFP quoted ... as saying", "Reuters has learned". */
export const RIGHT_REPORTED = new RegExp(`^(?:${REPORTED})`, "u");
/** "Xinhua said" for agencies whose "said" is a citation; not "said it", "said in a statement". */
export const RIGHT_SAID = new RegExp(`^(?:${SAID})`, "u");
/** "the state-run APP, said": a qualified agency, an optional comma, the verb. */
export const RIGHT_COMMA_REPORTED = new RegExp(`^(?:,(?=\\s))?(?:${REPORTED})`, "u");
export const RIGHT_COMMA_SAID = new RegExp(`^(?:,(?=\\s))?(?:${SAID})`, "u");
/** "(including) the Yonhap news agency, reported": the verb after the agency phrase and a comma. */
export const RIGHT_AGENCY_REPORTED = new RegExp(`^(?:${NEWS_AGENCY})?,?(?:${REPORTED})`, "u");
export const RIGHT_AGENCY_VERB_SAID = new RegExp(`^(?:${NEWS_AGENCY})?,?(?:${SAID})`, "u");
/** "Yonhap news agency said", "the Xinhua news agency reported". */
export const RIGHT_AGENCY_SAID = new RegExp(
  String.raw`^\s+(?:(?:state|state-run|state-owned|official|semi-official|national|government)\s+)?(?:(?:news|press)\s+)?agency${TIME_ADVERB}\s+(?:said|says|reported|reports|quoted|quotes|cited|added)\b`,
  "iu",
);
/** "IRNA, the official news agency, reported". */
export const RIGHT_APPOSITIVE =
  /^,\s+(?:(?:the|a|an)\s+|\p{Lu}\p{L}+['’]s\s+)(?:[\p{L}'’-]+\s+){0,3}?(?:news|press)\s+agency,\s+(?:said|says|reported|reports|quoted|quotes|cited|added)\b/iu;
/** "a Reuters poll", "a Reuters/Ipsos poll", "Reuters calculations", "an AP-NORC survey". */
export const RIGHT_NOUN =
  /^(?:['’]s?)?(?:[/-]\p{Lu}[\p{L}]+)?(?:\s+\p{Ll}[\p{L}-]*)?\s+(?:poll|polls|survey|surveys|tally|count|calculations?|analysis|review|investigation|report|reporting|data|estimates?|interview|exclusive|VoteCast|fact\s+check|fact-check|FactCheck|Fact\s+Check)\b/u;
/** "a Reuters witness said", "an AFP correspondent in Gaza saw". */
export const RIGHT_WITNESS =
  /^(?:['’]s)?\s+(?:reporters?|correspondents?|journalists?|photographers?|cameram[ae]n|witness(?:es)?|videographers?|team|crew)(?:\s+(?:in|at|on|near)\s+(?:the\s+)?[\p{L}-]+(?:\s+\p{Lu}[\p{L}-]*){0,2})?,?\s+(?:who\s+)?(?:said|saw|reported|counted|witnessed|heard|observed|found|confirmed|described|visited|spoke|photographed|filmed|interviewed|was\s+told|were\s+told)\b/u;

/** The mention is what the story is about, not where it came from. */
export const LEFT_SUBJECT =
  /(?:^|[^\p{L}])(?:shares?\s+(?:of|in)|stake\s+in|owns?|owning|owned\s+by|owner\s+of|acquired?|acquiring|acquisition\s+of|bought|buys?|sold|sells?|parent(?:\s+company)?\s+of|merger\s+with|invest(?:ed|s|ing)?\s+in|sued|suing|sues?|lawsuit\s+against|accused|critici[sz]ed|banned|ban\s+on|blocked|expelled|closed|closure\s+of|shut|raided|boss\s+of|chief\s+of|CEO\s+of|head\s+of|editor(?:-in-chief)?\s+(?:of|at)|(?:journalists?|reporters?|correspondents?|photographers?|staff|employees?|workers?)\s+(?:at|for|of|from|with)|work(?:s|ed|ing)?\s+(?:at|for)|joined|bureau\s+of|offices?\s+of|former)\s+(?:the\s+)?(?:[\p{L}'’-]+\s+){0,2}?$/iu;

// --- copyright -------------------------------------------------------------------------------

/** Cheap test before LEFT_COPYRIGHT: most left windows hold no copyright sign at all. */
export const COPYRIGHT_HINT = /©|\([cC]\)|[Cc]opyright|COPYRIGHT|[Cc]opr/u;
export const LEFT_COPYRIGHT =
  /(?:©|\(c\)|copyright|copr\.?)\s*(?:©\s*|\(c\)\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?(?:the\s+)?$/iu;
/** A clause break in a copyright notice: the holder is named before the first one. */
export const CLAUSE_BREAK = /[.;]\s/gu;
/** A full stop that ends a company suffix, not a clause ("Bloomberg L.P. All rights ..."). */
export const COMPANY_SUFFIX_END = /\b(?:L\.P|Inc|Co|Ltd|Corp)$/u;

// --- contributors ----------------------------------------------------------------------------

const LIST_GAP = String.raw`(?:[^;()\n]{0,80}?(?:,|\band\b|&)\s+)?(?:the\s+)?`;
/** "Additional input by", "With inputs from PTI and ANI", "Reporting by", "based on reports from". */
export const LEFT_CONTRIBUTOR = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:(?:additional|further|extra|with|and)\s+)?(?:(?:inputs?|reporting|information|contributions?|material|content|writing|research|reports?|dispatches|wires)(?:\s+(?:from|by)\s+|\s*:\s*)|(?:the\s+)?(?:help|assistance)\s+(?:of|from)\s+)${LIST_GAP}$`,
  "iu",
);
/** "Compiled from AFP and Reuters reports", "compiled by our desk from AFP". */
export const LEFT_COMPILED = new RegExp(
  String.raw`(?:^|[^\p{L}])compiled\s+(?:[^;()\n]{0,40}?\s)?(?:from|with|using)\s+${LIST_GAP}$`,
  "iu",
);
/** "edited from a PTI feed", "taken from an AFP report". */
export const LEFT_FROM_FEED = /\bfrom\s+(?:an?|the)\s+$/iu;
export const RIGHT_FEED = /^\s+(?:feeds?|wires?|copy|reports?|dispatch(?:es)?|story)\b/iu;
/** "(With Reuters inputs)", "with AFP and AP reports": left "with", right "inputs". */
export const LEFT_WITH = new RegExp(String.raw`(?:^|[^\p{L}])with\s+${LIST_GAP}$`, "iu");
export const RIGHT_INPUTS =
  /^(?:['’]s?)?(?:\s*(?:,|and|&)\s*[^;()\n]{0,60}?)?\s+(?:inputs?|reports?|reporting|dispatches|wires?|copy|material)\b/iu;
/** "Associated Press writer X in Y contributed to this report", "AFP contributed reporting". */
export const RIGHT_CONTRIBUTED = /^(?:['’]s)?[^.;\n]{0,100}?\bcontributed\b/iu;
/** A paragraph that is a credit line rather than story text. */
export const TRAILER_START =
  /^\s*(?:[([—–-]|(?:with|additional|compiled|inputs?|reporting|written|edited|based)\b)/iu;
/** Cheap test before TRAILER_ANYWHERE. */
export const TRAILER_HINT = /contributed|[Tt]his (?:report|story|article)/u;
/** The same, anywhere in the paragraph; run only when TRAILER_HINT matched. */
export const TRAILER_ANYWHERE =
  /\bthis\s+(?:report|story|article)\s+(?:by|from)\b|\bcontributed\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)|\bcontributed\s+reporting\b|\bcontributed\.?\s*$/iu;
/** A credit paragraph is short; a long one is story text that happens to say "contributed". */
export const CREDIT_PARAGRAPH_MAX = 400;
/** A byline or credit paragraph ("By X, Reuters", "Associated Press") is shorter still. */
export const BYLINE_PARAGRAPH_MAX = 100;
export const BYLINE_START = /^\s*By\s/u;

// --- bylines ---------------------------------------------------------------------------------

/** "former Reuters correspondent": not the agency's byline now. */
export const LEFT_FORMER = /(?:former|ex-|ex)\s+$/iu;
/** "AP Web Desk", "UNI Bureau": a regional desk named by an abbreviation, not the agency. */
export const RIGHT_DESK = /^(?:\s+\p{Lu}[\p{L}]*){0,2}\s+(?:Desk|DESK|Bureau|BUREAU)\b/u;
/** "By X with AFP", "and Reuters": the agency added to the byline. */
export const LEFT_BYLINE_WITH = /\b(?:with|and|inputs?\s+from)\s+(?:the\s+)?$/iu;

// --- photo credits ---------------------------------------------------------------------------

const CREDIT_NOUN = String.raw`(?:[Pp]hotos?|PHOTOS?|FOTO|[Ff]oto|[Ii]mages?|IMAGES?|[Pp]ictures?|PICTURES?|Wire|WIRE|Media|MEDIA|[Pp]hoto\s+[Ss]ervice)`;
/** The mention is itself a photo credit form ("AP Photo", "AFP PHOTO", "AAP Image"). */
export const PHOTO_FORM = /Photo|PHOTO|Image|IMAGE/u;
/** "REUTERS/Name", "AP Photo/Name", "(Xinhua/Name)"; not "Reuters/Ipsos poll". */
export const RIGHT_SLASH_CREDIT = new RegExp(
  String.raw`^(?:\s+${CREDIT_NOUN})?\s?/\s?(?:\p{Lu}|\p{Ll}{1,3}\s\p{Lu})(?![\p{L}-]*\s+(?:poll|survey|polls|surveys)\b)`,
  "u",
);
/** "Name/PA", "Jane Doe/AFP via Getty Images". */
export const LEFT_SLASH_CREDIT = /[\p{L}.)]\s?\/\s?$/u;
export const RIGHT_CREDIT_END = new RegExp(
  String.raw`^(?:\s+${CREDIT_NOUN})?(?:\s*$|\s*[)\].,;|]|\s+via\b|\s*-\s)`,
  "u",
);
/** "Photo: AFP", "Photo by Jane Doe/AFP", "Picture: AAP", "Credit: Reuters", "... via AFP". */
export const LEFT_PHOTO_KEYWORD =
  /(?:(?:^|[^\p{L}])(?:photo(?:graph)?s?|pictures?|pics?|images?|credits?|courtesy(?:\s+of)?|video|footage|file\s+photo|photo\s+credit)\s*(?::|\bby\b|-|—|–)?\s*(?:[^.()\n]{0,50}?(?:\/|\bvia\b|\bfor\b|,)\s*)?|(?:^|\s)via\s+)(?:the\s+)?$/iu;
/** The same, but only with an explicit keyword and colon, for running text. */
export const LEFT_PHOTO_LABEL =
  /(?:^|[^\p{L}])(?:photo(?:graph)?|picture|image|credit|photo\s+credit)\s*:\s*$/iu;
/** A credit at the very end of a caption: "... on May 16. — Reuters", "... (AFP)". */
export const LEFT_CAPTION_END = /(?:^|[.!?]["”’]?\s+|[—–|([]\s*|\s-{1,2}\s*|:\s*)$/u;
/** What may follow a caption-end credit: a credit noun, "via ...", closing brackets. */
export const RIGHT_CAPTION_TAIL =
  /^(?:\s+(?:[Pp]hotos?|PHOTOS?|[Ii]mages?|IMAGES?|[Pp]ictures?|Wire|WIRE|TV|[Vv]ideo))?(?:\s+via\s+[^()]{1,40})?\s*[)\].]*\s*$/u;

// --- metadata --------------------------------------------------------------------------------

/** Header fields that hold a story's topic, not who sent it. */
export const HEADER_SKIP = /slug|keyword|title|headline|category|subject|note|eds/i;

// --- look-alikes -----------------------------------------------------------------------------

/** The word right after a mention. */
export const NEXT_WORD = /^[ \t]+(\p{L}[\p{L}-]*)/u;
/** The capitalised word right before a mention. */
export const PREV_WORD = /(\p{Lu}[\p{L}'’.-]*) $/u;
/** Titles before a surname: "Mr. Bloomberg" is a person though the title ends in a full stop. */
export const TITLES = /^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|St)\.$/u;

/** Capitalised words that may follow an agency abbreviation without making it something else (months too, see facts). */
export const ALLOWED_NEXT: ReadonlySet<string> = new Set([
  "Photo",
  "Photos",
  "PHOTO",
  "Images",
  "Image",
  "Television",
  "TV",
  "News",
  "Newswire",
  "Newswires",
  "Poll",
  "Radio",
  "Video",
  "Wire",
  "Staff",
  "Writer",
  "Writers",
  "Reporter",
  "Correspondent",
  "Journalist",
  "Photographer",
  "Agency",
  "Exclusive",
  "VoteCast",
  "FactCheck",
  "FOTO",
  "Foto",
  "On",
  "In",
  "That",
  "The",
  "This",
  "It",
  "He",
  "She",
  "They",
  "We",
  "A",
  "An",
  "As",
  "At",
  "By",
  "For",
  "From",
  "To",
  "With",
  "And",
  "But",
  "Or",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
]);

/** Lower-case words after an abbreviation that make it a look-alike ("AP exam", "UPI payments"). */
export const STOP_NEXT: ReadonlySet<string> = new Set([
  "exam",
  "exams",
  "test",
  "tests",
  "class",
  "classes",
  "course",
  "courses",
  "credit",
  "credits",
  "score",
  "scores",
  "student",
  "students",
  "teacher",
  "teachers",
  "government",
  "govt",
  "police",
  "officer",
  "officers",
  "cadre",
  "chief",
  "leader",
  "leaders",
  "chairman",
  "minister",
  "ministers",
  "assembly",
  "party",
  "supporters",
  "workers",
  "member",
  "members",
  "lawmaker",
  "lawmakers",
  "candidate",
  "candidates",
  "cm",
  "mla",
  "mlas",
  "mp",
  "mps",
  "region",
  "university",
  "college",
  "campus",
  "school",
  "program",
  "programme",
  "shares",
  "stock",
  "stake",
  "profit",
  "profits",
  "revenue",
  "earnings",
  "logo",
  "style",
  "stylebook",
  "app",
  "payments",
  "payment",
  "transactions",
  "transaction",
  "id",
  "pin",
  "platform",
  "system",
  "model",
  "models",
  "vaccine",
  "rating",
  "ratings",
  "index",
  "fund",
  "bill",
  "act",
  "rules",
  "regulations",
  "building",
  "tower",
  "plaza",
  "foundation",
  "institute",
  "founder",
  "alliance",
  "coalition",
  "council",
  "committee",
  "ward",
  "district",
  "districts",
  "capital",
]);

/** Words before a surname-like agency name that do not make it a person's name. */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  "The",
  "By",
  "According",
  "Told",
  "To",
  "From",
  "With",
  "Via",
  "Of",
  "In",
  "On",
  "At",
  "And",
  "For",
  "As",
  "Per",
  "Citing",
  "Quoting",
  "Unlike",
  "While",
  "When",
  "Like",
  "Said",
  "Tells",
  "But",
  "Both",
  "Meanwhile",
  "However",
  "Also",
  "Separately",
  "Earlier",
  "Later",
  "Photo",
  "Credit",
  "Picture",
  "Source",
  "Sources",
  "Copyright",
]);
