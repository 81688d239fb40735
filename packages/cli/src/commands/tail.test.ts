import { describe, expect, it } from "vitest";
import { currentSummary, storySummary } from "./tail.js";

const base = {
  headline: "Ferry capsizes off eastern Indonesia",
  source: { feed: "ap-world" },
};

describe("storySummary", () => {
  it("prints the headline, each agency with its roles, and the feed", () => {
    const story = {
      ...base,
      agencies: [
        { id: "ap", roles: ["origin" as const, "copyright" as const] },
        { id: "reuters", roles: ["cited" as const] },
      ],
    };
    expect(storySummary(story)).toBe(
      "Ferry capsizes off eastern Indonesia — ap (origin, copyright), reuters (cited) — feed ap-world",
    );
  });

  it("says so when no agency was found", () => {
    expect(storySummary({ ...base, agencies: [] })).toBe(
      "Ferry capsizes off eastern Indonesia — no agency — feed ap-world",
    );
  });
});

describe("currentSummary", () => {
  const story = {
    ...base,
    agencies: [{ id: "ap", roles: ["origin" as const] }],
    lifecycle: { version: 3, pubStatus: "canceled" as const, signal: "kill" as const },
  };
  it("leads with the key, the version, its pubStatus and signal", () => {
    expect(currentSummary("slug|ap|bc-us-ferry|06-12", story)).toBe(
      "slug|ap|bc-us-ferry|06-12 v3 canceled kill — Ferry capsizes off eastern Indonesia — ap (origin) — feed ap-world",
    );
    expect(
      currentSummary("k", { ...story, lifecycle: { ...story.lifecycle, version: null } }),
    ).toMatch(/^k v\? canceled kill — /);
  });
  it("prints a tombstone as the key removed", () => {
    expect(currentSummary("slug|ap|bc-us-ferry|06-12", null)).toBe(
      "slug|ap|bc-us-ferry|06-12 removed",
    );
  });
});
