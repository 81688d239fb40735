import {
  AGENCY_ROLES,
  type AgencyAttribution,
  type AgencyRole,
  EVIDENCE_FIELDS,
  type Evidence,
  type EvidenceField,
  type NormalizedStory,
} from "@newswire/schemas";
import {
  type CompiledAgency,
  findLooseMentions,
  findMentions,
  type Mention,
} from "./agency-matcher.js";
import {
  ALLOWED_NEXT,
  DATELINE_GROUP,
  DATELINE_PREFIX,
  DATELINE_PREFIX_BARE,
  DATELINE_PREFIX_DASH,
  DATELINE_SUFFIX,
  DATELINE_SUFFIX_BARE,
  DATELINE_SUFFIX_DASH,
  FUNCTION_WORDS,
  LEFT_AGENCY,
  LEFT_CAPTION_END,
  LEFT_CARRIED_AGENCY,
  LEFT_CITE,
  LEFT_CITE_LIST,
  LEFT_CITE_LOOSE,
  LEFT_COMPILED,
  LEFT_CONTRIBUTOR,
  LEFT_COPYRIGHT,
  LEFT_FROM_FEED,
  LEFT_INCLUDING,
  LEFT_INVERTED,
  LEFT_MATERIAL,
  LEFT_NEGATED,
  LEFT_PHOTO_KEYWORD,
  LEFT_PHOTO_LABEL,
  LEFT_SLASH_CREDIT,
  LEFT_STATE,
  LEFT_SUBJECT,
  LEFT_THIS_REPORT,
  LEFT_TOLD,
  LEFT_TOLD_OTHER,
  LEFT_WIE,
  LEFT_WINDOW,
  LEFT_WITH,
  MASKED_SPANS,
  ONLY_AGENCIES,
  RIGHT_AGENCY_SAID,
  RIGHT_AGENCY_WHICH,
  RIGHT_APPOSITIVE,
  RIGHT_CITING,
  RIGHT_CONTRIBUTED,
  RIGHT_CREDIT_END,
  RIGHT_FEED,
  RIGHT_GERMAN_REPORTED,
  RIGHT_INPUTS,
  RIGHT_LIST_END,
  RIGHT_LIST_VERB,
  RIGHT_NEWS_AGENCY,
  RIGHT_NOUN,
  RIGHT_REPORTED,
  RIGHT_SAID,
  RIGHT_SLASH_CREDIT,
  RIGHT_WINDOW,
  RIGHT_WITNESS,
  SIGN_OFF,
  SIGN_OFF_CODES,
  STOP_NEXT,
  TRAILER_ANYWHERE,
  TRAILER_START,
  TRAILING_SIGN_OFF,
} from "./context-patterns.js";

interface Hit {
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
  readonly signOff?: boolean;
}

type Add = (hit: Omit<Hit, "text">, source: string) => void;

const ROLE_RANK = new Map<AgencyRole, number>(AGENCY_ROLES.map((r, i) => [r, i]));
const FIELD_RANK = new Map<EvidenceField, number>(EVIDENCE_FIELDS.map((f, i) => [f, i]));
const AGENCY_WORD = /\b(?:[Aa]gency|AGENCY|Agentur|Ajans[iı]|News\s+Service)\b/u;
const NEXT_WORD = /^[ \t]+(\p{L}[\p{L}-]*)/u;
const CITE_WINDOW = 80;
const COPYRIGHT_HINT = /©|\([cC]\)|[Cc]opyright|COPYRIGHT|[Cc]opr/u;
const TITLES = /^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Prof|Rev|St)\.$/u;
const PREV_WORD = /(\p{Lu}[\p{L}'’.-]*) $/u;
const HEADER_SKIP = /slug|keyword|title|headline|category|subject|note|eds/i;
const PHOTO_FORM = /Photo|PHOTO|Image|IMAGE/u;
const RIGHT_CAPTION_TAIL =
  /^(?:\s+(?:[Pp]hotos?|PHOTOS?|[Ii]mages?|IMAGES?|[Pp]ictures?|Wire|WIRE|TV|[Vv]ideo))?(?:\s+via\s+[^()]{1,40})?\s*[)\].]*\s*$/u;
const LEFT_FORMER = /(?:former|ex-|ex)\s+$/iu;
/** "AP Web Desk", "UNI Bureau": a regional desk named by an abbreviation, not the agency. */
const RIGHT_DESK = /^(?:\s+\p{Lu}[\p{L}]*){0,2}\s+(?:Desk|DESK|Bureau|BUREAU)\b/u;
const LEFT_BYLINE_WITH = /\b(?:with|and|inputs?\s+from)\s+(?:the\s+)?$/iu;

