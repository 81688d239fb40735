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

describe("charset declarations count only where their format puts them", () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  const decoded = (r: ReturnType<typeof decodeBytes>) => {
    if (isRejection(r)) throw new Error(`${r.code}: ${r.message}`);
    return r;
  };

  it("a <meta charset> quoted in an XML document's text does not decide its charset", () => {
    const doc = utf8(
      '<?xml version="1.0"?><nitf><body><p>Quoting <meta charset="koi8-r"/> in Zürich</p></body></nitf>',
    );
    expect(text(decodeBytes(doc, { declaration: "xml" }))).toContain("Zürich");
  });

  it("an HTML <meta> decides in the head of an HTML document, not in its body", () => {
    const head = Buffer.concat([
      Buffer.from('<!doctype html><html><head><meta charset="windows-1251"><title>'),
      iconv.encode("Новости", "win1251"),
      Buffer.from("</title></head><body><p>x</p></body></html>"),
    ]);
    expect(text(decodeBytes(head, { declaration: "html" }))).toContain("Новости");
    const inBody = utf8(
      '<!doctype html><html><head><title>Gdańsk</title></head><body><p><meta charset="koi8-r"> Gdańsk</p></body></html>',
    );
    expect(text(decodeBytes(inBody, { declaration: "html" }))).toContain("Gdańsk");
    // and a format without declarations ignores it altogether
    expect(text(decodeBytes(head))).not.toContain("Новости");
  });

  it("a stray byte in otherwise valid UTF-8 is replaced locally and counted", () => {
    const bytes = Buffer.concat([utf8("Gdańsk – Zürich "), Buffer.from([0xff]), utf8(" Αθήνα")]);
    const r = decoded(decodeBytes(bytes));
    expect(r.charset).toBe("utf-8");
    expect(r.replacedBytes).toBe(1);
    expect(r.text).toContain("Gdańsk – Zürich");
    expect(r.text).toContain("Αθήνα");
  });

  it("a Latin-1 byte pasted into UTF-8 copy keeps its letter; Polish and Greek are not rejected", () => {
    const pasted = Buffer.concat([utf8("Łódź café: "), Buffer.from([0xe9]), utf8("t\u00e9 — fin")]);
    expect(decoded(decodeBytes(pasted)).text).toBe("Łódź café: été — fin");
    const polish = Buffer.concat([
      utf8("Zażółć gęślą jaźń. ".repeat(20)),
      Buffer.from([0x80, 0xfe]),
    ]);
    expect(decoded(decodeBytes(polish)).text).toContain("Zażółć gęślą jaźń.");
    const greek = Buffer.concat([
      utf8("Η Βουλή ψήφισε το νομοσχέδιο. ".repeat(20)),
      Buffer.from([0xc0]),
    ]);
    expect(decoded(decodeBytes(greek)).text).toContain("Η Βουλή ψήφισε");
  });

  it('encoding="UTF-16" on UTF-8 bytes is not honoured', () => {
    const doc = utf8('<?xml version="1.0" encoding="UTF-16"?><nitf><p>Kraków</p></nitf>');
    const r = decoded(decodeBytes(doc, { declaration: "xml" }));
    expect(r.text).toContain("Kraków");
    expect(r.charset).toBe("utf-8");
  });

  it("UTF-7 is never honoured, wherever it is declared", () => {
    const bytes = utf8("Headline +ADw-script+AD4-alert(1)+ADw-/script+AD4-");
    for (const declared of ["utf-7", "UTF7", "unicode-1-1-utf-7", "x-imap4-modified-utf7"]) {
      const r = text(decodeBytes(bytes, { declared }));
      expect(r).not.toContain("<script>");
      expect(r).toContain("+ADw-script+AD4-");
    }
    const xml = utf8('<?xml version="1.0" encoding="utf-7"?><nitf>+ADw-b+AD4-</nitf>');
    expect(text(decodeBytes(xml, { declaration: "xml" }))).not.toContain("<b>");
  });

  it("control bytes a format uses in its text are not taken for binary", () => {
    const agate = Buffer.from(
      "\x08Team\x10W\x10L\r\n\x08Gulls\x1058\x1034\r\n\x08Owls\x1052\x1040\r\n",
      "latin1",
    );
    expect(isRejection(decodeBytes(agate)) && (decodeBytes(agate) as { code: string }).code).toBe(
      "BINARY",
    );
    expect(text(decodeBytes(agate, { textControls: [0x08, 0x10] }))).toContain("Gulls");
  });
});
