import { readFileSync } from "node:fs";
import type { Story } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { isRejection, processWire } from "./index.js";

const CORPUS = new URL("../../../tests/fixtures/corpus/", import.meta.url);

interface Expectation {
  receivedAt?: string;
  headline?: string;
  standfirst?: string;
  byline?: string;
  bylineCI?: string;
  dateline?: { place?: string; date?: string };
  paragraphs?: number;
  firstParagraphStartsWith?: string;
  lastParagraphEndsWith?: string;
  captions?: Array<{ textStartsWith?: string; credit?: string }>;
  mustContain?: string[];
  mustNotContain?: string[];
  reject?: boolean;
  maxMillis?: number;
}

const expected = JSON.parse(readFileSync(new URL("expected.json", CORPUS), "utf8")) as Record<
  string,
  Expectation
>;

/** The corpus README's comparison rule: typographic quotes and dashes fold to ASCII. */
function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2010-\u2015]/g, "-");
}

/** Everything a reader sees: the cleaned output text. */
function outputText(story: Story): string {
  return [
    story.headline,
    story.standfirst ?? "",
    story.byline ?? "",
    story.dateline.place ?? "",
    ...story.paragraphs,
    ...story.captions.flatMap((c) => [c.text, c.credit ?? ""]),
  ].join("\n");
}

describe("corpus", () => {
  for (const [file, want] of Object.entries(expected)) {
    it(`${file} meets every expectation that does not depend on attribution`, () => {
      const bytes = readFileSync(new URL(file, CORPUS));
      const started = performance.now();
      const result = processWire(bytes, {
        receivedAt: want.receivedAt ?? "2024-01-01T00:00:00Z",
        feed: "corpus",
      });
      const elapsed = performance.now() - started;
      if (want.maxMillis !== undefined) expect(elapsed).toBeLessThan(want.maxMillis);
      if (want.reject) {
        expect(isRejection(result)).toBe(true);
        if (isRejection(result)) expect(result.message.length).toBeGreaterThan(0);
        return;
      }
      if (isRejection(result)) {
        // Only inputs with nothing but mustNotContain (the XXE probe) may be rejected.
        expect(Object.keys(want).every((k) => k === "mustNotContain" || k === "maxMillis")).toBe(
          true,
        );
        expect(JSON.stringify(result)).not.toContain("root:x:0:0");
        return;
      }
      const story = result;
      if (want.headline !== undefined) expect(fold(story.headline)).toBe(fold(want.headline));
      if (want.standfirst !== undefined)
        expect(fold(story.standfirst ?? "")).toBe(fold(want.standfirst));
      if (want.byline !== undefined) expect(fold(story.byline ?? "")).toBe(fold(want.byline));
      if (want.bylineCI !== undefined) {
        expect(fold(story.byline ?? "").toLowerCase()).toBe(fold(want.bylineCI).toLowerCase());
      }
      if (want.dateline?.place !== undefined)
        expect(story.dateline.place).toBe(want.dateline.place);
      if (want.dateline?.date !== undefined) expect(story.dateline.date).toBe(want.dateline.date);
      if (want.paragraphs !== undefined) expect(story.paragraphs).toHaveLength(want.paragraphs);
      if (want.firstParagraphStartsWith !== undefined) {
        expect(
          fold(story.paragraphs[0] ?? "").startsWith(fold(want.firstParagraphStartsWith)),
        ).toBe(true);
      }
      if (want.lastParagraphEndsWith !== undefined) {
        expect(fold(story.paragraphs.at(-1) ?? "").endsWith(fold(want.lastParagraphEndsWith))).toBe(
          true,
        );
      }
      for (const [i, caption] of (want.captions ?? []).entries()) {
        const got = story.captions[i];
        expect(got).toBeDefined();
        if (caption.textStartsWith !== undefined) {
          expect(fold(got?.text ?? "").startsWith(fold(caption.textStartsWith))).toBe(true);
        }
        if (caption.credit !== undefined)
          expect(fold(got?.credit ?? "")).toBe(fold(caption.credit));
      }
      const text = fold(outputText(story));
      for (const s of want.mustContain ?? []) expect(text).toContain(fold(s));
      for (const s of want.mustNotContain ?? []) expect(text).not.toContain(fold(s));
      expect(JSON.stringify(story)).not.toContain("\ufffd");
      expect(story.id).toMatch(/^[0-9a-f]{32}$/);
    });
  }
});
