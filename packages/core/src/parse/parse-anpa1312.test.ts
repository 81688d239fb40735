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
