import { describe, expect, it } from "vitest";
import { storySummary } from "./tail.js";

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
