import { describe, expect, it } from "vitest";
import {
  corpusFixtures,
  type Fixture,
  feedFixtures,
  fieldMismatches,
} from "../../../tests/support/fixture-expectations.js";
import { isRejection, processWire } from "./index.js";

function checkFixture({ bytes, want }: Fixture): void {
  const started = performance.now();
  const result = processWire(bytes, {
    receivedAt: want.receivedAt ?? "2024-01-01T00:00:00Z",
    contentType: want.contentType ?? null,
    feed: "corpus",
  });
  const elapsed = performance.now() - started;
  if (want.maxMillis !== undefined) expect(elapsed).toBeLessThan(want.maxMillis);
  if (want.reject) {
    expect(isRejection(result)).toBe(true);
    if (isRejection(result)) {
      expect(result.message.length).toBeGreaterThan(0);
      if (want.rejectCode !== undefined) expect(result.code).toBe(want.rejectCode);
    }
    return;
  }
  if (isRejection(result)) {
    // Only inputs with nothing but mustNotContain (the XXE probe) may be rejected.
    expect(Object.keys(want).every((k) => k === "mustNotContain" || k === "maxMillis")).toBe(true);
    expect(JSON.stringify(result)).not.toContain("root:x:0:0");
    return;
  }
  expect(fieldMismatches(result, want)).toEqual([]);
  expect(JSON.stringify(result)).not.toContain("\ufffd");
  expect(result.id).toMatch(/^[0-9a-f]{32}$/);
}

describe("corpus", () => {
  it.each(corpusFixtures().map((f) => [f.name, f] as const))(
    "%s meets every expectation that does not depend on attribution",
    (_name, fixture) => checkFixture(fixture),
  );
});

const feeds = feedFixtures();
describe.runIf(feeds.length > 0)("agency feeds in their real shapes", () => {
  it.each(feeds.map((f) => [f.name, f] as const))(
    "%s meets every expectation that does not depend on attribution",
    (_name, fixture) => checkFixture(fixture),
  );
});
