import { describe, expect, it } from "vitest";
import { bylineText } from "./boilerplate.js";
import { deskLine, genreLabel, stripHeadlineMarkers } from "./desk-lines.js";
import { titleCaseCaps } from "./title-case.js";

describe("desk lines and genre labels", () => {
  it.each([
    "DEL19 DL-FOG-FLIGHTS",
    "BOM12 MH-RAINS",
    "DL-FOG-FLIGHTS",
    ">>>ANSA/",
    "Switzerland/migration/UN/",
    "BC-US--Storm-Texas,1st Ld-Writethru,298",
  ])("%s is a desk line", (line) => expect(deskLine(line)).toBe(line));

  it.each(["COVID-19 cases rise", "US-China talks", "EU/UK deal", "The G7-summit"])(
    "%s is no desk line",
    (line) => expect(deskLine(line)).toBeNull(),
  );

  it.each([
    ["EXTRA", "EXTRA"],
    ["ANALYSIS", "ANALYSIS"],
    ["Analysis", "Analysis"],
    ["URGENT:", "URGENT"],
    ["1ST LEAD", "1ST LEAD"],
    ["REFILE", "REFILE"],
    ["EILMELDUNG", "EILMELDUNG"],
    ["(LEAD)", "LEAD"],
    ["UPDATE 2", "UPDATE 2"],
  ])("%s is the label %s", (line, label) => expect(genreLabel(line)).toBe(label));

  it.each(["Extra time was needed.", "The analysis", "Leading the way"])("%s is no label", (line) =>
    expect(genreLabel(line)).toBeNull(),
  );
});

describe("headline furniture", () => {
  it.each([
    ["(LEAD) S. Korea's exports rise", "S. Korea's exports rise", ["LEAD"], []],
    ["(2nd LD) N. Korea fires missile", "N. Korea fires missile", ["2nd LD"], []],
    [">>>ANSA/ Italy approves budget", "Italy approves budget", [], [">>>ANSA/"]],
    [">>>ANSA/Meloni meets Scholz", "Meloni meets Scholz", [], [">>>ANSA/"]],
    ["REFILE-UPDATE 2-Copper hits high", "Copper hits high", ["REFILE-UPDATE 2"], []],
    ["DEL19 DL-FOG-FLIGHTS Dense fog delays", "Dense fog delays", [], ["DEL19 DL-FOG-FLIGHTS"]],
    ["DEL19 DL-FOG-FLIGHTS", "", [], ["DEL19 DL-FOG-FLIGHTS"]],
    ["REFILE", "", ["REFILE"], []],
    ["Reuters/Ipsos poll shows lead", "Reuters/Ipsos poll shows lead", [], []],
    ["Feature: Old tea town draws visitors", "Old tea town draws visitors", ["Feature"], []],
    ["Analysis: Why rates stay high", "Why rates stay high", ["Analysis"], []],
    ["Live: Election results", "Live: Election results", [], []],
    ["Biden: We will act", "Biden: We will act", [], []],
    ["(Adds) nothing", "(Adds) nothing", [], []],
  ])("%s", (text, headline, markers, deskCodes) => {
    expect(stripHeadlineMarkers(text)).toEqual({ headline, markers, deskCodes });
  });
});

describe("title case keeps acronyms", () => {
  it.each([
    ["JOHN MARSH AND ANA LOPEZ", "John Marsh and Ana Lopez"],
    ["NTB-AFP-DPA", "NTB-AFP-DPA"],
    ["EU CORRESPONDENT", "EU Correspondent"],
    ["RIO DE JANEIRO", "Rio de Janeiro"],
    ["SEAN O'BRIEN, AP", "Sean O'Brien, AP"],
    ["JEAN-PIERRE DUPONT", "Jean-Pierre Dupont"],
    ["NG HAN GUAN", "Ng Han Guan"],
    ["BBC WORLD SERVICE", "BBC World Service"],
    ["ST. LOUIS", "St. Louis"],
    ["Already Mixed Case EU", "Already Mixed Case EU"],
    ["МОСКВА", "Москва"],
    // Greek capitals carry no accents; lower case without them would be misspelt.
    ["ΑΘΗΝΑ", "ΑΘΗΝΑ"],
    ["ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ, ΑΠΕ", "ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ, ΑΠΕ"],
    ["NICOSIA/ΛΕΥΚΩΣΙΑ", "Nicosia/ΛΕΥΚΩΣΙΑ"],
  ])("%s -> %s", (caps, title) => expect(titleCaseCaps(caps)).toBe(title));
});

describe("bylines in the languages agencies file in", () => {
  it.each([
    ["By Jane Doe", "Jane Doe"],
    ["BY JANE DOE", "JANE DOE"],
    ["Von Anna Schmidt, dpa", "Anna Schmidt, dpa"],
    ["von Anna Schmidt", "Anna Schmidt"],
    ["Par Marie Dubois, AFP", "Marie Dubois, AFP"],
    ["Por Juan Pérez", "Juan Pérez"],
    ["Di Marco Rossi", "Marco Rossi"],
    ["Door Jan de Vries", "Jan de Vries"],
    ["Av Kari Nordmann, NTB", "Kari Nordmann, NTB"],
    ["By dpa correspondents =", "dpa correspondents"],
  ])("%s -> %s", (line, name) => expect(bylineText(line)).toBe(name));

  it.each([
    "By Tuesday, the water had receded.",
    "Von Montag an gilt die neue Regel.",
    "Par ailleurs, le ministre a démissionné.",
    "Por la tarde llegaron los bomberos.",
    "Door de regen liep de wedstrijd vertraging op.",
    "Di fronte al tribunale",
  ])("%s is a sentence", (line) => expect(bylineText(line)).toBeNull());
});

describe("kill and withdrawal prefixes", () => {
  it("reads WITHDRAWN- and KILL: as version markers, so the headline is the story's own", () => {
    expect(stripHeadlineMarkers("WITHDRAWN-Miner agrees to buy copper project")).toEqual({
      headline: "Miner agrees to buy copper project",
      markers: ["WITHDRAWN"],
      deskCodes: [],
    });
    expect(stripHeadlineMarkers("KILL: Highway overpass collapses").markers).toEqual(["KILL"]);
    expect(stripHeadlineMarkers("Three killed in crash").markers).toEqual([]);
  });
});
