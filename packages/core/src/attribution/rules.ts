import type { AgencyRole, PartyRole, WireMetadata } from "@newswire/schemas";
import type { MentionKind } from "./agency-matcher.js";
import {
  AT_START,
  BYLINE_WINDOW,
  CITE_WINDOW,
  COPYRIGHT_HINT,
  DATELINE_PREFIX,
  DATELINE_PREFIX_BARE,
  DATELINE_PREFIX_DASH,
  DATELINE_SUFFIX,
  DATELINE_SUFFIX_ALONE,
  DATELINE_SUFFIX_BARE,
  DATELINE_SUFFIX_DASH,
  HEADER_SKIP,
  LEFT_AGENCY,
  LEFT_BYLINE_WITH,
  LEFT_CAPTION_END,
  LEFT_CARRIED_AGENCY,
  LEFT_CITE,
  LEFT_CITE_DESCRIBED,
  LEFT_CITE_LIST,
  LEFT_CITE_LOOSE,
  LEFT_COMPILED,
  LEFT_CONTRIBUTOR,
  LEFT_COPYRIGHT,
  LEFT_FORMER,
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
  LEFT_WITH,
  RIGHT_AGENCY_REPORTED,
  RIGHT_AGENCY_SAID,
  RIGHT_AGENCY_VERB_SAID,
  RIGHT_AGENCY_WHICH,
  RIGHT_APPOSITIVE,
  RIGHT_CAPTION_TAIL,
  RIGHT_CITING,
  RIGHT_CLAUSE_END,
  RIGHT_COMMA_REPORTED,
  RIGHT_COMMA_SAID,
  RIGHT_CONTRIBUTED,
  RIGHT_CREDIT_END,
  RIGHT_DESK,
  RIGHT_FEED,
  RIGHT_GERMAN_REPORTED,
  RIGHT_INPUTS,
  RIGHT_LIST_END,
  RIGHT_LIST_VERB,
  RIGHT_NOUN,
  RIGHT_REPORTED,
  RIGHT_SAID,
  RIGHT_SLASH_CREDIT,
  RIGHT_WITNESS,
  SIGN_OFF,
  SIGN_OFF_CODES,
  TRAILING_SIGN_OFF,
} from "./context-patterns.js";

/**
 * Attribution as data: which phrasing around an agency mention, in which field, gives which role
 * with how much confidence. interpret.ts reads these tables; attribute-agencies.ts says which
 * table serves which field. Adding a phrasing is one row here (and one line in the snippet
 * table, tests/fixtures/attribution/); adding an agency or a spelling is one registry entry.
 */

/**
 * How much one piece of evidence says, by kind. An agency's confidence is the noisy-OR of its
 * evidence (capped at 0.99), so these are relative strengths, not calibrated probabilities.
 */
export const CONFIDENCE = {
  /** The agency's own dated dateline; a copyright field naming it. */
  certain: 0.97,
  /** A field made to name it: distributor, provider, copyright holder, a photo credit string. */
  stated: 0.95,
  /** An undated bracketed dateline; a copyright notice in running text. */
  strong: 0.93,
  /** A contributor credit line; a photo keyword before the agency in a caption. */
  firm: 0.92,
  /** A byline, an unbracketed dateline, a credit line, a photo label, "X contributed". */
  clear: 0.9,
  /** A dash dateline split from the agency by the parser; a credit at a caption's end. */
  likely: 0.88,
  /** A wire header, a byline paragraph, "told X", "according to X", a listed contributor. */
  fair: 0.85,
  /** Most citations, a bare sign-off, a contributor in a byline. */
  plain: 0.8,
  /** "X said" for a state agency; a verb after a news-agency phrase. */
  weak: 0.75,
} as const;
export type Confidence = keyof typeof CONFIDENCE;

/**
 * Facts about a mention in its place that a rule may require (`needs`) or exclude (`unless`).
 * Each is defined once, in interpret.ts.
 */
