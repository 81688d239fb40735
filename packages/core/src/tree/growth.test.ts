import { describe, expect, it } from "vitest";
import { growthRatio } from "../../../../tests/support/growth.js";
import { isRejection, normalizeWire } from "../index.js";
import { textOf } from "./element.js";
import { hasMarkup, scrubTags } from "./markup.js";
import { parseHtml } from "./parse-html.js";
import { parseXml } from "./parse-xml.js";

// CPU time at n and at 16n (tests/support/growth.ts): linear code measures 16 to about 32 on
// the shared machine, quadratic code 256 (the old HTML tree builder measured 180 and more).
const BOUND = 48;

const normalize = (input: string) =>
  normalizeWire(Buffer.from(input), { receivedAt: "2024-01-01T00:00:00Z" });

describe("tree builders grow linearly", () => {
  it.each([
    ["nested <li><ul>", (n: number) => "<li><ul>".repeat(n / 8)],
    ["nested <b>", (n: number) => "<b>".repeat(n / 3)],
    ["unclosed <div>", (n: number) => "<div>x".repeat(n / 6)],
    ["nested tables", (n: number) => "<table><tr><td>".repeat(n / 15)],
    [
      "close tags that match nothing",
      (n: number) => `${"<b>".repeat(n / 8)}${"</i>".repeat(n / 8)}`,
    ],
    ["attributes", (n: number) => `<p ${'a="1" '.repeat(n / 6)}>x</p>`],
  ])("HTML: %s", (_name, make) => {
    expect(growthRatio(make, 4_000, (s) => textOf(parseHtml(s)))).toBeLessThan(BOUND);
  });

  it.each([
    ["nested elements", (n: number) => `<a>${"<b>".repeat(n / 7)}${"</b>".repeat(n / 7)}</a>`],
    ["many siblings", (n: number) => `<a>${"<b>x</b>".repeat(n / 8)}</a>`],
    ["CDATA holding tags", (n: number) => `<a><![CDATA[${"<p>x</p>".repeat(n / 8)}]]></a>`],
    ["escaped tags", (n: number) => `<a>${"&lt;i&gt;x".repeat(n / 10)}</a>`],
    [
      "a large internal subset",
      (n: number) =>
        `<!DOCTYPE a [${'<!ENTITY % e "x">'.repeat(n / 18)}]><a>${"&lt;!ENTITY ".repeat(n / 40)}</a>`,
    ],
  ])("XML: %s", (_name, make) => {
    expect(growthRatio(make, 4_000, (s) => parseXml(s))).toBeLessThan(BOUND);
  });

  it.each([
    ["'<' without '>'", (n: number) => "<a".repeat(n / 2)],
    ["tags", (n: number) => "<a>".repeat(n / 3)],
    ["unclosed scripts", (n: number) => "<script>".repeat(n / 8)],
    ["split tags", (n: number) => "<scr<script>ipt>".repeat(n / 16)],
  ])("scrubTags: %s", (_name, make) => {
    expect(growthRatio(make, 4_000, (s) => scrubTags(s))).toBeLessThan(BOUND);
    expect(hasMarkup(scrubTags(make(1600)))).toBe(false);
  });
});

describe("parsers grow linearly and their output is bounded by their input", () => {
  it("nested HTML figcaptions contribute their text once", () => {
    const make = (n: number) =>
      `<html><body><h1>Fire</h1><p>Body.</p>${"<figure><figcaption>caption words ".repeat(n / 36)}</body></html>`;
    expect(growthRatio(make, 4_000, normalize)).toBeLessThan(BOUND);
    const input = make(64_000);
    const s = normalize(input);
    if (isRejection(s)) throw new Error(s.message);
    const captionChars = s.captions.reduce((sum, c) => sum + c.text.length, 0);
    expect(captionChars).toBeLessThan(input.length);
  });

  it("nested NITF media contribute their caption text once", () => {
    const make = (n: number) => {
      const k = Math.floor(n / 60);
      return `<nitf><head><title>T</title></head><body><body.content><p>Body.</p>${"<media><media-caption>caption words ".repeat(k)}${"</media-caption></media>".repeat(k)}</body.content></body></nitf>`;
    };
    expect(growthRatio(make, 4_000, normalize)).toBeLessThan(BOUND);
    const input = make(64_000);
    const s = normalize(input);
    if (isRejection(s)) throw new Error(s.message);
    const out = JSON.stringify(s).length;
    expect(out).toBeLessThan(input.length * 4);
  });

  it("nested G2 XHTML figcaptions contribute their text once", () => {
    const make = (n: number) => {
      const k = Math.floor(n / 50);
      return `<newsItem guid="g"><contentMeta><headline>H</headline></contentMeta><contentSet><inlineXML><html><body><p>Body.</p>${"<figure><figcaption>caption ".repeat(k)}${"</figcaption></figure>".repeat(k)}</body></html></inlineXML></contentSet></newsItem>`;
    };
    expect(growthRatio(make, 4_000, normalize)).toBeLessThan(BOUND);
    const input = make(64_000);
    expect(JSON.stringify(normalize(input)).length).toBeLessThan(input.length * 4);
  });

  it("a G2 package's item references are resolved by map, not by search", () => {
    const make = (n: number) => {
      const k = Math.floor(n / 120);
      const refs = Array.from({ length: k }, (_, i) => `<itemRef residref="urn:i${i}"/>`).join("");
      const items = Array.from(
        { length: k },
        (_, i) =>
          `<newsItem guid="urn:i${i}"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>`,
      ).join("");
      return `<newsMessage><itemSet><packageItem><groupSet root="R"><group id="R">${refs}</group></groupSet></packageItem>${items}<newsItem guid="t"><contentMeta><headline>H</headline></contentMeta><contentSet><inlineXML><p>Body.</p></inlineXML></contentSet></newsItem></itemSet></newsMessage>`;
    };
    expect(growthRatio(make, 4_000, normalize)).toBeLessThan(BOUND);
  });

  it("NewsML 1 with many components", () => {
    const make = (n: number) =>
      `<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>H</HeadLine></NewsLines>${"<NewsComponent><Role FormalName='Body'/><ContentItem><MediaType FormalName='Text'/><DataContent><p>x</p></DataContent></ContentItem></NewsComponent>".repeat(n / 150)}</NewsComponent></NewsItem></NewsML>`;
    expect(growthRatio(make, 4_000, normalize)).toBeLessThan(BOUND);
  });

  it("ninjs with large arrays (no spread into push)", () => {
    const make = (n: number) =>
      JSON.stringify({
        type: "text",
        headline: "H",
        body_text: "line\n".repeat(n / 10),
        keywords: Array.from({ length: n / 20 }, (_, i) => `k${i}`),
        infosources: Array.from({ length: n / 40 }, (_, i) => ({ name: `s${i}` })),
        headlines: Array.from({ length: n / 40 }, () => ({ role: "sub", value: "x" })),
      });
    expect(growthRatio(make, 4_000, normalize)).toBeLessThan(BOUND);
    const s = normalize(make(256_000));
    expect(isRejection(s)).toBe(false);
  });
});
