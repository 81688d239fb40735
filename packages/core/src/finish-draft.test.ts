import { type NormalizedStory, normalizedStorySchema } from "@newswire/schemas";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Draft, emptyDraft } from "./draft.js";
import { finishDraft, type SourceContext } from "./finish-draft.js";
import { enrichStory, processWire } from "./process-wire.js";
import { isRejection } from "./reject.js";

const CTX: SourceContext = {
  id: "0123456789abcdef0123456789abcdef",
  sha256: "0".repeat(64),
  contentType: "application/xml",
  feed: "wire",
  receivedAt: "2024-11-26T09:00:00Z",
  wireId: null,
  kafka: null,
  archiveExtension: "xml",
};

function draft(fields: Partial<Draft>): Draft {
  return { ...emptyDraft("nitf"), ...fields };
}

function finish(d: Draft, ctx: Partial<SourceContext> = {}): NormalizedStory {
  const story = finishDraft(d, { ...CTX, ...ctx });
  if (isRejection(story)) throw new Error(`rejected: ${story.code} ${story.message}`);
  return story;
}

/** Every string anywhere in a value, with its path. */
function strings(value: unknown, path = "story", out: [string, string][] = []): [string, string][] {
  if (typeof value === "string") out.push([path, value]);
  else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) strings(v, `${path}[${i}]`, out);
  } else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      out.push([`${path} key`, k]);
      strings(v, `${path}.${k}`, out);
    }
  return out;
}

// A scheme is read only with its colon right after it (WHATWG URL); tabs and newlines aside.
const MARKUP = /<[A-Za-z/!?]|javascript[\t\n\r]*:|vbscript[\t\n\r]*:|\bon[a-z]{3,}\s*=/i;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters no text field may hold
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function expectText(story: NormalizedStory): void {
  for (const [path, s] of strings(story)) {
    expect(s, path).not.toMatch(MARKUP);
    expect(s, path).not.toMatch(INVISIBLE);
    expect(s, path).not.toMatch(LONE_SURROGATE);
  }
}

describe("front matter in any format's body", () => {
  it("finds the dateline after a byline, a genre label and summary bullets", () => {
    const s = finish(
      draft({
        headline: "Judge pauses shelter closures",
        paragraphs: [
          "ANALYSIS",
          "By Joseph Ax",
          "* Two shelters stay open",
          "NEW YORK, Jan 21 (Reuters) - A state judge on Tuesday blocked the closures.",
          "The city said it would comply.",
        ],
      }),
      { receivedAt: "2025-01-21T20:00:00Z" },
    );
    expect(s.byline).toBe("Joseph Ax");
    expect(s.dateline).toEqual({
      place: "New York",
      date: "2025-01-21",
      raw: "NEW YORK, Jan 21 (Reuters) -",
    });
    expect(s.paragraphs).toEqual([
      "* Two shelters stay open",
      "A state judge on Tuesday blocked the closures.",
      "The city said it would comply.",
    ]);
    expect(s.metadata.versionMarkers).toEqual(["ANALYSIS"]);
  });

  it("drops a byline repeated as paragraph 0 and keeps the bytag as the credit line", () => {
    const s = finish(
      draft({
        headline: "Storm cuts power",
        byline: "MARTHA BELLAMY",
        paragraphs: [
          "By MARTHA BELLAMY",
          "Associated Press",
          "SEATTLE (AP) \u2014 A storm hit.",
          "Crews worked overnight.",
        ],
      }),
    );
    expect(s.byline).toBe("Martha Bellamy");
    expect(s.metadata.creditline).toBe("Associated Press");
    expect(s.dateline.place).toBe("Seattle");
    expect(s.paragraphs).toEqual(["A storm hit.", "Crews worked overnight."]);
  });

  it("finds the real headline when the format's was only desk furniture", () => {
    const s = finish(
      draft({
        headline: "REFILE",
        paragraphs: [
          "1ST LEAD",
          "Switzerland holds off on migration pact",
          "By dpa correspondents =",
          "Geneva (dpa) - Switzerland will not sign the pact for now.",
          "A vote is due next year.",
        ],
      }),
    );
    expect(s.headline).toBe("Switzerland holds off on migration pact");
    expect(s.byline).toBe("dpa correspondents");
    expect(s.metadata.versionMarkers).toEqual(["REFILE", "1ST LEAD"]);
    expect(s.dateline.place).toBe("Geneva");
    expect(s.paragraphs).toEqual([
      "Switzerland will not sign the pact for now.",
      "A vote is due next year.",
    ]);
  });

  it("moves desk codes and version markers out of the headline into metadata", () => {
    const s = finish(draft({ headline: "(LEAD) S. Korea's exports rise", paragraphs: ["Text."] }));
    expect(s.headline).toBe("S. Korea's exports rise");
    expect(s.metadata.versionMarkers).toEqual(["LEAD"]);
    const pti = finish(
      draft({ headline: "DEL19 DL-FOG-FLIGHTS", paragraphs: ["Fog delays flights", "Text."] }),
    );
    expect(pti.headline).toBe("Fog delays flights");
    expect(pti.metadata.slugline).toBe("DEL19 DL-FOG-FLIGHTS");
  });
});

