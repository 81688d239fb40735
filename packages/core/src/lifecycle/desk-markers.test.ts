import type { Lifecycle, NormalizedStory } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";
import { headlineMarkers, isDeskMarker, slugLineMarkers, slugMarkers } from "./desk-markers.js";
import { headlineCore, storyItemId } from "./story-key.js";

function story(text: string | Uint8Array, receivedAt = "2024-06-21T12:00:00Z"): NormalizedStory {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  const s = normalizeWire(bytes, { receivedAt, contentType: null, feed: "test" });
  if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
  return s;
}

describe("desk markers stuck to headlines and slugs", () => {
  it("peels markers the table reads off a headline, and nothing else", () => {
    expect(headlineMarkers("AGGIORNAMENTO - Maltempo: frana a Cogne")).toEqual({
      markers: ["AGGIORNAMENTO"],
      rest: "Maltempo: frana a Cogne",
    });
    expect(headlineMarkers("RPT-UPDATE 1-Oil climbs").markers).toEqual(["RPT", "UPDATE 1"]);
    // a headline's own capitals are not markers
    expect(headlineMarkers("RATP: préavis de grève sur le RER B").markers).toEqual([]);
    expect(headlineMarkers("EU-China trade talks resume").markers).toEqual([]);
    expect(headlineMarkers("UPDATE 1-").rest).toBe("UPDATE 1-");
    // a bracketed marker ending the headline (EFE), not a bracket of the headline's own
    expect(headlineMarkers("Sismo sacude el sur de Perú (AMPLIACIÓN)")).toEqual({
      markers: ["AMPLIACIÓN"],
      rest: "Sismo sacude el sur de Perú",
    });
    expect(headlineMarkers("Oil rises (Brent) on supply fears (analysis)").markers).toEqual([]);
    expect(headlineMarkers("(LEAD)").rest).toBe("(LEAD)");
  });

  it("peels lead markers off the end of a hyphenated slug, keeping two parts at least", () => {
    expect(slugMarkers("EC-COUNTING-2NDLD")).toEqual({ markers: ["2NDLD"], rest: "EC-COUNTING" });
    expect(slugMarkers("EC-COUNTING-LD")).toEqual({ markers: ["LD"], rest: "EC-COUNTING" });
    expect(slugMarkers("EC-COUNTING")).toEqual({ markers: [], rest: "EC-COUNTING" });
    expect(slugMarkers("France-vote-EU-politics").markers).toEqual([]);
    expect(slugMarkers("LD-LD").markers).toEqual([]);
  });

  it("knows a marker from a word", () => {
    for (const m of ["1er LEAD", "2e LEAD", "WRAPUP 2", "RETTIFICA", "1. Zusammenfassung"])
      expect({ m, marker: isDeskMarker(m) }).toEqual({ m, marker: true });
    for (const w of ["RATP", "EU", "COUNTING", "Maltempo"])
      expect({ w, marker: isDeskMarker(w) }).toEqual({ w, marker: false });
  });
});

describe("story keys across rewritten headlines and ids", () => {
  it("keeps the first clause of a headline its updates extend", () => {
    expect(headlineCore("AGGIORNAMENTO - Frana in Valle d'Aosta, isolata Cogne, evacuati")).toBe(
      "Frana in Valle d'Aosta",
    );
    // a first clause too short to name a story alone is not cut
    expect(headlineCore("Oil rises, stocks fall on Fed")).toBe("Oil rises, stocks fall on Fed");
    // Yonhap's source tag after a colon ends a clause like a comma; a one-word topic before
    // a colon is not a clause yet, so the cut moves on to the next boundary
    expect(headlineCore("N. Korea fires ballistic missile toward East Sea: JCS")).toBe(
      "N. Korea fires ballistic missile toward East Sea",
    );
    expect(
      headlineCore("N. Korea fires ballistic missile toward East Sea, second this month: JCS"),
    ).toBe("N. Korea fires ballistic missile toward East Sea");
    expect(headlineCore("Maltempo: frana in Valle d'Aosta, isolata Cogne")).toBe(
      "Maltempo: frana in Valle d'Aosta",
    );
  });

  it("groups an Italian story with its AGGIORNAMENTO and RETTIFICA, not with a same-city story", () => {
    const body =
      "(ANSA) - AOSTA, 21 GIU - Una frana ha interrotto la strada regionale per Cogne, isolando il paese.\n\nNon ci sono feriti.\n";
    const first = story(`Frana in Valle d'Aosta, isolata Cogne\n\n${body}`).lifecycle;
    const upd = story(
      `AGGIORNAMENTO - Frana in Valle d'Aosta, isolata Cogne, evacuati\n\n${body}`,
    ).lifecycle;
    const fix = story(
      `RETTIFICA - Frana in Valle d'Aosta, isolata Cogne, evacuati\n\n${body}`,
    ).lifecycle;
    const other = story(`Esonda torrente ad Aosta, chiusa la statale\n\n${body}`).lifecycle;
    expect([upd.storyKey, fix.storyKey]).toEqual([first.storyKey, first.storyKey]);
    expect(other.storyKey).not.toBe(first.storyKey);
    expect(upd).toMatchObject<Partial<Lifecycle>>({ version: 2, signal: "update" });
    expect(fix).toMatchObject<Partial<Lifecycle>>({ version: null, signal: "correction" });
  });

  it("reads PTI's LD and 2NDLD slug suffixes as versions of one slug", () => {
    const body = "New Delhi, Jun 4 (PTI) Counting of votes began at 8 am on Tuesday.\n";
    const one = story(`DEL12 EC-COUNTING\nCounting begins\n\n${body}`).lifecycle;
    const two = story(`DEL23 EC-COUNTING-LD\nNDA ahead in early trends\n\n${body}`).lifecycle;
    const three = story(`DEL41 EC-COUNTING-2NDLD\nNDA leads in 295 seats\n\n${body}`).lifecycle;
    expect([two.storyKey, three.storyKey]).toEqual([one.storyKey, one.storyKey]);
    expect([one.version, two.version, three.version]).toEqual([1, 2, 3]);
  });

  it("drops a version from an id only after a version separator", () => {
    const nitf = (version: number) =>
      story(`<?xml version="1.0"?>
<nitf><head><title>Doctors to strike</title><docdata management-status="usable">
<du-key key="PA-HHH-HEALTH-Strike" version="${version}"/><doc-id id-string="d2b4c1f0HHH-1"/>
</docdata></head><body><body.head><hedline><hl1>Doctors to strike</hl1></hedline></body.head>
<body.content><p>Junior doctors in England will strike for five days from June 27.</p></body.content></body></nitf>`);
    expect(storyItemId(nitf(1))).toBe("d2b4c1f0HHH-1");
    expect(nitf(1).lifecycle.storyKey).toBe(nitf(2).lifecycle.storyKey);
  });
});

