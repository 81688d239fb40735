import type { LifecycleSignal, PubStatus, WireFormat } from "@newswire/schemas";

/**
 * How copy says what a version does, as data: the format's own fields (G2 `pubStatus` and
 * `signal`, NewsML 1 `Status`/`Instruction`/`RevisionId@Update`, ninjs `pubstatus`, NITF
 * `management-status` and `<correction>`) and the agencies' desk conventions (AP's
 * `1st Ld-Writethru` and kill advisories, Reuters' `UPDATE 2-`/`CORRECTED-`/`WITHDRAWN-`
 * (Reuters Handbook of Journalism, "Corrections, Refiles, Kills, Repeats and Embargoes"), dpa's
 * `1ST LEAD` and `Berichtigung`, AFP's `ANNULATION`, EFE's `ANULACIÓN`). One interpreter
 * (derive-lifecycle.ts) reads the table; a convention is one more row.
 */

/** Where a rule looks: each source is a handful of short strings the parsers extracted. */
export const EVIDENCE_SOURCES = [
  /** `identity.status`: the format's pubStatus as written. */
  "status",
  /** `identity.signals`: G2 signal qcodes, NewsML 1 `Update:`/`Instruction:`, NITF correction. */
  "signal",
  /** Version markers: headline prefixes, heading-block lines, ANPA keyword-line parts. */
  "marker",
  /** Notes to editors (`Eds:`, `(Corrects ...)`, G2 `edNote`). */
  "note",
  /** The headline, markers already stripped. */
  "headline",
  /** The first paragraph, when short: a kill advisory's text. */
  "lead",
] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

/**
 * The version a rule implies: `fixed` as given; `next` the captured ordinal or number plus one
 * (`1st Ld-Writethru`, `UPDATE 1`, `1ST LEAD` and `1. Zusammenfassung` are each the second
 * version of the story).
 */
export type VersionSpec = { readonly fixed: number } | { readonly next: 1 };

export interface LifecycleRule {
  readonly on: readonly EvidenceSource[];
  /** Tried on strings of at most MAX_EVIDENCE characters: bounded work, whatever the input. */
  readonly pattern: RegExp;
  readonly pubStatus?: PubStatus;
  readonly signal?: LifecycleSignal;
  readonly version?: VersionSpec;
}

/** No evidence string is longer: the interpreter cuts before testing. */
export const MAX_EVIDENCE = 400;

const DESK: readonly EvidenceSource[] = ["marker", "signal"];
const NOTES: readonly EvidenceSource[] = ["note", "lead"];

// Ordinals as AP, Reuters, dpa and Yonhap print them: `1st`, `2nd`, `3RD`, `2ND`, `1.`, `FIRST`.
// AFP's French `1er`, `2e`, `3ème`; EFE's, Lusa's and ANSA's `2ª`, `2º`.
const ORD = String.raw`(\d{1,2}(?:st|nd|rd|th|er|re|e|ème|eme|ª|º|°|\.)?|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)`;
// A marker may be stacked after others: `REFILE-UPDATE 2`, `CORRECTED-UPDATE 1`, `RPT-2ND LEAD`.
const STACK = String.raw`(?:^|[-\s,(])`;

