import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foldForCompare } from "./clean-text.js";

/** The fold spelled out in full: what the fast path for plain ASCII words must equal. */
const fullFold = (text: string) =>
  text
    .replace(/[\u2018\u2019\u201a\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();

describe("foldForCompare", () => {
  it("folds quotes, dashes, case and spacing", () => {
    expect(foldForCompare("  \u201cFire\u201d \u2014 Rescue\u2019s  CREW\n")).toBe(
      '"fire" - rescue\'s crew',
    );
    expect(foldForCompare("Plain Words, ASCII-only.")).toBe("plain words, ascii-only.");
  });

  it("gives what the full fold gives, on ASCII words and on anything else", () => {
    const piece = fc.constantFrom(
      "A",
      "b",
      " ",
      "  ",
      "\t",
      "\n",
      "\u2019",
      "\u201c",
      "\u2014",
      "\u00a0",
      "\u00c9",
      "-",
      ".",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(foldForCompare(text)).toBe(fullFold(text));
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-ascii", maxLength: 60 }), (text) => {
        expect(foldForCompare(text)).toBe(fullFold(text));
      }),
      { numRuns: 2000 },
    );
  });
});
