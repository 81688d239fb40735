import type { Lifecycle, NormalizedStory } from "@newswire/schemas";
import { sha256Hex } from "../story-id.js";
import { simhash64 } from "./simhash.js";

type Unversioned = Omit<NormalizedStory, "lifecycle">;

const CANCELED = /cancel|kill|withdrawn/i;
const WITHHELD = /withh/i;

// "|" joins the parts: ":" after a slug "javascript" would read as a URL scheme, "/" after "<" as a tag.
function bounded(prefix: string, identity: string): string {
  const raw = `${prefix}|${identity.trim()}`;
  // Kafka keys and log lines stay short: a long identity is hashed, never cut (no collisions).
  return raw.length <= 200 ? raw : `${prefix}|sha256|${sha256Hex(new TextEncoder().encode(raw))}`;
}

/**
 * A story's place among its versions, from what the copy says of itself. First version: the
 * format's own item id, else the slug with the provider and day, else the headline with the
 * dateline and day; version and status as the format states them.
 */
export function deriveLifecycle(story: Unversioned): Lifecycle {
  const { identity, slugline, distributor } = story.metadata;
  const day = story.dateline.date ?? story.source.receivedAt?.slice(0, 10) ?? "undated";
  const storyKey = identity.itemId
    ? bounded("id", identity.itemId)
    : slugline
      ? bounded("slug", `${distributor ?? story.source.feed}|${slugline}|${day}`)
      : bounded("text", `${story.headline.toLowerCase()}|${story.dateline.place ?? ""}|${day}`);
  const status = identity.status ?? "";
  const pubStatus = CANCELED.test(status)
    ? "canceled"
    : WITHHELD.test(status)
      ? "withheld"
      : "usable";
  const version = identity.version;
  return {
    storyKey,
    version,
    versionTime: null,
    pubStatus,
    signal:
      pubStatus === "canceled"
        ? "kill"
        : pubStatus === "withheld"
          ? "withhold"
          : version !== null && version > 1
            ? "update"
            : "new",
    fingerprint: simhash64(story.paragraphs.join("\n")),
    supersedes: null,
    duplicateOf: null,
  };
}
