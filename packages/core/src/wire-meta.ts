/** What the transport knows about a piece of wire copy; every field optional. */
export interface WireMeta {
  contentType?: string | null;
  feed?: string | null;
  /** ISO 8601; core never reads the clock, so callers pass it (services: header or record time). */
  receivedAt?: string | null;
  wireId?: string | null;
  kafka?: { topic: string; partition: number; offset: string } | null;
}

export interface NormalizeOptions {
  /** Inputs larger than this are rejected before any decoding. Default 2 MB. */
  maxBytes?: number;
}

export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