describe("the year of a yearless dateline", () => {
  const jan2 = (fields: Partial<Draft>) =>
    draft({
      headline: "Pound slips",
      paragraphs: ["LONDON, Jan 2 (Reuters) - Sterling fell."],
      ...fields,
    });

  it("comes from the item's own date before the transport's receivedAt", () => {
    const ctx = { receivedAt: "2027-01-02T12:00:00Z" };
    expect(finish(jan2({ documentDate: "2017-01-02" }), ctx).dateline.date).toBe("2017-01-02");
    expect(finish(jan2({ documentTime: "2016-12-31T23:00:00Z" }), ctx).dateline.date).toBe(
      "2017-01-02",
    );
    expect(finish(jan2({}), ctx).dateline.date).toBe("2027-01-02");
  });

  it("ignores an impossible item date", () => {
    const s = finish(jan2({ documentDate: "2024-13-99" }), { receivedAt: "2025-01-01T00:00:00Z" });
    expect(s.dateline.date).toBe("2025-01-02");
  });
});

describe("sign-offs stay where attribution reads them", () => {
  it("keeps agency sign-offs in trailers, in reading order, and attributes origin from there", () => {
    const s = finish(
      draft({
        format: "plain",
        headline: "Flood aid extended",
        paragraphs: ["The government extended aid.", "More rain is due.", "-- BERNAMA", "NAZ SHR"],
      }),
    );
    expect(s.paragraphs).toEqual(["The government extended aid.", "More rain is due."]);
    expect(s.trailers).toEqual(["-- BERNAMA"]);
    const bernama = enrichStory(s).agencies.find((a) => a.id === "bernama");
    expect(bernama?.roles).toContain("origin");
    expect(bernama?.evidence.some((e) => e.field === "trailer")).toBe(true);
  });

  it("keeps a desk block's notes for the editors and nothing of it in the body", () => {
    const s = finish(
      draft({
        headline: "Orders fall",
        paragraphs: [
          "Berlin (dpa) - Orders fell.",
          "Analysts expected less.",
          "# Notebook",
          "## Note to editors",
          "- adds forecast in para 2",
          "* * * *",
          "The following information is not intended for publication",
          "- Editing by: Mark Ellis, +49 30 2852 31472",
          "dpa kv me",
          "061210 GMT Dec 06",
        ],
      }),
    );
    expect(s.paragraphs).toEqual(["Orders fell.", "Analysts expected less."]);
    expect(s.metadata.editorsNotes).toEqual([
      "adds forecast in para 2",
      "Editing by: Mark Ellis, +49 30 2852 31472",
    ]);
    expect(s.trailers).toEqual(["dpa kv me"]);
  });

  it("takes contact blocks, related links and first-published notes out of the body", () => {
    const s = finish(
      draft({
        headline: "Rates cut",
        paragraphs: [
          "TORONTO \u2014 The bank cut rates.",
          "ALSO READ: Loonie slips after the cut",
          "Economists were split.",
          "Related coverage:",
          "Loonie slips after cut",
          "Housing market cools",
          "This report by The Canadian Press was first published Dec. 11, 2024.",
          "To contact the reporter on this story: Ana Moreira at amoreira@example.net",
        ],
      }),
    );
    expect(s.paragraphs).toEqual(["The bank cut rates.", "Economists were split."]);
    expect(s.trailers).toEqual([
      "This report by The Canadian Press was first published Dec. 11, 2024.",
    ]);
    expect(s.metadata.editorsNotes).toEqual([
      "To contact the reporter on this story: Ana Moreira at amoreira@example.net",
    ]);
  });
});