export type Fact =
  /** The mention is in a credit line: a trailer, or a short body paragraph that reads like one. */
  | "creditLine"
  /** The mention is in one of the first two short paragraphs, a byline or agency credit line. */
  | "bylineParagraph"
  /** A person's name or an acronym that only looks like the agency (next word, previous word). */
  | "lookalike"
  /** The name is a surname or first name here ("Michael Bloomberg"). */
  | "personName"
  /** The form is a photo credit form ("AP Photo", "AFP PHOTO"). */
  | "photoForm"
  /** Set in capitals ("REUTERS"), as photo credits print agency names. */
  | "capitals"
  /** The agency may be cited by this form at all (registry `abbrCite`/`nameCite` is not "no"). */
  | "citable"
  /** The form may be cited with no news-agency context ("yes"), or the context is there. */
  | "citableAlone"
  /** The text says it means the news agency: "news agency" after it, or "Agency" in the form. */
  | "explicit"
  /** "yes" for the form, or "Agency" in the form itself. */
  | "citableAloneOrNamed"
  /** A full name that may be cited alone, or explicit: may be one of a list of sources. */
  | "listable"
  /** "<agency> said" counts as a citation (registry `saidCites`, or "Agency" in the form). */
  | "saysCites"
  /** An abbreviation the registry never lets stand alone (`abbrCite: "no"`). */
  | "neverAlone"
  /** In the notice's first clause, before any ". " or "; " (copyright field). */
  | "firstClause"
  /** An abbreviation of one or two letters: a US or Indian state as often as an agency. */
  | "shortAbbreviation"
  /** The text is a dateline field on its own (`dateline.raw`), nothing needs to follow. */
  | "datelineField"
  /** The story's dateline is a dated dash dateline ("MOSCOW, Nov 27 -") split from this body. */
  | "afterDashDateline";

/**
 * A rule for one mention. It applies when the mention's kind is allowed, every fact in `needs`
 * holds and none in `unless`, `left` matches the text before the mention (within `window`) and
 * `right` the text after it. The first rule of a table that applies settles the mention:
 * evidence for `role`, or none when `role` is null (a guard).
 */
export interface MentionRule {
  readonly name: string;
  readonly role: AgencyRole | null;
  readonly confidence?: Confidence;
  /** Default: names, abbreviations and credit forms. */
  readonly kinds?: readonly MentionKind[];
  readonly needs?: readonly Fact[];
  readonly unless?: readonly Fact[];
  /** How far back `left` looks; default the field table's left window. */
  readonly window?: number;
  /** A cheap test on the left window before `left` runs. */
  readonly hint?: RegExp;
  readonly left?: RegExp;
  readonly right?: RegExp;
  /** A right context that, when present, the evidence also covers ("inputs" in "Reuters inputs"). */
  readonly extend?: RegExp;
  /**
   * Evidence start: the left match without the one boundary character it consumed ("left",
   * default with `left`), the left match exactly ("left-exact", for "©"), or the mention.
   */
  readonly from?: "left" | "left-exact" | "mention";
  /**
   * Evidence end: the right match (default with `right`), the mention (default without), or the
   * news-agency phrase after the mention when there is one ("tail": "Yonhap news agency").
   */
  readonly to?: "right" | "mention" | "tail";
  /**
   * The evidence rests on the form alone: dropped when the story uses the form for something
   * else (registry `conflicts`), unless the form is a full name.
   */
  readonly formOnly?: boolean;
  /** Matched after the rule applied: the mention is settled, but with no evidence (the subject guard). */
  readonly dropIf?: RegExp;
}

/** The forms most rules read: a name, an abbreviation, a credit form. */
export const FULL_FORMS = ["name", "abbr", "credit"] as const satisfies readonly MentionKind[];
const NOTICE_FORMS = [
  "name",
  "abbr",
  "credit",
  "company",
] as const satisfies readonly MentionKind[];

// --- shared rows ----------------------------------------------------------------------------

/** "Copyright 2024 Reuters", "© AFP": the one copyright-notice rule, in whichever field it stands. */
const COPYRIGHT_NOTICE: MentionRule = {
  name: "copyright notice",
  role: "copyright",
  confidence: "strong",
  kinds: NOTICE_FORMS,
  hint: COPYRIGHT_HINT,
  left: LEFT_COPYRIGHT,
  from: "left-exact",
};

const LOOKALIKE: MentionRule = { name: "look-alike", role: null, needs: ["lookalike"] };

