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
