import { readdirSync, readFileSync } from "node:fs";
// Test-only: the real records come from core, which depends on this package (nothing in src does).
import { isRejection, normalizeWire, processWire } from "@newswire/core";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { corpusFixtures } from "../../../tests/support/fixture-expectations.js";
import {
  HEADERS,
  STORY_SCHEMA_VERSION,
  type Story,
  storyJsonSchemas,
  storySchema,
} from "./index.js";

const PACKAGE = new URL("../", import.meta.url);

function committed(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(file, PACKAGE), "utf8")) as Record<string, unknown>;
}

const generated = storyJsonSchemas();

describe("the subscriber contract's JSON Schema files", () => {
  it.each(generated.map((g) => [g.file, g] as const))(
    "packages/schemas/%s is what the zod schemas generate (else run `npm run schemas:write`)",
    (file, { json }) => {
      expect(committed(file)).toEqual(json);
    },
  );

  it("are all generated: no stale *.schema.json is left in packages/schemas", () => {
    const files = readdirSync(PACKAGE).filter((f) => f.endsWith(".schema.json"));
    expect(files.sort()).toEqual(generated.map((g) => g.file).sort());
  });

  it("are exported by @newswire/schemas for JavaScript subscribers", () => {
    const pkg = committed("package.json") as { exports: Record<string, unknown> };
    for (const { file } of generated) expect(pkg.exports[`./${file}`]).toBe(`./${file}`);
  });

  it("name the schema-version they describe", () => {
    const story = committed("story.schema.json") as {
      $id: string;
      properties: { schemaVersion: { const: string } };
    };
    expect(story.properties.schemaVersion.const).toBe(STORY_SCHEMA_VERSION);
    expect(story.$id).toBe(`urn:newswire:schema:story:${STORY_SCHEMA_VERSION}`);
    expect(HEADERS.schemaVersion).toBe("schema-version");
  });
});

describe("a subscriber validating with the committed JSON Schema", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const validateStory = ajv.compile(committed("story.schema.json"));
  const validateNormalized = ajv.compile(committed("normalized-story.schema.json"));
  const errors = (validate: typeof validateStory, record: unknown): string[] =>
    validate(record)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);

  const fixtures = corpusFixtures().filter((f) => !f.want.reject);
  const stories = fixtures.flatMap((f) => {
    const meta = { receivedAt: "2024-01-01T00:00:00Z", contentType: f.want.contentType ?? null };
    const story = processWire(f.bytes, meta);
    const normalized = normalizeWire(f.bytes, meta);
    if (isRejection(story) || isRejection(normalized)) return [];
    // Through JSON, as a subscriber receives them from Kafka.
    return [[f.name, JSON.parse(JSON.stringify(story)), JSON.parse(JSON.stringify(normalized))]];
  });

  it("has real stories to check", () => expect(stories.length).toBeGreaterThanOrEqual(10));

  it.each(stories)("accepts the Story and NormalizedStory newswire makes of %s", (_n, s, n) => {
    expect(errors(validateStory, s)).toEqual([]);
    expect(errors(validateNormalized, n)).toEqual([]);
  });

  const real = (stories[0]?.[1] ?? null) as Story | null;
  const mutations: Array<[string, (s: Story) => unknown]> = [
    ["an unknown field a newer producer added", (s) => ({ ...s, embargo: { until: null } })],
    ["no headline", ({ headline: _, ...s }) => s],
    ["an empty headline", (s) => ({ ...s, headline: "" })],
    ["no paragraphs", (s) => ({ ...s, paragraphs: [] })],
    ["another schemaVersion", (s) => ({ ...s, schemaVersion: "0" })],
    ["a format it does not know", (s) => ({ ...s, source: { ...s.source, format: "telex" } })],
    ["a short sha256", (s) => ({ ...s, source: { ...s.source, sha256: "abc" } })],
    [
      "a dateline date that is not a day",
      (s) => ({ ...s, dateline: { ...s.dateline, date: "May 2" } }),
    ],
    ["a fractional word count", (s) => ({ ...s, wordCount: 1.5 })],
    ["a null where null is not allowed", (s) => ({ ...s, captions: null })],
    [
      "an agency id with capitals",
      (s) => ({ ...s, agencies: [{ ...(s.agencies[0] as object), id: "AFP" }] }),
    ],
    [
      "an agency confidence above 1",
      (s) => ({ ...s, agencies: s.agencies.map((a) => ({ ...a, confidence: 1.5 })) }),
    ],
  ];

  it.each(mutations)("agrees with storySchema.parse on a Story with %s", (_what, mutate) => {
    if (!real) throw new Error("no real story");
    const record = mutate(structuredClone(real));
    expect(validateStory(record)).toBe(storySchema.safeParse(record).success);
  });

  it("rejects what storySchema rejects and accepts unknown fields, like storySchema", () => {
    if (!real) throw new Error("no real story");
    const verdicts = mutations.map(([what, mutate]) => [what, validateStory(mutate(real))]);
    expect(verdicts.filter(([, ok]) => ok).map(([what]) => what)).toEqual([
      "an unknown field a newer producer added",
    ]);
  });
});
