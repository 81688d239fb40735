import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { feedFixtures } from "../../../tests/support/fixture-expectations.js";
import { archiveKeyFor } from "./archive-key-for.js";
import { sniffFormat } from "./formats/sniff-format.js";
import { normalizeWire } from "./normalize-wire.js";
import { isRejection } from "./reject.js";

const CORPUS = new URL("../../../tests/fixtures/corpus/", import.meta.url);
const files = readdirSync(CORPUS).filter((name) => /^\d\d-/.test(name));

describe("archiveKeyFor", () => {
  it.each(files)("names %s as the normalized story does", (name) => {
    const bytes = readFileSync(new URL(name, CORPUS));
    const meta = { receivedAt: "2026-11-27T10:00:00Z", feed: "Web Desk", contentType: null };
    const story = normalizeWire(bytes, meta);
    if (isRejection(story)) throw new Error(`${name}: ${story.code}`);
    expect(archiveKeyFor(bytes, meta)).toBe(story.source.archiveKey);
  });

  it.each(feedFixtures().map((f) => [f.name, f.bytes] as const))(
    "names the feed file %s as the story reports it, with or without receivedAt",
    (_name, bytes) => {
      for (const meta of [{ receivedAt: "2026-11-27T10:00:00Z", feed: "x" }, { feed: "x" }, {}]) {
        const story = normalizeWire(bytes, meta);
        if (isRejection(story)) continue;
        expect(story.source.archiveKey).toBe(archiveKeyFor(bytes, meta));
      }
    },
  );

  it("reports the archiver's key when the transport gave a year beyond four digits", () => {
    const bytes = new TextEncoder().encode("Headline\n\nLONDON (Reuters) - Body text here.");
    const meta = { receivedAt: "+275760-09-13T00:00:00Z", feed: "wire" };
    const story = normalizeWire(bytes, meta);
    if (isRejection(story)) throw new Error(story.message);
    expect(story.source.archiveKey).toBe(archiveKeyFor(bytes, meta));
    expect(story.source.archiveKey).toMatch(/^originals\/undated\/wire\//);
  });

  it("uses the declared media type, then framing, then the leading text", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffFormat(enc("<nitf/>"), { contentType: "application/xml" })).toBe("nitf");
    expect(sniffFormat(enc("\u0016\u0016\u0001abc"))).toBe("anpa1312");
    expect(sniffFormat(enc("\ufeff  <newsItem/>"))).toBe("newsml-g2");
    expect(sniffFormat(enc("<other/>"))).toBe("xml");
    expect(sniffFormat(enc("[1]"))).toBeNull();
    expect(sniffFormat(enc("  \n"))).toBeNull();
  });

  it("falls back to bin and sanitized parts for what is no story", () => {
    const key = archiveKeyFor(new Uint8Array(0), { feed: "../../etc", receivedAt: "junk" });
    expect(key).toMatch(/^originals\/undated\/etc\/[0-9a-f]{32}\.bin$/);
  });
});
