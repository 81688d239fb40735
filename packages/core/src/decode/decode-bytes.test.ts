import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { isRejection } from "../reject.js";
import { decodeBytes } from "./decode-bytes.js";
import { repairMojibake } from "./repair-mojibake.js";

const text = (r: ReturnType<typeof decodeBytes>) =>
  isRejection(r) ? `REJECTED ${r.code}` : r.text;

describe("decodeBytes", () => {
  it("honours byte order marks", () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("Zürich – “hi”", "utf16le"),
    ]);
    expect(text(decodeBytes(utf16))).toBe("Zürich – “hi”");
    expect(text(decodeBytes(Buffer.from("\ufeffOslo", "utf8")))).toBe("Oslo");
  });

  it("uses the declared charset, then the XML declaration", () => {
    const latin = iconv.encode("Malmö café", "latin1");
    expect(text(decodeBytes(latin, { declared: "ISO-8859-1" }))).toBe("Malmö café");
    const xml = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1252"?><a>'),
      iconv.encode("‘quoted’", "win1252"),
      Buffer.from("</a>"),
    ]);
    expect(text(decodeBytes(xml))).toContain("‘quoted’");
  });

  it("falls back to cp1252 for undeclared single-byte copy and to the format default", () => {
    const cp = iconv.encode("The minister’s “final” offer — rejected", "win1252");
    expect(text(decodeBytes(cp))).toBe("The minister’s “final” offer — rejected");
    expect(text(decodeBytes(iconv.encode("Köln", "latin1"), { formatDefault: "iso-8859-1" }))).toBe(
      "Köln",
    );
  });

  it("recognises UTF-16 without a byte order mark", () => {
    expect(text(decodeBytes(Buffer.from("Gdańsk port reopens", "utf16le")))).toBe(
      "Gdańsk port reopens",
    );
    const be = Buffer.from("Quay reopens", "utf16le").swap16();
    expect(text(decodeBytes(be))).toBe("Quay reopens");
  });

  it("rejects binary input", () => {
    const r = decodeBytes(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x1a, 0x0a]));
    expect(isRejection(r) && r.code).toBe("BINARY");
  });
});

describe("repairMojibake", () => {
  it("repairs UTF-8 read as Windows-1252 or Latin-1, once or twice", () => {
    expect(repairMojibake("donâ€™t say â€œneverâ€\u009d")).toBe("don’t say “never”");
    expect(repairMojibake("SÃ£o Paulo, GdaÅ„sk")).toBe("São Paulo, Gdańsk");
    const twice = Buffer.from(Buffer.from("café", "utf8").toString("latin1"), "utf8").toString(
      "latin1",
    );
    expect(repairMojibake(twice)).toBe("café");
  });

  it("leaves real accented text alone", () => {
    for (const s of ["Señor Müller à Paris", "Ã", "naïve résumé", "€100 — ‘quoted’"])
      expect(repairMojibake(s)).toBe(s);
  });
});
