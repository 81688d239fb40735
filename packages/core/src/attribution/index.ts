import type { AgencyAttribution, NormalizedStory } from "@newswire/schemas";

// Placeholder: agency attribution lands separately (attribution issue) and replaces this file.
export function attributeAgencies(_story: NormalizedStory): AgencyAttribution[] {
  return [];
}
