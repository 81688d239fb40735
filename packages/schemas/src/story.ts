import { z } from "zod";

/** Bumped on any breaking change to the published Story; sent as the `schema-version` header. */
export const STORY_SCHEMA_VERSION = "2";

export const WIRE_FORMATS = [
  "plain",
  "anpa1312",
  "iptc7901",
  "nitf",
  "newsml1",
  "newsml-g2",
  "ninjs",
  "html",
  "email",
] as const;
export const wireFormatSchema = z.enum(WIRE_FORMATS);
export type WireFormat = z.infer<typeof wireFormatSchema>;

/** Ordered by strength: the Story's `agencies[]` is sorted by the strongest role each agency has. */
export const AGENCY_ROLES = ["origin", "contributor", "photo", "copyright", "cited"] as const;
export const agencyRoleSchema = z.enum(AGENCY_ROLES);
export type AgencyRole = z.infer<typeof agencyRoleSchema>;

/** Where a piece of evidence was found. Offsets are within that field's text. */
export const EVIDENCE_FIELDS = [
  "metadata",
  "header",
  "headline",
  "dateline",
  "byline",
  "caption",
  "trailer",
  "body",
  "copyright",
] as const;
export const evidenceFieldSchema = z.enum(EVIDENCE_FIELDS);
export type EvidenceField = z.infer<typeof evidenceFieldSchema>;

export const evidenceSchema = z.object({
  role: agencyRoleSchema,
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  field: evidenceFieldSchema,
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const agencyAttributionSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string(),
  roles: z.array(agencyRoleSchema).min(1),
  evidence: z.array(evidenceSchema).min(1),
  confidence: z.number().min(0).max(1),
});
export type AgencyAttribution = z.infer<typeof agencyAttributionSchema>;

export const datelineSchema = z.object({
  place: z.string().nullable(),
  /** YYYY-MM-DD */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  raw: z.string().nullable(),
});
export type Dateline = z.infer<typeof datelineSchema>;

export const captionSchema = z.object({
  text: z.string(),
  credit: z.string().nullable(),
});
export type Caption = z.infer<typeof captionSchema>;

