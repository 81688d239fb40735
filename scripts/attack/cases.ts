/**
 * Hostile wire copy, built at any size: every case of issue 11 and more (other nestings, other
 * formats, floods of what a parser looks for). `make(n)` gives an input of about n bytes, never
 * more than n, so a case runs at doubling sizes up to the 2 MB input limit. Used by
 * `scripts/attack.ts` (curves), `scripts/bench-hostile.ts` (the per-input bound at 64 KB) and
 * the unit properties. Script bodies carry PAYLOAD, which must never reach a Story field.
 */
import { PAYLOAD } from "./check.js";

export interface AttackCase {
  name: string;
  /** About n bytes of input (a string is sent as UTF-8). */
  make: (n: number) => Uint8Array | string;
  contentType?: string;
}

const enc = new TextEncoder();
/** prefix + unit repeated + suffix, at most n characters (the unit repeated at least once). */
export function fill(unit: string, n: number, prefix = "", suffix = ""): string {
  const times = Math.max(1, Math.floor((n - prefix.length - suffix.length) / unit.length));
  return prefix + unit.repeat(times) + suffix;
}
/** Opening units, then as many closing units: nesting of depth about n / (open + close). */
function nest(open: string, close: string, n: number, prefix = "", suffix = ""): string {
  const depth = Math.max(
    1,
    Math.floor((n - prefix.length - suffix.length) / (open.length + close.length)),
  );
  return prefix + open.repeat(depth) + close.repeat(depth) + suffix;
}
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
const times = (n: number, unit: number) => Math.max(1, Math.floor(n / unit));
const list = (count: number, item: (i: number) => string) =>
  Array.from({ length: count }, (_, i) => item(i)).join("");

/** PAYLOAD in UTF-7 (UTF-16BE in modified base64): it reads as PAYLOAD only if UTF-7 is honoured. */
const UTF7_PAYLOAD = "+AFgAUwBTAE0AQQBSAEs-";
const SCRIPT = `<script>${PAYLOAD}()</script>`;
const PROSE = "The minister said on Tuesday that the talks would resume next week. ";
const plain = (body: string) => `Headline of the story\n\n${body}`;
const nitf = (body: string, head = "<title>T</title>", hl1 = "Headline") =>
  `<?xml version="1.0" encoding="UTF-8"?><nitf><head>${head}</head><body><body.head><hedline><hl1>${hl1}</hl1></hedline></body.head><body.content><p>First paragraph.</p>${body}</body.content></body></nitf>`;
const NITF_OVERHEAD = nitf("").length;
const page = (body: string, head = "<title>T</title>") =>
  `<!DOCTYPE html><html><head>${head}</head><body><h1>Headline</h1><p>First paragraph.</p>${body}</body></html>`;