/** Credit lines: trailers, and body paragraphs that read like one. */
const CONTRIBUTOR_ROWS: readonly MentionRule[] = [
  {
    name: "this report by",
    role: "origin",
    confidence: "clear",
    needs: ["creditLine"],
    left: LEFT_THIS_REPORT,
  },
  {
    name: "input by",
    role: "contributor",
    confidence: "firm",
    needs: ["creditLine"],
    left: LEFT_CONTRIBUTOR,
    extend: RIGHT_INPUTS,
  },
  {
    name: "compiled from",
    role: "contributor",
    confidence: "firm",
    needs: ["creditLine"],
    left: LEFT_COMPILED,
    extend: RIGHT_INPUTS,
  },
  {
    name: "with ... inputs",
    role: "contributor",
    confidence: "firm",
    needs: ["creditLine"],
    left: LEFT_WITH,
    right: RIGHT_INPUTS,
  },
  {
    name: "with ... (list)",
    role: "contributor",
    confidence: "fair",
    needs: ["creditLine"],
    left: LEFT_WITH,
    right: RIGHT_LIST_END,
    to: "mention",
  },
  {
    name: "from a ... feed",
    role: "contributor",
    confidence: "fair",
    needs: ["creditLine"],
    left: LEFT_FROM_FEED,
    right: RIGHT_FEED,
  },
  {
    name: "contributed",
    role: "contributor",
    confidence: "clear",
    needs: ["creditLine"],
    unless: ["personName"],
    right: RIGHT_CONTRIBUTED,
  },
];

const PHOTO_LABEL: MentionRule = {
  name: "photo label",
  role: "photo",
  confidence: "clear",
  left: LEFT_PHOTO_LABEL,
};

/**
 * Citations in running text, strongest phrasing first. Credit forms and ambiguous
 * abbreviations are cited only where the text itself says it means the news agency.
 */
const CITATION_ROWS: readonly MentionRule[] = (
  [
    { name: "not verified by", role: null, left: LEFT_NEGATED },
    { name: "according to the news agency", confidence: "fair", left: LEFT_CITE_DESCRIBED },
    {
      name: "according to / told",
      confidence: "fair",
      needs: ["citableAlone"],
      left: LEFT_CITE,
    },
    { name: "carried by the news agency", left: LEFT_CARRIED_AGENCY },
    { name: "told", confidence: "fair", needs: ["citable"], left: LEFT_TOLD },
    {
      name: "told (other languages)",
      confidence: "fair",
      needs: ["citable"],
      left: LEFT_TOLD_OTHER,
    },
    {
      name: "wie ... erfuhr",
      needs: ["citable"],
      left: LEFT_WIE,
      right: RIGHT_GERMAN_REPORTED,
    },
    {
      name: ", reports X.",
      needs: ["citableAlone"],
      left: LEFT_INVERTED,
      right: RIGHT_CLAUSE_END,
      to: "mention",
    },
    { name: "according to ... and X", needs: ["citableAlone"], left: LEFT_CITE_LIST },
    { name: "according to (qualified) X", needs: ["explicit"], left: LEFT_CITE_LOOSE },
    { name: "X, which ..., said", needs: ["explicit"], right: RIGHT_AGENCY_WHICH, from: "mention" },
    { name: "news agency X said", left: LEFT_AGENCY, right: RIGHT_SAID },
    { name: "news agency X reported", left: LEFT_AGENCY, right: RIGHT_REPORTED },
    { name: "news agencies X and Y reported", left: LEFT_AGENCY, right: RIGHT_LIST_VERB },
    {
      name: "state-run X reported",
      needs: ["citable"],
      left: LEFT_STATE,
      right: RIGHT_COMMA_REPORTED,
    },
    { name: "state-run X said", needs: ["citable"], left: LEFT_STATE, right: RIGHT_COMMA_SAID },
    {
      name: "including X, reported",
      needs: ["citable", "listable"],
      left: LEFT_INCLUDING,
      right: RIGHT_COMMA_REPORTED,
    },
    {
      name: "including X, said",
      needs: ["citable", "listable"],
      left: LEFT_INCLUDING,
      right: RIGHT_COMMA_SAID,
    },
    { name: "X news agency said", right: RIGHT_AGENCY_SAID },
    { name: "X, the news agency, said", right: RIGHT_APPOSITIVE },
    {
      name: "X news agency, reported",
      confidence: "weak",
      needs: ["explicit"],
      right: RIGHT_AGENCY_REPORTED,
    },
    {
      name: "X news agency, said",
      confidence: "weak",
      needs: ["explicit"],
      right: RIGHT_AGENCY_VERB_SAID,
    },
    { name: "X reported", needs: ["citableAloneOrNamed"], right: RIGHT_REPORTED },
    { name: "a X poll", needs: ["citableAloneOrNamed"], right: RIGHT_NOUN },
    { name: "a X witness said", needs: ["citableAloneOrNamed"], right: RIGHT_WITNESS },
    { name: "X, citing", needs: ["citableAloneOrNamed"], right: RIGHT_CITING },
    {
      name: "X said",
      confidence: "weak",
      needs: ["citableAloneOrNamed", "saysCites"],
      right: RIGHT_SAID,
    },
  ] satisfies ReadonlyArray<Omit<MentionRule, "role"> & { role?: null }>
).map(
  (row): MentionRule => ({
    confidence: "plain",
    to: row.left !== undefined && row.right === undefined ? "tail" : undefined,
    ...row,
    role: row.role === null ? null : "cited",
    window: CITE_WINDOW,
    formOnly: true,
    dropIf: LEFT_SUBJECT,
  }),
);

