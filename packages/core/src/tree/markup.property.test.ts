import fc from "fast-check";
import { describe, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";
import { hasMarkup, htmlFieldText, inlineText } from "./markup.js";

// Pieces hostile text is made of: tags whole and split, escapes, comments, CDATA, quotes.
const PIECES = [
  "<",
  ">",
  "/",
  "script",
  "<script>",
  "</script>",
  "<scr",
  "ipt>",
  "<b>",
  "</b>",
  "<img src=x onerror=alert(1)>",
  "&lt;",
  "&gt;",
  "&amp;",
  "&lt;script&gt;",
  "<!--",
  "-->",
  "<![CDATA[",
  "]]>",
  '"',
  "'",
  "word",
  " ",
  "\n",
  "é",
  "\u0000",
  "\ud800",
];
const hostile = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 40 })
  .map((parts) => parts.join(""));

const escapeXml = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replaceAll("\u0000", "")
    .replaceAll("\ud800", "");

/** Every string a reader sees: headline, standfirst, byline, place, paragraphs, captions. */
function fields(s: ReturnType<typeof normalizeWire>): string[] {
  if (isRejection(s)) return [];
  return [
    s.headline,
    s.standfirst ?? "",
    s.byline ?? "",
    s.dateline.place ?? "",
    ...s.paragraphs,
    ...s.captions.map((c) => c.text),
    ...s.metadata.keywords,
    s.metadata.slugline ?? "",
  ];
}

function noMarkup(values: string[]): boolean {
  return values.every((v) => !hasMarkup(v) && !/<script/i.test(v) && !v.includes("\u0000"));
}

describe("no markup reaches a text field, whatever the input (property)", () => {
  it("field helpers", () => {
    fc.assert(
      fc.property(hostile, (s) => noMarkup([inlineText(s), htmlFieldText(s) ?? ""])),
      { numRuns: 2000 },
    );
  });

  it("ninjs headline, by, description_html and body_html", () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const doc = {
          type: "text",
          headline: `Head ${a}`,
          by: a,
          description_html: b,
          body_html: `<p>Body ${b}</p><p>${a}</p>`,
          keywords: [a],
          slugline: b,
        };
        return noMarkup(fields(normalizeWire(Buffer.from(JSON.stringify(doc)), {})));
      }),
      { numRuns: 300 },
    );
  });

  it("NITF text escaped or in CDATA, and G2 inline XHTML", () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const cdata = b.replace(/]]>/g, "");
        const nitf = `<nitf><head><title>T ${escapeXml(a)}</title></head><body><body.content><p>${escapeXml(b)}</p><p><![CDATA[${cdata}]]></p><media><media-caption>${escapeXml(a)}</media-caption></media></body.content></body></nitf>`;
        const g2 = `<newsItem guid="g"><contentMeta><headline>H ${escapeXml(a)}</headline><keyword>${escapeXml(b)}</keyword></contentMeta><contentSet><inlineXML><html><body><p>${escapeXml(b)}</p><figure><figcaption>${escapeXml(a)}</figcaption></figure></body></html></inlineXML></contentSet></newsItem>`;
        return (
          noMarkup(fields(normalizeWire(Buffer.from(nitf), {}))) &&
          noMarkup(fields(normalizeWire(Buffer.from(g2), {})))
        );
      }),
      { numRuns: 300 },
    );
  });
});
