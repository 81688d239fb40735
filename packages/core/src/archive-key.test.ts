import { describe, expect, it } from "vitest";
import { archiveKey, extensionFor } from "./archive-key.js";
import { storyId } from "./story-id.js";

describe("archiveKey", () => {
  it("builds originals/YYYY/MM/DD/<feed>/<id>.<ext> in UTC", () => {
    expect(
      archiveKey({
        receivedAt: "2024-12-31T23:30:00-05:00",
        feed: "reuters-world",
        id: "abc123",
        ext: "xml",
      }),
    ).toBe("originals/2025/01/01/reuters-world/abc123.xml");
  });

  it("sanitizes every part so nothing from the wire can shape the key", () => {
    expect(
      archiveKey({
        receivedAt: "not a date",
        feed: "../../etc/Passwd Feed",
        id: "../x/y",
        ext: "t.x/t",
      }),
    ).toBe("originals/undated/etc-passwd-feed/x-y.txt");
    expect(archiveKey({ receivedAt: null, feed: "", id: "", ext: "" })).toBe(
      "originals/undated/unknown/unknown.bin",
    );
    expect(
      archiveKey({
        receivedAt: "2024-01-01T00:00:00Z",
        feed: "a".repeat(500),
        id: "f",
        ext: "json",
      }).split("/")[4],
    ).toHaveLength(64);
  });

  it("maps formats to extensions", () => {
    expect(extensionFor("anpa1312")).toBe("anpa");
    expect(extensionFor(null)).toBe("bin");
  });
});

describe("storyId", () => {
  it("is a stable function of the bytes", () => {
    const a = storyId(new TextEncoder().encode("same bytes"));
    expect(storyId(new TextEncoder().encode("same bytes"))).toBe(a);
    expect(storyId(new TextEncoder().encode("other bytes"))).not.toBe(a);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("archiveKey dates", () => {
  const key = (receivedAt: string | null) =>
    archiveKey({ receivedAt, feed: "f", id: "i", ext: "txt" }).split("/").slice(1, -2).join("/");

  it("files a time with a year beyond four digits as undated, never as +275/60/...", () => {
    expect(key("+275760-09-13T00:00:00Z")).toBe("undated");
    expect(key("+275760-09-13T00:00:00.000Z")).toBe("undated");
    expect(key("-000001-01-01T00:00:00Z")).toBe("undated");
    // an offset that carries the last day of 9999 into the year 10000
    expect(key("9999-12-31T23:00:00-05:00")).toBe("undated");
  });

  it("files impossible dates and times as undated instead of rolling them over", () => {
    for (const t of [
      "2024-02-30T00:00:00Z",
      "2024-13-99T00:00:00Z",
      "2023-02-29",
      "2024-01-01T25:00:00Z",
    ])
      expect(key(t)).toBe("undated");
    expect(key("2024-02-29T12:00:00Z")).toBe("2024/02/29");
  });

  it("reads a time without a zone as UTC and a space for the T", () => {
    expect(key("2024-06-30T23:30:00")).toBe("2024/06/30");
    expect(key("2024-06-30 23:30:00+0530")).toBe("2024/06/30");
    expect(key("2024-06-30")).toBe("2024/06/30");
  });
});