// --- the tables, one per field --------------------------------------------------------------

/** Body paragraphs: credits first, then bylines, photo credits, citations. */
export const BODY_RULES: readonly MentionRule[] = [
  COPYRIGHT_NOTICE,
  LOOKALIKE,
  ...CONTRIBUTOR_ROWS,
  {
    name: "byline paragraph",
    role: "origin",
    confidence: "fair",
    needs: ["bylineParagraph"],
    formOnly: true,
  },
  {
    name: "photo credit form",
    role: "photo",
    confidence: "clear",
    needs: ["photoForm"],
    extend: RIGHT_SLASH_CREDIT,
  },
  {
    name: "NAME/Photographer",
    role: "photo",
    confidence: "clear",
    kinds: ["name"],
    needs: ["capitals"],
    right: RIGHT_SLASH_CREDIT,
  },
  PHOTO_LABEL,
  ...CITATION_ROWS,
];

/** Trailers: every trailer is a credit line (a sign-off line is read first, see LINE_RULES). */
export const TRAILER_RULES: readonly MentionRule[] = [
  COPYRIGHT_NOTICE,
  LOOKALIKE,
  ...CONTRIBUTOR_ROWS,
  PHOTO_LABEL,
];

/** A caption's separate credit string: whatever agency it names took the photo. */
export const CREDIT_RULES: readonly MentionRule[] = [
  { name: "person", role: null, needs: ["personName"] },
  { name: "photo credit", role: "photo", confidence: "stated" },
];

/** Caption text: credits in the caption's own words. */
export const CAPTION_RULES: readonly MentionRule[] = [
  LOOKALIKE,
  {
    name: "photo credit form",
    role: "photo",
    confidence: "stated",
    needs: ["photoForm"],
    extend: RIGHT_SLASH_CREDIT,
  },
  { name: "AGENCY/Name", role: "photo", confidence: "stated", right: RIGHT_SLASH_CREDIT },
  {
    name: "Name/AGENCY",
    role: "photo",
    confidence: "stated",
    left: LEFT_SLASH_CREDIT,
    right: RIGHT_CREDIT_END,
    from: "mention",
    to: "mention",
  },
  { name: "Photo: AGENCY", role: "photo", confidence: "firm", left: LEFT_PHOTO_KEYWORD },
  {
    name: "... — AGENCY",
    role: "photo",
    confidence: "likely",
    left: LEFT_CAPTION_END,
    right: RIGHT_CAPTION_TAIL,
    to: "mention",
  },
];

/** The byline field: the agency is the byline's origin unless "with" adds it. */
export const BYLINE_RULES: readonly MentionRule[] = [
  { name: "person", role: null, needs: ["personName"] },
  // Too ambiguous to stand alone outside a dateline ("By Grace Tan, CNA" is the broadcaster).
  { name: "never alone", role: null, needs: ["neverAlone"] },
  { name: "regional desk", role: null, kinds: ["abbr"], right: RIGHT_DESK },
  { name: "former", role: null, window: BYLINE_WINDOW, left: LEFT_FORMER },
  {
    name: "with AGENCY",
    role: "contributor",
    confidence: "plain",
    window: BYLINE_WINDOW,
    left: LEFT_BYLINE_WITH,
    from: "mention",
    formOnly: true,
  },
  { name: "byline", role: "origin", confidence: "clear", formOnly: true },
];

/**
 * The copyright field. The holder is named in the notice's first clause or right after
 * "Copyright"/"©"; a later clause may credit material instead ("... All rights reserved;
 * contains material from Reuters").
 */
export const COPYRIGHT_RULES: readonly MentionRule[] = [
  {
    name: "material from",
    role: "contributor",
    confidence: "fair",
    kinds: NOTICE_FORMS,
    left: LEFT_MATERIAL,
    to: "mention",
  },
  {
    name: "holder",
    role: "copyright",
    confidence: "certain",
    kinds: NOTICE_FORMS,
    needs: ["firstClause"],
  },
  // The same notice rule as in running text, at the copyright field's own strength.
  { ...COPYRIGHT_NOTICE, confidence: "certain" },
];

