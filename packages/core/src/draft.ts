import type { Caption, WireFormat, WireMetadata } from "@newswire/schemas";

/**
 * What a format parser hands to the shared cleaning rules: the story as the format laid it out,
 * with the dateline prefix, trailers and sign-offs still in the body text.
 */
export interface Draft {
  format: WireFormat;
  headline: string | null;
  standfirst: string | null;
  byline: string | null;
  paragraphs: string[];
  captions: Caption[];
  trailers: string[];
  copyright: string | null;
  /** A dateline the format states outside the body text (NITF `<dateline>`, G2 `<located>`). */
  datelineHint: { place: string | null; date: string | null; raw: string | null } | null;
  /** The story's own date (YYYY-MM-DD) from a date line or document metadata. */
  documentDate: string | null;
  /** The document's own timestamp (ISO), used when the transport gave no receivedAt. */
  documentTime: string | null;
  language: string | null;
  metadata: WireMetadata;
  /** ANPA-1312 sets `_` as the dash. */
  underscoreDashes?: boolean;
}

export function emptyMetadata(): WireMetadata {
  return {
    distributor: null,
    creditline: null,
    infoSources: [],
    copyrightHolder: null,
    header: {},
    slugline: null,
    keywords: [],
    priority: null,
    versionMarkers: [],
    editorsNotes: [],
    parties: [],
    identity: { itemId: null, version: null, status: null, signals: [] },
    decoding: { charset: null, replacedBytes: 0 },
  };
}

export function emptyDraft(format: WireFormat): Draft {
  return {
    format,
    headline: null,
    standfirst: null,
    byline: null,
    paragraphs: [],
    captions: [],
    trailers: [],
    copyright: null,
    datelineHint: null,
    documentDate: null,
    documentTime: null,
    language: null,
    metadata: emptyMetadata(),
  };
}