describe("IPTC 7901 heading conventions", () => {
  const msg = (label: string, headline: string) =>
    new TextEncoder().encode(
      `\x01afp0937 4 e 260  AFP 1815\r\nFrance-transport-greve-SNCF\r\n\x02${label}\r\n${headline}\r\n\r\nParis, 20 juin 2024 (AFP) - La SNCF prévoit un trafic très perturbé jeudi sur les lignes TER.\r\n\r\n\x03\r\n191815 GMT Jun 24\r\n`,
    );
  it("keys AFP's hyphenated slug and reads French ordinals and stacked markers", () => {
    const first = story(msg("", "Grève: trafic TER perturbé jeudi")).lifecycle;
    const lead = story(
      msg("1er LEAD", "Grève: trafic TER très perturbé, SUD-Rail maintient"),
    ).lifecycle;
    const second = story(msg("2e LEAD", "Grève: le trafic reprend vendredi")).lifecycle;
    const rpt = story(
      msg("REPEAT - 1er LEAD", "Grève: trafic TER très perturbé, SUD-Rail maintient"),
    ).lifecycle;
    expect(new Set([first, lead, second, rpt].map((l) => l.storyKey)).size).toBe(1);
    expect([first.version, lead.version, second.version, rpt.version]).toEqual([1, 2, 3, 2]);
  });
  it("reads dpa's Eil heading line as a marker, not as the headline", () => {
    const eil = story(
      new TextEncoder().encode(
        "\x01dpa0391 4 wi 18 dpa 1415\r\n\x02EU/Zinsen/\r\nEil\r\nEZB senkt Leitzins auf 3,75 Prozent\r\n\r\nFrankfurt/Main (dpa) - Die EZB senkt den Leitzins.\r\n\x03",
      ),
    );
    expect(eil.headline).toBe("EZB senkt Leitzins auf 3,75 Prozent");
    expect(eil.lifecycle).toMatchObject({ version: 1, signal: "new", pubStatus: "usable" });
  });
});

describe("slug lines above the headline", () => {
  it("keys Reuters copy by its slug line, bracketed version and all", () => {
    const body =
      "WASHINGTON, June 20 (Reuters) - U.S. single-family homebuilding dropped to an eight-month low in May.\n\nHousing starts fell 5.5%.\n";
    const first = story(`USA-HOUSING/STARTS\nU.S. housing starts fall to four-year low\n\n${body}`);
    const upd = story(
      `USA-HOUSING/STARTS (UPDATE 1)\nUPDATE 1-Homebuilding slumps as mortgage rates bite\n\n${body}`,
    );
    const other = story(`USA-ECONOMY/CLAIMS\nU.S. weekly jobless claims fall\n\n${body}`);
    expect(first.headline).toBe("U.S. housing starts fall to four-year low");
    expect(upd.lifecycle.storyKey).toBe(first.lifecycle.storyKey);
    expect(other.lifecycle.storyKey).not.toBe(first.lifecycle.storyKey);
    expect([first.lifecycle.version, upd.lifecycle.version]).toEqual([1, 2]);
    expect(slugLineMarkers("USA-FED/ (UPDATE 2)")).toEqual({
      markers: ["UPDATE 2"],
      rest: "USA-FED/",
    });
  });

  it("takes an AP keyword Subject for the slug and keeps the text's own headline", () => {
    const mail = (subject: string, eds = "") =>
      story(
        `From: AP Wire <apwire@ap.example>\r\nTo: wire@newsroom.example\r\nSubject: ${subject}\r\nDate: Thu, 20 Jun 2024 21:40:00 +0000\r\nMessage-ID: <${subject.length}@ap.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nPhoenix ties record at 115 degrees\r\n\r\n${eds}PHOENIX (AP) _ Phoenix hit 115 degrees on Thursday, tying a record for the date.\r\n`,
      );
    const first = mail("BC-US--Heat-Wave");
    const lead = mail(
      "BC-US--Heat-Wave, 1st Ld-Writethru",
      "Eds: Updates with cooling centers.\r\n\r\n",
    );
    expect(first.headline).toBe("Phoenix ties record at 115 degrees");
    expect(lead.lifecycle.storyKey).toBe(first.lifecycle.storyKey);
    expect([first.lifecycle.version, lead.lifecycle.version]).toEqual([1, 2]);
  });
});
