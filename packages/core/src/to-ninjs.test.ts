import { readdirSync, readFileSync } from "node:fs";
import { STORY_SCHEMA_VERSION, type Story, storySchema } from "@newswire/schemas";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import formats from "ajv-formats";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  corpusFixtures,
  type Fixture,
  feedFixtures,
} from "../../../tests/support/fixture-expectations.js";
import { isRejection, processWire, toNinjs, toNinjs3 } from "./index.js";

// ajv-formats is CommonJS with `exports.default`; under NodeNext its default import is the module.
const addFormats = formats.default;

const STANDARDS = new URL("../../../tests/fixtures/standards/ninjs/", import.meta.url);

/** IPTC's own schemas, by version, compiled the way their `$schema` says (draft 2020-12). */
function officialValidators(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  // `places[].geojson` refers to the GeoJSON schema, which tests cannot fetch. newswire emits no
  // GeoJSON; this stand-in rejects any, so starting to emit it fails here until the real schema
  // is vendored.
  ajv.addSchema({ $id: "https://geojson.org/schema/GeoJSON.json", not: {} });
  const out = new Map<string, ValidateFunction>();
  for (const file of readdirSync(STANDARDS)) {
    const version = /^ninjs-schema_(\d+\.\d+)\.json$/.exec(file)?.[1];
    if (!version) continue;
    const schema = JSON.parse(readFileSync(new URL(file, STANDARDS), "utf8")) as { $id: string };
    out.set(version, ajv.compile(schema));
  }
  return out;
}

const validators = officialValidators();
const v2 = [...validators.keys()].filter((v) => v.startsWith("2."));
const v3 = [...validators.keys()].filter((v) => v.startsWith("3."));

/** Every schema error, one line each, so that a failure names the property. */
function errorsAgainst(version: string, ninjs: unknown): string[] {
  const validate = validators.get(version);
  if (!validate) throw new Error(`no vendored ninjs ${version} schema`);
  return validate(ninjs)
    ? []
    : (validate.errors ?? []).map((e) => `${version} ${e.instancePath || "/"} ${e.message}`);
}

function expectValid(story: Story): void {
  const two = toNinjs(story);
  const three = toNinjs3(story);
  expect(v2.flatMap((v) => errorsAgainst(v, two))).toEqual([]);
  expect(v3.flatMap((v) => errorsAgainst(v, three))).toEqual([]);
}

function storyOf({ bytes, want }: Fixture): Story | null {
  const result = processWire(bytes, {
    receivedAt: want.receivedAt ?? "2024-01-01T00:00:00Z",
    contentType: want.contentType ?? null,
    feed: "corpus",
  });
  return isRejection(result) ? null : result;
}

/** A Story with every field the projections read filled. */
function fullStory(overrides: Partial<Story> = {}): Story {
  return storySchema.parse({
    schemaVersion: STORY_SCHEMA_VERSION,
    id: "0123456789abcdef0123456789abcdef",
    headline: "Harbour bridge reopens after repairs",
    standfirst: "Traffic returns to the crossing six weeks early",
    byline: "Mara Quint",
    dateline: { place: "Lisbon", date: "2024-03-04", raw: "LISBON, March 4 (Reuters) -" },
    paragraphs: ["The bridge reopened on Monday.", "Engineers finished ahead of schedule 🚧."],
    captions: [],
    trailers: ["(Reporting by Mara Quint; Editing by Tom Ash)"],
    copyright: "Copyright 2024 Example Wire. All rights reserved.",
    metadata: {
      distributor: "Reuters",
      creditline: null,
      infoSources: [],
      copyrightHolder: "Example Wire",
      header: {},
      slugline: "PORTUGAL-BRIDGE/",
      keywords: ["bridge", "transport", "bridge"],
      priority: 3,
      versionMarkers: [],
      editorsNotes: ["Eds: UPDATES with minister quote.", "Eds: Adds photo."],
      parties: [],
      identity: {
        itemId: "tag:example.com,2024:newsml_L1N3F0",
        version: 2,
        status: null,
        signals: [],
      },
      decoding: { charset: "utf-8", replacedBytes: 0 },
    },
    language: "en",
    wordCount: 11,
    source: {
      feed: "reuters",
      format: "newsml-g2",
      contentType: "application/vnd.iptc.g2.newsitem+xml",
      receivedAt: "2024-03-04T09:15:00.000Z",
      sha256: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
      archiveKey: "originals/2024/03/04/reuters/0123456789abcdef0123456789abcdef.xml",
      wireId: "wire-778",
      kafka: null,
    },
    lifecycle: {
      storyKey: "id|tag:example.com,2024:newsml_L1N3F0",
      version: 2,
      versionTime: null,
      pubStatus: "usable",
      signal: "update",
      fingerprint: "0f1e2d3c4b5a6978",
      supersedes: null,
      duplicateOf: null,
    },
    agencies: [
      {
        id: "reuters",
        name: "Reuters",
        roles: ["origin", "copyright"],
        evidence: [{ role: "origin", text: "Reuters", start: 0, end: 7, field: "dateline" }],
        confidence: 0.97,
      },
      {
        id: "ap",
        name: "The Associated Press",
        roles: ["cited"],
        evidence: [{ role: "cited", text: "AP", start: 4, end: 6, field: "body" }],
        confidence: 0.6,
      },
    ],
    ...overrides,
  });
}

