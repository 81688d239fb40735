import { archiveKeyFor } from "@newswire/core";
import {
  type InputRecord,
  type RecordWireMeta,
  type StageHandler,
  type StageResult,
  wireMetaFromRecord,
} from "@newswire/runtime";
import {
  HEADERS,
  type NormalizedStory,
  type Rejection,
  STORY_SCHEMA_VERSION,
} from "@newswire/schemas";

export interface NormalizerDeps {
  normalize: (
    bytes: Uint8Array,
    meta: RecordWireMeta,
    options: { maxBytes: number },
  ) => NormalizedStory | Rejection;
  maxBytes: number;
}

function isStory(result: NormalizedStory | Rejection): result is NormalizedStory {
  return "id" in result;
}

/** wire.raw record -> NormalizedStory on wire.normalized, or a rejection for the DLQ. */
export function createNormalizerHandler(deps: NormalizerDeps): StageHandler {
  return (record: InputRecord): StageResult => {
    const meta = wireMetaFromRecord(record);
    const log = { feed: meta.feed ?? "unknown" };
    const observe = { feed: log.feed };
    if (record.value === null) {
      return {
        kind: "reject",
        code: "INVALID_RECORD",
        message: "record has no value",
        log,
        observe,
      };
    }
    const result = deps.normalize(record.value, meta, { maxBytes: deps.maxBytes });
    if (!isStory(result))
      return { kind: "reject", code: result.code, message: result.message, log, observe };
    // The archiver names the original with this same function of the bytes and metadata, so the
    // key a Story reports is always the object the archiver wrote.
    const story: NormalizedStory = {
      ...result,
      source: { ...result.source, archiveKey: archiveKeyFor(record.value, meta) },
    };
    // Keyed by storyKey: every version of a story lands on one partition, where the enricher
    // keeps the key's state (its stories.current partition is the same).
    return {
      kind: "publish",
      key: story.lifecycle.storyKey,
      value: JSON.stringify(story),
      headers: {
        [HEADERS.schemaVersion]: STORY_SCHEMA_VERSION,
        [HEADERS.contentType]: "application/json",
        // The enricher measures end-to-end latency from it (newswire_end_to_end_seconds).
        [HEADERS.rawTimestamp]: record.timestamp,
      },
      log: { ...log, storyId: story.id },
      observe: { ...observe, format: story.source.format },
    };
  };
}
