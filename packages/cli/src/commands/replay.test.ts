import { describe, expect, it } from "vitest";
import { feedSegment, replayPrefixes, replayRange } from "./replay.js";

describe("replay's selection", () => {
  it("covers whole UTC days for dates, and exact instants for times", () => {
    expect(replayRange("2024-05-17", undefined)).toEqual({
      from: Date.parse("2024-05-17T00:00:00Z"),
      to: Date.parse("2024-05-18T00:00:00Z"),
    });
    expect(replayRange("2024-05-17", "2024-05-19")).toEqual({
      from: Date.parse("2024-05-17T00:00:00Z"),
      to: Date.parse("2024-05-20T00:00:00Z"),
    });
    expect(replayRange("2024-05-17T06:00:00Z", "2024-05-17T08:00:00Z")).toEqual({
      from: Date.parse("2024-05-17T06:00:00Z"),
      to: Date.parse("2024-05-17T08:00:00Z"),
    });
  });

  it.each([
    ["yesterday", undefined, /--from "yesterday" is not a date/],
    ["2024-05-17", "2024-05-16", /--to is not after --from/],
    ["2020-01-01", "2024-01-01", /at most 400 days/],
  ])("refuses %s .. %s", (from, to, message) => {
    expect(replayRange(from, to)).toMatch(message);
  });

  it("lists one prefix per day, narrowed to the feed's archive segment", () => {
    const range = replayRange("2024-05-31", "2024-06-01");
    if (typeof range === "string") throw new Error(range);
    expect(replayPrefixes({ range, feed: "Reuters World" })).toEqual([
      "originals/2024/05/31/reuters-world/",
      "originals/2024/06/01/reuters-world/",
    ]);
    expect(replayPrefixes({ prefix: "originals/undated/" })).toEqual(["originals/undated/"]);
    expect(replayPrefixes({ feed: "afp" })).toEqual(["originals/"]);
  });

  it("spells a feed as the archive key does", () => {
    expect(feedSegment("../../etc")).toBe("etc");
    expect(feedSegment("AFP")).toBe("afp");
  });
});
