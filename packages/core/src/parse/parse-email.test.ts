import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";

const crlf = (s: string) => s.replace(/\r?\n/g, "\r\n");
const mail = (s: string) => new Uint8Array(Buffer.from(crlf(s), "latin1"));
const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");

function story(bytes: Uint8Array, meta = {}) {
  const s = normalizeWire(bytes, meta);
  if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
  return s;
}

const HEADERS = `Return-Path: <desk@wire.example.net>
Received: from mx.example.org (mx.example.org [192.0.2.1])
\tby in.example.com with ESMTPS id 77; Tue, 14 May 2024 08:02:11 +0000
DKIM-Signature: v=1; a=rsa-sha256; d=wire.example.net; s=s1;
\tb=c2lnbmF0dXJlVGhhdE11c3ROb3RCZUluVGhlQm9keQ==
From: "AFP Desk" <desk@afp.com>
To: desk@paper.example.com
Date: Tue, 14 May 2024 10:01:55 +0200
Message-ID: <item-4411@afp.com>
MIME-Version: 1.0
`;

describe("e-mail", () => {
  it("takes the Subject as headline and keeps SMTP trace, DKIM and base64 out of the text", () => {
    const s = story(
      mail(`${HEADERS}Subject: Re: Fwd: Rail strike halts trains across Belgium
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

${b64("BRUSSELS, May 14 (AFP) - A national rail strike halted almost all trains in Belgium on Tuesday.\n\nUnions said the stoppage would last 24 hours.\n")}
`),
    );
    expect(s.source.format).toBe("email");
    expect(s.headline).toBe("Rail strike halts trains across Belgium");
    expect(s.dateline.place).toBe("Brussels");
    expect(s.paragraphs).toEqual([
      "A national rail strike halted almost all trains in Belgium on Tuesday.",
      "Unions said the stoppage would last 24 hours.",
    ]);
    const all = JSON.stringify([s.headline, s.paragraphs, s.standfirst, s.byline, s.captions]);
    for (const leak of ["DKIM", "ESMTPS", "c2lnbmF0", "QlJVU1NFTFM", "Return-Path"])
      expect(all).not.toContain(leak);
  });

  it("names an agency's From as distributor, and Message-ID and Date as identity and time", () => {
    const s = story(
      mail(`${HEADERS}Subject: Rail strike
Content-Type: text/plain

PARIS (AFP) - Trains stopped.
`),
    );
    expect(s.metadata.parties).toEqual([
      { role: "distributor", value: "AFP Desk", field: "email/From/name" },
      { role: "distributor", value: "afp.com", field: "email/From/domain" },
    ]);
    expect(s.metadata.distributor).toBe("AFP Desk");
    expect(s.metadata.identity.itemId).toBe("item-4411@afp.com");
    expect(s.source.receivedAt).toBe("2024-05-14T08:01:55Z");
    // Text fields carry no markup: the angle brackets of a msg-id go, the id stays.
    expect(s.metadata.header).toMatchObject({
      subject: "Rail strike",
      messageId: "item-4411@afp.com",
    });
  });

  it("names no party for a sender that only starts like an agency", () => {
    const s = story(
      mail(`From: PA Systems Ltd <sales@pasystems.example.com>
Subject: New speakers
Date: Tue, 14 May 2024 10:01:55 +0200

Our new speakers are in stock.
`),
    );
    expect(s.metadata.parties).toEqual([]);
  });

  it("names no party for a sender that is no agency", () => {
    const s = story(
      mail(`From: Jane Reader <jane@mail.example.com>
Subject: Letter about parking
Date: Tue, 14 May 2024 10:01:55 +0200

The new parking rules are confusing, residents say.
`),
    );
    expect(s.metadata.parties).toEqual([]);
    expect(s.metadata.distributor).toBeNull();
  });

  it("decodes quoted-printable and the part's charset, and records the decoding", () => {
    const s = story(
      mail(`From: a@b.example
Subject: =?iso-8859-2?Q?=A3=F3d=BC_otwiera_now=B1_lini=EA_tramwajow=B1?=
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-2
Content-Transfer-Encoding: quoted-printable

Tramwaje pojad=B1 now=B1 tras=B1 od poniedzia=B3ku, poinformowa=B3o miasto.
`),
    );
    expect(s.headline).toBe("Łódź otwiera nową linię tramwajową");
    expect(s.paragraphs[0]).toBe(
      "Tramwaje pojadą nową trasą od poniedziałku, poinformowało miasto.",
    );
    expect(s.metadata.decoding.charset).toBe("iso-8859-2");
  });

  it("never honours UTF-7, in a header or in a part", () => {
    const s = story(
      mail(`From: a@b.example
Subject: =?utf-7?Q?+ADw-script+AD4-alert(1)+ADw-/script+AD4-?= budget
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-7

Council +ADw-b+AD4-approves+ADw-/b+AD4- the budget for next year.
`),
    );
    const all = JSON.stringify(s);
    expect(all).not.toContain("<script>");
    expect(all).not.toContain("<b>");
  });

  it("reads a wire file attached to the mail as that format", () => {
    const nitf =
      '<?xml version="1.0"?><nitf><head><title>Port reopens</title></head><body><body.head><hedline><hl1>Port reopens after strike</hl1></hedline></body.head><body.content><p>The port resumed work on Monday.</p><p>Forty ships waited.</p></body.content></body></nitf>';
    const s = story(
      mail(`From: desk@wire.example.net
Subject: Story attached
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b1"

--b1
Content-Type: text/plain

See attached.
--b1
Content-Type: application/octet-stream; name="port.xml"
Content-Disposition: attachment; filename="port.xml"
Content-Transfer-Encoding: base64

${b64(nitf)}
--b1--
`),
    );
    expect(s.source.format).toBe("email");
    expect(s.metadata.header.attachedFormat).toBe("nitf");
    expect(s.headline).toBe("Port reopens after strike");
    expect(s.paragraphs).toEqual(["The port resumed work on Monday.", "Forty ships waited."]);
  });

  it("prefers the text part of an alternative and reads the HTML part when it is the only one", () => {
    const s = story(
      mail(`From: a@b.example
Subject: Museum reopens
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=alt

--alt
Content-Type: text/html; charset=utf-8

<html><body><p>HTML version of the story text.</p></body></html>
--alt
Content-Type: text/plain; charset=utf-8

Plain version of the story text.
--alt--
`),
    );
    expect(s.paragraphs).toEqual(["Plain version of the story text."]);
    const html = story(
      mail(`From: a@b.example
Subject: Museum reopens
Content-Type: text/html; charset=utf-8

<html><body><p>The museum reopened on Sunday.</p><script>steal()</script></body></html>
`),
    );
    expect(html.headline).toBe("Museum reopens");
    expect(html.paragraphs).toEqual(["The museum reopened on Sunday."]);
  });

  it("reads a multipart body whose closing delimiter is missing", () => {
    const s = story(
      mail(`From: a@b.example
Subject: Truncated mail
Content-Type: multipart/mixed; boundary=zz

--zz
Content-Type: text/plain

The text survives a cut transmission.
`),
    );
    expect(s.paragraphs).toEqual(["The text survives a cut transmission."]);
  });

  it("rejects MIME nested beyond its bound and mails with too many parts as TOO_COMPLEX", () => {
    let body = "Deep text.\n";
    for (let d = 0; d < 12; d++)
      body = `Content-Type: multipart/mixed; boundary=b${d}\n\n--b${d}\n${body}--b${d}--\n`;
    const deep = normalizeWire(mail(`From: a@b.example\nSubject: Deep\n${body}`));
    expect(isRejection(deep) && deep.code).toBe("TOO_COMPLEX");
    const many = Array.from({ length: 600 }, () => "--m\nContent-Type: text/plain\n\nx\n").join("");
    const wide = normalizeWire(
      mail(
        `From: a@b.example\nSubject: Wide\nContent-Type: multipart/mixed; boundary=m\n\n${many}--m--\n`,
      ),
    );
    expect(isRejection(wide) && wide.code).toBe("TOO_COMPLEX");
  });

  it("rejects a mail with no text and nothing attached that reads as copy, with a reason", () => {
    const r = normalizeWire(
      mail(`From: a@b.example
Subject: Photo only
Content-Type: multipart/mixed; boundary=p

--p
Content-Type: image/jpeg
Content-Transfer-Encoding: base64

/9j/4AAQSkZJRgABAQ==
--p--
`),
    );
    expect(isRejection(r) && r.code).toBe("NO_BODY");
  });

  it("reads wire copy pasted into the body of a mail as its own format", () => {
    const s = story(
      mail(`From: relay@wire.example.net
Subject: dpa copy
Content-Type: text/plain; charset=iso-8859-1

ecb0014 3 i 402  dpa 0712

Norway/energy/
Norway approves a wind farm
By dpa correspondents =

Oslo (dpa) - Norway approved its first floating wind farm on Tuesday.
`),
    );
    expect(s.source.format).toBe("email");
    expect(s.metadata.header.attachedFormat).toBe("iptc7901");
    expect(s.headline).toBe("Norway approves a wind farm");
    expect(s.byline).toBe("dpa correspondents");
    expect(s.dateline.place).toBe("Oslo");
  });

  it("drops the header block a mail client writes above a forwarded message", () => {
    const s = story(
      mail(`From: editor@paper.example.com
Subject: Fwd: Dam inspection ordered after cracks found
Date: Tue, 14 May 2024 10:01:55 +0200

---------- Forwarded message ---------
From: Press Office <press@water.example.gov>
Date: Tue, 14 May 2024 at 09:12
Subject: Dam inspection ordered after cracks found
To: <desk@paper.example.com>

The water authority ordered an inspection of the Hollow Creek dam on Tuesday after engineers found cracks in its spillway.
`),
    );
    expect(s.headline).toBe("Dam inspection ordered after cracks found");
    expect(s.paragraphs).toEqual([
      "The water authority ordered an inspection of the Hollow Creek dam on Tuesday after engineers found cracks in its spillway.",
    ]);
  });

  it("reads a text file attached under a short cover note as the story", () => {
    const s = story(
      mail(`From: desk@wire.example.net
Subject: Story for tomorrow
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary=c

--c
Content-Type: text/plain

Story attached, thanks.
--c
Content-Type: text/plain; charset=utf-8; name=ferry.txt
Content-Disposition: attachment; filename=ferry.txt

Ferry fares to rise in July

HARBOUR CITY, May 3 (Reuters) - Ferry fares will rise by 5% from July, the operator said on Friday, the first increase in four years.

Season tickets are exempt until September.
--c--
`),
    );
    expect(s.headline).toBe("Ferry fares to rise in July");
    expect(s.metadata.header.attachedFormat).toBe("plain");
    expect(s.paragraphs.join(" ")).not.toContain("Story attached");
    expect(s.paragraphs).toHaveLength(2);
  });
});