describe("text fields are text, values are checked", () => {
  const HOSTILE = "<script>alert(1)</script>\u0000\u202e&lt;b onload=x&gt;\ud800";

  it("cleans every string field of the story, metadata included", () => {
    const d = draft({
      headline: `Safe <h:script>alert('hl')</h:script>headline ${HOSTILE}`,
      standfirst: `Stand &amp;lt;i&amp;gt;first ${HOSTILE}`,
      byline: `Jane <b>Doe</b> ${HOSTILE}`,
      paragraphs: [`Second <script>INP()</script>para. ${HOSTILE}`, `javascript:alert(1) ok`],
      captions: [{ text: `Cap <img src=x onerror=alert(1)> ${HOSTILE}`, credit: HOSTILE }],
      trailers: [`(Reporting by X) ${HOSTILE}`],
      copyright: `\u00a9 2024 <i>Agency</i> ${HOSTILE}`,
      datelineHint: { place: `PARIS${HOSTILE}`, date: "2024-13-99", raw: HOSTILE },
      language: "en\u202e",
      documentTime: "+275760-09-13T00:00:00Z",
    });
    const md = d.metadata;
    md.distributor = HOSTILE;
    md.creditline = `AFP ${HOSTILE}`;
    md.infoSources = [HOSTILE, "Reuters"];
    md.copyrightHolder = HOSTILE;
    md.header = { [`svc${HOSTILE}`]: `x${HOSTILE}`, slug: HOSTILE };
    md.slugline = `slug\u001b[31m${HOSTILE}`;
    md.keywords = [`kw\u0000${HOSTILE}`];
    md.priority = 1e300;
    md.versionMarkers = [HOSTILE];
    md.editorsNotes = [HOSTILE];
    md.parties = [{ role: "provider", value: `AFP${HOSTILE}`, field: HOSTILE }];
    md.identity = { itemId: HOSTILE, version: -1, status: `usable${HOSTILE}`, signals: [HOSTILE] };
    const s = finish(d, { receivedAt: "+275760-09-13T00:00:00Z" });
    expectText(s);
    normalizedStorySchema.parse(s);
    expect(s.headline).toBe("Safe headline");
    expect(s.paragraphs[0]).toBe("Second para.");
    expect(s.metadata.priority).toBeNull();
    expect(s.metadata.identity.version).toBeNull();
    expect(s.language).not.toBe("en\u202e");
    expect(s.dateline.date).toBeNull();
    expect(s.source.receivedAt).toBeNull();
  });

  it("names the archive object from the transport alone, as the archiver does", () => {
    const d = draft({ headline: "H", paragraphs: ["Body."], documentTime: "2017-01-02T10:00:00Z" });
    const noTransport = finish(d, { receivedAt: null });
    expect(noTransport.source.receivedAt).toBe("2017-01-02T10:00:00Z");
    expect(noTransport.source.archiveKey).toBe(`originals/undated/wire/${CTX.id}.xml`);
    expect(finish(d).source.archiveKey).toBe(`originals/2024/11/26/wire/${CTX.id}.xml`);
  });

  it("holds for any hostile text in any field (property)", () => {
    const piece = fc.constantFrom(
      "<",
      ">",
      "/",
      "script",
      "style",
      "on",
      "error",
      "=",
      "javascript",
      ":",
      "&",
      "lt;",
      "gt;",
      "amp;",
      "#x3c;",
      "!--",
      "[CDATA[",
      "\u0000",
      "\u202e",
      "\u2066",
      "\ud800",
      "\udc00",
      "\u0085",
      "\u2028",
      " ",
      "a",
      "By ",
      "NEW YORK (AP) \u2014 ",
      "-- BERNAMA",
      "\n",
    );
    const hostile = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(
        fc.record({
          headline: hostile,
          byline: hostile,
          paragraphs: fc.array(hostile, { minLength: 1, maxLength: 6 }),
          caption: hostile,
          slug: hostile,
        }),
        (f) => {
          const d = draft({
            headline: `H ${f.headline}`,
            byline: f.byline,
            paragraphs: [...f.paragraphs, "Body text."],
            captions: [{ text: f.caption, credit: f.caption }],
          });
          d.metadata.slugline = f.slug;
          d.metadata.keywords = [f.slug];
          d.metadata.header = { [f.slug || "k"]: f.slug };
          const s = finishDraft(d, CTX);
          if (isRejection(s)) return;
          expectText(s);
        },
      ),
      { numRuns: 400, seed: 20241126 },
    );
    // 400 whole stories: seconds of CPU on a loaded 2-core machine; the bound is on work, not speed.
  }, 60_000);
});

