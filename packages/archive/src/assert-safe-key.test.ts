import { describe, expect, it } from "vitest";
import { ArchiveError } from "./archive-error.js";
import { assertSafeKey } from "./assert-safe-key.js";

describe("assertSafeKey", () => {
  it("accepts an archive key", () => {
    expect(() => assertSafeKey("originals/2026/11/27/reuters/abc123.xml")).not.toThrow();
  });

  it.each([
    ["empty", ""],
    ["traversal", "originals/2026/11/27/../../etc/passwd"],
    ["dot segment", "originals/./x"],
    ["leading slash", "/originals/x"],
    ["trailing slash", "originals/x/"],
    ["double slash", "originals//x"],
    ["control character", "originals/x\u0000y"],
    ["newline", "originals/x\ny"],
    ["backslash", "originals/..\\..\\x"],
    ["space", "originals/a b"],
    ["non-ASCII", "originals/caf\u00e9"],
    ["percent", "originals/%2e%2e"],
    ["over 1024 bytes", `originals/${"a".repeat(1100)}`],
  ])("refuses a key with %s as invalid_input", (_label, key) => {
    try {
      assertSafeKey(key);
      expect.unreachable("assertSafeKey accepted an unsafe key");
    } catch (error) {
      expect(error).toBeInstanceOf(ArchiveError);
      expect((error as ArchiveError).code).toBe("invalid_input");
      expect((error as ArchiveError).retryable).toBe(false);
    }
  });
});
