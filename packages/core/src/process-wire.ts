import type { NormalizedStory, Rejection, Story } from "@newswire/schemas";
import { attributeAgencies } from "./attribution/index.js";
import { normalizeWire } from "./normalize-wire.js";
import { isRejection } from "./reject.js";
import type { NormalizeOptions, WireMeta } from "./wire-meta.js";

/** A normalized draft plus its agency attribution: the published Story. */
export function enrichStory(story: NormalizedStory): Story {
  return { ...story, agencies: attributeAgencies(story) };
}

/** normalizeWire then enrichStory. Never throws. */
export function processWire(
  bytes: Uint8Array,
  meta: WireMeta = {},
  options: NormalizeOptions = {},
): Story | Rejection {
  const normalized = normalizeWire(bytes, meta, options);
  if (isRejection(normalized)) return normalized;
  try {
    return enrichStory(normalized);
  } catch (err) {
    return {
      code: "INVALID_RECORD",
      message: `attribution failed: ${err instanceof Error ? err.message.slice(0, 200) : "unknown"}`,
    };
  }
}
