import { describe, expect, it } from "vitest";
import { processWire } from "./process-wire.js";
import { isRejection } from "./reject.js";
import { WARM_UP_SAMPLES, warmUp } from "./warm-up.js";

describe("warmUp", () => {
  it("takes every sample to a story with agencies, so the warm-up reaches the parsers, the text rules and attribution", () => {
    const formats = new Set<string>();
    for (const sample of WARM_UP_SAMPLES) {
      const story = processWire(new TextEncoder().encode(sample), { feed: "warm-up" });
      expect(isRejection(story), sample.slice(0, 40)).toBe(false);
      if (isRejection(story)) continue;
      expect(story.paragraphs.length).toBeGreaterThan(0);
      expect(story.agencies.length).toBeGreaterThan(0);
      formats.add(story.source.format);
    }
    expect(formats.size).toBe(WARM_UP_SAMPLES.length);
    expect(() => warmUp()).not.toThrow();
  });
});
