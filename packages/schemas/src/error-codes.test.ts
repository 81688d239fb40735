import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DEAD_LETTER_CODE_INFO,
  DEAD_LETTER_CODES,
  deadLetterCodeSchema,
  isDeadLetterCode,
} from "./error-codes.js";
import { REJECTION_CODES } from "./rejection.js";

describe("DEAD_LETTER_CODES", () => {
  it("holds every rejection code, once, and describes each code", () => {
    for (const code of REJECTION_CODES) expect(DEAD_LETTER_CODES).toContain(code);
    expect(new Set(DEAD_LETTER_CODES).size).toBe(DEAD_LETTER_CODES.length);
    expect(Object.keys(DEAD_LETTER_CODE_INFO).sort()).toEqual([...DEAD_LETTER_CODES].sort());
    expect(isDeadLetterCode("HANDLER_CRASH")).toBe(true);
    expect(isDeadLetterCode("REJECTED")).toBe(false);
    expect(deadLetterCodeSchema.safeParse("rejected").success).toBe(false);
  });

  it("is the table docs/ARCHITECTURE.md shows, row for row", () => {
    const doc = readFileSync(new URL("../../../docs/ARCHITECTURE.md", import.meta.url), "utf8");
    const section = /<!-- error-codes:start -->\n([\s\S]*?)\n<!-- error-codes:end -->/.exec(doc);
    expect(section, "docs/ARCHITECTURE.md has the error-code table").not.toBeNull();
    // Cells, not raw lines: the formatter pads the table's columns.
    const rows = (section?.[1] ?? "")
      .split("\n")
      .slice(2)
      .map((line) =>
        line
          .split("|")
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    expect(rows).toEqual(
      Object.entries(DEAD_LETTER_CODE_INFO).map(([code, info]) => [
        `\`${code}\``,
        info.stages.join(", "),
        info.meaning,
      ]),
    );
  });
});
