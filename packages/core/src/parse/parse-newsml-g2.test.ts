import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

const item = (guid: string, headline: string, body: string) => `
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${guid}" version="1" standard="NewsML-G2" standardversion="2.30">
  <rightsInfo><copyrightHolder literal="Example Wire"/><copyrightNotice>(c) 2024 Example Wire</copyrightNotice></rightsInfo>
  <itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:EXW"><name>Example Wire</name></provider>
    <versionCreated>2024-02-29T10:00:00Z</versionCreated><edNote>Corrects spelling of name</edNote></itemMeta>
  <contentMeta>
    <urgency>3</urgency>
    <infoSource literal="City Police"/>
    <located qcode="geo:123"><name>Lyon</name></located>
    <headline>${headline}</headline>
    <description role="drol:summary">Two arrested after the break-in</description>
    <keyword>crime</keyword>
    <language tag="en-GB"/>
  </contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body>${body}</body></html></inlineXML></contentSet>
</newsItem>`;

describe("NewsML-G2", () => {
  it("reads a newsItem with an inline XHTML body", () => {
    const s = normalizeWire(
      Buffer.from(
        `<?xml version="1.0" encoding="UTF-8"?>${item("urn:x:1", "Museum thieves take paintings", "<p>Thieves stole two paintings.</p><p>Police made two arrests.</p>")}`,
      ),
      { receivedAt: "2024-02-29T10:05:00Z", contentType: "application/vnd.iptc.g2.newsitem+xml" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Museum thieves take paintings");
    expect(s.standfirst).toBe("Two arrested after the break-in");
    expect(s.dateline).toMatchObject({ place: "Lyon", date: "2024-02-29" });
    expect(s.paragraphs).toEqual(["Thieves stole two paintings.", "Police made two arrests."]);
    expect(s.copyright).toBe("(c) 2024 Example Wire");
    expect(s.language).toBe("en");
    expect(s.metadata).toMatchObject({
      distributor: "Example Wire",
      copyrightHolder: "Example Wire",
      infoSources: ["City Police"],
      keywords: ["crime"],
      priority: 3,
      editorsNotes: ["Corrects spelling of name"],
    });
  });

  it("takes a package's first text item from a newsMessage", () => {
    const message = `<?xml version="1.0"?>
<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"><header><sent>2024-02-29T10:00:00Z</sent></header><itemSet>
  <packageItem guid="urn:pkg"><itemMeta><itemClass qcode="ninat:composite"/></itemMeta>
    <groupSet root="G1"><group id="G1"><itemRef residref="urn:photo"><itemClass qcode="ninat:picture"/></itemRef><itemRef residref="urn:text2"><itemClass qcode="ninat:text"/></itemRef></group></groupSet>
  </packageItem>
  ${item("urn:text1", "Not this one", "<p>Wrong.</p>")}
  ${item("urn:text2", "This one", "<p>Right.</p>")}
</itemSet></newsMessage>`;
    const s = normalizeWire(Buffer.from(message), { receivedAt: "2024-02-29T10:05:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.source.format).toBe("newsml-g2");
    expect(s.headline).toBe("This one");
    expect(s.paragraphs).toEqual(["Right."]);
  });
});

describe("NewsML-G2 packages, parties and identity", () => {
  const textItem = (guid: string, extra = "") =>
    `<newsItem guid="${guid}" version="7"><itemMeta><itemClass qcode="ninat:text"/><provider literal="Example Wire"/><pubStatus qcode="stat:withheld"/><signal qcode="sig:correction"/><signal qcode="sig:update"/></itemMeta><contentMeta><creator literal="Ann Lee"/><contributor literal="Partner Agency"/><infoSource literal="City Hall" role="cRole:source"/><headline>Story ${guid}</headline></contentMeta>${extra}<contentSet><inlineXML><p>Body of ${guid}.</p></inlineXML></contentSet></newsItem>`;

  it("follows the package's groups from the root group, by reference", () => {
    const message = `<newsMessage><header><sent>2024-05-01T10:00:00Z</sent></header><itemSet>
      <packageItem guid="pkg"><groupSet root="R"><group id="side"><itemRef residref="urn:b"/></group><group id="R"><groupRef idref="main"/><groupRef idref="side"/><groupRef idref="R"/></group><group id="main"><itemRef residref="urn:pic"><itemClass qcode="ninat:picture"/></itemRef><itemRef residref="urn:c"/></group></groupSet></packageItem>
      ${textItem("urn:a")}${textItem("urn:b")}${textItem("urn:c")}
    </itemSet></newsMessage>`;
    const s = normalizeWire(Buffer.from(message), { receivedAt: "2024-05-01T10:05:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Story urn:c");
    expect(s.metadata.identity).toEqual({
      itemId: "urn:c",
      version: 7,
      status: "stat:withheld",
      signals: ["sig:correction", "sig:update"],
    });
    expect(s.metadata.parties.map((p) => `${p.role}:${p.value}:${p.field}`)).toEqual([
      "provider:Example Wire:newsItem/itemMeta/provider",
      "creator:Ann Lee:newsItem/contentMeta/creator",
      "contributor:Partner Agency:newsItem/contentMeta/contributor",
      "source:City Hall:newsItem/contentMeta/infoSource[@role=cRole:source]",
      "id:urn:c:newsItem@guid",
    ]);
  });

  it("reads a NITF body's title when the G2 item states no headline (regression: scoop)", () => {
    const s = normalizeWire(
      Buffer.from(
        `<newsMessage><itemSet><newsItem guid="x"><itemMeta><itemClass qcode="ninat:text"/></itemMeta><contentMeta/><contentSet><inlineXML contenttype="application/nitf+xml"><nitf><head><title>Receivers appoint interim chief</title></head><body><body.content><p>One.</p><p>Two.</p></body.content></body></nitf></inlineXML></contentSet></newsItem></itemSet></newsMessage>`,
      ),
      { receivedAt: "2024-05-01T10:05:00Z" },
    );
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Receivers appoint interim chief");
    expect(s.paragraphs).toEqual(["One.", "Two."]);
  });

  it("reads inline text and inline HTML data", () => {
    const item = (data: string) =>
      `<newsItem guid="x"><contentMeta><headline>H</headline></contentMeta><contentSet>${data}</contentSet></newsItem>`;
    const plain = normalizeWire(
      Buffer.from(item(`<inlineData contenttype="text/plain">Line one.\nLine two.</inlineData>`)),
      {},
    );
    const html = normalizeWire(
      Buffer.from(
        item(
          `<inlineData contenttype="text/html">&lt;p&gt;Para &amp;amp; more.&lt;/p&gt;</inlineData>`,
        ),
      ),
      {},
    );
    if (isRejection(plain) || isRejection(html)) throw new Error("rejected");
    expect(plain.paragraphs).toEqual(["Line one.", "Line two."]);
    expect(html.paragraphs).toEqual(["Para & more."]);
  });

  it("a message of pictures only is not a story", () => {
    const r = normalizeWire(
      Buffer.from(
        `<newsMessage><itemSet><newsItem guid="p"><itemMeta><itemClass qcode="ninat:picture"/></itemMeta></newsItem></itemSet></newsMessage>`,
      ),
      {},
    );
    expect(isRejection(r) && r.code).toBe("NOT_A_STORY");
  });
});