const PAGE_OVERHEAD = page("").length;
const g2 = (meta: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" version="1"><itemMeta><itemClass qcode="ninat:text"/><versionCreated>2024-05-01T10:00:00Z</versionCreated></itemMeta><contentMeta><headline>Headline</headline>${meta}</contentMeta><contentSet><inlineXML contenttype="application/nitf+xml"><nitf><body><body.content><p>First.</p>${body}</body.content></body></nitf></inlineXML></contentSet></newsItem>`;
const G2_OVERHEAD = g2("", "").length;
const newsml1 = (inner: string) =>
  `<?xml version="1.0"?><NewsML><NewsItem><Identification><NewsIdentifier><ProviderId>x</ProviderId><NewsItemId>1</NewsItemId></NewsIdentifier></Identification><NewsComponent><NewsLines><HeadLine>Headline</HeadLine></NewsLines>${inner}<ContentItem><MediaType FormalName="Text"/><DataContent><p>Body text.</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>`;
const NEWSML1_OVERHEAD = newsml1("").length;
const ninjs = (extra: Record<string, unknown>) =>
  JSON.stringify({
    type: "text",
    uri: "urn:x",
    headline: "Headline",
    body_text: "Body text.",
    ...extra,
  });
const ANPA = "\x16\x16\x01a0001\x1f-----\r\nr a BC-X--Y   01-01 0100\r\n\x02^Head<\r\n";
const IPTC = "\x01dpa0001 3 i 100 dpa 0100\r\n\x02Head\r\n\r\n";
const MAIL = "From: desk@agency.example\r\nSubject: Headline\r\nMIME-Version: 1.0\r\n";

export const CASES: readonly AttackCase[] = [
  // --- issue 11: masking
  { name: "mask: desk@ + one long word", make: (n) => plain(`Contact desk@${"a".repeat(n - 40)}`) },
  { name: "mask: a- runs after .com", make: (n) => plain(fill("a-", n - 40, "Visit x.com")) },
  { name: "mask: a. runs after .com", make: (n) => plain(fill("a.", n - 40, "Visit x.com")) },
  {
    name: "mask: address + base64 token",
    make: (n) =>
      plain(`${PROSE}Write to news@desk.example.com or see ${fill("QUJD", n - 200)} token.`),
  },
  { name: "mask: @ flood", make: (n) => plain(fill("a@", n - 30)) },
  { name: "mask: dotted host flood", make: (n) => plain(fill("a.b", n - 30, "www.")) },
  // --- issue 11: XML pre-check
  {
    name: "xml: DOCTYPE look-alikes in <p>",
    make: (n) => nitf(`<p>${fill("&lt;!DOCTYPE x [", n - NITF_OVERHEAD - 8)}</p>`),
  },
  {
    name: "xml: DOCTYPE look-alikes in CDATA",
    make: (n) => nitf(`<p><![CDATA[${fill("<!DOCTYPE x [", n - NITF_OVERHEAD - 20)}]]></p>`),
  },
  {
    name: "xml: internal subset",
    make: (n) =>
      fill('<!ENTITY % e "x">', n - NITF_OVERHEAD, "<!DOCTYPE nitf [", `]>${nitf("").slice(38)}`),
  },
  {
    name: "xml: entity bomb",
    make: () =>
      `<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]><nitf><body><body.content><p>&d;&d;&d;&d;</p></body.content></body></nitf>`,
  },
  // --- issue 11: deep HTML
  {
    name: "html: nested <li><ul>",
    make: (n) => fill("<li><ul>", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  { name: "html: nested <b>", make: (n) => fill("<b>", n - PAGE_OVERHEAD, page("").slice(0, -14)) },
  {
    name: "html: unclosed <div>",
    make: (n) => fill("<div>x", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  {
    name: "html: nested tables",
    make: (n) => fill("<table><tr><td>", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  {
    name: "html: nested <p> in <div>",
    make: (n) => nest("<div><p>x", "</p></div>", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  {
    name: "html: nested <a>",
    make: (n) => fill("<a href=x>y", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  {
    name: "html: misnested formatting",
    make: (n) => fill("<b><i>x</b></i>", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  // --- issue 11: amplification
  {
    name: "html: nested <figcaption>",
    make: (n) =>
      fill("<figure><figcaption>caption words ", n - PAGE_OVERHEAD, page("").slice(0, -14)),
  },
  {
    name: "nitf: nested <media> captions",
    make: (n) =>
      nitf(
        nest("<media><media-caption>caption words ", "</media-caption></media>", n - NITF_OVERHEAD),
      ),
  },
  {
    name: "g2: nested <figcaption>",
    make: (n) =>
      g2("", nest("<figure><figcaption>caption words ", "</figcaption></figure>", n - G2_OVERHEAD)),
  },
  {
    name: "html: nested <blockquote>",
    make: (n) =>
      nest(
        "<blockquote><p>quote words ",
        "</p></blockquote>",
        n - PAGE_OVERHEAD,
        page("").slice(0, -14),
      ),
  },
  // --- issue 11: G2 lookups
  {
    name: "g2: package with N itemRefs",
    make: (n) => {
      const k = times(n, 130);
      return `<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><itemSet><packageItem guid="p"><groupSet root="R"><group id="R">${list(k, (i) => `<itemRef residref="urn:i${i}"/>`)}</group></groupSet></packageItem>${list(k, (i) => `<newsItem guid="urn:i${i}"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem>`)}<newsItem guid="t"><contentMeta><headline>H</headline></contentMeta><contentSet><inlineXML><p>B.</p></inlineXML></contentSet></newsItem></itemSet></newsMessage>`;
    },
  },
  {
    name: "g2: N groups referencing each other",
    make: (n) => {
      const k = times(n, 90);
      return `<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="p"><contentMeta><headline>H</headline></contentMeta><groupSet root="g0">${list(k, (i) => `<group id="g${i}"><groupRef idref="g${i + 1}"/><groupRef idref="g0"/></group>`)}</groupSet></packageItem>`;
    },
  },
  // --- issue 11: stack depth
  { name: "plain: results table lines", make: (n) => plain(fill("1. A 10\n", n - 30)) },
  {
    name: "ninjs: table lines in body_text",
    make: (n) => ninjs({ body_text: fill("1. A 10\n", Math.floor((n - 80) / 1.125)) }),
  },
  // --- issue 11: markup into text
  {
    name: "xml: h:script in headline",
    make: () =>
      nitf(
        "<p>x</p>",
        "<title>T</title>",
        `Safe <h:script xmlns:h="http://www.w3.org/1999/xhtml">${PAYLOAD}('hl')</h:script>headline`,
      ),
  },
  {
    name: "nitf: <script> in <p>",
    make: (n) => nitf(fill(`<p>Second ${SCRIPT}para.</p>`, n - NITF_OVERHEAD)),
  },
  {
    name: "nitf: escaped tags in <p>",
    make: (n) =>
      nitf(
        fill(`<p>Second &lt;script&gt;${PAYLOAD}()&lt;/script&gt; para.</p>`, n - NITF_OVERHEAD),
      ),
  },
  {
    name: "nitf: double-escaped tags",
    make: (n) =>
      nitf(
        fill(
          `<p>A &amp;lt;script&amp;gt;${PAYLOAD}&amp;lt;/script&amp;gt; b</p>`,
          n - NITF_OVERHEAD,
        ),
      ),
  },
  {
    name: "nitf: CDATA tags",
    make: (n) =>
      nitf(
        fill(`<p><![CDATA[a ${SCRIPT} <img src=x onerror=alert(1)> b]]></p>`, n - NITF_OVERHEAD),
      ),
  },
  {
    name: "nitf: CDATA full of <p>",
    make: (n) => nitf(`<![CDATA[${fill("<p>x</p>", n - NITF_OVERHEAD - 12)}]]>`),
  },
  {
    name: "html: og:title with tags",
    make: () =>
      page(
        "<p>Body.</p>",
        `<meta property="og:title" content="&lt;script&gt;${PAYLOAD}&lt;/script&gt;Title"><title>x</title>`,
      ),
  },
  {
    name: "ninjs: markup in headline/by/description_html",
    make: (n) =>
      ninjs({
        headline: `<scr<script>ipt>${PAYLOAD}</script>Head`,
        by: `<b onclick="x">By</b> ${SCRIPT}`,
        description_html: fill(`<p>a ${SCRIPT}</p><img src=x onerror=alert(1)>`, n - 200),
      }),
  },
  {
    name: "ninjs: split tags in headline",
    make: (n) => ninjs({ headline: fill("<scr<script>ipt>", n - 80) }),
  },
  {
    name: "html: utf-7 charset",
    make: () =>
      latin1(
        page(
          `<p>+ADw-script+AD4-${UTF7_PAYLOAD}()+ADw-/script+AD4-</p>`,
          '<meta charset="utf-7"><title>T</title>',
        ),
      ),
  },
  {
    name: "xml: utf-7 declaration",
    make: () =>
      latin1(
        `<?xml version="1.0" encoding="UTF-7"?>${nitf(`<p>+ADw-script+AD4-${UTF7_PAYLOAD}+ADw-/script+AD4-</p>`).slice(38)}`,
      ),
  },
  {
    name: "html: no <p>, nav/footer/hidden",
    make: () =>
      `<!DOCTYPE html><html><body><nav>Menu ${PAYLOAD}</nav><div hidden>${PAYLOAD}</div><div style="display:none">${PAYLOAD}</div><div>Body text of the page goes here.</div><footer>${PAYLOAD}</footer></body></html>`,
  },
  {
    name: "plain: javascript: and handlers",
    make: (n) =>
      plain(fill(`See javascript:${PAYLOAD}() and onerror="${PAYLOAD}" <iframe src=x>. `, n - 30)),
  },
  {
    name: "html: event handlers in attributes",
    make: (n) =>
      page(
        fill(
          `<p onmouseover="${PAYLOAD}()">a <a href="javascript:${PAYLOAD}()">b</a></p>`,
          n - PAGE_OVERHEAD,
        ),
      ),
  },
  // --- issue 11: decoding
  {
    name: "nitf: <meta charset> quoted in <p>",
    make: () => nitf('<p>He wrote &lt;meta charset="koi8-r"/&gt; here: Zażółć gęślą jaźń</p>'),
  },
  {
    name: "decode: stray 0xFF in UTF-8 Polish",
    make: (n) => {
      const b = enc.encode(plain(fill("Zażółć gęślą jaźń. ", n - 40)));
      b[b.length >> 1] = 0xff;
      return b;
    },
  },
  {
    name: "decode: stray bytes throughout",
    make: (n) => latin1(plain(fill("\u00c5\u00bc\u00c3\u00b3 text \xff ", n - 30))),
  },
  {
    name: "xml: encoding=UTF-16 on UTF-8",
    make: () => `<?xml version="1.0" encoding="UTF-16"?>${nitf("<p>Body.</p>").slice(38)}`,
  },
  { name: "plain: U+2028 and NEL", make: (n) => plain(fill("word\u2028word\u0085word ", n - 30)) },
  {
    name: "decode: single-byte detected",
    make: (n) => latin1(plain(fill("Caf\xe9 na\xefve text. ", n - 30))),
  },
  // --- issue 11: values
  {
    name: "ninjs: urgency 1e300, dates beyond",
    make: () =>
      '{"type":"text","headline":"H","body_text":"B.","urgency":1e300,"versioncreated":"+275760-09-13T00:00:00Z","firstcreated":"2024-13-99T00:00:00Z","version":"1e400"}',
  },
  {
    name: "nitf: impossible dates",
    make: () =>
      nitf(
        "<p>x</p>",
        '<title>T</title><docdata><date.issue norm="20241399T000000"/><date.release norm="+2757600913T000000"/></docdata>',
      ),
  },
  {
    name: "ninjs: controls in metadata",
    make: () =>
      ninjs({
        language: "en\u0000\u001b[31m",
        keywords: ["a\u202eb", "c\ud800", "\u0007bell"],
        slugline: "SLUG\u0000\u202e",
        byline: "\u202eBy Jane\u0085",
        located: "PARIS\u200f",
        subject: [{ name: "\u202egov" }],
      }),
  },
  {
    name: "nitf: controls in metadata",
    make: () =>
      nitf(
        "<p>x</p>",
        '<title>T&#x202e;x</title><docdata><du-key key="SLUG&#x202e;"/><key-list><keyword key="a&#x202e;b"/></key-list></docdata>',
      ),
  },
  // --- new: other formats
  {
    name: "7901: many heading lines",
    make: (n) => latin1(IPTC.slice(0, -4) + fill("\r\nHead line", n - 40)),
  },
  {
    name: "7901: ZCZC fields",
    make: (n) => latin1(`ZCZC AAP\n${fill("%ROUTE\n", n - 30)}Head\n\nText.`),
  },
  { name: "anpa: segments on one line", make: (n) => latin1(`${ANPA}^${fill("x< ^", n - 60)}`) },
  {
    name: "anpa: agate rows",
    make: (n) => latin1(ANPA + fill("\x08Team\x1058\x1034\x10.630\r\n", n - 60)),
  },
  { name: "anpa: control flood", make: (n) => latin1(ANPA + fill("\x1c\x1d\x08\x10x", n - 60)) },
  {
    name: "mail: nested multiparts",
    make: (n) => {
      let body = "Body text of the story.\r\n";
      for (let d = 20; d > 0; d--)
        body = `Content-Type: multipart/mixed; boundary=b${d}\r\n\r\n--b${d}\r\n${body}\r\n--b${d}--\r\n`;
      return latin1(`${MAIL}${body}${"x".repeat(Math.max(0, n - body.length - 200))}`);
    },
  },
  {
    name: "mail: many parts",
    make: (n) =>
      latin1(
        `${MAIL}Content-Type: multipart/mixed; boundary=b\r\n\r\n${fill("--b\r\nContent-Type: text/plain\r\n\r\npart\r\n", n - 120)}--b--\r\n`,
      ),
  },
  {
    name: "mail: encoded-word flood",
    make: (n) =>
      latin1(
        `From: a@b.example\r\nSubject: ${fill("=?utf-8?B?SGVhZA==?= ", Math.min(n - 60, 8000))}\r\nX-A: ${fill("=?utf-8?Q?a=3Cscript=3E?= ", n - 9000)}\r\n\r\nBody.`,
      ),
  },
  {
    name: "mail: encoded-word markup in Subject",
    make: () =>
      latin1(
        `From: a@b.example\r\nSubject: =?utf-8?Q?=3Cscript=3E${PAYLOAD}=3C/script=3EHead?=\r\n\r\nBody text.`,
      ),
  },
  {
    name: "mail: header field flood",
    make: (n) => latin1(`${fill("X-Field: value\r\n", n - 40)}Subject: s\r\n\r\nBody.`),
  },
  {
    name: "mail: delimiter look-alikes",
    make: (n) =>
      latin1(
        `${MAIL}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n${fill("--bb --b x\r\n", n - 150)}--b--\r\n`,
      ),
  },
  {
    name: "mail: base64 wrapped NITF",
    make: (n) =>
      latin1(
        `${MAIL}Content-Type: application/nitf+xml\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(nitf(fill("<p>Para.</p>", Math.floor((n - 200) * 0.74) - NITF_OVERHEAD))).toString("base64")}`,
      ),
  },
  {
    name: "newsml1: nested NewsComponents",
    make: (n) =>
      newsml1(
        nest(
          "<NewsComponent><NewsLines><HeadLine>h</HeadLine></NewsLines>",
          "</NewsComponent>",
          n - NEWSML1_OVERHEAD,
        ),
      ),
  },
  {
    name: "newsml1: many text components",
    make: (n) =>
      newsml1(
        fill(
          "<NewsComponent><Role FormalName='Body'/><ContentItem><MediaType FormalName='Text'/><DataContent><p>x</p></DataContent></ContentItem></NewsComponent>",
          n - NEWSML1_OVERHEAD,
        ),
      ),
  },
  {
    name: "ninjs: deep arrays",
    make: (n) =>
      `{"type":"text","headline":"H","body_text":"B.","x":${"[".repeat(n >> 1)}${"]".repeat(n >> 1)}}`.slice(
        0,
        n,
      ),
  },
  {
    name: "ninjs: deep objects",
    make: (n) =>
      `{"type":"text","headline":"H","body_text":"B.","x":${'{"a":'.repeat(times(n, 6))}1${"}".repeat(times(n, 6))}}`,
  },
  {
    name: "ninjs: nested body_html NITF",
    make: () =>
      ninjs({
        body_html: nitf(
          `<p>${JSON.stringify(ninjs({ body_html: nitf(`<p>${SCRIPT}deep</p>`) })).replace(/</g, "&lt;")}</p>`,
        ),
      }),
  },
  {
    name: "ninjs: many associations",
    make: (n) =>
      ninjs({
        associations: Object.fromEntries(
          Array.from({ length: times(n, 60) }, (_, i) => [
            `p${i}`,
            { type: "picture", description_text: "cap" },
          ]),
        ),
      }),
  },
  {
    name: "xml: huge attribute count",
    make: (n) => nitf(`<p ${list(times(n - NITF_OVERHEAD, 10), (i) => `a${i}="v" `)}>x</p>`),
  },
  {
    name: "xml: duplicate-name attributes",
    make: (n) => nitf(`<p ${fill('a="v" ', n - NITF_OVERHEAD)}>x</p>`),
  },
  {
    name: "html: huge attribute count",
    make: (n) => page(`<p ${list(times(n - PAGE_OVERHEAD, 10), (i) => `a${i}="v" `)}>x</p>`),
  },
  {
    name: "xml: namespace declarations",
    make: (n) =>
      nitf(`<p ${list(times(n - NITF_OVERHEAD, 24), (i) => `xmlns:n${i}="urn:x${i}" `)}>x</p>`),
  },
  {
    name: "xml: long element name",
    make: (n) => nitf(`<${"a".repeat(n - NITF_OVERHEAD - 10)}>x</a>`),
  },
  {
    name: "html: long entity names",
    make: (n) => page(`<p>${fill("&aaaaaaaaaaaaaaaaaaaa", n - PAGE_OVERHEAD)};</p>`),
  },
  {
    name: "html: numeric entity flood",
    make: (n) => page(`<p>${fill("&#x3c;script&#x3e;", n - PAGE_OVERHEAD)}</p>`),
  },
  {
    name: "html: unclosed comment",
    make: (n) => page(`<p>a</p><!--${"x".repeat(n - PAGE_OVERHEAD - 10)}`),
  },
  {
    name: "html: unclosed script",
    make: (n) => page(`<p>a</p><script>${"x".repeat(n - PAGE_OVERHEAD - 10)}`),
  },
  {
    name: "html: many <meta>",
    make: (n) => page("<p>Body.</p>", fill('<meta name="k" content="v">', n - PAGE_OVERHEAD)),
  },
  // --- new: text shapes
  { name: "plain: many tiny paragraphs", make: (n) => plain(fill("x\n\n", n - 30)) },
  { name: "plain: one long line, no spaces", make: (n) => plain("x".repeat(n - 30)) },
  { name: "plain: prose", make: (n) => plain(fill(PROSE, n - 30)) },
  {
    name: "plain: dateline look-alikes",
    make: (n) => plain(fill("NEW YORK, Jan 21 (Reuters) ", n - 30)),
  },
  { name: "plain: place-word runs", make: (n) => plain(fill("RIO DE JANEIRO/", n - 30)) },
  {
    name: "plain: comma qualifiers",
    make: (n) => plain(`PARIS${fill(", Jan 5", n - 40)} - Text.`),
  },
  { name: "plain: parentheses runs", make: (n) => plain(fill("((((", n - 30)) },
  { name: "plain: sign-offs", make: (n) => plain(`${PROSE}\n\n${fill("-- BERNAMA\n", n - 200)}`) },
  {
    name: "plain: sign-off look-alikes on one line",
    make: (n) => plain(`${PROSE} ${fill("-- AFP/ ", n - 200)}`),
  },
  { name: "plain: bylines", make: (n) => plain(fill("By John Smith\n\n", n - 30)) },
  { name: "plain: Eds notes", make: (n) => plain(fill("Eds: note here.\n\n", n - 30)) },
  {
    name: "plain: agency names flood",
    make: (n) => plain(fill("Reuters AFP AP dpa Xinhua PTI ", n - 30)),
  },
  {
    name: "plain: agency mentions in prose",
    make: (n) => plain(fill("according to Reuters, AFP said, told Xinhua. ", n - 30)),
  },
  {
    name: "plain: confusable agency names",
    make: (n) => plain(fill("Rеutеrs АFР Хinhua (Rеutеrs) - ", n - 30)),
  },
  {
    name: "plain: RTL overrides",
    make: (n) => plain(fill("\u202eword\u202c \u2066x\u2069 \u200f", n - 30)),
  },
  { name: "plain: combining marks", make: (n) => plain(fill("a\u0301\u0302\u0303\u0304", n - 30)) },
  { name: "plain: emoji and astral", make: (n) => plain(fill("\u{1F600}\u{1D400}", n - 30)) },
  { name: "plain: tag characters", make: (n) => plain(fill("a\u{E0041}\u{E0042}", n - 30)) },
  {
    name: "plain: copyright lines",
    make: (n) => plain(`${PROSE}\n\n${fill("(c) Copyright Reuters 2024\n", n - 200)}`),
  },
  {
    name: "plain: related links",
    make: (n) => plain(`${PROSE}\n\nRelated:\n${fill("http://x.example/a\n", n - 200)}`),
  },
  {
    name: "plain: front matter runs",
    make: (n) => plain(fill("UPDATED 10:32 GMT\nEXTRA\n", n - 30)),
  },
  {
    name: "plain: headline furniture",
    make: (n) => `${fill("UPDATE 2-REFILE-", Math.min(n, 100_000))}Head\n\nBody.`,
  },
  {
    name: "plain: numbers and dates",
    make: (n) => plain(fill("2024-05-17 10:00 GMT 17/05/2024 ", n - 30)),
  },
  { name: "plain: e-mail addresses", make: (n) => plain(fill("a.b@c.example ", n - 30)) },
  { name: "plain: URL flood", make: (n) => plain(fill("https://a.example/b?c=d ", n - 30)) },
  {
    name: "plain: caption-credit look-alikes",
    make: (n) => plain(fill("(Photo: Reuters/Jane Doe) ", n - 30)),
  },
  { name: "plain: less-than runs", make: (n) => plain(fill("<", n - 30)) },
  { name: "plain: unclosed tag openers", make: (n) => plain(fill("<a", n - 30)) },
  { name: "plain: ampersand entities", make: (n) => plain(fill("&amp;lt;", n - 30)) },
];
