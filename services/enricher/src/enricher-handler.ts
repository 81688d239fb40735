import type { InputRecord, StageHandler, StageResult } from "@newswire/runtime";
import {
  HEADERS,
  type NormalizedStory,
  normalizedStorySchema,
  STORY_SCHEMA_VERSION,
  type Story,
} from "@newswire/schemas";

export interface EnricherDeps {
  enrich: (story: NormalizedStory) => Story;
}

function reject(message: string, log: { storyId?: string; feed?: string } = {}): StageResult {
  return { kind: "reject", code: "INVALID_RECORD", message, log };
}

/** wire.normalized record -> attributed Story on stories.enriched, keyed by story id. */
export function createEnricherHandler(deps: EnricherDeps): StageHandler {
  return (record: InputRecord): StageResult => {
    const version = record.headers[HEADERS.schemaVersion];
    if (version !== undefined && version !== STORY_SCHEMA_VERSION) {
      return reject(`unsupported schema-version ${JSON.stringify(version.slice(0, 20))}`);
    }
    if (record.value === null) return reject("record has no value");
    let json: unknown;
    try {
      json = JSON.parse(record.value.toString("utf8"));
    } catch {
      return reject("value is not JSON");
    }
    const parsed = normalizedStorySchema.safeParse(json);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return reject(
        `not a NormalizedStory: ${first ? `${first.path.join(".")}: ${first.message}` : "invalid"}`,
      );
    }
    const story = deps.enrich(parsed.data);
    const log = { storyId: story.id, feed: story.source.feed };
    // `lifecycle` last: the main-thread step (current-task.ts) reads and rewrites only that tail
    // of the JSON, not the whole Story.
    const { lifecycle, ...rest } = story;
    return {
      kind: "publish",
      key: story.id,
      value: JSON.stringify({ ...rest, lifecycle }),
      headers: {
        [HEADERS.schemaVersion]: STORY_SCHEMA_VERSION,
        [HEADERS.contentType]: "application/json",
      },
      log,
      observe: { agencies: story.agencies.map((a) => ({ id: a.id, roles: a.roles })) },
    };
  };
}