describe("the vendored IPTC schemas", () => {
  it("are ninjs 2.x and 3.x, each for the version its file names", () => {
    expect(v2.length).toBeGreaterThanOrEqual(2);
    expect(v3.length).toBeGreaterThanOrEqual(2);
  });

  it("reject what newswire used to emit (`complete`, `$schema`), so they do check", () => {
    const old = {
      $schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json",
      uri: "urn:newswire:story:0123",
      type: "text",
      representationtype: "complete",
      headlines: [{ role: "main", value: "A headline" }],
      keywords: ["a"],
    };
    const errors = errorsAgainst("2.1", old).join("\n");
    expect(errors).toContain("/representationtype must be equal to one of the allowed values");
    expect(errors).toContain("must NOT have unevaluated properties");
    expect(errorsAgainst("3.1", { uri: "urn:x:y", urgency: 0 })).not.toEqual([]);
  });
});

function projectable(fixtures: Fixture[]): Array<readonly [string, Story]> {
  return fixtures.flatMap((f) => {
    const story = storyOf(f);
    return story ? [[f.name, story] as const] : [];
  });
}

// Others add feed fixtures while this runs: every file with a sidecar is picked up.
for (const [set, stories] of [
  ["corpus", projectable(corpusFixtures())],
  ["feeds", projectable(feedFixtures())],
] as const) {
  describe.runIf(stories.length > 0)(
    `ninjs projections of every ${set} fixture validate against IPTC's schemas`,
    () => {
      it.each(stories)("%s", (_name, story) => expectValid(story));
    },
  );
}

