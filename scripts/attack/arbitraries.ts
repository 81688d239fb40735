/**
 * fast-check arbitraries of hostile wire copy up to a size: random bytes, hostile pieces (tags
 * whole and split, escapes, entities, controls, bidi, surrogates, separators, e-mail and URL
 * shapes, datelines and sign-offs) repeated to a size inside every format's envelope, and the
 * cases of `cases.ts` at a random size. Shared by `scripts/bench-hostile.ts` (the time bound)
 * and `hostile.property.test.ts` (the invariants).
 */
import fc from "fast-check";
import { CASES } from "./cases.js";

const PIECES = [
  "<",
  ">",
  "</",
  "<script>",
  "<script>alert(1)</script>",
  "</script>",
  "<scr",
  "ipt>",
  "<b>",
  "<li><ul>",
  "<p>",
  "</p>",
  "<img src=x onerror=alert(1)>",
  "javascript:",
  "&lt;",
  "&amp;lt;",
  "&#x3c;",
  "&#0;",
  "<!--",
  "-->",
  "<![CDATA[",
  "]]>",
  "<!DOCTYPE x [",
  '<!ENTITY a "b">',
  '"',
  "'",
  " ",
  "\n",
  "\n\n",
  "\r\n",
  "\t",
  "word",
  "WORD",
  "é",
  "\u0000",
  "\u001b",
  "\u0085",
  "\u2028",
  "\u202e",
  "\u2066",
  "\ud800",
  "\udfff",
  "\u{1F600}",
  "\uFEFF",
  "a@",
  "desk@x.example.com",
  ".com",
  "a-",
  "a.",
  "https://a.example/",
  "NEW YORK, Jan 21 (Reuters) - ",
  "(AP) -- ",
  "-- BERNAMA",
  "By John Smith",
  "=?utf-8?B?SGVhZA==?=",
  "+ADw-",
  "\u0000\u0000",
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
];

const piecesText = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 24 })
  .map((parts) => parts.join(""));

const ENVELOPES: ReadonlyArray<(s: string) => string> = [
  (s) => `Headline\n\n${s}`,
  (s) => `${s}\n\n${s}`,
  (s) =>
    `<?xml version="1.0"?><nitf><body><body.head><hedline><hl1>H ${s.slice(0, 200)}</hl1></hedline></body.head><body.content><p>${s}</p></body.content></body></nitf>`,
  (s) =>
    `<!DOCTYPE html><html><head><title>${s.slice(0, 200)}</title></head><body><h1>H</h1><p>${s}</p></body></html>`,
  (s) =>
    JSON.stringify({ type: "text", headline: s.slice(0, 500), body_html: s, by: s.slice(0, 100) }),
  (s) => `From: a@b.example\r\nSubject: ${s.slice(0, 300)}\r\nContent-Type: text/html\r\n\r\n${s}`,
  (s) =>
    `\x16\x16\x01a0001\x1f-----\r\nr a BC-X--Y   01-01 0100\r\n\x02^${s.slice(0, 100)}<\r\n${s}`,
  (s) => `\x01dpa0001 3 i 100 dpa 0100\r\n\x02${s.slice(0, 100)}\r\n\r\n${s}`,
  (s) =>
    `<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="g"><contentMeta><headline>H</headline><slugline>${s.slice(0, 200)}</slugline></contentMeta><contentSet><inlineXML><p>${s}</p></inlineXML></contentSet></newsItem>`,
];

/** Random bytes, hostile pieces repeated inside an envelope, or a case of cases.ts: at most maxBytes. */
export function hostileInput(maxBytes: number): fc.Arbitrary<{ label: string; bytes: Uint8Array }> {
  const enc = new TextEncoder();
  const cut = (b: Uint8Array) => b.subarray(0, maxBytes);
  const random = fc
    .uint8Array({ minLength: 1, maxLength: maxBytes })
    .map((bytes) => ({ label: "random bytes", bytes }));
  const pieces = fc
    .tuple(
      piecesText,
      fc.integer({ min: 0, max: ENVELOPES.length - 1 }),
      fc.integer({ min: 1, max: maxBytes }),
    )
    .map(([unit, e, size]) => {
      const body = unit.repeat(Math.max(1, Math.floor(size / Math.max(1, unit.length * 2))));
      const text = (ENVELOPES[e] as (s: string) => string)(body);
      return {
        label: `pieces in envelope ${e}: ${JSON.stringify(unit.slice(0, 60))}`,
        bytes: cut(enc.encode(text)),
      };
    });
  const cases = fc
    .tuple(fc.integer({ min: 0, max: CASES.length - 1 }), fc.integer({ min: 256, max: maxBytes }))
    .map(([k, size]) => {
      const c = CASES[k] as (typeof CASES)[number];
      const made = c.make(size);
      const bytes = typeof made === "string" ? enc.encode(made) : made;
      return { label: `${c.name} at ${size}`, bytes: cut(bytes) };
    });
  return fc.oneof(
    { arbitrary: random, weight: 1 },
    { arbitrary: pieces, weight: 3 },
    { arbitrary: cases, weight: 3 },
  );
}