export const LIFECYCLE_RULES: readonly LifecycleRule[] = [
  // The format's own status (IPTC pubStatus NewsCodes, NewsML 1 Status, ninjs, NITF 3.3).
  {
    on: ["status"],
    pattern: /^(?:stat:)?(?:cancell?ed|killed|deleted|withdrawn)$/i,
    pubStatus: "canceled",
    signal: "kill",
  },
  { on: ["status"], pattern: /^(?:stat:)?withheld$/i, pubStatus: "withheld", signal: "withhold" },

  // The format's own signals (IPTC signal NewsCodes; NewsML 1 RevisionId@Update and Instruction).
  { on: ["signal"], pattern: /^(?:sig:)?correction\b/i, signal: "correction" },
  { on: ["signal"], pattern: /^(?:sig:)?update$/i, signal: "update" },
  { on: ["signal"], pattern: /^Update:[AU]$/i, signal: "update" },
  {
    on: ["signal"],
    pattern: /^Instruction:(?:kill|cancel|delete|withdraw|eliminate)/i,
    pubStatus: "canceled",
    signal: "kill",
  },
  {
    on: ["signal"],
    pattern: /^Instruction:(?:withhold|hold)/i,
    pubStatus: "withheld",
    signal: "withhold",
  },
  { on: ["signal"], pattern: /^Instruction:(?:correct|rectif)/i, signal: "correction" },
  { on: ["signal"], pattern: /^Instruction:(?:update|replace|rectif)/i, signal: "update" },

  // Kills and withdrawals, in the agencies' words (AP `KILL`/`MANDATORY KILL`, Reuters
  // `WITHDRAWN-`, AFP `ANNULATION`, EFE `ANULACIÓN`, ANSA `ANNULLATA`, dpa `Storno`).
  {
    on: DESK,
    pattern: new RegExp(
      `${STACK}(?:MANDATORY |URGENT )?(?:KILL(?:ED)?|WITHDRAWN|WITHDRAWAL|STORY WITHDRAWN|ELIMINATION|ELIMINATE|ANNULATION|ANNUL[ÉE]E?|ANULACI[ÓO]N|ANULAD[AO]|ANNULLAT[AO]|ANNULLAMENTO|STORNO|STORNIERT|ZUR[ÜU]CKGEZOGEN)(?:$|[-\\s:,)])`,
      "iu",
    ),
    pubStatus: "canceled",
    signal: "kill",
  },
  // A desk word heading a headline, in capitals before `-` or `:` (`WITHDRAWN-Fed ...`): not
  // the same word inside a headline ("Three killed in crash").
  {
    on: ["headline"],
    pattern:
      /^(?:MANDATORY |URGENT )?(?:KILL|KILLED|WITHDRAWN|STORY WITHDRAWN|ELIMINATION|ANNULATION|ANULACI[ÓO]N|ANNULLATA|STORNO)\s?[-:]/u,
    pubStatus: "canceled",
    signal: "kill",
  },
  {
    on: NOTES,
    pattern: /^(?:MANDATORY |URGENT )?(?:KILL|ELIMINATION|ANNULATION|ANULACI[ÓO]N|STORNO)\b/iu,
    pubStatus: "canceled",
    signal: "kill",
  },
  // An advisory's own sentence, at the start of a note or of a short first paragraph (`The
  // story headlined "..." is withdrawn`, `The BAGHDAD item ... is withdrawn`, `Die Meldung ...
  // wird zurückgezogen`, `La dépêche ... est annulée`, `EFE anula la noticia ...`): anchored,
  // so a story that reports something withdrawn is not taken for a kill.
  {
    on: [...NOTES, "headline"],
    pattern:
      /^(?:(?:the|this) (?:\p{Lu}[\p{Lu} ]{0,40} )?(?:story|item|report|dispatch|article|photo)\b[^.]{0,200}\b(?:is|are|has been|have been|was|were|is being) (?:withdrawn|killed|eliminated|cancell?ed)\b|please (?:kill|eliminate|delete|withdraw) (?:the|this)\b)/iu,
    pubStatus: "canceled",
    signal: "kill",
  },
  {
    on: ["note"],
    pattern: /\bplease (?:kill|eliminate|delete|withdraw) (?:the|this) (?:story|item)\b/i,
    pubStatus: "canceled",
    signal: "kill",
  },
  {
    on: NOTES,
    pattern:
      /^(?:(?:die|diese) (?:Meldung|Nachricht|Bericht)\b[^.]{0,200}\b(?:wird|ist|wurde) (?:zurückgezogen|gestrichen|annulliert|storniert)\b|[\p{L}-]{1,20} zieht (?:die|ihre|diese) (?:Meldung|Nachricht)\b[^.]{0,200}\bzurück\b)/iu,
    pubStatus: "canceled",
    signal: "kill",
  },
  {
    on: NOTES,
    pattern:
      /^(?:(?:la|cette) (?:dépêche|information)\b[^.]{0,200}\b(?:est|a été) (?:annulée|retirée)\b|(?:l'|l’)?[\p{L}-]{1,20} annule (?:la|sa|cette) dépêche\b)/iu,
    pubStatus: "canceled",
    signal: "kill",
  },
  {
    on: NOTES,
    pattern:
      /^(?:(?:la|esta) (?:noticia|información|nota)\b[^.]{0,200}\b(?:queda|ha sido|es|fue) (?:anulada|retirada)\b|[\p{L}-]{1,20} anula (?:la|esta) (?:noticia|información|nota)\b)/iu,
    pubStatus: "canceled",
    signal: "kill",
  },

  // Withholds: the story is not to be used until further notice.
  {
    on: DESK,
    pattern: new RegExp(
      `${STACK}(?:MANDATORY )?(?:WITHHOLD|WITHHELD|HOLD FOR NOW)(?:$|[-\\s:,)])`,
      "i",
    ),
    pubStatus: "withheld",
    signal: "withhold",
  },
  {
    on: ["headline"],
    pattern: /^(?:MANDATORY )?(?:WITHHOLD|WITHHELD)\s?[-:]/,
    pubStatus: "withheld",
    signal: "withhold",
  },
  {
    on: NOTES,
    pattern: /^(?:MANDATORY )?WITHHOLD\b|\bplease withhold\b|\b(?:is|has been) withheld\b/i,
    pubStatus: "withheld",
    signal: "withhold",
  },

  // Corrections (Reuters `CORRECTED-` and `REFILE-`, which the Handbook uses for minor errors;
  // AP `Correction`, `Eds: CORRECTS ...`; dpa `Berichtigung`/`Korrektur`; AFP `RECTIFICATIF`,
  // `CORRECTION`; ANSA `RETTIFICA`; EFE `CORRECCIÓN`; the Nordic agencies' `rättelse`).
  {
    on: DESK,
    pattern: new RegExp(
      `${STACK}(?:CORRECTED|CORRECTION|CORRECTS?|CORRECTIVE|CLARIFICATION|REFILE|RECTIFICATIF|RECTIFICATION|CORRECTIF|RETTIFICA|CORRECCI[ÓO]N|CORRIG[ÉE]|BERICHTIGUNG|BERICHTIGT|KORREKTUR|KORRIGIERT|KORRIGERT|R[ÄA]TTELSE|CORRECTIE)(?:$|[-\\s:,.)!])`,
      "iu",
    ),
    signal: "correction",
  },
  {
    on: ["headline"],
    pattern:
      /^(?:CORRECTED|CORRECTION|Correction|Corrected|CORRECTS|REFILE|BERICHTIGUNG|Berichtigung|KORREKTUR|RECTIFICATIF|CORRECCI[ÓO]N|Correcci[óo]n)\s?[-:]/u,
    signal: "correction",
  },
  {
    on: NOTES,
    pattern:
      /^(?:CORRECTS?|CORRECTED|CORRECTION|CLARIFIES|REFILES? to (?:correct|fix)|BERICHTIGUNG|KORREKTUR|RECTIFICATIF|CORRECCI[ÓO]N)\b|\b(?:story|item) corrects\b|\bcorrects (?:the )?(?:spelling|name|figure|date|day|number|title|paragraph|para|quote|headline|dateline|typo|age)\b/iu,
    signal: "correction",
  },

  // Numbered leads and write-throughs: the Nth lead is version N+1.
  {
    on: DESK,
    pattern: new RegExp(`${STACK}${ORD} ?(?:Ld|LEAD)(?:[- ]?Writethru)?(?:$|[-\\s,)])`, "i"),
    signal: "update",
    version: { next: 1 },
  },
  {
    on: DESK,
    pattern: new RegExp(`${STACK}${ORD} ?Writethru$`, "i"),
    signal: "update",
    version: { next: 1 },
  },
  {
    on: DESK,
    pattern: /(?:^|[-\s,(])(?:UPDATE|LEAD|LD|WRAPUP) ?(\d{1,2})(?:$|[-\s,)])/i,
    signal: "update",
    version: { next: 1 },
  },
  {
    on: DESK,
    pattern: /^\(?(\d{1,2})\. ?(?:Zusammenfassung|Neufassung)\)?$/iu,
    signal: "update",
    version: { next: 1 },
  },
  // EFE's `2ª AMPLIACIÓN`, Lusa's `2ª atualização`, ANSA's `2° AGGIORNAMENTO`: numbered like
  // the leads, the bare one being the first.
  {
    on: DESK,
    pattern: new RegExp(
      `^\\(?${ORD} ?(?:AMPLIACI[ÓO]N|ACTUALIZACI[ÓO]N|AMPLIAÇÃO|ATUALIZAÇÃO|AGGIORNAMENTO)\\)?$`,
      "iu",
    ),
    signal: "update",
    version: { next: 1 },
  },
  {
    on: DESK,
    pattern: /^\(?(?:Zusammenfassung|Neufassung) (\d{1,2})\)?$/iu,
    signal: "update",
    version: { next: 1 },
  },
  // Yonhap's `(LEAD)`, AP's bare `Ld-Writethru`, PTI's `LD` slug suffix, dpa's bare
  // `Zusammenfassung`, ANSA's `AGGIORNAMENTO`, Xinhua's and PA's unnumbered `Update:`: the
  // first lead, the second version.
  {
    on: DESK,
    pattern:
      /^\(?(?:LEAD|LD|Ld-Writethru|NEW LEAD|UPDATE|Zusammenfassung|Neufassung|AGGIORNAMENTO|ACTUALISATION|ACTUALIZACI[ÓO]N|AMPLIACI[ÓO]N)\)?$/iu,
    signal: "update",
    version: { fixed: 2 },
  },
  {
    on: DESK,
    pattern:
      /(?:^|[-\s,(])(?:UPDATE|UPDATED|WRITETHRU|WRAPUP|ZUSAMMENFASSUNG|NEUFASSUNG|ACTUALISATION|MISE À JOUR|ACTUALIZACI[ÓO]N|AMPLIACI[ÓO]N|AMPLIAÇÃO|AGGIORNAMENTO)(?:$|[-\s,)])/iu,
    signal: "update",
  },
  {
    on: ["note"],
    pattern: /^(?:UPDATES|ADDS|RECASTS|WRITES THROUGH|REWRITES|NEW THROUGHOUT|UPDATED)\b/i,
    signal: "update",
  },
  // Repeats (Reuters `RPT-`, dpa `Wiederholung`/`Wdh.`, AFP `REPETITION`): the same version
  // sent again. They change nothing, but they are markers, so a key never carries them.
  {
    on: DESK,
    pattern:
      /^(?:RPT|REPEAT|REPEATS|WIEDERHOLUNG|WDH\.?|R[ÉE]P[ÉE]TITION|REPETICI[ÓO]N|RIPETIZIONE)$/iu,
  },
];

/**
 * Formats whose own version field counts every version of the item (G2 `@version`, NewsML 1
 * `RevisionId`, ninjs `version`, NITF `du-key@version`): it wins over desk markers. ANPA-1312
 * and IPTC 7901 have none (their parsers record the lead ordinal there), nor have the rest.
 */
export const FORMAT_VERSION_FIELD: Readonly<Record<WireFormat, boolean>> = {
  plain: false,
  anpa1312: false,
  iptc7901: false,
  nitf: true,
  newsml1: true,
  "newsml-g2": true,
  ninjs: true,
  html: false,
  email: false,
} as const;

/** Strength of a pubStatus: the strongest evidence wins (a kill is never undone by a marker). */
export const PUB_STATUS_RANK: Readonly<Record<PubStatus, number>> = {
  usable: 0,
  withheld: 1,
  canceled: 2,
} as const;

/** Strength of a signal: a correction that also says `UPDATE 2` is a correction. */
export const SIGNAL_RANK: Readonly<Record<LifecycleSignal, number>> = {
  new: 0,
  update: 1,
  correction: 2,
  withhold: 3,
  kill: 4,
} as const;
