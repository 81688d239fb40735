import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

const newsml = (components: string, lines = "<HeadLine>Dam repairs finish early</HeadLine>") =>
  `<?xml version="1.0" encoding="UTF-8"?>
<NewsML Version="1.2">
  <NewsEnvelope><DateAndTime>20240301T090000Z</DateAndTime><Priority FormalName="5"/></NewsEnvelope>
  <NewsItem xml:lang="en">
    <Identification>
      <NewsIdentifier>
        <ProviderId>example.org</ProviderId>
        <DateId>20240301</DateId>
        <NewsItemId>ITEM-7</NewsItemId>
        <RevisionId PreviousRevision="2" Update="A">3</RevisionId>
        <PublicIdentifier>urn:newsml:example.org:20240301:ITEM-7:3</PublicIdentifier>
      </NewsIdentifier>
      <NameLabel>dam-repairs</NameLabel>
    </Identification>
    <NewsManagement>
      <NewsItemType FormalName="News"/>
      <FirstCreated>20240301T081500+0100</FirstCreated>
      <ThisRevisionCreated>20240301T084500+0100</ThisRevisionCreated>
      <Status FormalName="Usable"/>
      <Urgency FormalName="3"/>
      <Instruction FormalName="Update"/>
    </NewsManagement>
    <NewsComponent>
      <NewsLines>${lines}<DateLine>Lyon, March 1 (Example)</DateLine><CreditLine>Example Wire</CreditLine><CopyrightLine>(c) 2024 Example Wire</CopyrightLine><KeywordLine>DAM</KeywordLine></NewsLines>
      <AdministrativeMetadata>
        <Provider><Party FormalName="Example Wire"/></Provider>
        <Creator><Party FormalName="jd"/></Creator>
        <Source><Party FormalName="Regional Desk"/></Source>
        <Contributor><Party FormalName="Partner Agency"/></Contributor>
      </AdministrativeMetadata>
      ${components}
    </NewsComponent>
  </NewsItem>
</NewsML>`;

const text = (data: string, role = "Main", format = "XHTML") =>
  `<NewsComponent><Role FormalName="${role}"/><ContentItem><MediaType FormalName="Text"/><Format FormalName="${format}"/><DataContent>${data}</DataContent></ContentItem></NewsComponent>`;

function read(xml: string) {
  const s = normalizeWire(Buffer.from(xml), { receivedAt: "2024-03-01T09:00:00Z" });
  if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
  return s;
}

describe("NewsML 1.x", () => {
  it("reads NewsLines, identity, management and parties", () => {
    const s = read(
      newsml(text("<p>Work on the dam ended a week early.</p><p>Roads reopen Monday.</p>")),
    );
    expect(s.source.format).toBe("newsml1");
    expect(s.headline).toBe("Dam repairs finish early");
    expect(s.paragraphs).toEqual(["Work on the dam ended a week early.", "Roads reopen Monday."]);
    expect(s.dateline).toMatchObject({ place: "Lyon", date: "2024-03-01" });
    expect(s.copyright).toBe("(c) 2024 Example Wire");
    expect(s.language).toBe("en");
    expect(s.metadata).toMatchObject({
      creditline: "Example Wire",
      distributor: "Example Wire",
      priority: 3,
      slugline: "dam-repairs",
      keywords: ["DAM"],
      infoSources: ["Regional Desk"],
    });
    expect(s.metadata.identity).toEqual({
      itemId: "urn:newsml:example.org:20240301:ITEM-7:3",
      version: 3,
      status: "Usable",
      signals: ["Update:A", "Urgency:3", "NewsItemType:News", "Instruction:Update"],
    });
    const parties = s.metadata.parties.map((p) => `${p.role}=${p.value}`);
    expect(parties).toEqual(
      expect.arrayContaining([
        "provider=Example Wire",
        "creator=jd",
        "source=Regional Desk",
        "contributor=Partner Agency",
        "provider=example.org",
        "id=urn:newsml:example.org:20240301:ITEM-7:3",
      ]),
    );
    expect(s.metadata.parties.find((p) => p.value === "Example Wire")?.field).toBe(
      "NewsML/NewsItem/AdministrativeMetadata/Provider/Party",
    );
  });

  it("reads a NITF document inside DataContent", () => {
    const s = read(
      newsml(
        text(
          `<nitf><head><docdata><doc.copyright holder="Example Wire"/></docdata></head><body><body.content><p>First.</p><media><media-caption>A dam.</media-caption><media-producer>Example/Jo</media-producer></media><p>Second.</p></body.content></body></nitf>`,
          "Main",
          "NITF",
        ),
      ),
    );
    expect(s.paragraphs).toEqual(["First.", "Second."]);
    expect(s.captions).toEqual([{ text: "A dam.", credit: "Example/Jo" }]);
    expect(s.metadata.copyrightHolder).toBe("Example Wire");
  });

  it("reads HTML held in CDATA as paragraphs, without tags", () => {
    const s = read(
      newsml(
        text(
          "<![CDATA[<P>One &amp; only.</P><P>Two <script>x()</script>ok.</P>]]>",
          "Main",
          "HTML",
        ),
      ),
    );
    expect(s.paragraphs).toEqual(["One & only.", "Two ok."]);
  });

  it("reads components by role: Title as headline, Lead and Body as the text, Caption as caption", () => {
    const s = read(
      newsml(
        `${text("Dam repairs finish early", "Title", "Text")}${text("The repairs ended early.", "Lead", "Text")}${text("Roads reopen.\nTraffic is light.", "Body", "Text")}${text("Workers on the dam.", "Caption", "Text")}`,
        "",
      ),
    );
    expect(s.headline).toBe("Dam repairs finish early");
    expect(s.paragraphs).toEqual([
      "The repairs ended early.",
      "Roads reopen.",
      "Traffic is light.",
    ]);
    expect(s.captions.map((c) => c.text)).toEqual(["Workers on the dam."]);
  });

  it("skips photo components and picks the NewsItem that carries text", () => {
    const photoItem = `<NewsItem><NewsComponent><NewsLines><HeadLine>Photo only</HeadLine></NewsLines><ContentItem Href="a.jpg"><MediaType FormalName="Photo"/></ContentItem></NewsComponent></NewsItem>`;
    const xml = newsml(
      `<NewsComponent><ContentItem><MediaType FormalName="Photo"/><DataContent>binary</DataContent></ContentItem></NewsComponent>${text("<p>The text.</p>")}`,
    ).replace("<NewsItem xml:lang", `${photoItem}<NewsItem xml:lang`);
    const s = read(xml);
    expect(s.headline).toBe("Dam repairs finish early");
    expect(s.paragraphs).toEqual(["The text."]);
  });

  it("drops dates that do not exist and urgencies out of range", () => {
    const s = read(
      newsml(text("<p>Body.</p>"))
        .replace("20240301T081500+0100", "20241399T250000")
        .replace("20240301T084500+0100", "2024-02-30")
        .replace('<Urgency FormalName="3"/>', '<Urgency FormalName="1e300"/>'),
    );
    expect(s.metadata.priority).toBe(5);
    expect(s.source.receivedAt).toBe("2024-03-01T09:00:00Z");
  });

  it("a NewsML document with no text is not a story, never a crash", () => {
    const r = normalizeWire(Buffer.from("<NewsML><NewsEnvelope/></NewsML>"), {});
    expect(isRejection(r) && r.code).toBe("NOT_A_STORY");
    const noBody = normalizeWire(Buffer.from(newsml("")), {});
    expect(isRejection(noBody) && noBody.code).toBe("NO_BODY");
  });
});
