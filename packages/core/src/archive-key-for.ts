import { archiveKey, extensionFor } from "./archive-key.js";
import { type SniffedFormat, sniffFormat } from "./formats/sniff-format.js";
import { storyId } from "./story-id.js";
import type { WireMeta } from "./wire-meta.js";

/**
 * The archive key from what names it: the transport metadata (received time, feed), the story
 * id and the sniffed format. `archiveKeyFor` and `normalizeWire` both end here, so the key a
 * Story reports is the archiver's by construction; the normalizer has the id and the format in
 * hand already and does not hash or sniff twice.
 */
export function archiveKeyOf(meta: WireMeta, id: string, format: SniffedFormat | null): string {
  return archiveKey({
    receivedAt: meta.receivedAt?.trim() || null,
    feed: meta.feed?.trim() || "unknown",
    id,
    ext: extensionFor(format),
  });
}

/**
 * The object key of an original in the archive: a function of the bytes (story id, sniffed
 * format) and the transport metadata (received time, feed) only, so the archiver can name the
 * object without normalizing it. The normalizer reports this same key as `source.archiveKey`.
 */
export function archiveKeyFor(bytes: Uint8Array, meta: WireMeta = {}): string {
  return archiveKeyOf(meta, storyId(bytes), sniffFormat(bytes, meta));
}
