import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

const nitf = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf PUBLIC "-//IPTC//DTD NITF 3.5//EN" "http://www.nitf.org/IPTC/NITF/3.5/nitf-3-5.dtd">
<nitf>
  <head>
    <title>Title only</title>
    <docdata>
      <doc.copyright holder="Example Press" year="2023"/>
      <urgency ed-urg="2"/>
      <date.issue norm="20231105T221500Z"/>
      <du-key key="Election-Results"/>
      <key-list><keyword key="elections"/><keyword key="politics"/></key-list>
      <ed-msg info="Embargoed until 2300 GMT"/>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Ruling party wins majority</hl1><hl2>Turnout at 68 percent</hl2></hedline>
      <byline>By <person>Lena Berg</person>, <byttl>Example Press</byttl></byline>
      <distributor>Example Press</distributor>
      <dateline><location><city>OSLO</city></location></dateline>
    </body.head>
    <body.content>${body}</body.content>
    <body.end><tagline>(Writing by Lena Berg)</tagline></body.end>
  </body>
</nitf>`;

describe("NITF", () => {
  it("reads hedline, byline, distributor, docdata, media captions and tagline", () => {
    const s = normalizeWire(
      Buffer.from(
        nitf(`<p>The ruling party won a majority &amp; will govern alone, results showed.</p>
        <media media-type="image"><media-reference source="a.jpg"/><media-caption>Supporters celebrate in Oslo.</media-caption><media-producer>Example Press/Jon Dahl</media-producer></media>
        <p>&#8220;We did it,&#8221; the leader said.</p>`),
      ),
      { receivedAt: "2023-11-05T22:20:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.source.format).toBe("nitf");
    expect(s.headline).toBe("Ruling party wins majority");
    expect(s.standfirst).toBe("Turnout at 68 percent");
    expect(s.byline).toBe("Lena Berg");
    expect(s.dateline).toMatchObject({ place: "Oslo", date: "2023-11-05" });
    expect(s.paragraphs).toEqual([
      "The ruling party won a majority & will govern alone, results showed.",
      "\u201cWe did it,\u201d the leader said.",
    ]);
    expect(s.captions).toEqual([
      { text: "Supporters celebrate in Oslo.", credit: "Example Press/Jon Dahl" },
    ]);
    expect(s.trailers).toEqual(["(Writing by Lena Berg)"]);
    expect(s.metadata).toMatchObject({
      distributor: "Example Press",
      copyrightHolder: "Example Press",
      priority: 2,
      slugline: "Election-Results",
      keywords: ["elections", "politics"],
      editorsNotes: ["Embargoed until 2300 GMT"],
    });
  });

  it("rejects malformed XML and entities no DTD names", () => {
    for (const body of ["<p>unclosed", "<p>caf&notanentity;</p>"]) {
      const r = normalizeWire(Buffer.from(nitf(body)), {});
      expect(isRejection(r) && r.code).toBe("MALFORMED_XML");
    }
  });

  it("reads the standard character entities the NITF DTD declares, without reading the DTD", () => {
    const s = normalizeWire(Buffer.from(nitf("<p>Caf&eacute; owners&nbsp;met.</p>")), {});
    if (isRejection(s)) throw new Error(s.message);
    expect(s.paragraphs).toEqual(["Caf\u00e9 owners met."]);
  });

  it("refuses external entities without reading them", () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE nitf SYSTEM "x" [<!ENTITY e SYSTEM "file:///etc/hostname">]><nitf><body><body.content><p>&e;</p></body.content></body></nitf>`;
    const r = normalizeWire(Buffer.from(xxe), {});
    expect(isRejection(r) && r.code).toBe("XML_ENTITY_EXPANSION");
  });
});

describe("NITF metadata", () => {
  const doc = `<nitf version-number="3">
  <head>
    <title>Tram line opens</title>
    <docdata management-status="usable">
      <doc-id regsrc="AAP" id-string="AAP.240101.0042"/>
      <del-list><from-src src-name="Example Regional" level-number="1"/></del-list>
      <doc.rights owner="Example Rights Co" agent="Example Agent"/>
      <doc.copyright holder="Example Press" year="2024"/>
      <du-key key="TRAM" version="4"/>
      <correction info="Corrects name of line"/>
      <urgency ed-urg="12"/>
      <date.issue norm="20241399T000000Z"/>
      <date.release norm="20240101T100000+1100"/>
    </docdata>
  </head>
  <body>
    <body.head><hedline><hl1>Tram line opens</hl1></hedline><distributor>Example Wire</distributor></body.head>
    <body.content><p>The first tram ran on Monday.</p></body.content>
  </body>
</nitf>`;

  it("names the parties its docdata and body.head state, and its identity", () => {
    const s = normalizeWire(Buffer.from(doc), { receivedAt: "2024-01-01T00:00:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.metadata.parties).toEqual([
      { role: "id", value: "AAP.240101.0042", field: "nitf/head/docdata/doc-id@id-string" },
      { role: "id", value: "AAP", field: "nitf/head/docdata/doc-id@regsrc" },
      {
        role: "source",
        value: "Example Regional",
        field: "nitf/head/docdata/del-list/from-src@src-name",
      },
      {
        role: "copyright",
        value: "Example Rights Co",
        field: "nitf/head/docdata/doc.rights@owner",
      },
      { role: "source", value: "Example Agent", field: "nitf/head/docdata/doc.rights@agent" },
      {
        role: "copyright",
        value: "Example Press",
        field: "nitf/head/docdata/doc.copyright@holder",
      },
      { role: "distributor", value: "Example Wire", field: "nitf/body/body.head/distributor" },
    ]);
    expect(s.metadata.identity).toEqual({
      itemId: "AAP.240101.0042",
      version: 4,
      status: "usable",
      signals: ["correction: Corrects name of line"],
    });
    // ed-urg 12 is out of range; an impossible issue date falls back to the release date.
    expect(s.metadata.priority).toBeNull();
    expect(s.dateline.date).toBe("2024-01-01");
  });

  it("keeps script text and tags out of every field (regression: INP() in a paragraph)", () => {
    const s = normalizeWire(
      Buffer.from(
        `<nitf><head><title>T</title></head><body><body.head><hedline><hl1><![CDATA[<b>Bold</b> move]]></hl1></hedline></body.head><body.content><p>First para.</p><p>Second <script>INP()</script>para.</p><p>&lt;script&gt;alert(1)&lt;/script&gt;Third.</p></body.content></body></nitf>`,
      ),
      { receivedAt: "2024-01-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Bold move");
    expect(s.paragraphs).toEqual(["First para.", "Second para.", "Third."]);
  });
});

describe("NITF without body.content", () => {
  it("reads paragraphs placed straight in <body>, not those of body.head or body.end", () => {
    const s = normalizeWire(
      Buffer.from(
        `<nitf><body><body.head><hedline><hl1>Bridge reopens</hl1></hedline><abstract><p>Summary.</p></abstract></body.head><p>Traffic resumed at noon.</p><p>Tolls stay.</p><body.end><tagline><p>(Writing by A)</p></tagline></body.end></body></nitf>`,
      ),
      { receivedAt: "2024-01-01T00:00:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.paragraphs).toEqual(["Traffic resumed at noon.", "Tolls stay."]);
  });
});
