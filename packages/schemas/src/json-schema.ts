import { z } from "zod";
import { normalizedStorySchema, STORY_SCHEMA_VERSION, storySchema } from "./story.js";

/**
 * The records subscribers read, as JSON Schema files committed beside this package
 * (packages/schemas/<file>) for subscribers in any language. Generated from the zod schemas by
 * `npm run schemas:write`; a unit test fails when a committed file differs from what this
 * generates. docs/ARCHITECTURE.md, "Subscriber contract", says what may change them.
 */
const CONTRACTS = [
  {
    file: "story.schema.json",
    name: "story",
    schema: storySchema,
    title: "newswire Story",
    description:
      "A story as published on the stories.enriched topic: the cleaned, attributed copy. " +
      "The record's schema-version header carries the version this schema is for.",
  },
  {
    file: "normalized-story.schema.json",
    name: "normalized-story",
    schema: normalizedStorySchema,
    title: "newswire NormalizedStory",
    description:
      "A story as published on the wire.normalized topic: the Story before agency attribution.",
  },
] as const;

export interface JsonSchemaFile {
  /** The file name in packages/schemas. */
  file: string;
  /** The JSON Schema (draft 2020-12) as a plain JSON value. */
  json: Record<string, unknown>;
}

/**
 * The JSON Schema of each published record, from zod's own `z.toJSONSchema`.
 *
 * `io: "input"` describes what the zod schema accepts, which for these schemas (no transforms,
 * no defaults) is the record itself without `additionalProperties: false`: a subscriber's
 * validator, like `storySchema.parse`, accepts a record from a newer producer that has a field
 * it does not know yet, so that adding an optional field is not a breaking change.
 */
export function storyJsonSchemas(): JsonSchemaFile[] {
  return CONTRACTS.map(({ file, name, schema, title, description }) => {
    const generated = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input" });
    const { $schema, ...rest } = generated;
    return {
      file,
      json: {
        $schema,
        $id: `urn:newswire:schema:${name}:${STORY_SCHEMA_VERSION}`,
        title,
        description,
        ...rest,
      },
    };
  });
}
