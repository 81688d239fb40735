import type { Story } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { isRejection, processWire } from "../index.js";

function story(text: string, receivedAt = "2024-09-10T08:00:00Z"): Story {
  const r = processWire(Buffer.from(text, "utf8"), { receivedAt });
  if (isRejection(r)) throw new Error(`rejected: ${r.code} ${r.message}`);
  return r;
}

describe("plain text", () => {
  it("rejoins hard-wrapped paragraphs and moves agency trailers out of the body", () => {
    const s = story(
      [
        "EXCLUSIVE-UPDATE 1-Dockworkers agree to end strike at three ports",
        "",
        "By Maria Lopez",
        "",
        "ROTTERDAM, Sept 10 (Reuters) - Dockworkers at three Dutch ports",
        "agreed on Tuesday to end a week-long strike after unions won a",
        "pay rise, a union spokesman said.",
        "",
        "Container traffic is expected to return to normal by the weekend,",
        "the port authority said.",
        "",
        "Reporting by Maria Lopez; Editing by Ed Osmond",
      ].join("\n"),
    );
    expect(s.headline).toBe("Dockworkers agree to end strike at three ports");
    expect(s.metadata.versionMarkers).toEqual(["EXCLUSIVE", "UPDATE 1"]);
    expect(s.byline).toBe("Maria Lopez");
    expect(s.dateline).toEqual({
      place: "Rotterdam",
      date: "2024-09-10",
      raw: "ROTTERDAM, Sept 10 (Reuters) -",
    });
    expect(s.paragraphs).toEqual([
      "Dockworkers at three Dutch ports agreed on Tuesday to end a week-long strike after unions won a pay rise, a union spokesman said.",
      "Container traffic is expected to return to normal by the weekend, the port authority said.",
    ]);
    expect(s.trailers).toEqual(["Reporting by Maria Lopez; Editing by Ed Osmond"]);
  });

  it("keeps one-line paragraphs apart and drops sign-offs, end marks and promo lines", () => {
    const s = story(
      "Floods cut road links in Bavaria\n\nMunich (AFP) - Floods cut roads.\nRescuers reached two villages.\n\nMore rain is forecast.\n\nFollow our coverage at https://example.org/floods\n\nbur-kd/sea\n",
    );
    expect(s.paragraphs).toEqual([
      "Floods cut roads.",
      "Rescuers reached two villages.",
      "More rain is forecast.",
    ]);
    expect(s.dateline.place).toBe("Munich");
  });

  it("reads web-desk front matter: standfirst, byline, date line, image title, caption", () => {
    const s = story(
      [
        "Rail strike halts trains across the north",
        "",
        "Commuters face a third day of cancellations as talks stall",
        "",
        "News Desk",
        "12 September 2024",
        "Rail strike halts trains across the north",
        "Passengers wait at Leeds station on September 11, 2024. REUTERS/Jane Doe",
        "",
        "Train services across northern England were suspended on Thursday.",
        "",
        "Talks are due to resume next week.",
        "",
        "(With inputs from agencies)",
      ].join("\n"),
    );
    expect(s.standfirst).toBe("Commuters face a third day of cancellations as talks stall");
    expect(s.byline).toBe("News Desk");
    expect(s.dateline.date).toBe("2024-09-12");
    expect(s.captions).toEqual([
      {
        text: "Passengers wait at Leeds station on September 11, 2024.",
        credit: "REUTERS/Jane Doe",
      },
    ]);
    expect(s.paragraphs).toHaveLength(2);
    expect(s.trailers).toEqual(["(With inputs from agencies)"]);
  });

  it("reads desk notes and drops run-on end marks and publisher closers", () => {
    const s = story(
      "Rocket lifts off with weather satellite\n\n(Adds launch time)\n\nJIUQUAN, Sept 9 (Xinhua) -- A rocket lifted off on Monday.\n\nIt was the 40th launch this year. Enditem\n\nOur Standards: The Trust Principles.",
    );
    expect(s.metadata.editorsNotes).toEqual(["Adds launch time"]);
    expect(s.dateline.place).toBe("Jiuquan");
    expect(s.paragraphs).toEqual([
      "A rocket lifted off on Monday.",
      "It was the 40th launch this year.",
    ]);
  });

  it("keeps body sentences that end in a slash phrase, and takes real photo captions out", () => {
    const s = story(
      "Talks resume\n\nBRUSSELS (Reuters) - Ministers meet on Friday.\n\nThey will discuss the EU/UK deal.\n\nDelegates arrive in Brussels. REUTERS/Yves Herman\n\nA vote is due next week.",
    );
    expect(s.paragraphs).toEqual([
      "Ministers meet on Friday.",
      "They will discuss the EU/UK deal.",
      "A vote is due next week.",
    ]);
    expect(s.captions).toEqual([
      { text: "Delegates arrive in Brussels.", credit: "REUTERS/Yves Herman" },
    ]);
  });

  it("takes last year for a December dateline received in January", () => {
    expect(
      story(
        "Markets close the year higher\n\nLONDON, Dec 31 (Reuters) - Stocks rose.",
        "2025-01-01T02:00:00Z",
      ).dateline.date,
    ).toBe("2024-12-31");
  });

  it("removes control, zero-width and soft-hyphen characters and normalises to NFC", () => {
    const s = story(
      "Cafe\u0301 owners protest\n\nPARIS (AP) \u2014 Owners of caf\u00e9s pro\u00adtested\u200b on\u0007 Monday.",
    );
    expect(s.headline).toBe("Caf\u00e9 owners protest");
    expect(s.paragraphs[0]).toBe("Owners of caf\u00e9s protested on Monday.");
  });

  it("rejects copy without a body or without any text", () => {
    for (const [input, code] of [
      ["Just a headline", "NO_BODY"],
      ["   \n\n\t ", "EMPTY"],
    ] as const) {
      const r = processWire(Buffer.from(input), {});
      expect(isRejection(r) && r.code).toBe(code);
    }
  });

  it("reads a 130,000-line table without overflowing the call stack", () => {
    const rows = Array.from({ length: 130_000 }, (_, i) => `${i}\t${i % 97}`).join("\n");
    const s = story(`Results table\n\n${rows}`);
    expect(s.paragraphs).toHaveLength(130_000);
    expect(s.paragraphs.at(-1)).toBe(`129999 ${129999 % 97}`);
    // 1.3 MB through the whole pipeline: seconds on a loaded machine. What is asserted is the
    // result, not the time (the cost per MB is the benchmarks').
  }, 60_000);

  it("skips desk furniture above the headline and keeps it in metadata", () => {
    const s = story(
      [
        "DEL19 DL-FOG-FLIGHTS",
        "",
        "Fog delays flights at Delhi airport",
        "",
        "New Delhi, Jan 5 (PTI) More than 100 flights were delayed on Friday.",
        "",
        "PTI SLB RHL",
      ].join("\n"),
      "2024-01-05T08:00:00Z",
    );
    expect(s.headline).toBe("Fog delays flights at Delhi airport");
    expect(s.metadata.slugline).toBe("DEL19 DL-FOG-FLIGHTS");
    expect(s.dateline).toEqual({
      place: "New Delhi",
      date: "2024-01-05",
      raw: "New Delhi, Jan 5 (PTI)",
    });
    expect(s.paragraphs).toEqual(["More than 100 flights were delayed on Friday."]);
    expect(s.trailers).toEqual(["PTI SLB RHL"]);
  });

  it("reads dpa's heading block: keywords, version lines, headline, byline with =", () => {
    const s = story(
      [
        "Switzerland/migration/UN/",
        "REFILE",
        "1ST LEAD",
        "Switzerland holds off on UN migration pact",
        "By dpa correspondents =",
        "",
        "Geneva (dpa) - Switzerland will not sign the pact for now, the government said.",
      ].join("\n"),
    );
    expect(s.headline).toBe("Switzerland holds off on UN migration pact");
    expect(s.byline).toBe("dpa correspondents");
    expect(s.metadata.slugline).toBe("Switzerland/migration/UN/");
    expect(s.metadata.versionMarkers).toEqual(["REFILE", "1ST LEAD"]);
    expect(s.dateline.place).toBe("Geneva");
  });

  it("finds the dateline after a genre label, a byline and bullets", () => {
    const s = story(
      [
        "Copper hits four-month high",
        "",
        "ANALYSIS",
        "",
        "* Supply worries grow",
        "* Dollar weakens",
        "",
        "By Maria Lopez",
        "",
        "LONDON, Dec 3 (Reuters) - Copper rose on Tuesday.",
      ].join("\n"),
      "2024-12-03T12:00:00Z",
    );
    expect(s.metadata.versionMarkers).toEqual(["ANALYSIS"]);
    expect(s.byline).toBe("Maria Lopez");
    expect(s.dateline.place).toBe("London");
    expect(s.paragraphs).toEqual([
      "* Supply worries grow",
      "* Dollar weakens",
      "Copper rose on Tuesday.",
    ]);
  });

  it("rejoins a wrapped line that ends in an abbreviation", () => {
    const s = story(
      [
        "Metals rise",
        "",
        "Traders said a softer dollar also made metals priced in the U.S.",
        "currency cheaper for holders of other currencies, lifting demand.",
      ].join("\n"),
    );
    expect(s.paragraphs).toEqual([
      "Traders said a softer dollar also made metals priced in the U.S. currency cheaper for holders of other currencies, lifting demand.",
    ]);
  });
});

describe("plain text advisories", () => {
  it("keeps a one-paragraph advisory above a bare sign-off as the body, not a standfirst", () => {
    const text =
      'ANULACIÓN: El Banco de España eleva su previsión\n\nEFE anula la noticia titulada "El Banco de España eleva su previsión" por contener un error. Se enviará una nueva versión.\n\nEFE\n';
    const story = processWire(new TextEncoder().encode(text), {
      receivedAt: "2024-06-20T10:00:00Z",
      contentType: "text/plain; charset=utf-8",
      feed: "t",
    });
    if (isRejection(story)) throw new Error(story.message);
    expect(story.headline).toBe("El Banco de España eleva su previsión");
    expect(story.paragraphs[0]).toMatch(/^EFE anula la noticia/);
    expect(story.lifecycle.signal).toBe("kill");
  });
});
