import type { Story } from "@newswire/schemas";
import { type Ninjs3, type NinjsStandard, ninjsProjection } from "./to-ninjs3.js";

const NINJS_2: NinjsStandard = {
  name: "ninjs",
  version: "2.2",
  schema: "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json",
};

/**
 * ninjs 3.0 renamed the 2.x properties to camelCase and changed nothing else about the ones
 * newswire emits (IPTC ninjs User Guide, "Property names converted to plural form"): the 2.x
 * name of each is its 3.x name in lower case. (The exceptions, `embargoed`/`embargoedUntil` and
 * the 3.x-only event properties, are not emitted; the schema tests would catch one that was.)
 */
type LowerKeys<T> = T extends readonly (infer U)[]
  ? LowerKeys<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? Lowercase<K> : K]: LowerKeys<T[K]> }
    : T;

/** An IPTC ninjs 2.x object (the properties newswire fills). */
export type Ninjs = LowerKeys<Ninjs3>;

// The projection's depth is fixed by Ninjs3 (three levels), not by the input.
function lowerKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [key.toLowerCase(), lowerKeys(v)]),
  );
}

/** Projection of a Story onto IPTC ninjs 2.x, for subscribers that speak ninjs 2. */
export function toNinjs(story: Story): Ninjs {
  // lowerKeys maps Ninjs3 to exactly LowerKeys<Ninjs3>; TypeScript cannot follow the mapping.
  return lowerKeys(ninjsProjection(story, NINJS_2)) as Ninjs;
}