// --- datelines ------------------------------------------------------------------------------

/**
 * A dateline rule reads the start of a paragraph or the dateline field (the zone): `before` must
 * match the whole zone text before the unit, `after` the text after it. The unit is a bracketed
 * or slashed group of agencies only ("(Reuters)", "/TASS/", "(dpa/lno)", "(tca/dpa)"), or one
 * mention. Groups are tried first, in order, then single mentions; the first rule that applies
 * to a unit gives every agency in it the origin, with evidence from the zone's first character
 * to the unit's end (or the mention alone with `span: "mention"`).
 */
export interface DatelineRule {
  readonly name: string;
  readonly unit: "group" | "mention";
  readonly kinds: readonly MentionKind[];
  readonly before: RegExp;
  readonly after: RegExp;
  /** Only when `before` matched a date (its `date` or `day` group). */
  readonly dated?: boolean;
  readonly needs?: readonly Fact[];
  readonly unless?: readonly Fact[];
  readonly confidence: Confidence;
  readonly formOnly?: boolean;
  readonly span?: "zone" | "mention";
}

const GROUP_FORMS = [
  "name",
  "abbr",
  "credit",
  "dateline",
] as const satisfies readonly MentionKind[];

/** How far into the zone a single-mention dateline may stand. */
export const DATELINE_MENTION_MAX = 120;
/** How much of a paragraph or dateline field is read as a dateline zone. */
export const DATELINE_ZONE = 200;

export const DATELINE_RULES: readonly DatelineRule[] = [
  {
    name: "CITY, Date (AGENCY) -",
    unit: "group",
    kinds: GROUP_FORMS,
    before: DATELINE_PREFIX,
    after: DATELINE_SUFFIX,
    dated: true,
    confidence: "certain",
  },
  {
    name: "CITY (AGENCY) -",
    unit: "group",
    kinds: GROUP_FORMS,
    before: DATELINE_PREFIX,
    after: DATELINE_SUFFIX,
    confidence: "strong",
    formOnly: true,
  },
  // "MOSCOW, Nov 27 - RIA Novosti." : place, date, dash, the agency's full name.
  {
    name: "CITY, Date - Agency Name.",
    unit: "mention",
    kinds: ["name"],
    before: DATELINE_PREFIX_DASH,
    after: DATELINE_SUFFIX_DASH,
    confidence: "clear",
  },
  // Unbracketed, a credit form or a two-letter abbreviation is more likely a US state or an
  // Indian one ("Philadelphia, PA -", "Guntur, AP -") than an agency, unless a date follows the place.
  {
    name: "CITY, Date AGENCY -",
    unit: "mention",
    kinds: ["name", "abbr"],
    before: DATELINE_PREFIX_BARE,
    after: DATELINE_SUFFIX_BARE,
    dated: true,
    confidence: "clear",
  },
  {
    name: "CITY, AGENCY -",
    unit: "mention",
    kinds: ["name", "abbr"],
    before: DATELINE_PREFIX_BARE,
    after: DATELINE_SUFFIX_BARE,
    unless: ["shortAbbreviation"],
    confidence: "clear",
    formOnly: true,
  },
  {
    name: "CITY, AGENCY (dateline field)",
    unit: "mention",
    kinds: ["name", "abbr"],
    before: DATELINE_PREFIX_BARE,
    after: DATELINE_SUFFIX_ALONE,
    dated: true,
    needs: ["datelineField"],
    confidence: "clear",
  },
  {
    name: "CITY, AGENCY (dateline field, undated)",
    unit: "mention",
    kinds: ["name", "abbr"],
    before: DATELINE_PREFIX_BARE,
    after: DATELINE_SUFFIX_ALONE,
    needs: ["datelineField"],
    unless: ["shortAbbreviation"],
    confidence: "clear",
    formOnly: true,
  },
  // The agency alone before the dash, no place: Lebanon's NNA, `NNA - Caretaker Prime ...`.
  {
    name: "AGENCY - (dateline field)",
    unit: "mention",
    kinds: ["name", "abbr", "credit"],
    before: AT_START,
    after: DATELINE_SUFFIX_ALONE,
    needs: ["datelineField"],
    confidence: "clear",
    formOnly: true,
  },
  // "MOSCOW, Nov 27 -" split by the parser from a body opening "RIA Novosti. The Kremlin ...".
  {
    name: "Agency Name. (after a dash dateline)",
    unit: "mention",
    kinds: ["name"],
    before: AT_START,
    after: DATELINE_SUFFIX_DASH,
    needs: ["afterDashDateline"],
    confidence: "likely",
    span: "mention",
  },
];