describe("toNinjs (2.x) and toNinjs3 (3.x)", () => {
  it("fill every property the Story has, under each version's names", () => {
    const story = fullStory();
    expectValid(story);
    const three = toNinjs3(story);
    expect(three).toEqual({
      uri: "urn:newswire:story:id%7Ctag%3Aexample.com%2C2024%3Anewsml_L1N3F0",
      pubStatus: "usable",
      version: "2",
      standard: {
        name: "ninjs",
        version: "3.1",
        schema: "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
      },
      type: "text",
      representationType: "full",
      language: "en",
      versionCreated: "2024-03-04T09:15:00.000Z",
      headlines: [{ role: "main", value: "Harbour bridge reopens after repairs" }],
      descriptions: [
        {
          role: "summary",
          contentType: "text/plain",
          value: "Traffic returns to the crossing six weeks early",
        },
      ],
      bodies: [
        {
          role: "main",
          contentType: "text/plain",
          value: "The bridge reopened on Monday.\n\nEngineers finished ahead of schedule 🚧.",
          charCount: 71,
          wordCount: 11,
        },
      ],
      by: "Mara Quint",
      located: "Lisbon",
      infoSources: [
        {
          name: "Reuters",
          role: "urn:newswire:agency-role:origin",
          uri: "urn:newswire:agency:reuters",
        },
        {
          name: "Reuters",
          role: "urn:newswire:agency-role:copyright",
          uri: "urn:newswire:agency:reuters",
        },
        {
          name: "The Associated Press",
          role: "urn:newswire:agency-role:cited",
          uri: "urn:newswire:agency:ap",
        },
      ],
      copyrightNotice: "Copyright 2024 Example Wire. All rights reserved.",
      copyrightHolder: "Example Wire",
      slugline: "PORTUGAL-BRIDGE/",
      subjects: [{ name: "bridge" }, { name: "transport" }],
      urgency: 3,
      edNote: "Eds: UPDATES with minister quote. Eds: Adds photo.",
      altIds: [
        { role: "newswire-story-id", value: "0123456789abcdef0123456789abcdef" },
        { role: "wire-id", value: "wire-778" },
        { role: "item-id", value: "tag:example.com,2024:newsml_L1N3F0" },
      ],
    });
    const two = toNinjs(story);
    expect(Object.keys(two)).toEqual(Object.keys(three).map((k) => k.toLowerCase()));
    expect(two.standard).toEqual({
      name: "ninjs",
      version: "2.2",
      schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
    });
    expect(two.representationtype).toBe("full");
    expect(two.copyrightnotice).toBe(three.copyrightNotice);
    expect(two.infosources).toEqual(three.infoSources);
    expect(two.bodies[0]?.charcount).toBe(71);
    expect(two.ednote).toBe(three.edNote);
    expect(two.altids).toEqual(three.altIds);
    expect([two.pubstatus, two.version]).toEqual(["usable", "2"]);
  });

  it("carry the lifecycle: one uri for every version, its version and pubStatus", () => {
    const v2 = fullStory();
    const v3 = fullStory({
      id: "fedcba9876543210fedcba9876543210",
      lifecycle: { ...v2.lifecycle, version: 3, pubStatus: "canceled", signal: "kill" },
    });
    expect(toNinjs3(v3).uri).toBe(toNinjs3(v2).uri);
    expect(toNinjs3(v3)).toMatchObject({ version: "3", pubStatus: "canceled" });
    expect(toNinjs(v3)).toMatchObject({ version: "3", pubstatus: "canceled" });
    const unversioned = fullStory({ lifecycle: { ...v2.lifecycle, version: null } });
    expect("version" in toNinjs3(unversioned)).toBe(false);
    for (const story of [v3, unversioned]) expectValid(story);
  });

  it("declare the schema they follow in `standard`, naming a vendored schema's $id", () => {
    const ids = readdirSync(STANDARDS)
      .filter((f) => f.endsWith(".json"))
      .map((f) => (JSON.parse(readFileSync(new URL(f, STANDARDS), "utf8")) as { $id: string }).$id);
    for (const ninjs of [toNinjs(fullStory()), toNinjs3(fullStory())]) {
      expect(ninjs).not.toHaveProperty("$schema");
      expect(ids).toContain(`${ninjs.standard.schema}#`);
    }
  });

  it("leave out a versionCreated that is not an RFC 3339 date-time instead of failing validation", () => {
    for (const receivedAt of [
      "2024-03-04 09:15:00",
      "2024-03-04T09:15:00",
      "2024-02-30T09:15:00Z",
      "2023-02-29T00:00:00Z",
      "2024-03-04T24:00:00Z",
      "Mon, 04 Mar 2024 09:15:00 GMT",
      "yesterday",
      `2024-03-04T09:15:00${"0".repeat(100)}Z`,
    ]) {
      const base = fullStory();
      const story = { ...base, source: { ...base.source, receivedAt } };
      expect(toNinjs3(story)).not.toHaveProperty("versionCreated");
      expect(toNinjs(story)).not.toHaveProperty("versioncreated");
      expectValid(story);
    }
    for (const receivedAt of ["2024-02-29T23:59:59+05:30", "2024-03-04T09:15:00.123456Z"]) {
      const base = fullStory();
      const story = { ...base, source: { ...base.source, receivedAt } };
      expect(toNinjs3(story).versionCreated).toBe(receivedAt);
      expectValid(story);
    }
  });

  it("carry urgency only within ninjs's 1 to 9", () => {
    const base = fullStory();
    for (const [priority, want] of [
      [1, 1],
      [9, 9],
      [0, undefined],
      [10, undefined],
      [-2, undefined],
      [null, undefined],
    ] as const) {
      const story = { ...base, metadata: { ...base.metadata, priority } };
      expect(toNinjs3(story).urgency).toBe(want);
      expect(toNinjs(story).urgency).toBe(want);
      expectValid(story);
    }
  });

  it("leave out what the Story lacks rather than emit empty values", () => {
    const base = fullStory({
      standfirst: null,
      byline: null,
      copyright: null,
      language: null,
      dateline: { place: null, date: null, raw: null },
      agencies: [],
    });
    const story: Story = {
      ...base,
      source: { ...base.source, wireId: null, receivedAt: null },
      metadata: {
        ...base.metadata,
        copyrightHolder: null,
        slugline: null,
        keywords: [],
        priority: null,
        editorsNotes: [],
        identity: { itemId: null, version: null, status: null, signals: [] },
      },
    };
    expect(Object.keys(toNinjs3(story))).toEqual([
      "uri",
      "pubStatus",
      "version",
      "standard",
      "type",
      "representationType",
      "headlines",
      "bodies",
      "altIds",
    ]);
    expectValid(story);
  });

  it("keep the uri a valid URI whatever the story key", () => {
    const base = fullStory();
    const story = fullStory({ lifecycle: { ...base.lifecycle, storyKey: "text|a b/c?d#e%f|x" } });
    expect(toNinjs3(story).uri).toBe("urn:newswire:story:text%7Ca%20b%2Fc%3Fd%23e%25f%7Cx");
    expectValid(story);
  });

  it("validate for any Story the schema allows", () => {
    const text = fc.string({ unit: "grapheme", maxLength: 40 });
    const agency = fc.record({
      id: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/),
      name: text,
      roles: fc.uniqueArray(
        fc.constantFrom("origin", "contributor", "photo", "copyright", "cited"),
        {
          minLength: 1,
        },
      ),
    });
    fc.assert(
      fc.property(
        fc.record({
          id: text,
          headline: text.filter((s) => s.length > 0),
          standfirst: fc.option(text),
          byline: fc.option(text),
          place: fc.option(text),
          paragraphs: fc.array(text, { minLength: 1, maxLength: 4 }),
          language: fc.option(text),
          receivedAt: fc.option(
            fc.oneof(
              text,
              fc
                .date({
                  min: new Date("0001-01-01"),
                  max: new Date("9999-12-31"),
                  noInvalidDate: true,
                })
                .map((d) => d.toISOString()),
            ),
          ),
          keywords: fc.array(text, { maxLength: 4 }),
          priority: fc.option(fc.integer({ min: -5, max: 15 })),
          notes: fc.array(text, { maxLength: 3 }),
          itemId: fc.option(text),
          agencies: fc.array(agency, { maxLength: 3 }),
        }),
        (r) => {
          const base = fullStory();
          const story = storySchema.parse({
            ...base,
            id: r.id,
            headline: r.headline,
            standfirst: r.standfirst,
            byline: r.byline,
            dateline: { ...base.dateline, place: r.place },
            paragraphs: r.paragraphs,
            language: r.language,
            source: { ...base.source, receivedAt: r.receivedAt, wireId: r.itemId },
            metadata: {
              ...base.metadata,
              keywords: r.keywords,
              priority: r.priority,
              editorsNotes: r.notes,
              slugline: r.byline,
              copyrightHolder: r.place,
              identity: { ...base.metadata.identity, itemId: r.itemId },
            },
            agencies: r.agencies.map((a) => ({
              ...a,
              evidence: [{ role: a.roles[0], text: a.name, start: 0, end: 0, field: "body" }],
              confidence: 0.5,
            })),
          });
          expectValid(story);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("are read back by newswire's own ninjs parser", () => {
    const story = fullStory();
    const back = processWire(Buffer.from(JSON.stringify(toNinjs(story))), {
      receivedAt: "2024-03-05T00:00:00Z",
      contentType: "application/json",
    });
    if (isRejection(back)) throw new Error(back.message);
    expect(back.source.format).toBe("ninjs");
    expect(back.headline).toBe(story.headline);
    expect(back.standfirst).toBe(story.standfirst);
    expect(back.paragraphs).toEqual(story.paragraphs);
    expect(back.byline).toBe(story.byline);
    expect(back.dateline.place).toBe(story.dateline.place);
    expect(back.copyright).toBe(story.copyright);
    expect(back.metadata.copyrightHolder).toBe(story.metadata.copyrightHolder);
    expect(back.metadata.slugline).toBe(story.metadata.slugline);
    expect(back.metadata.priority).toBe(story.metadata.priority);
  });
});
