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
