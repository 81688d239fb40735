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
