import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

const SYN = "\x16";
const SOH = "\x01";
const STX = "\x02";
const ETX = "\x03";
const EOT = "\x04";

describe("ANPA-1312", () => {
  it("reads the header, caret lines, tab paragraphs, typewriter quotes and the _ dash", () => {
    const text = [
      `${SYN}${SYN}${SOH}b0231\x1f-----`,
      "u s BC-Fire-Chicago 2ndLd-Writethru   09-10 1422",
      `${STX}^BC-Fire-Chicago, 2nd Ld-Writethru,150<`,
      "^Warehouse fire forces evacuations in Chicago<",
      "^Eds: Adds quote from fire chief.<",
      "^By ANA LOPEZ=",
      "^Associated Press=",
      "\t   CHICAGO (AP) _ A fire tore through a warehouse on Tuesday, fire officials said.",
      "\t   ``It spread fast,'' the chief said.",
      "\t   ___",
      "\t   (Copyright 2024 by The Associated Press. All Rights Reserved.)",
      `\t   AP-WF-09-10-24 1422GMT<${ETX}${EOT}`,
    ].join("\r\n");
    const s = normalizeWire(Buffer.from(text, "latin1"), { receivedAt: "2024-09-10T14:30:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.source.format).toBe("anpa1312");
    expect(s.headline).toBe("Warehouse fire forces evacuations in Chicago");
    expect(s.byline).toBe("Ana Lopez");
    expect(s.metadata.creditline).toBe("Associated Press");
    expect(s.metadata.editorsNotes).toEqual(["Adds quote from fire chief."]);
    expect(s.metadata.versionMarkers).toEqual(["2nd Ld-Writethru"]);
    expect(s.metadata.header).toMatchObject({
      serviceLevel: "b",
      messageNumber: "0231",
      priority: "u",
      category: "s",
      keyword: "BC-Fire-Chicago",
      version: "2ndLd-Writethru",
      date: "09-10",
      wordCount: "1422",
      cycle: "BC",
    });
    expect(s.metadata.priority).toBe(3);
    expect(s.dateline).toMatchObject({ place: "Chicago", raw: "CHICAGO (AP) _" });
    expect(s.paragraphs).toEqual([
      "A fire tore through a warehouse on Tuesday, fire officials said.",
      "\u201cIt spread fast,\u201d the chief said.",
    ]);
    expect(s.copyright).toBe("Copyright 2024 by The Associated Press. All Rights Reserved.");
  });

  it("reads a message without heading lines as plain copy", () => {
    const text = `${SYN}${SYN}${SOH}a0001\r\nr f BC-Markets 09-10 0900\r\n${STX}Stocks edge higher\r\n\r\n\t   NEW YORK (AP) _ Stocks rose in early trading.\r\n\t   Bond yields fell.\r\n${ETX}${EOT}`;
    const s = normalizeWire(Buffer.from(text, "latin1"), { receivedAt: "2024-09-10T09:00:00Z" });
    if (isRejection(s)) throw new Error(s.message);
    expect(s.headline).toBe("Stocks edge higher");
    expect(s.dateline.place).toBe("New York");
    expect(s.paragraphs).toEqual(["Stocks rose in early trading.", "Bond yields fell."]);
    expect(s.metadata.slugline).toBe("BC-Markets");
  });
});

describe("ANPA-1312 by its standard", () => {
  const story = (text: string, receivedAt?: string) => {
    const s = normalizeWire(Buffer.from(text, "latin1"), receivedAt ? { receivedAt } : {});
    if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
    return s;
  };
  const STRIPPED = [
    "W2870asian",
    "f l BC-LT--Argentina-CancerB     11-13 1049",
    "^BC-LT--Argentina-Cancer Beauty,466<",
    "^For Argentine chemo patients, the mirror is part of the cure <",
    "^AP Photo XNP101, XNP102, XNP103<",
    "^Eds: With AP Photos.<",
    "^By PAUL BYRNE=",
    "^Associated Press=",
    "\t   BUENOS AIRES, Argentina (AP) _ A free class teaches patients to draw eyebrows back on. ",
    "\t   ``It gives you your face back,'' said one student. ",
    "\t   AP-WF-11-13-13 1509GMT<",
    "",
  ].join("\n");

  it("takes the headline after AP's keyword line, not the keyword line itself", () => {
    const s = story(STRIPPED);
    expect(s.headline).toBe("For Argentine chemo patients, the mirror is part of the cure");
    expect(s.metadata.header.keywordLine).toBe("BC-LT--Argentina-Cancer Beauty,466");
    expect(s.metadata.slugline).toBe("BC-LT--Argentina-CancerB");
  });

  it("keeps photo references out of the body so the dateline opens it", () => {
    const s = story(STRIPPED);
    expect(s.metadata.header.media).toBe("AP Photo XNP101, XNP102, XNP103");
    expect(s.dateline.place).toBe("Buenos Aires");
    expect(s.paragraphs[0]).toBe("A free class teaches patients to draw eyebrows back on.");
    expect(s.paragraphs.join(" ")).not.toContain("XNP101");
  });

  it("reads the filing time from the trailer, names the agency as distributor and dates the item", () => {
    const s = story(STRIPPED);
    expect(s.source.receivedAt).toBe("2013-11-13T15:09:00Z");
    expect(s.dateline.date).toBe("2013-11-13");
    expect(s.metadata.distributor).toBe("AP");
    expect(s.metadata.parties).toContainEqual({
      role: "distributor",
      value: "AP",
      field: "anpa1312/trailer",
    });
    expect(s.metadata.header).toMatchObject({
      serviceLevel: "W",
      messageNumber: "2870",
      selector: "asian",
      priority: "f",
      category: "l",
      keyword: "BC-LT--Argentina-CancerB",
      date: "11-13",
      wordCount: "1049",
      cycle: "BC",
    });
    expect(s.metadata.priority).toBe(1);
  });

  it("states the writethru as version markers and identity", () => {
    const s = story(
      `${SYN}${SYN}${SOH}b0231\x1f-----\r\nu s BC-Fire-Chicago 2ndLd-Writethru   09-10 1422\r\n${STX}^BC-Fire-Chicago, 2nd Ld-Writethru,150<\r\n^Warehouse fire forces evacuations<\r\n\t   CHICAGO (AP) _ A fire tore through a warehouse.\r\n${ETX}${EOT}`,
      "2024-09-10T14:30:00Z",
    );
    expect(s.metadata.versionMarkers).toEqual(["2nd Ld-Writethru"]);
    expect(s.metadata.identity).toEqual({
      itemId: "BC-Fire-Chicago",
      version: 2,
      status: null,
      signals: ["cycle:BC", "2nd Ld-Writethru"],
    });
  });

  it("reads an agate table with column control codes as text rows, not as binary", () => {
    const rows = [
      ["Team", "W", "L"],
      ["Gulls", "58", "34"],
      ["Owls", "52", "40"],
      ["Herons", "41", "51"],
    ]
      .map((r) => `\x08${r.join("\x10")}\r\n`)
      .join("");
    const s = story(
      `${SYN}${SYN}${SOH}a0733\x1f-----\r\nr s\x11\x12 BC-BBA--Standings   08-02 0188\r\n${STX}^BC-BBA--Standings,0188<\r\n^League Standings<\r\n${rows}${ETX}${EOT}`,
    );
    expect(s.metadata.header.format).toBe("text tabular");
    expect(s.paragraphs).toEqual(["Team W L", "Gulls 58 34", "Owls 52 40", "Herons 41 51"]);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may survive
    for (const p of s.paragraphs) expect(p).not.toMatch(/[\x00-\x1f]/);
  });

  it("reads a heading-only digest as its lines, several segments on one line apart", () => {
    const s = story(
      "V4644-----\nr e AP-Top-Headlines     02-09 0121\n^*9006< ^AP-Top-Headlines,0176<\n^AP Top News at 11:23 p.m. EST<\n^First item headline\n^Second item headline\n",
    );
    expect(s.headline).toBe("AP Top News at 11:23 p.m. EST");
    expect(s.paragraphs).toEqual(["First item headline", "Second item headline"]);
  });

  it("makes AP's summary heading line the standfirst and keeps the affiliation as credit line", () => {
    const s = story(
      [
        "z6715-----",
        "r z BC-BKN--Heat-Hawks 1stLd-Writethru   02-20 0500",
        "^BC-BKN--Heat-Hawks, 1st Ld-Writethru,416<",
        "^Short-handed Heat beat Hawks 115-111<",
        "^Luol Deng scored 30 points and the short-handed Heat beat the Hawks on Friday night.<",
        "^By CHARLES ODUM=",
        "^AP Sports Writer=",
        "\t   ATLANTA (AP) _ Luol Deng scored 30 points on Friday night.",
        "\t   Jeff Teague led Atlanta with 23 points.",
      ].join("\n"),
    );
    expect(s.standfirst).toBe(
      "Luol Deng scored 30 points and the short-handed Heat beat the Hawks on Friday night.",
    );
    expect(s.byline).toBe("Charles Odum");
    expect(s.metadata.creditline).toBe("AP Sports Writer");
    expect(s.paragraphs).toHaveLength(2);
  });

  it("heads an alert that has a keyword line but no headline with its own first sentence", () => {
    const s = story(
      "W1645asian\nb a BC-US--APNewsAlert     06-29 0358\n^BC-US--APNewsAlert,17<\n\t   HONOLULU (AP) _ Hawaii files a court challenge to the travel rules.\n\n\t   AP-WF-06-29-17 2350GMT<\n",
    );
    expect(s.headline).toBe("Hawaii files a court challenge to the travel rules.");
    expect(s.headline).not.toContain("APNewsAlert");
    expect(s.dateline.place).toBe("Honolulu");
  });

  it("reads ANPA's spaced underscore as a dash in heading lines too", () => {
    const s = story(
      "z6715-----\nr z BC-BKN--Heat 1stLd-Writethru   02-20 0500\n^BC-BKN--Heat, 1st Ld-Writethru,416<\n^Heat win _ again<\n^Deng scored 30 _ a season high _ as the Heat beat the Hawks.<\n\t   ATLANTA (AP) _ Deng scored 30.\n",
    );
    expect(s.headline).toBe("Heat win \u2014 again");
    expect(s.standfirst).toBe(
      "Deng scored 30 \u2014 a season high \u2014 as the Heat beat the Hawks.",
    );
  });
});
