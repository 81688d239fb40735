import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTopicDefinitions, resolveTopics } from "./ensure-topics.js";

describe("topic definitions", () => {
  it("reads partitions, replication and config", () => {
    expect(
      parseTopicDefinitions({
        topics: [
          {
            name: "stories.enriched",
            partitions: 6,
            replicationFactor: 3,
            config: { "cleanup.policy": "compact" },
          },
        ],
      }),
    ).toEqual([
      {
        name: "stories.enriched",
        partitions: 6,
        replicationFactor: 3,
        config: { "cleanup.policy": "compact" },
      },
    ]);
  });

  it("rejects a file that is not topic definitions", () => {
    expect(() => parseTopicDefinitions({ topics: [{ partitions: 3 }] })).toThrow(
      /Topic definitions are invalid/,
    );
  });

  it("applies a logical topic's settings to the name configured in TOPIC_*", () => {
    const dir = mkdtempSync(join(tmpdir(), "topics-"));
    const file = join(dir, "topics.json");
    writeFileSync(
      file,
      JSON.stringify([{ name: "wire.raw", partitions: 4, config: { "retention.ms": 1 } }]),
    );
    expect(
      resolveTopics(
        {
          TOPIC_RAW: "t-123.raw",
          TOPIC_NORMALIZED: "n",
          TOPIC_STORIES: "s",
          TOPIC_DLQ: "d",
          TOPIC_CURRENT: "c",
          TOPIC_CURRENT_STATE: "cs",
          TOPICS_FILE: file,
        },
        ["TOPIC_RAW"],
      ),
    ).toEqual([
      { name: "t-123.raw", partitions: 4, replicationFactor: 1, config: { "retention.ms": "1" } },
    ]);
  });
});
