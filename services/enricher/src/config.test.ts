import { describe, expect, it } from "vitest";
import { loadEnricherConfig } from "./config.js";

describe("enricher configuration", () => {
  it("defaults the current-story settings: a day to a kill's tombstone, 30 days of state, 6 bits", () => {
    expect(loadEnricherConfig({})).toMatchObject({
      TOPIC_CURRENT: "stories.current",
      TOPIC_CURRENT_STATE: "stories.current.state",
      CURRENT_KILL_TOMBSTONE_AFTER_MS: 86_400_000,
      CURRENT_STATE_RETENTION_MS: 2_592_000_000,
      CURRENT_DUPLICATE_MAX_BITS: 6,
    });
  });

  it("stops on a bad value, naming the variable", () => {
    expect(() => loadEnricherConfig({ CURRENT_DUPLICATE_MAX_BITS: "65" })).toThrow(
      /CURRENT_DUPLICATE_MAX_BITS is invalid: must be at most 16/,
    );
    expect(() => loadEnricherConfig({ CURRENT_KILL_TOMBSTONE_AFTER_MS: "soon" })).toThrow(
      /CURRENT_KILL_TOMBSTONE_AFTER_MS is invalid/,
    );
    expect(() => loadEnricherConfig({ CURRENT_STATE_RETENTION_MS: "10" })).toThrow(
      /CURRENT_STATE_RETENTION_MS is invalid: must be at least 60000/,
    );
  });
});