/**
 * Which news agencies stand behind a story and how, each with the evidence that says so.
 *
 * Evidence offsets are into the field's own text: `body` is `paragraphs.join("\n\n")`;
 * `caption` is the caption's `text`, except photo credits found in a caption's separate
 * `credit` string, whose offsets are into that `credit` string; `trailer` is the one trailer
 * string; `metadata` and `header` are the one metadata or header value.
 */
export function attributeAgencies(story: NormalizedStory): AgencyAttribution[] {
  const hits: Hit[] = [];
  const add: Add = (hit, source) => {
    hits.push({ ...hit, text: source.slice(hit.start, hit.end) });
  };
  scanMetadata(story, add);
  if (story.dateline.raw) scanDatelineZone(story.dateline.raw, "dateline", true, add);
  if (story.byline) scanByline(story.byline, add);
  scanBody(story.paragraphs, add);
  if (story.dateline.raw) scanSplitDashDateline(story.dateline.raw, story.paragraphs[0], add);
  for (const caption of story.captions) scanCaption(caption.text, caption.credit, add);
  for (const trailer of story.trailers) scanTrailer(trailer, add);
  if (story.copyright) scanCopyright(story.copyright, add);
  return assemble(story, hits);
}

/** Cheap test for anything MASKED_SPANS could match; most copy has no URL or address at all. */
const MASK_HINT = /[@#]|:\/\/|www\.|\.[a-z]{2,6}\b/;

/** A paragraph that is a credit line rather than story text. */
function isTrailerLike(paragraph: string): boolean {
  if (TRAILER_START.test(paragraph)) return true;
  const lower =
    paragraph.includes("contributed") || /[Tt]his (?:report|story|article)/u.test(paragraph);
  return lower && TRAILER_ANYWHERE.test(paragraph);
}

function mask(text: string): string {
  if (!MASK_HINT.test(text)) return text;
  MASKED_SPANS.lastIndex = 0;
  return text.replace(MASKED_SPANS, (s) => " ".repeat(s.length));
}

/** Start of a context match, skipping the one boundary character some patterns consume. */
function matchStart(m: RegExpExecArray): number {
  const lead = /^[^\p{L}]?\s*/u.exec(m[0]);
  return m.index + (lead ? lead[0].length : 0);
}

/** Is this mention a person's name or a look-alike in running text, not the agency? */
function isLookalike(text: string, m: Mention, credit = false): boolean {
  const next = NEXT_WORD.exec(text.slice(m.end, m.end + 40));
  if (next?.[1]) {
    const word = next[1];
    if (STOP_NEXT.has(word.toLowerCase()) && word === word.toLowerCase()) return true;
    const capital = /^\p{Lu}/u.test(word);
    // In a credit line a capital after the agency is a job title ("AP Economics Writer").
    const strict =
      !credit &&
      (m.kind === "abbr" || m.kind === "credit" || (m.agency.personName && !isAllCaps(m.text)));
    if (strict && capital && !ALLOWED_NEXT.has(word)) return true;
  }
  return isPersonName(text, m);
}

function isAllCaps(s: string): boolean {
  return s.length > 2 && s === s.toUpperCase();
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

// --- metadata -------------------------------------------------------------------------------

function metadataMentions(value: string): Mention[] {
  const exact = findMentions(value).filter((m) => m.kind !== "other");
  return exact.length > 0 ? exact : findLooseMentions(value);
}

function scanMetadata(story: NormalizedStory, add: Add): void {
  const md = story.metadata;
  const field = "metadata";
  if (md.distributor) {
    for (const m of metadataMentions(md.distributor))
      add(
        {
          agency: m.agency,
          role: "origin",
          field,
          start: m.start,
          end: m.end,
          confidence: 0.95,
          ambiguous: false,
        },
        md.distributor,
      );
  }
  // A credit line or info-source list naming one agency names the origin; several, the contributors.
  const credited = [md.creditline ?? "", ...md.infoSources].filter((v) => v.length > 0);
  const found = credited.map((value) => ({ value, mentions: metadataMentions(value) }));
  const distinct = new Set(found.flatMap((f) => f.mentions.map((m) => m.agency.id)));
  for (const { value, mentions } of found) {
    for (const m of mentions) {
      const role = distinct.size === 1 ? "origin" : "contributor";
      add(
        {
          agency: m.agency,
          role,
          field,
          start: m.start,
          end: m.end,
          confidence: 0.9,
          ambiguous: false,
        },
        value,
      );
    }
  }
  if (md.copyrightHolder) {
    for (const m of metadataMentions(md.copyrightHolder))
      add(
        {
          agency: m.agency,
          role: "copyright",
          field,
          start: m.start,
          end: m.end,
          confidence: 0.95,
          ambiguous: false,
        },
        md.copyrightHolder,
      );
  }
  for (const [key, value] of Object.entries(md.header)) {
    if (HEADER_SKIP.test(key)) continue;
    for (const m of findMentions(value)) {
      if (m.kind === "other" || m.kind === "company") continue;
      add(
        {
          agency: m.agency,
          role: "origin",
          field: "header",
          start: m.start,
          end: m.end,
          confidence: 0.85,
          ambiguous: false,
        },
        value,
      );
    }
  }
}

// --- datelines ------------------------------------------------------------------------------

/**
 * An agency dateline at the start of `text[from, to)`: "SANTIAGO, March 4 (Reuters) -",
 * "MOSCOW, May 16. /TASS/.", "TOKYO, Kyodo --", "(Bloomberg) --". `standalone` is true for a
 * dateline field on its own, where nothing needs to follow the marker.
 */
function scanDatelineZone(
  source: string,
  field: EvidenceField,
  standalone: boolean,
  add: Add,
  known?: { masked: string; end: number; mentions: readonly Mention[] },
): void {
  const from = 0;
  const zone = known ? known.masked.slice(0, known.end) : mask(source.slice(0, 200));
  const mentions = (known ? known.mentions : findMentions(zone)).filter(
    (m) => m.end <= zone.length && m.kind !== "other" && m.kind !== "company",
  );
  if (mentions.length === 0) return;
  const lead = zone.length - zone.trimStart().length;
  DATELINE_GROUP.lastIndex = 0;
  for (let g = DATELINE_GROUP.exec(zone); g !== null; g = DATELINE_GROUP.exec(zone)) {
    const gStart = g.index;
    const gEnd = g.index + g[0].length;
    const inner = mentions.filter((m) => m.start > gStart && m.end < gEnd);
    if (inner.length === 0) continue;
    let content = "";
    let at = gStart + 1;
    for (const m of inner) {
      content += `${zone.slice(at, m.start)}\uE000`;
      at = m.end;
    }
    content += zone.slice(at, gEnd - 1);
    if (!ONLY_AGENCIES.test(content)) continue;
    const prefix = DATELINE_PREFIX.exec(zone.slice(0, gStart));
    if (!prefix) continue;
    if (!DATELINE_SUFFIX.test(zone.slice(gEnd))) continue;
    const dated = Boolean(prefix[1] ?? prefix[2]);
    for (const m of inner) {
      add(
        {
          agency: m.agency,
          role: "origin",
          field,
          start: from + lead,
          end: from + gEnd,
          confidence: dated ? 0.97 : 0.93,
          ambiguous: !dated && m.kind !== "name",
        },
        source,
      );
    }
    return;
  }
  for (const m of mentions) {
    if (m.start > 120) break;
    // "MOSCOW, Nov 27 - RIA Novosti." : place, date, dash, the agency's full name.
    if (m.kind === "name") {
      const dash = DATELINE_PREFIX_DASH.exec(zone.slice(0, m.start));
      if (dash && DATELINE_SUFFIX_DASH.test(zone.slice(m.end))) {
        add(
          {
            agency: m.agency,
            role: "origin",
            field,
            start: from + lead,
            end: from + m.end,
            confidence: 0.9,
            ambiguous: false,
          },
          source,
        );
        return;
      }
    }
    // Unbracketed, a credit form or a two-letter abbreviation is more likely a US state or an
    // Indian one ("Philadelphia, PA -", "Guntur, AP -") than an agency, unless a date follows the place.
    if (m.kind === "credit") continue;
    const prefix = DATELINE_PREFIX_BARE.exec(zone.slice(0, m.start));
    if (!prefix) continue;
    if (m.kind === "abbr" && m.text.length <= 2 && !prefix[1]) continue;
    const rest = zone.slice(m.end);
    if (!DATELINE_SUFFIX_BARE.test(rest) && !(standalone && /^[\s.,]*$/u.test(rest))) continue;
    const dated = Boolean(prefix[1]);
    add(
      {
        agency: m.agency,
        role: "origin",
        field,
        start: from + lead,
        end: from + m.end,
        confidence: 0.9,
        ambiguous: !dated && m.kind !== "name",
      },
      source,
    );
    return;
  }
}

/**
 * "MOSCOW, Nov 27 - RIA Novosti. The Kremlin ...", split by the parser into the dateline
 * "MOSCOW, Nov 27 -" and a body starting "RIA Novosti. ...": the agency's full name opening the
 * body right after a dated dash dateline is the origin.
 */
function scanSplitDashDateline(raw: string, first: string | undefined, add: Add): void {
  if (first === undefined || !DATELINE_PREFIX_DASH.test(raw)) return;
  const head = first.slice(0, 80);
  const m = findMentions(head)[0];
  if (m?.kind !== "name" || head.slice(0, m.start).trim() !== "") return;
  if (!DATELINE_SUFFIX_DASH.test(head.slice(m.end))) return;
  add(
    {
      agency: m.agency,
      role: "origin",
      field: "body",
      start: m.start,
      end: m.end,
      confidence: 0.88,
      ambiguous: false,
    },
    first,
  );
}

// --- byline ---------------------------------------------------------------------------------

function scanByline(byline: string, add: Add): void {
  const text = mask(byline);
  for (const m of findMentions(text)) {
    if (m.kind === "other" || m.kind === "company" || isPersonName(text, m)) continue;
    // Too ambiguous to stand alone outside a dateline ("By Grace Tan, CNA" is the broadcaster).
    if (m.kind === "abbr" && m.agency.abbrCite === "no") continue;
    if (m.kind === "abbr" && RIGHT_DESK.test(text.slice(m.end, m.end + 40))) continue;
    const left = text.slice(Math.max(0, m.start - 30), m.start);
    if (LEFT_FORMER.test(left)) continue;
    const contributor = LEFT_BYLINE_WITH.test(left);
    add(
      {
        agency: m.agency,
        role: contributor ? "contributor" : "origin",
        field: "byline",
        start: m.start,
        end: m.end,
        confidence: contributor ? 0.8 : 0.9,
        ambiguous: m.kind !== "name",
      },
      byline,
    );
  }
}

// --- body -----------------------------------------------------------------------------------

function scanBody(paragraphs: readonly string[], add: Add): void {
  const body = paragraphs.join("\n\n");
  const text = mask(body);
  const starts: number[] = [];
  let offset = 0;
  for (const p of paragraphs) {
    starts.push(offset);
    offset += p.length + 2;
  }
  const first = paragraphs[0] ?? "";
  const mentions = findMentions(text);
  scanDatelineZone(body, "body", false, add, {
    masked: text,
    end: Math.min(first.length, 200),
    mentions,
  });
  const trailerLike: boolean[] = [];
  let pi = 0;
  for (const m of mentions) {
    if (m.kind === "other") continue;
    while (pi + 1 < starts.length && (starts[pi + 1] ?? 0) <= m.start) pi++;
    const pStart = starts[pi] ?? 0;
    const pEnd = pStart + (paragraphs[pi]?.length ?? 0);
    const left = text.slice(Math.max(pStart, m.start - LEFT_WINDOW), m.start);
    const leftStart = m.start - left.length;
    const right = text.slice(m.end, Math.min(pEnd, m.end + RIGHT_WINDOW));
    const copyright = COPYRIGHT_HINT.test(left) ? LEFT_COPYRIGHT.exec(left) : null;
    if (copyright) {
      add(
        {
          agency: m.agency,
          role: "copyright",
          field: "body",
          start: leftStart + copyright.index,
          end: m.end,
          confidence: 0.93,
          ambiguous: false,
        },
        body,
      );
      continue;
    }
    if (m.kind === "company") continue;
    const paragraph = text.slice(pStart, pEnd);
    let credit = trailerLike[pi];
    if (credit === undefined) {
      credit = paragraph.length < 400 && isTrailerLike(paragraph);
      trailerLike[pi] = credit;
    }
    if (isLookalike(text, m, credit)) continue;
    if (credit && contributorRole(text, m, left, leftStart, right, "body", body, add)) continue;
    if (pi < 2 && pi < paragraphs.length - 1 && bylineParagraph(paragraph, mentions, pStart)) {
      add(
        {
          agency: m.agency,
          role: "origin",
          field: "body",
          start: m.start,
          end: m.end,
          confidence: 0.85,
          ambiguous: m.kind !== "name",
        },
        body,
      );
      continue;
    }
    if (bodyPhoto(m, left, leftStart, right, body, add)) continue;
    citation(m, left, leftStart, right, "body", body, add);
  }
  const lastIndex = paragraphs.length - 1;
  const last = paragraphs[lastIndex];
  if (lastIndex > 0 && last !== undefined) {
    const from = starts[lastIndex] ?? 0;
    signOff(
      last,
      mentions
        .filter((m) => m.start >= from)
        .map((m) => ({ ...m, start: m.start - from, end: m.end - from })),
      "body",
      from,
      body,
      add,
    );
  }
}

/** A short opening paragraph that is only a byline or agency credit ("By X, Reuters", "Associated Press"). */
function bylineParagraph(paragraph: string, mentions: readonly Mention[], pStart: number): boolean {
  if (paragraph.length > 100) return false;
  if (/^\s*By\s/u.test(paragraph)) return true;
  const own = mentions.filter((m) => m.start >= pStart && m.end <= pStart + paragraph.length);
  return own.length > 0 && SIGN_OFF.test(replaceMentions(paragraph, own, pStart));
}

function replaceMentions(text: string, mentions: readonly Mention[], base = 0): string {
  let out = "";
  let at = 0;
  for (const m of mentions) {
    if (m.kind === "other" || m.kind === "company") continue;
    out += `${text.slice(at, m.start - base)}\uE000`;
    at = m.end - base;
  }
  return out + text.slice(at);
}

function citation(
  m: Mention,
  fullLeft: string,
  fullLeftStart: number,
  right: string,
  field: EvidenceField,
  source: string,
  add: Add,
): boolean {
  if (m.kind === "company" || m.kind === "other") return false;
  // A citation's trigger and qualifiers fit in a short window; a short window keeps it cheap.
  const left = fullLeft.slice(-CITE_WINDOW);
  const leftStart = fullLeftStart + fullLeft.length - left.length;
  if (LEFT_NEGATED.test(left)) return false;
  // Credits ("PA", "TT") and ambiguous abbreviations are cited only when the text itself says
  // it means the news agency.
  const level =
    m.kind === "abbr" ? m.agency.abbrCite : m.kind === "name" ? m.agency.nameCite : "no";
  const agencyWord = AGENCY_WORD.test(m.text);
  const newsAgency = RIGHT_NEWS_AGENCY.exec(right);
  const tail = newsAgency ? newsAgency[0].length : 0;
  const explicit = agencyWord || newsAgency !== null;
  const ambiguous = m.kind !== "name";
  const cite = (start: number, end: number, confidence: number): true => {
    // Checked only once a citation matched: the subject guard is the dearer pattern.
    if (!LEFT_SUBJECT.test(left)) {
      add({ agency: m.agency, role: "cited", field, start, end, confidence, ambiguous }, source);
    }
    return true;
  };
  const lc = LEFT_CITE.exec(left);
  if (lc && (level === "yes" || explicit || Boolean(lc[1]))) {
    return cite(leftStart + matchStart(lc), m.end + tail, 0.85);
  }
  const carried = LEFT_CARRIED_AGENCY.exec(left);
  if (carried) return cite(leftStart + matchStart(carried), m.end + tail, 0.8);
  const told = LEFT_TOLD.exec(left) ?? LEFT_TOLD_OTHER.exec(left);
  if (told && level !== "no") return cite(leftStart + matchStart(told), m.end + tail, 0.85);
  const wie = LEFT_WIE.exec(left);
  const german = wie && level !== "no" ? RIGHT_GERMAN_REPORTED.exec(right) : null;
  if (wie && german) return cite(leftStart + matchStart(wie), m.end + german[0].length, 0.8);
  const inverted = LEFT_INVERTED.exec(left);
  if (inverted && (level === "yes" || explicit) && /^(?:\s*[.,;)]|\s*$)/u.test(right)) {
    return cite(leftStart + matchStart(inverted), m.end, 0.8);
  }
  if (level === "yes" || explicit) {
    const list = LEFT_CITE_LIST.exec(left);
    if (list) return cite(leftStart + matchStart(list), m.end + tail, 0.8);
  }
  if (explicit) {
    const loose = LEFT_CITE_LOOSE.exec(left);
    if (loose) return cite(leftStart + matchStart(loose), m.end + tail, 0.8);
  }
  if (explicit) {
    const which = RIGHT_AGENCY_WHICH.exec(right);
    if (which) return cite(m.start, m.end + which[0].length, 0.8);
  }
  const la = LEFT_AGENCY.exec(left);
  if (la) {
    const said =
      RIGHT_SAID.exec(right) ?? RIGHT_REPORTED.exec(right) ?? RIGHT_LIST_VERB.exec(right);
    if (said) return cite(leftStart + matchStart(la), m.end + said[0].length, 0.8);
  }
  if (level !== "no") {
    // "the state-run APP said"; "State media, including Xinhua, said" only for a full name
    // ("parties including PTI said" is the party).
    const qualifier =
      LEFT_STATE.exec(left) ??
      ((level === "yes" && m.kind === "name") || explicit ? LEFT_INCLUDING.exec(left) : null);
    const after = qualifier ? right.replace(/^,(?=\s)/u, "") : "";
    const verb = qualifier ? (RIGHT_REPORTED.exec(after) ?? RIGHT_SAID.exec(after)) : null;
    if (qualifier && verb) {
      return cite(
        leftStart + matchStart(qualifier),
        m.end + (right.length - after.length) + verb[0].length,
        0.8,
      );
    }
  }
  const ra = RIGHT_AGENCY_SAID.exec(right) ?? RIGHT_APPOSITIVE.exec(right);
  if (ra) return cite(m.start, m.end + ra[0].length, 0.8);
  if (explicit) {
    // "(including) the Yonhap news agency, reported": the verb after the agency phrase and a comma.
    const after = right.slice(tail).replace(/^,/u, " ");
    const verb = RIGHT_REPORTED.exec(after) ?? RIGHT_SAID.exec(after);
    if (verb) return cite(m.start, m.end + tail + verb[0].length, 0.75);
  }
  if (level !== "yes" && !agencyWord) return false;
  const rr =
    RIGHT_REPORTED.exec(right) ??
    RIGHT_NOUN.exec(right) ??
    RIGHT_WITNESS.exec(right) ??
    RIGHT_CITING.exec(right);
  if (rr) return cite(m.start, m.end + rr[0].length, 0.8);
  if (m.agency.saidCites || agencyWord) {
    const rs = RIGHT_SAID.exec(right);
    if (rs) return cite(m.start, m.end + rs[0].length, 0.75);
  }
  return false;
}

function bodyPhoto(
  m: Mention,
  left: string,
  leftStart: number,
  right: string,
  source: string,
  add: Add,
): boolean {
  const photo = (start: number, end: number, confidence: number): true => {
    add(
      { agency: m.agency, role: "photo", field: "body", start, end, confidence, ambiguous: false },
      source,
    );
    return true;
  };
  if (PHOTO_FORM.test(m.text)) {
    const slash = RIGHT_SLASH_CREDIT.exec(right);
    return photo(m.start, m.end + (slash ? slash[0].length : 0), 0.9);
  }
  const upper = m.text === m.text.toUpperCase() && m.text.length > 2;
  const slash = RIGHT_SLASH_CREDIT.exec(right);
  if (upper && m.kind === "name" && slash) return photo(m.start, m.end + slash[0].length, 0.9);
  const label = LEFT_PHOTO_LABEL.exec(left);
  if (label) return photo(leftStart + matchStart(label), m.end, 0.9);
  return false;
}

// --- contributors and sign-offs -------------------------------------------------------------

function contributorRole(
  text: string,
  m: Mention,
  left: string,
  leftStart: number,
  right: string,
  field: EvidenceField,
  source: string,
  add: Add,
): boolean {
  const contribute = (start: number, end: number, confidence: number): true => {
    add(
      { agency: m.agency, role: "contributor", field, start, end, confidence, ambiguous: false },
      source,
    );
    return true;
  };
  const own = LEFT_THIS_REPORT.exec(left);
  if (own) {
    add(
      {
        agency: m.agency,
        role: "origin",
        field,
        start: leftStart + matchStart(own),
        end: m.end,
        confidence: 0.9,
        ambiguous: false,
      },
      source,
    );
    return true;
  }
  const lc = LEFT_CONTRIBUTOR.exec(left) ?? LEFT_COMPILED.exec(left);
  if (lc) {
    const tail = RIGHT_INPUTS.exec(right);
    return contribute(leftStart + matchStart(lc), m.end + (tail ? tail[0].length : 0), 0.92);
  }
  const lw = LEFT_WITH.exec(left);
  const ri = lw ? RIGHT_INPUTS.exec(right) : null;
  if (lw && ri) return contribute(leftStart + matchStart(lw), m.end + ri[0].length, 0.92);
  if (lw && RIGHT_LIST_END.test(right)) return contribute(leftStart + matchStart(lw), m.end, 0.85);
  const feed = LEFT_FROM_FEED.exec(left);
  const feedTail = feed ? RIGHT_FEED.exec(right) : null;
  if (feed && feedTail)
    return contribute(leftStart + matchStart(feed), m.end + feedTail[0].length, 0.85);
  const rc = RIGHT_CONTRIBUTED.exec(right);
  if (rc && !isPersonName(text, m)) return contribute(m.start, m.end + rc[0].length, 0.9);
  return false;
}

/** A line that is nothing but agency names ("— AFP", "AFP/Reuters", "dpa fn xx"). */
function signOff(
  line: string,
  mentions: readonly Mention[],
  field: EvidenceField,
  base: number,
  source: string,
  add: Add,
): boolean {
  const usable = mentions.filter((m) => m.kind !== "other" && m.kind !== "company");
  if (usable.length === 0) return false;
  const replaced = replaceMentions(line, usable);
  let signing = usable;
  let lead = line.length - line.trimStart().length;
  if (!SIGN_OFF.test(replaced) && !SIGN_OFF_CODES.test(replaced)) {
    const tail = TRAILING_SIGN_OFF.exec(replaced);
    if (!tail) return false;
    const count = (tail[0].match(/\uE000/gu) ?? []).length;
    signing = usable.slice(-count);
    const first = signing[0];
    if (!first) return false;
    lead = Math.max(
      0,
      line.lastIndexOf("—", first.start),
      line.lastIndexOf("–", first.start),
      line.lastIndexOf("-", first.start),
      line.lastIndexOf("|", first.start),
    );
  }
  for (const m of signing) {
    add(
      {
        agency: m.agency,
        role: "origin",
        field,
        start: base + lead,
        end: base + line.trimEnd().length,
        confidence: 0.8,
        ambiguous: m.kind !== "name",
        signOff: true,
      },
      source,
    );
  }
  return true;
}

function scanTrailer(trailer: string, add: Add): void {
  const text = mask(trailer);
  const mentions = findMentions(text);
  if (signOff(text, mentions, "trailer", 0, trailer, add)) return;
  for (const m of mentions) {
    if (m.kind === "other") continue;
    const left = text.slice(Math.max(0, m.start - LEFT_WINDOW), m.start);
    const leftStart = m.start - left.length;
    const right = text.slice(m.end, m.end + RIGHT_WINDOW);
    const copyright = COPYRIGHT_HINT.test(left) ? LEFT_COPYRIGHT.exec(left) : null;
    if (copyright) {
      add(
        {
          agency: m.agency,
          role: "copyright",
          field: "trailer",
          start: leftStart + copyright.index,
          end: m.end,
          confidence: 0.93,
          ambiguous: false,
        },
        trailer,
      );
      continue;
    }
    if (m.kind === "company" || isLookalike(text, m, true)) continue;
    if (contributorRole(text, m, left, leftStart, right, "trailer", trailer, add)) continue;
    const label = LEFT_PHOTO_LABEL.exec(left);
    if (label) {
      add(
        {
          agency: m.agency,
          role: "photo",
          field: "trailer",
          start: leftStart + matchStart(label),
          end: m.end,
          confidence: 0.9,
          ambiguous: false,
        },
        trailer,
      );
    }
  }
}

// --- captions and copyright -----------------------------------------------------------------

function scanCaption(captionText: string, credit: string | null, add: Add): void {
  if (credit) {
    const creditText = mask(credit);
    for (const m of findMentions(creditText)) {
      if (m.kind === "other" || m.kind === "company" || isPersonName(creditText, m)) continue;
      add(
        {
          agency: m.agency,
          role: "photo",
          field: "caption",
          start: m.start,
          end: m.end,
          confidence: 0.95,
          ambiguous: false,
        },
        credit,
      );
    }
  }
  const text = mask(captionText);
  for (const m of findMentions(text)) {
    if (m.kind === "other" || m.kind === "company" || isLookalike(text, m)) continue;
    const left = text.slice(Math.max(0, m.start - LEFT_WINDOW), m.start);
    const leftStart = m.start - left.length;
    const right = text.slice(m.end, m.end + RIGHT_WINDOW);
    const photo = (start: number, end: number, confidence: number): void => {
      add(
        {
          agency: m.agency,
          role: "photo",
          field: "caption",
          start,
          end,
          confidence,
          ambiguous: false,
        },
        captionText,
      );
    };
    const slash = RIGHT_SLASH_CREDIT.exec(right);
    if (PHOTO_FORM.test(m.text) || slash) {
      photo(m.start, m.end + (slash ? slash[0].length : 0), 0.95);
      continue;
    }
    if (LEFT_SLASH_CREDIT.test(left) && RIGHT_CREDIT_END.test(right)) {
      photo(m.start, m.end, 0.95);
      continue;
    }
    const keyword = LEFT_PHOTO_KEYWORD.exec(left);
    if (keyword) {
      photo(leftStart + matchStart(keyword), m.end, 0.92);
      continue;
    }
    const end = LEFT_CAPTION_END.exec(left);
    if (end && RIGHT_CAPTION_TAIL.test(right)) photo(leftStart + matchStart(end), m.end, 0.88);
  }
}

function scanCopyright(copyright: string, add: Add): void {
  for (const m of findMentions(copyright)) {
    if (m.kind === "other") continue;
    const before = copyright.slice(0, m.start);
    const left = before.slice(-LEFT_WINDOW);
    // The holder is named in the notice's first clause or right after "Copyright"/"©"; a later
    // clause may credit material instead ("... All rights reserved; contains material from Reuters").
    const material = LEFT_MATERIAL.exec(left);
    if (material) {
      const start = m.start - left.length + matchStart(material);
      add(
        {
          agency: m.agency,
          role: "contributor",
          field: "copyright",
          start,
          end: m.end,
          confidence: 0.85,
          ambiguous: false,
        },
        copyright,
      );
      continue;
    }
    const laterClause = /[.;]\s/u.test(before.replace(/\b(?:L\.P|Inc|Co|Ltd|Corp)\./gu, ""));
    if (laterClause && !LEFT_COPYRIGHT.test(left)) continue;
    add(
      {
        agency: m.agency,
        role: "copyright",
        field: "copyright",
        start: m.start,
        end: m.end,
        confidence: 0.97,
        ambiguous: false,
      },
      copyright,
    );
  }
}

// --- assembly -------------------------------------------------------------------------------

function assemble(story: NormalizedStory, hits: Hit[]): AgencyAttribution[] {
  if (hits.length === 0) return [];
  const storyText = [
    story.headline,
    story.standfirst ?? "",
    ...story.paragraphs,
    ...story.captions.map((c) => c.text),
  ].join("\n");
  const conflicted = new Map<string, boolean>();
  const kept = hits.filter((h) => {
    if (!h.ambiguous || !h.agency.conflicts) return true;
    let c = conflicted.get(h.agency.id);
    if (c === undefined) {
      c = h.agency.conflicts.test(storyText);
      conflicted.set(h.agency.id, c);
    }
    return !c;
  });
  // A sign-off is the origin only when it is the story's sole origin signal.
  const signOffAgencies = new Set(kept.filter((h) => h.signOff).map((h) => h.agency.id));
  const otherOrigin = kept.some(
    (h) => h.role === "origin" && !h.signOff && !signOffAgencies.has(h.agency.id),
  );
  if (signOffAgencies.size > 1 || otherOrigin) {
    for (const h of kept) if (h.signOff) h.role = "contributor";
  }
  const byAgency = new Map<string, Hit[]>();
  for (const h of kept) {
    const list = byAgency.get(h.agency.id);
    if (list) list.push(h);
    else byAgency.set(h.agency.id, [h]);
  }
  const out: AgencyAttribution[] = [];
  for (const list of byAgency.values()) {
    const first = list[0];
    if (!first) continue;
    const seen = new Set<string>();
    const unique = list.filter((h) => {
      const key = `${h.role}|${h.field}|${h.start}|${h.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    unique.sort(
      (a, b) =>
        rank(ROLE_RANK, a.role) - rank(ROLE_RANK, b.role) ||
        rank(FIELD_RANK, a.field) - rank(FIELD_RANK, b.field) ||
        a.start - b.start,
    );
    const roles = [...new Set(unique.map((h) => h.role))];
    const evidence: Evidence[] = unique.map((h) => ({
      role: h.role,
      text: h.text,
      start: h.start,
      end: h.end,
      field: h.field,
    }));
    const doubt = unique.reduce((p, h) => p * (1 - h.confidence), 1);
    const confidence = Math.round(Math.min(0.99, 1 - doubt) * 1000) / 1000;
    out.push({ id: first.agency.id, name: first.agency.name, roles, evidence, confidence });
  }
  out.sort(
    (a, b) =>
      rank(ROLE_RANK, a.roles[0]) - rank(ROLE_RANK, b.roles[0]) ||
      b.confidence - a.confidence ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return out;
}

function rank<T>(ranks: Map<T, number>, key: T | undefined): number {
  return key === undefined ? 99 : (ranks.get(key) ?? 99);
}
