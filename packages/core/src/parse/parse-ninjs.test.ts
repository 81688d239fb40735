import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire, toNinjs } from "../index.js";

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe("ninjs", () => {
  it("reads ninjs 1.x fields with an HTML body", () => {
    const s = normalizeWire(
      json({
        uri: "urn:x",
        type: "text",
        headline: "Volcano erupts on remote island",
        byline: "Kai Tanaka",
        description_text: "Flights diverted",
        body_html:
          "<p>TOKYO (Example) - A volcano erupted on Sunday.</p><script>x()</script><p>No injuries were reported.</p>",
        located: "Tokyo",
        copyrightholder: "Example",
        urgency: 4,
        language: "en",
        versioncreated: "2024-07-07T01:00:00Z",
      }),
      {},
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Volcano erupts on remote island");
    expect(s.byline).toBe("Kai Tanaka");
    expect(s.standfirst).toBe("Flights diverted");
    expect(s.paragraphs).toEqual(["A volcano erupted on Sunday.", "No injuries were reported."]);
    expect(s.dateline).toMatchObject({
      place: "Tokyo",
      date: "2024-07-07",
      raw: "TOKYO (Example) -",
    });
    expect(s.source.receivedAt).toBe("2024-07-07T01:00:00Z");
    expect(s.metadata.priority).toBe(4);
  });

  it("reads ninjs 2.x arrays and projects back to ninjs 2.x", () => {
    const s = normalizeWire(
      json({
        headlines: [
          { role: "sub", value: "Sub" },
          { role: "main", value: "Dam bursts after storms" },
        ],
        bodies: [
          {
            role: "main",
            contenttype: "text/plain",
            value: "Water flooded two towns.\n\nThousands were evacuated.",
          },
        ],
        infosources: [{ name: "Regional Government", role: "source" }],
        by: "Rita Ahmed",
        copyrightnotice: "Copyright 2024 Example",
      }),
      { receivedAt: "2024-09-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Dam bursts after storms");
    expect(s.paragraphs).toEqual(["Water flooded two towns.", "Thousands were evacuated."]);
    expect(s.metadata.infoSources).toEqual(["Regional Government"]);
    const n = toNinjs({ ...s, agencies: [] });
    expect(n.headlines).toEqual([{ role: "main", value: "Dam bursts after storms" }]);
    expect(n.bodies[0]?.value).toBe("Water flooded two towns.\n\nThousands were evacuated.");
    expect(n.by).toBe("Rita Ahmed");
    expect(n.copyrightnotice).toBe("Copyright 2024 Example");
  });

  it("rejects malformed JSON and JSON that is not a story", () => {
    for (const [input, code] of [
      ["{ not json", "MALFORMED_JSON"],
      ['{"name":"x","price":3}', "NOT_A_STORY"],
      ["[1,2,3]", "NOT_A_STORY"],
      ['{"type":"picture","headline":"A photo"}', "NOT_A_STORY"],
      ['{"type":"text","headline":"Only a headline"}', "NO_BODY"],
    ] as const) {
      const r = normalizeWire(Buffer.from(input), {});
      expect(isRejection(r) && r.code).toBe(code);
    }
  });
});

describe("ninjs 3.x, aliases and hostile values", () => {
  const read = (doc: unknown) => {
    const s = normalizeWire(json(doc), { receivedAt: "2024-06-11T12:00:00Z" });
    if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
    return s;
  };

  it("reads camelCase ninjs 3.x: bodies[].contentType, copyrightHolder, infoSources, pubStatus", () => {
    const s = read({
      uri: "urn:newsml:example.com:1",
      version: "3",
      versionCreated: "2024-06-11T14:22:05+02:00",
      firstCreated: "2024-06-11T11:02:41+02:00",
      pubStatus: "usable",
      copyrightHolder: "Example Wire",
      copyrightNotice: "Copyright 2024 Example Wire",
      headlines: [{ role: "main", value: "Rail line closes for repairs" }],
      bodies: [
        { role: "text", contentType: "text/plain", value: "Plain version." },
        {
          role: "html",
          contentType: "text/html",
          value: "<section><p>Trains stop in August.</p><p>Buses replace them.</p></section>",
        },
      ],
      by: "Kim Hall, Example Wire",
      infoSources: [{ name: "Rail Operator", role: "source" }],
    });
    expect(s.paragraphs).toEqual(["Trains stop in August.", "Buses replace them."]);
    expect(s.copyright).toBe("Copyright 2024 Example Wire");
    expect(s.dateline.date).toBe("2024-06-11");
    expect(s.metadata.identity).toEqual({
      itemId: "urn:newsml:example.com:1",
      version: 3,
      status: "usable",
      signals: [],
    });
    expect(s.metadata.parties.map((p) => `${p.role}:${p.value}:${p.field}`)).toEqual([
      "creator:Kim Hall, Example Wire:by",
      "copyright:Example Wire:copyrightHolder",
      "source:Rail Operator:infoSources[@role=source]",
      "id:urn:newsml:example.com:1:uri",
    ]);
  });

  it("reads NITF sent as body_html through the NITF reader", () => {
    const s = read({
      type: "text",
      headline: "Sugar crush ends early",
      body_html:
        '<?xml version="1.0"?><nitf><head><docdata><doc-id id-string="AAP.1"/></docdata></head><body><body.content><p>Mills close early.</p><p>Output falls.</p></body.content></body></nitf>',
    });
    expect(s.paragraphs).toEqual(["Mills close early.", "Output falls."]);
    expect(s.metadata.parties).toContainEqual({
      role: "id",
      value: "AAP.1",
      field: "nitf/head/docdata/doc-id@id-string",
    });
  });

  it("reads TT's body_html5", () => {
    const s = read({
      type: "text",
      headline: "Ice arrives early",
      body_html5: "<article><h1>Ice arrives early</h1><p>Icebreakers sail.</p></article>",
    });
    expect(s.paragraphs).toEqual(["Icebreakers sail."]);
  });

  it("drops values out of range: urgency 1e300, impossible dates, non-finite versions", () => {
    const s = read({
      type: "text",
      headline: "Values",
      body_text: "Body.",
      urgency: 1e300,
      version: 1.5,
      versioncreated: "2024-13-99T00:00:00Z",
      firstcreated: "+275760-09-13T00:00:00Z",
    });
    expect(s.metadata.priority).toBeNull();
    expect(s.metadata.identity.version).toBeNull();
    expect(s.dateline.date).toBe("2024-06-11");
  });

  it("keeps tags and script out of headline, byline and description (regression: 'ipt>alert(1)')", () => {
    const s = read({
      type: "text",
      headline: "<scr<script>ipt>alert(1)</scr</script>ipt>Safe headline",
      by: "<b onmouseover=alert(2)>Ana Ruiz</b>",
      description_html: "<p>Short <i>summary</i></p><script>steal()</script>",
      body_html: "<p>Body <script>x()</script>text.</p>",
    });
    expect(s.headline).toBe("Safe headline");
    expect(s.byline).toBe("Ana Ruiz");
    expect(s.standfirst).toBe("Short summary");
    expect(s.paragraphs).toEqual(["Body text."]);
  });

  it("reads a body of 130,000 lines without spreading it into a call (regression: stack overflow)", () => {
    const s = read({ type: "text", headline: "Results", body_text: "1. A 10\n".repeat(130_000) });
    expect(s.paragraphs.length).toBeGreaterThan(100_000);
  });
});