/** Where the original came from and where it is kept. Filled by the services; the CLI leaves Kafka null. */
export const sourceSchema = z.object({
  feed: z.string(),
  format: wireFormatSchema,
  contentType: z.string(),
  /** ISO time the copy arrived; null only when neither the transport nor the document said. */
  receivedAt: z.string().nullable(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  archiveKey: z.string(),
  wireId: z.string().nullable(),
  kafka: z
    .object({
      topic: z.string(),
      partition: z.number().int().nonnegative(),
      offset: z.string(),
    })
    .nullable(),
});
export type StorySource = z.infer<typeof sourceSchema>;

/**
 * Who the format's own metadata names, and as what: the strongest attribution evidence there is,
 * read before the body. `role` says what the field means in its standard, not which agency role
 * attribution will give it (that mapping lives with the attribution rules).
 */
export const PARTY_ROLES = [
  /** NewsML 1 `Provider`, G2 `provider`, ninjs `provider`: who supplies the item. */
  "provider",
  /** NewsML 1 `Creator`, G2 `creator`: who wrote it. */
  "creator",
  /** NewsML 1 `Source`, G2 `infoSource`, NITF `doc.rights@agent`/`from-src`: where it came from. */
  "source",
  /** NITF `distributor`, a wire service id (ANPA/7901 header): who transmitted it. */
  "distributor",
  /** NewsML 1 `Contributor`, G2 `contributor`: who added to it. */
  "contributor",
  /** NITF `doc.copyright@holder`, `doc.rights@owner`, G2 `copyrightHolder`, ninjs `copyrightholder`. */
  "copyright",
  /** An item id that carries the issuer (NITF `doc-id@id-string` "AAP.123", a G2 guid's authority). */
  "id",
] as const;
export const partyRoleSchema = z.enum(PARTY_ROLES);
export type PartyRole = z.infer<typeof partyRoleSchema>;

export const partySchema = z.object({
  role: partyRoleSchema,
  /** The value as the format gives it: "AFP", "Agence France-Presse", "urn:newsml:afp.com:...". */
  value: z.string(),
  /** Where it was read, for evidence: "NewsML/NewsItem/AdministrativeMetadata/Provider". */
  field: z.string(),
});
export type Party = z.infer<typeof partySchema>;

/**
 * The item's identity as its format states it: what version chains are built from. Raw values;
 * the lifecycle rules interpret them.
 */
export const itemIdentitySchema = z.object({
  /** G2 `guid`, NewsML 1 `PublicIdentifier` (or ProviderId:NewsItemId), ninjs `uri`, NITF `doc-id`. */
  itemId: z.string().nullable(),
  /** G2 `version`, NewsML 1 `RevisionId`, ninjs `version`, NITF `doc-id@regsrc`-less version ... */
  version: z.number().int().nonnegative().nullable(),
  /** pubStatus as written: "usable", "stat:canceled", "Withheld", NITF `doc.status`... */
  status: z.string().nullable(),
  /** Signals as written: G2 `signal` qcodes ("sig:update"), NewsML 1 `Status`/`Urgency`, ... */
  signals: z.array(z.string()),
});
export type ItemIdentity = z.infer<typeof itemIdentitySchema>;

/**
 * What the wire copy said about itself, beyond the story text: the signals attribution reads
 * and the bookkeeping editors expect to keep. Everything optional; parsers fill what their
 * format carries.
 */
export const wireMetadataSchema = z.object({
  /** NITF `<distributor>`, NewsML-G2 `<provider>`, ANPA/IPTC service id. */
  distributor: z.string().nullable(),
  /** NewsML-G2 `<creditline>`, ninjs `by`-adjacent credit, NITF `<distributor>` credit text. */
  creditline: z.string().nullable(),
  /** NewsML-G2 `<infoSource>`, ninjs `infosources[].name`. */
  infoSources: z.array(z.string()),
  /** NITF `doc.copyright holder`, NewsML-G2 `rightsInfo/copyrightHolder`, ninjs `copyrightholder`. */
  copyrightHolder: z.string().nullable(),
  /** Header fields as the format names them, raw (ANPA `keyword`, `selector`; 7901 `source`; mail `subject`). */
  header: z.record(z.string(), z.string()),
  slugline: z.string().nullable(),
  keywords: z.array(z.string()),
  priority: z.number().int().nullable(),
  /** `UPDATE 2`, `1st Ld-Writethru`, `EXCLUSIVE` ... as found. */
  versionMarkers: z.array(z.string()),
  /** `Eds:` notes to editors. */
  editorsNotes: z.array(z.string()),
  /** Parties the format's metadata names (provider, creator, source, rights ...), in document order. */
  parties: z.array(partySchema),
  identity: itemIdentitySchema,
  /**
   * How the original's bytes were read: the charset used (null before decoding) and how many
   * bytes were not valid in it and were replaced one by one (a stray byte in UTF-8 copy).
   */
  decoding: z.object({
    charset: z.string().nullable(),
    replacedBytes: z.number().int().nonnegative(),
  }),
});
export type WireMetadata = z.infer<typeof wireMetadataSchema>;

/** Whether a story may be used: IPTC's pubStatus (G2 `stat:usable`, `stat:withheld`, `stat:canceled`). */
export const PUB_STATUSES = ["usable", "withheld", "canceled"] as const;
export const pubStatusSchema = z.enum(PUB_STATUSES);
export type PubStatus = z.infer<typeof pubStatusSchema>;

/** What this version does to the story it belongs to. */
export const LIFECYCLE_SIGNALS = ["new", "update", "correction", "kill", "withhold"] as const;
export const lifecycleSignalSchema = z.enum(LIFECYCLE_SIGNALS);
export type LifecycleSignal = z.infer<typeof lifecycleSignalSchema>;

/**
 * Where this story stands among its versions. `storyKey` groups every version of one story from
 * one provider; the other fields order and classify this version. `supersedes` and
 * `duplicateOf` need what came before: the copy rarely says, so the enricher, which keeps the
 * current version of every key, fills them.
 */
export const lifecycleSchema = z.object({
  /**
   * The same for every version of one story from one provider; the key of `wire.normalized` and
   * `stories.current`. `id|<item id>` (G2 guid, ninjs uri, NewsML 1 item, NITF doc-id),
   * `slug|<provider>|<slug>|<day>` (ANPA keyword, 7901 keyword line, slug) or
   * `text|<headline>|<day>`; a longer key is hashed (`<scheme>|sha256|<hex>`), never cut.
   */
  storyKey: z.string().min(1).max(200),
  /**
   * The version number the copy states (G2/ninjs/NITF version, NewsML 1 RevisionId) or implies
   * (`2nd Ld-Writethru` = 3, `UPDATE 1` = 2, unmarked wire copy = 1), else null (an unnumbered
   * correction or kill).
   */
  version: z.number().int().nonnegative().nullable(),
  /** When this version was issued, as the copy states it (ISO 8601 instant), else null: orders versions with no number. */
  versionTime: z.string().nullable(),
  pubStatus: pubStatusSchema,
  signal: lifecycleSignalSchema,
  /**
   * 64-bit SimHash of the cleaned body's word 3-shingles, 16 hex digits: a re-send differs in
   * few bits (core's `isNearDuplicate`, at most 6; `isRepeat` also compares the stated fields).
   */
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
  /** The story id of the version this one replaces, when known. */
  supersedes: z.string().nullable(),
  /** The story id this one repeats (the same copy re-sent), when known; it is then no new version. */
  duplicateOf: z.string().nullable(),
});
export type Lifecycle = z.infer<typeof lifecycleSchema>;

/** The clean draft the normalizer publishes on `wire.normalized`: everything but attribution. */
export const normalizedStorySchema = z.object({
  schemaVersion: z.literal(STORY_SCHEMA_VERSION),
  id: z.string(),
  headline: z.string().min(1),
  standfirst: z.string().nullable(),
  byline: z.string().nullable(),
  dateline: datelineSchema,
  paragraphs: z.array(z.string()).min(1),
  captions: z.array(captionSchema),
  /** Credit lines taken out of the body: "(Reporting by ...)", "Additional input by Reuters", ... */
  trailers: z.array(z.string()),
  /** The copyright notice as printed, e.g. "Copyright 2024 The Associated Press. All rights reserved." */
  copyright: z.string().nullable(),
  metadata: wireMetadataSchema,
  language: z.string().nullable(),
  wordCount: z.number().int().nonnegative(),
  source: sourceSchema,
  lifecycle: lifecycleSchema,
});
export type NormalizedStory = z.infer<typeof normalizedStorySchema>;

/** The published Story on `stories.enriched`. */
export const storySchema = normalizedStorySchema.extend({
  agencies: z.array(agencyAttributionSchema),
});
export type Story = z.infer<typeof storySchema>;