// --- sign-offs ------------------------------------------------------------------------------

/**
 * A line rule reads one whole trailer or last paragraph with its mentions marked. Every agency
 * the match covers signed the copy: origin if it is the story's only origin signal, contributor
 * otherwise (see assemble in attribute-agencies.ts).
 */
export interface LineRule {
  readonly name: string;
  readonly pattern: RegExp;
  readonly confidence: Confidence;
}

export const SIGN_OFF_KINDS = ["name", "abbr", "credit"] as const satisfies readonly MentionKind[];

export const LINE_RULES: readonly LineRule[] = [
  { name: "— AGENCY", pattern: SIGN_OFF, confidence: "plain" },
  { name: "AGENCY desk codes", pattern: SIGN_OFF_CODES, confidence: "plain" },
  { name: "... — AGENCY", pattern: TRAILING_SIGN_OFF, confidence: "plain" },
];

// --- metadata -------------------------------------------------------------------------------

/**
 * The story's own wire metadata. Each source names agencies through the registry (exact forms,
 * then other case, feed ids and domains); a value that names no registered agency gives nothing,
 * so a newsroom system or aggregator that only redistributes adds no origin.
 */
export interface MetadataRule {
  readonly name: string;
  readonly fields: readonly (keyof Pick<
    WireMetadata,
    "distributor" | "creditline" | "infoSources" | "copyrightHolder"
  >)[];
  readonly role: AgencyRole;
  /** When the values together name more than one agency, each is this instead (a compiled story). */
  readonly several?: AgencyRole;
  readonly confidence: Confidence;
}

export const METADATA_RULES: readonly MetadataRule[] = [
  { name: "distributor", fields: ["distributor"], role: "origin", confidence: "stated" },
  // A credit line or info-source list naming one agency names the origin; several, the contributors.
  {
    name: "credit line, info sources",
    fields: ["creditline", "infoSources"],
    role: "origin",
    several: "contributor",
    confidence: "clear",
  },
  {
    name: "copyright holder",
    fields: ["copyrightHolder"],
    role: "copyright",
    confidence: "stated",
  },
];

/**
 * ANPA-1312 / IPTC 7901 header fields: a service id naming the agency is its origin. Fields that
 * hold the story's topic (slug, keywords, category) are not read.
 */
export const HEADER_RULE = {
  skipKeys: HEADER_SKIP,
  kinds: FULL_FORMS,
  role: "origin",
  confidence: "fair",
} as const satisfies {
  skipKeys: RegExp;
  kinds: readonly MentionKind[];
  role: AgencyRole;
  confidence: Confidence;
};

/**
 * What each party role of the format's metadata (`metadata.parties`) means for attribution.
 * `match`: "value" reads the value as a name, feed id or domain; "issuer" reads an item id for
 * the agency that issued it ("AAP.123", "urn:newsml:afp.com:...", "tag:reuters.com,2024:...").
 * `several`: when the parties of that role (with the credit line and info sources) name more
 * than one agency, each is this instead. `people`: the role often names a person, so a
 * surname-like agency name next to another name ("Michael Bloomberg") is not the agency.
 */
export const PARTY_RULES: Readonly<
  Record<
    PartyRole,
    {
      readonly role: AgencyRole;
      readonly confidence: Confidence;
      readonly match: "value" | "issuer";
      readonly several?: AgencyRole;
      readonly people?: boolean;
    }
  >
> = {
  provider: { role: "origin", confidence: "stated", match: "value" },
  creator: { role: "origin", confidence: "stated", match: "value", people: true },
  source: { role: "origin", confidence: "stated", match: "value", several: "contributor" },
  distributor: { role: "origin", confidence: "stated", match: "value" },
  contributor: { role: "contributor", confidence: "clear", match: "value", people: true },
  copyright: { role: "copyright", confidence: "stated", match: "value" },
  id: { role: "origin", confidence: "clear", match: "issuer" },
};

/** A party's evidence text is "<field>: <value>"; past this length only the mention is quoted. */
export const PARTY_EVIDENCE_MAX = 300;
