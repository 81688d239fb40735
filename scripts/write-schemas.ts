/**
 * Writes the subscriber contract: packages/schemas/<record>.schema.json, generated from the zod
 * schemas (see packages/schemas/src/json-schema.ts). `npm run schemas:write` runs this and then
 * Biome's formatter over the files; commit them with the schema change that moved them. The
 * unit test packages/schemas/src/json-schema.test.ts fails while a committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { storyJsonSchemas } from "@newswire/schemas";

const dir = new URL("../packages/schemas/", import.meta.url);
for (const { file, json } of storyJsonSchemas()) {
  writeFileSync(new URL(file, dir), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote packages/schemas/${file}`);
}
