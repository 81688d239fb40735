import { readFileSync } from "node:fs";
import { normalizeWire } from "@newswire/core";
import type { InputRecord } from "@newswire/runtime";
import { normalizedStorySchema, STORY_SCHEMA_VERSION } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { createNormalizerHandler } from "./normalizer-handler.js";

const corpus = new URL("../../../tests/fixtures/corpus/", import.meta.url);
const handler = createNormalizerHandler({ normalize: normalizeWire, maxBytes: 2 * 1024 * 1024 });

function record(value: Buffer | null, headers: Record<string, string> = {}): InputRecord {
  return {
    topic: "wire.raw",
    partition: 0,
    offset: "12",
    timestamp: String(Date.parse("2024-05-17T06:00:00Z")),
    key: null,
    value,
    headers,
    rawHeaders: {},
  };
}

describe("normalizer handler", () => {
  it("publishes the seed story as a NormalizedStory keyed by its storyKey", async () => {
    const bytes = readFileSync(new URL("01-webdesk-xi-putin.txt", corpus));
    const result = await handler(record(bytes, { "wire-source": "webdesk" }));
    expect(result.kind).toBe("publish");
    if (result.kind !== "publish") return;
    const story = normalizedStorySchema.parse(JSON.parse(String(result.value)));
    expect(story.headline).toBe("Xi, Putin join forces against US in pledge for new era");
    // Every version of the story on one partition, where the enricher holds the key's state.
    expect(result.key).toBe(story.lifecycle.storyKey);
    expect(result.headers).toEqual({
      "schema-version": STORY_SCHEMA_VERSION,
      "content-type": "application/json",
      "raw-timestamp": String(Date.parse("2024-05-17T06:00:00Z")),
    });
    expect(result.observe).toEqual({ feed: "webdesk", format: story.source.format });
    expect(story.source).toMatchObject({
      feed: "webdesk",
      receivedAt: "2024-05-17T06:00:00.000Z",
      kafka: { topic: "wire.raw", partition: 0, offset: "12" },
    });
    expect(result.log).toEqual({ feed: "webdesk", storyId: story.id });
  });

  it("gives the same story id for the same bytes, whatever the headers", async () => {
    const bytes = readFileSync(new URL("02-reuters-dateline.txt", corpus));
    const a = await handler(record(bytes, { "wire-source": "a" }));
    const b = await handler(
      record(bytes, { "wire-source": "b", "received-at": "2030-01-01T00:00:00Z" }),
    );
    const idOf = (r: typeof a) =>
      r.kind === "publish" ? normalizedStorySchema.parse(JSON.parse(String(r.value))).id : null;
    expect(idOf(a)).not.toBeNull();
    expect(idOf(a)).toBe(idOf(b));
  });

  it("rejects each bad sample with its rejection code", async () => {
    for (const name of ["empty.txt", "random-bytes.bin", "xml-bomb.xml", "not-a-story.txt"]) {
      const result = await handler(record(readFileSync(new URL(`bad/${name}`, corpus))));
      expect(result.kind, name).toBe("reject");
      if (result.kind === "reject") expect(result.code).toMatch(/^[A-Z_]+$/);
    }
  });

  it("rejects a record without a value as INVALID_RECORD", async () => {
    expect(await handler(record(null))).toMatchObject({ kind: "reject", code: "INVALID_RECORD" });
  });

  it("rejects input over the size limit as TOO_LARGE", async () => {
    const small = createNormalizerHandler({ normalize: normalizeWire, maxBytes: 1024 });
    expect(await small(record(Buffer.alloc(4096, 0x61)))).toMatchObject({
      kind: "reject",
      code: "TOO_LARGE",
    });
  });
});
