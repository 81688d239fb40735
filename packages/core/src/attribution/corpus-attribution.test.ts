import { describe, expect, it } from "vitest";
import {
  attributionMismatches,
  corpusFixtures,
  type Fixture,
  feedFixtures,
} from "../../../../tests/support/fixture-expectations.js";
import { isRejection, processWire } from "../index.js";

// A fixture without `agencies` expects none: every story is checked, as the e2e test does.
// Probes that expect no story at all (the XXE file) are left out.
const withAttribution = (fixtures: Fixture[]) =>
  fixtures
    .filter(
      (f) =>
        f.want.reject !== true && (f.want.agencies !== undefined || f.want.headline !== undefined),
    )
    .map((f) => [f.name, f] as const);

function checkAttribution({ name, bytes, want }: Fixture): void {
  const story = processWire(bytes, {
    receivedAt: want.receivedAt,
    contentType: want.contentType ?? null,
    feed: "corpus",
  });
  if (isRejection(story)) throw new Error(`${name} was rejected: ${story.message}`);
  expect(attributionMismatches(story, want)).toEqual([]);
  for (const a of story.agencies) expect(a.evidence.length).toBeGreaterThan(0);
}

describe("agency attribution on the corpus", () => {
  const stories = withAttribution(corpusFixtures());
  it("covers every corpus story with attribution expectations", () => {
    expect(stories.length).toBeGreaterThanOrEqual(14);
  });
  it.each(stories)("%s: required roles found, no other (agency, role) pair reported", (_n, f) =>
    checkAttribution(f),
  );
});

const feeds = withAttribution(feedFixtures());
describe.runIf(feeds.length > 0)("agency attribution on the real-shaped feeds", () => {
  it.each(feeds)("%s: required roles found, no other (agency, role) pair reported", (_n, f) =>
    checkAttribution(f),
  );
});
