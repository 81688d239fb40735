import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

describe("IPTC 7901", () => {
  it("reads the header and decodes Latin-1 text", () => {
    const text =
      "\x01apa0412 3 pl 120 apa 1530\r\n\x02Österreichs Regierung einigt sich auf Budget\r\n\r\nWien (APA) - Die Regierung hat sich am Dienstag auf das Budget für 2025 geeinigt, teilte das Finanzministerium mit.\r\n\r\nDer Nationalrat soll im Oktober abstimmen.\r\n\r\napa gr/ks\r\n\x03";
    const s = normalizeWire(iconv.encode(text, "latin1"), { receivedAt: "2024-09-10T15:31:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.source.format).toBe("iptc7901");
    expect(s.headline).toBe("Österreichs Regierung einigt sich auf Budget");
    expect(s.dateline).toMatchObject({ place: "Wien", date: "2024-09-10" });
    expect(s.paragraphs).toHaveLength(2);
    expect(s.paragraphs[0]).toContain("für 2025");
    expect(s.metadata.header).toMatchObject({
      source: "apa",
      messageNumber: "0412",
      priority: "3",
      category: "pl",
      wordCount: "120",
    });
    expect(s.metadata.distributor).toBe("apa");
    expect(s.language).toBe("de");
  });
});

describe("IPTC 7901 by its standard", () => {
  const story = (text: string, receivedAt = "2024-06-04T07:15:00Z") => {
    const s = normalizeWire(iconv.encode(text, "latin1"), { receivedAt });
    if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
    return s;
  };
  const HEADING = [
    "ecb0014 3 i 402  dpa 0712",
    "",
    "Norway/energy/wind/",
    "REFILE",
    "1ST LEAD",
    "Norway approves first floating wind farm",
    "By dpa correspondents =",
    "",
    "Oslo (dpa) - Norway's government on Tuesday approved construction of",
    "its first floating wind farm, operators said.",
    "",
    "The turbines will be anchored far from fishing grounds.",
    "",
    "040712 GMT Jun 24",
  ].join("\n");

  it("takes the headline from a heading block of markers, headline and byline", () => {
    const s = story(HEADING);
    expect(s.source.format).toBe("iptc7901");
    expect(s.headline).toBe("Norway approves first floating wind farm");
    expect(s.byline).toBe("dpa correspondents");
    expect(s.metadata.versionMarkers).toEqual(["REFILE", "1ST LEAD"]);
    expect(s.metadata.slugline).toBe("Norway/energy/wind");
    expect(s.metadata.keywords).toEqual(["Norway", "energy", "wind"]);
    expect(s.paragraphs[0]).toBe(
      "Norway's government on Tuesday approved construction of its first floating wind farm, operators said.",
    );
  });

  it("states the source id as distributor party and identity, and dates the item by its DTG", () => {
    const s = story(HEADING, "2030-01-01T00:00:00Z");
    expect(s.metadata.header).toMatchObject({
      source: "ecb",
      messageNumber: "0014",
      priority: "3",
      category: "i",
      wordCount: "402",
      originator: "dpa",
      time: "0712",
    });
    expect(s.metadata.parties).toEqual([
      { role: "distributor", value: "ecb", field: "iptc7901/header/source" },
      { role: "distributor", value: "dpa", field: "iptc7901/header/originator" },
    ]);
    expect(s.metadata.distributor).toBe("dpa");
    expect(s.metadata.identity).toEqual({
      itemId: "ecb0014",
      version: 1,
      status: null,
      signals: ["REFILE", "1ST LEAD"],
    });
    expect(s.dateline.date).toBe("2024-06-04");
    expect(s.paragraphs.join(" ")).not.toContain("040712");
  });

  it("does not fuse a byline into the headline", () => {
    const s = story(
      "\x01ecd0231 4 w 215  dpa 1404\r\n\x02Kenya appeals for food aid\r\nBy Joyce Wambui, dpa =\r\n\r\nNairobi (dpa) - Kenya on Friday asked donors for aid.\r\n\x03",
    );
    expect(s.headline).toBe("Kenya appeals for food aid");
    expect(s.byline).toBe("Joyce Wambui, dpa");
  });

  it("reads ZCZC-framed copy by its marked header lines and stops at NNNN", () => {
    const s = story(
      "\r\nZCZC SPT0317\r\n&A\r\n:CRICKET Shield\r\n=Report\r\n^Tasmania hold on for draw\r\n*X\r\nTasmania's last pair survived 41 balls to secure a draw on the final day.\r\n\r\nThe home side slumped to 7-118.\r\n\r\nNNNN\r\nZCZC garbage after the end\r\n",
    );
    expect(s.headline).toBe("Tasmania hold on for draw");
    expect(s.metadata.slugline).toBe("CRICKET Shield");
    expect(s.metadata.header).toMatchObject({
      source: "SPT",
      messageNumber: "0317",
      takeKey: "Report",
    });
    expect(s.paragraphs).toHaveLength(2);
    expect(s.paragraphs.join(" ")).not.toContain("NNNN");
  });

  it("decodes 7901 copy as Latin-1 when nothing else is said", () => {
    const s = story(
      "\x01apa0288 2 wi 141 apa 0815\r\n\x02Inflation in Österreich sinkt\r\n\r\nWien (APA) - Die Teuerung ist gesunken.\r\n\x03",
    );
    expect(s.headline).toBe("Inflation in Österreich sinkt");
    // Latin-1 is read as its superset Windows-1252, as browsers do
    expect(s.metadata.decoding).toEqual({ charset: "windows-1252", replacedBytes: 0 });
  });

  it("reads a 7901 header line inside ZCZC framing as the header, not as the headline", () => {
    const s = story(
      "ZCZC\r\nafp0123 4 pol 234 AFP 0915\r\nChile rescuers reach trapped miners\r\n\r\nCOPIAPO, Chile (AFP) - Rescue teams reached three miners on Monday.\r\nNNNN\r\n",
    );
    expect(s.headline).toBe("Chile rescuers reach trapped miners");
    expect(s.metadata.header).toMatchObject({
      source: "afp",
      messageNumber: "0123",
      originator: "AFP",
    });
    expect(s.dateline.place).toBe("Copiapo");
  });

  it("starts the text at a dateline that follows the headline without a blank line", () => {
    const s = story(
      "\x01dpa0001 3 pl 120 dpa 1200\r\n\x02Bahn streicht Fernzüge\r\nBerlin (dpa) - Die Bahn streicht am Mittwoch wegen des Sturms zahlreiche\r\nFernzüge im Norden, teilte das Unternehmen am Dienstag in Berlin mit.\r\n\r\nZweiter Absatz.\r\n\x03",
    );
    expect(s.headline).toBe("Bahn streicht Fernzüge");
    expect(s.dateline.place).toBe("Berlin");
    expect(s.paragraphs[0]).toBe(
      "Die Bahn streicht am Mittwoch wegen des Sturms zahlreiche Fernzüge im Norden, teilte das Unternehmen am Dienstag in Berlin mit.",
    );
  });

  it("joins a headline wrapped over two heading lines", () => {
    const s = story(
      "\x01dpa0001 3 pl 120 dpa 1200\r\n\x02Regierung und Opposition einigen sich\r\nauf neues Wahlrecht\r\n\r\nBerlin (dpa) - Die Einigung kam spät.\r\n\x03",
    );
    expect(s.headline).toBe("Regierung und Opposition einigen sich auf neues Wahlrecht");
  });

  it("finds the heading of copy sent without any blank line", () => {
    const wrapped = Array.from(
      { length: 12 },
      (_, k) =>
        `wrapped line ${k} of the story text that runs on to the next line as agencies send it`,
    ).join("\r\n");
    const s = story(
      `\x01dpa0001 3 pl 120 dpa 1200\r\n\x02REFILE\r\nHafen Hamburg meldet Rekordumschlag\r\nHamburg (dpa) - Der Hafen hat im Mai so viele Container umgeschlagen wie nie.\r\n${wrapped}\r\n\x03`,
    );
    expect(s.headline).toBe("Hafen Hamburg meldet Rekordumschlag");
    expect(s.metadata.versionMarkers).toEqual(["REFILE"]);
    expect(s.dateline.place).toBe("Hamburg");
  });
});

describe("IPTC 7901 kill heading lines", () => {
  it("takes ANNULATION and STORNO in the heading block as markers, not as the headline", () => {
    for (const word of ["ANNULATION", "STORNO", "KILL"]) {
      const text = `\x01afp0437 2 e 40  AFP 0915\r\n\x02${word}\r\nLe prix du gazole au plus haut\r\n\r\nLa dépêche intitulée "Le prix du gazole au plus haut" est annulée. Une nouvelle version suivra.\r\n\x03\r\n200915 GMT Jun 24\r\n`;
      const story = normalizeWire(new TextEncoder().encode(text), {
        receivedAt: "2024-06-20T10:00:00Z",
        contentType: "text/plain; charset=utf-8",
        feed: "t",
      });
      if (isRejection(story)) throw new Error(story.message);
      expect(story.headline).toBe("Le prix du gazole au plus haut");
      expect(story.metadata.versionMarkers).toEqual([word]);
      expect(story.lifecycle.pubStatus).toBe("canceled");
    }
  });
});