describe("no markup reaches a text field, whatever the format", () => {
  const cases: Record<string, string> = {
    "NITF with a namespaced script in the headline and a script in a paragraph": `<?xml version="1.0"?>
<nitf xmlns:h="http://www.w3.org/1999/xhtml"><body><body.head><hedline><hl1>Safe <h:script>alert('hl')</h:script>headline</hl1></hedline>
<byline>By <h:b onclick="x()">Jane Doe</h:b></byline></body.head>
<body.content><p>Second <script>INP()</script>para.</p><p>&lt;script&gt;alert(1)&lt;/script&gt;Escaped text.</p>
<p><![CDATA[<img src=x onerror=alert(1)>CDATA text.]]></p></body.content></body></nitf>`,
    "ninjs with tags in headline, by and description": JSON.stringify({
      uri: "urn:test:1",
      type: "text",
      headline: "Port <script>alert(1)</script>reopens",
      by: "<b onmouseover=alert(1)>Ana</b> Ruiz",
      description_html: "<p>Stand<scr<script>ipt>alert(1)</scr</script>ipt>first</p>",
      body_text: "The port reopened on Tuesday.\n\njavascript:alert(1) More text.",
    }),
    "HTML with handlers and script URLs": `<html><head><title>T</title></head><body><h1>Markets <img src=x onerror=alert(1)>rally</h1>
<p>Stocks rose <a href="javascript:alert(1)">sharply</a> on Monday.</p><script>steal()</script><p>Bonds fell.</p></body></html>`,
    "plain text with literal tags":
      "Talks <b>resume</b>\n\nBRUSSELS (Reuters) - Ministers <script>x()</script>met.\n\n<iframe src=//e.example>Second paragraph.",
  };
  it.each(Object.entries(cases))("%s", (_name, text) => {
    const result = processWire(Buffer.from(text, "utf8"), { receivedAt: "2024-06-01T00:00:00Z" });
    if (isRejection(result)) throw new Error(`rejected: ${result.code} ${result.message}`);
    expectText(result);
  });

  it("drops script content that reaches the rules as markup, escaped or not", () => {
    for (const text of [
      cases["plain text with literal tags"] as string,
      cases["HTML with handlers and script URLs"] as string,
      "Escaped &lt;script&gt;alert(1)&lt;/script&gt;headline\n\nBody &amp;lt;script&amp;gt;steal()&amp;lt;/script&amp;gt;text.",
    ]) {
      const result = processWire(Buffer.from(text, "utf8"), {});
      if (isRejection(result)) throw new Error(`rejected: ${result.code} ${result.message}`);
      expect(JSON.stringify(result)).not.toMatch(/alert|steal|x\(\)/);
    }
  });
});
