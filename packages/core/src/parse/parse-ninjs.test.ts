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
