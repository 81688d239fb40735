/**
 * Worst cases of the XML, JSON and HTML readers: hostile shapes of about 1 MB each (deep
 * nesting, nested caption containers, huge packages, CDATA full of tags, split tags) through
 * normalizeWire, one core. Prints CPU ms per MB of input and the output's size as a multiple
 * of the input; not a test (the growth tests in packages/core/src/tree/growth.test.ts are).
 * `npm run bench:markup`
 */
import { isRejection, normalizeWire } from "@newswire/core";

const MB = 1 << 20;
const fill = (unit: string, prefix = "", suffix = "") =>
  prefix + unit.repeat(Math.floor((MB - prefix.length - suffix.length) / unit.length)) + suffix;
const page = "<html><body><h1>H</h1><p>x</p>";
const nitf = (content: string) =>
  `<nitf><head><title>T</title></head><body><body.content><p>x</p>${content}</body.content></body></nitf>`;
const k = (unitLength: number) => Math.floor(MB / unitLength);

const cases: ReadonlyArray<readonly [string, string]> = [
  ["HTML nested <li><ul>", fill("<li><ul>", page)],
  ["HTML nested <b>", fill("<b>", page)],
  ["HTML unclosed <div>", fill("<div>x", page)],
  ["HTML nested tables", fill("<table><tr><td>", page)],
  ["HTML nested <figcaption>", fill("<figure><figcaption>caption ", page)],
  [
    "NITF nested <media>",
    nitf(
      `${"<media><media-caption>caption ".repeat(k(60))}${"</media-caption></media>".repeat(k(60))}`,
    ),
  ],
  [
    "NITF 27k paragraphs",
    fill(
      "<p>Some words in a paragraph here.</p>",
      "<nitf><head><title>T</title></head><body><body.content>",
      "</body.content></body></nitf>",
    ),
  ],
  ["NITF CDATA full of tags", nitf(`<![CDATA[${"<p>x</p>".repeat(k(8))}]]>`)],
  [
    "G2 package, 8.7k itemRefs",
    `<newsMessage><itemSet><packageItem><groupSet root="R"><group id="R">${Array.from({ length: k(120) }, (_, i) => `<itemRef residref="urn:i${i}"/>`).join("")}</group></groupSet></packageItem>${Array.from({ length: k(120) }, (_, i) => `<newsItem guid="urn:i${i}"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>`).join("")}<newsItem guid="t"><contentMeta><headline>H</headline></contentMeta><contentSet><inlineXML><p>B.</p></inlineXML></contentSet></newsItem></itemSet></newsMessage>`,
  ],
  ["XML 1 MB internal subset", fill('<!ENTITY % e "x">', "<!DOCTYPE nitf [", `]>${nitf("")}`)],
  [
    "NewsML 1, 9k text components",
    fill(
      "<NewsComponent><Role FormalName='Body'/><ContentItem><MediaType FormalName='Text'/><DataContent><p>x</p></DataContent></ContentItem></NewsComponent>",
      "<NewsML><NewsItem><NewsComponent><NewsLines><HeadLine>H</HeadLine></NewsLines>",
      "</NewsComponent></NewsItem></NewsML>",
    ),
  ],
  [
    "ninjs 130k-line body",
    JSON.stringify({ type: "text", headline: "H", body_text: "1. A 10\n".repeat(MB / 8) }),
  ],
  [
    "ninjs split tags in headline",
    JSON.stringify({ type: "text", headline: "<scr<script>ipt>".repeat(MB / 16), body_text: "x" }),
  ],
];

const meta = { receivedAt: "2024-01-01T00:00:00Z", feed: "bench" };
console.log("case                              input   CPU ms/MB   output/input   result");
for (const [name, input] of cases) {
  const bytes = Buffer.from(input);
  normalizeWire(bytes, meta); // warm-up
  let best = Number.POSITIVE_INFINITY;
  let result = normalizeWire(bytes, meta);
  for (let i = 0; i < 3; i++) {
    const start = process.cpuUsage();
    result = normalizeWire(bytes, meta);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  const mb = bytes.length / MB;
  const out = JSON.stringify(result).length / bytes.length;
  console.log(
    `${name.padEnd(32)} ${mb.toFixed(2)} MB ${(best / mb).toFixed(0).padStart(8)} ${out.toFixed(2).padStart(12)}x   ${isRejection(result) ? result.code : "story"}`,
  );
}
