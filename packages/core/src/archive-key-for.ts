import { archiveKey, extensionFor } from "./archive-key.js";
import { sniffFormat } from "./formats/sniff-format.js";
import { storyId } from "./story-id.js";
import type { WireMeta } from "./wire-meta.js";

/**
 * The object key of an original in the archive: a function of the bytes (story id, sniffed
 * format) and the transport metadata (received time, feed) only, so the archiver can name the
 * object without normalizing it. The normalizer reports this same key as `source.archiveKey`.
 */
export function archiveKeyFor(bytes: Uint8Array, meta: WireMeta = {}): string {
  return archiveKey({
    receivedAt: meta.receivedAt?.trim() || null,
    feed: meta.feed?.trim() || "unknown",
    id: storyId(bytes),
    ext: extensionFor(sniffFormat(bytes, meta)),
  });
}
