import { describe, expect, it } from "vitest";
import { maskAddresses } from "./mask.js";

/** The parts of `text` that were blanked, in order. */
function masked(text: string): string[] {
  const out = maskAddresses(text);
  expect(out.length).toBe(text.length);
  const parts: string[] = [];
  let from = -1;
  for (let i = 0; i <= text.length; i++) {
    const blank = i < text.length && out[i] === " " && text[i] !== " ";
    if (blank && from < 0) from = i;
    if (!blank && from >= 0) {
      parts.push(text.slice(from, i));
      from = -1;
    }
  }
  return parts;
}

describe("maskAddresses", () => {
  it("leaves copy without addresses untouched (the same string)", () => {
    const text =
      "KYIV, May 3 (Reuters) - Officials said the strike hit a depot. U.S. officials agreed.";
    expect(maskAddresses(text)).toBe(text);
  });

  it("blanks URLs to the end of their token, keeping every offset", () => {
    expect(
      masked("See https://www.reuters.com/world/x-1 (live) and www.afp.com/en today."),
    ).toEqual(["https://www.reuters.com/world/x-1", "www.afp.com/en"]);
    expect(masked("Mirror at http://localhost:8080/ap")).toEqual(["http://localhost:8080/ap"]);
  });

  it("blanks e-mail addresses whole, local part and dotted domain", () => {
    expect(masked("Write to desk.news+tips@reuters.com or jhpark@yna.co.kr.")).toEqual([
      "desk.news+tips@reuters.com",
      "jhpark@yna.co.kr",
    ]);
  });

  it("does not take an @ without a dotted domain for an address", () => {
    expect(masked("Prices rose 5% @ Reuters desk@ noon, a@b")).toEqual([]);
  });

  it("blanks handles and hashtags, not an @ inside a word", () => {
    expect(masked("Follow @AFP and #Reuters; user@host is no handle.")).toEqual([
      "@AFP",
      "#Reuters",
    ]);
  });

  it("blanks bare domains that end in a known top-level domain, with their path", () => {
    expect(masked("Read it on aa.com.tr/en/world or news.cn, not on example.invalid.")).toEqual([
      "aa.com.tr/en/world",
      "news.cn",
    ]);
  });

  it("keeps an agency name next to an address readable", () => {
    const out = maskAddresses("(Reuters) - Contact: desk@afp.com. AFP said.");
    expect(out.startsWith("(Reuters) - Contact: ")).toBe(true);
    expect(out.endsWith(". AFP said.")).toBe(true);
  });
});
