import { describe, expect, it } from "vitest";
import { sniffFormat } from "./sniff-format.js";

const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

describe("sniffing wire framings and mail", () => {
  it("finds IPTC 7901 behind line padding and idle fill before SOH", () => {
    expect(
      sniffFormat(latin1("\r\n\x00\x00\x7f\r\n\x01apa0288 2 wi 141 apa 0815\r\n\x02Head")),
    ).toBe("iptc7901");
  });

  it("finds IPTC 7901 whose control characters were stripped in transit", () => {
    expect(sniffFormat(latin1("   ZCZC AAP\n%MNETALL MFI\n:Title\n\nText"))).toBe("iptc7901");
    expect(sniffFormat(latin1("\r\nZCZC SPT0317\r\n^Headline\r\n"))).toBe("iptc7901");
    expect(sniffFormat(latin1("ecb0014 3 i 402  dpa 0712\n\nNorway/energy/\nHeadline\n"))).toBe(
      "iptc7901",
    );
  });

  it("finds ANPA-1312 framed, padded and stripped", () => {
    expect(sniffFormat(latin1("\x16\x16\x01a0412\x1f-----\r\n"))).toBe("anpa1312");
    expect(sniffFormat(latin1("\r\n\x16\x16\x01a0412\x1f-----\r\n"))).toBe("anpa1312");
    expect(
      sniffFormat(
        latin1("W2870asian\nf l BC-LT--Argentina-CancerB     11-13 1049\n^BC-LT--X,466<\n"),
      ),
    ).toBe("anpa1312");
  });

  it("finds a mail by its header block, whatever field comes first", () => {
    for (const head of [
      "Return-Path: <a@b.example>\nReceived: from x by y; Tue, 14 May 2024 08:02:11 +0000\nFrom: A <a@b.example>\nSubject: Hi\n\nBody",
      "DKIM-Signature: v=1; a=rsa-sha256;\n\td=b.example; s=s1\nFrom: a@b.example\n\nBody",
      "From MAILER-DAEMON Sat Jun  8 13:10:00 2024\nFrom: a@b.example\nSubject: x\n\nBody",
      "MIME-Version: 1.0\r\nContent-Type: text/plain\r\nSubject: x\r\n\r\nBody",
      "X-Mailer: Wire 2\nMessage-ID: <1@b.example>\nDate: Tue, 14 May 2024 08:02:11 +0000\n\nBody",
    ])
      expect(sniffFormat(latin1(head))).toBe("email");
  });

  it("leaves plain copy that only looks like a header or a framing as plain text", () => {
    for (const text of [
      "WASHINGTON: The Senate passed the bill on Tuesday.\n\nMore text.",
      "Subject: the budget\n\nThe council met.",
      "Note: corrected spelling\nTo: all desks\n\nThe story.",
      "Date: 12 May 2024\nFrom: Our correspondent\nSubject: floods\n\nThe river rose.",
      "New Delhi: Rain lashed the capital.",
      "ZCZC is what teleprinters sent first, a reader wrote.\n",
      "abc123 is a code\nx y z",
      "Update 2 - Storms hit coast\n\nLONDON (Reuters) - ...",
    ])
      expect(sniffFormat(latin1(text))).toBe("plain");
  });

  it("lets a named media type decide before any content", () => {
    expect(sniffFormat(latin1("Subject: x\nFrom: y\n\nz"), { contentType: "text/html" })).toBe(
      "html",
    );
    expect(sniffFormat(latin1("Plain words"), { contentType: "message/rfc822" })).toBe("email");
  });
});
