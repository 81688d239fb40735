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
