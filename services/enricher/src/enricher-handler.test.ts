import { readFileSync } from "node:fs";
import { enrichStory, isRejection, normalizeWire } from "@newswire/core";
import type { InputRecord } from "@newswire/runtime";
import { STORY_SCHEMA_VERSION, storySchema } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { createEnricherHandler } from "./enricher-handler.js";

const corpus = new URL("../../../tests/fixtures/corpus/", import.meta.url);
const handler = createEnricherHandler({ enrich: enrichStory });

function record(
  value: Buffer | null,
  headers: Record<string, string> = { "schema-version": STORY_SCHEMA_VERSION },
): InputRecord {
  return {
    topic: "wire.normalized",
    partition: 0,
    offset: "3",
    timestamp: "0",
    key: null,
    value,
    headers,
    rawHeaders: {},
  };
}

function normalized(file: string): Buffer {
  const result = normalizeWire(readFileSync(new URL(file, corpus)), {
    feed: "webdesk",
    receivedAt: "2024-05-17T06:00:00Z",
  });
  if (isRejection(result)) throw new Error(result.message);
  return Buffer.from(JSON.stringify(result));
}

describe("enricher handler", () => {
  it("publishes the attributed Story keyed by story id with the version headers", async () => {
    const result = await handler(record(normalized("01-webdesk-xi-putin.txt")));
    expect(result.kind).toBe("publish");
    if (result.kind !== "publish") return;
    const story = storySchema.parse(JSON.parse(String(result.value)));
    expect(result.key).toBe(story.id);
    expect(result.headers).toEqual({
      "schema-version": STORY_SCHEMA_VERSION,
      "content-type": "application/json",
    });
    expect(result.log).toEqual({ storyId: story.id, feed: "webdesk" });
  });

  it("publishes what attribution found", async () => {
    const agency = {
      id: "reuters",
      name: "Reuters",
      roles: ["contributor" as const],
      evidence: [
        {
          role: "contributor" as const,
          text: "Reuters",
          start: 0,
          end: 7,
          field: "trailer" as const,
        },
      ],
      confidence: 0.9,
    };
    const withAgency = createEnricherHandler({
      enrich: (story) => ({ ...story, agencies: [agency] }),
    });
    const result = await withAgency(record(normalized("01-webdesk-xi-putin.txt")));
    expect(
      result.kind === "publish" && storySchema.parse(JSON.parse(String(result.value))).agencies,
    ).toEqual([agency]);
  });

  it("rejects a value that is not JSON, not a NormalizedStory, or of another schema version", async () => {
    expect(await handler(record(Buffer.from("{nope")))).toMatchObject({
      kind: "reject",
      code: "INVALID_RECORD",
    });
    expect(await handler(record(Buffer.from('{"id":1}')))).toMatchObject({
      kind: "reject",
      code: "INVALID_RECORD",
    });
    expect(
      await handler(record(normalized("01-webdesk-xi-putin.txt"), { "schema-version": "1" })),
    ).toMatchObject({ kind: "reject", message: 'unsupported schema-version "1"' });
    expect(await handler(record(null))).toMatchObject({ kind: "reject", code: "INVALID_RECORD" });
  });
});
