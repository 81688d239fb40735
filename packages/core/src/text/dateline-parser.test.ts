import { describe, expect, it } from "vitest";
import { parseDateline, parsePlaceLine } from "./dateline-parser.js";
import { isoDay, parseDateText, realDay, realTimestamp, resolveDate } from "./dates.js";

describe("parseDateline", () => {
  it.each([
    [
      "WASHINGTON, Sept. 9 (Reuters) - The Fed said",
      "Washington",
      "Reuters",
      { year: null, month: 9, day: 9 },
      "WASHINGTON, Sept. 9 (Reuters) -",
    ],
    [
      "RIO DE JANEIRO, Brazil (AP) — Police said",
      "Rio de Janeiro",
      "AP",
      null,
      "RIO DE JANEIRO, Brazil (AP) —",
    ],
    ["ST. LOUIS (AP) _ A jury", "St. Louis", "AP", null, "ST. LOUIS (AP) _"],
    ["Kabul (AFP) - Gunmen", "Kabul", "AFP", null, "Kabul (AFP) -"],
    [
      "MOSCOW, 3 March 2023 (TASS) -- Officials",
      "Moscow",
      "TASS",
      { year: 2023, month: 3, day: 3 },
      "MOSCOW, 3 March 2023 (TASS) --",
    ],
    ["Mumbai: Shares rose", "Mumbai", null, null, "Mumbai:"],
    ["CAIRO — Egypt's central bank", "Cairo", null, null, "CAIRO —"],
    [
      "Madrid, 3 mayo (EFE).- El Gobierno",
      "Madrid",
      "EFE",
      { year: null, month: 5, day: 3 },
      "Madrid, 3 mayo (EFE).-",
    ],
    [
      "PARIS, 14 juillet 2024 (AFP) - Le défilé",
      "Paris",
      "AFP",
      { year: 2024, month: 7, day: 14 },
      "PARIS, 14 juillet 2024 (AFP) -",
    ],
    [
      "Buenos Aires, 3 de mayo de 2024 (Télam) - El",
      "Buenos Aires",
      "Télam",
      { year: 2024, month: 5, day: 3 },
      "Buenos Aires, 3 de mayo de 2024 (Télam) -",
    ],
    [
      "MOSCOW, May 3. /TASS/. The Kremlin",
      "Moscow",
      "TASS",
      { year: null, month: 5, day: 3 },
      "MOSCOW, May 3. /TASS/.",
    ],
    [
      "NEW DELHI, May 27 (PTI) The Supreme Court",
      "New Delhi",
      "PTI",
      { year: null, month: 5, day: 27 },
      "NEW DELHI, May 27 (PTI)",
    ],
    [
      "(ANSA) - ROME, MAY 3 - Italy's premier",
      "Rome",
      "ANSA",
      { year: null, month: 5, day: 3 },
      "(ANSA) - ROME, MAY 3 -",
    ],
    ["(Bloomberg) -- Stocks rose", null, "Bloomberg", null, "(Bloomberg) --"],
    ["Berlin (dpa) - Die Regierung", "Berlin", "dpa", null, "Berlin (dpa) -"],
  ])("%s", (paragraph, place, agency, date, raw) => {
    const d = parseDateline(paragraph);
    expect(d?.place).toBe(place);
    expect(d?.agency).toBe(agency);
    expect(d?.date).toEqual(date);
    expect(d?.raw).toBe(raw);
  });

  it.each([
    ["SEOUL, Nov 26 AFP - North Korea", "Seoul", "AFP", [11, 26], "SEOUL, Nov 26 AFP -"],
    ["TOKYO, Nov. 29 Kyodo - Japan's", "Tokyo", "Kyodo", [11, 29], "TOKYO, Nov. 29 Kyodo -"],
    ["SYDNEY, Jan 5 AAP - Police said", "Sydney", "AAP", [1, 5], "SYDNEY, Jan 5 AAP -"],
    ["San Diego (tca/dpa) - The zoo", "San Diego", "tca/dpa", null, "San Diego (tca/dpa) -"],
    ["Berlin/Hamburg (dpa) - Die Bahn", "Berlin/Hamburg", "dpa", null, "Berlin/Hamburg (dpa) -"],
    ["BRUXELLES 05/02 (BELGA) = Le", "Bruxelles", "BELGA", [2, 5], "BRUXELLES 05/02 (BELGA) ="],
    ["Oslo (NTB): Regjeringen", "Oslo", "NTB", null, "Oslo (NTB):"],
    ["Stockholm (TT) Regeringen vill", "Stockholm", "TT", null, "Stockholm (TT)"],
    ["ISLAMABAD, Nov 26 (APP): Prime", "Islamabad", "APP", [11, 26], "ISLAMABAD, Nov 26 (APP):"],
    [
      "MOSCOW. Jan 5 (Interfax) - Grain",
      "Moscow",
      "Interfax",
      [1, 5],
      "MOSCOW. Jan 5 (Interfax) -",
    ],
    ["Tehran, IRNA -- Iran and Iraq", "Tehran", "IRNA", null, "Tehran, IRNA --"],
    ["Taipei, Nov. 8 (CNA) Taiwan's", "Taipei", "CNA", [11, 8], "Taipei, Nov. 8 (CNA)"],
    ["Hanoi (VNA) \u2013 The assembly", "Hanoi", "VNA", null, "Hanoi (VNA) \u2013"],
    ["DEN HAAG (ANP) - Het kabinet", "Den Haag", "ANP", null, "DEN HAAG (ANP) -"],
    ["Berne (ats) - Le Conseil", "Berne", "ats", null, "Berne (ats) -"],
  ])("reads the registry style %s", (paragraph, place, agency, monthDay, raw) => {
    const d = parseDateline(paragraph);
    expect(d?.place).toBe(place);
    expect(d?.agency).toBe(agency);
    expect(d?.date ? [d.date.month, d.date.day] : null).toEqual(monthDay);
    expect(d?.raw).toBe(raw);
    expect(`${d?.raw} ${d?.rest}`).toBe(paragraph);
  });

  it("merges a year after a comma into the date (WAM, SPA, BSS)", () => {
    expect(parseDateline("ABU DHABI, 26th November, 2024 (WAM) -- The")?.date).toEqual({
      year: 2024,
      month: 11,
      day: 26,
    });
    const spa = parseDateline("Riyadh, November 26, 2024, SPA -- Ministers");
    expect([spa?.place, spa?.agency, spa?.date?.year]).toEqual(["Riyadh", "SPA", 2024]);
    expect(parseDateline("DHAKA, Nov 26, 2024 (BSS) - The")?.date?.year).toBe(2024);
  });

  it.each([
    "Prime Minister Narendra Modi (BJP) said the bill would pass.",
    "Police said AP - the wire service - had the footage.",
    "Analysts expected AFP - and others - to follow.",
    "Shares in Acme (ACME) rose 3% on Monday.",
  ])("takes no credit that is not a registry agency: %s", (paragraph) => {
    expect(parseDateline(paragraph)).toBeNull();
  });

  it("reads a place on a line of its own, but not a section word", () => {
    expect(parsePlaceLine("ANKARA")?.place).toBe("Ankara");
    expect(parsePlaceLine("RIO DE JANEIRO")?.place).toBe("Rio de Janeiro");
    expect(parsePlaceLine("BACKGROUND")).toBeNull();
    expect(parsePlaceLine("REUTERS")).toBeNull();
    expect(parsePlaceLine("Ankara")).toBeNull();
  });

  it.each([
    "The minister - who spoke late - said no.",
    "Note: this story has been updated.",
    "Mr Smith - a farmer - lost everything.",
    "In Andhra Pradesh (AP), the authority said.",
    "Analysis: why rates stay high",
    "Prices rose 3% - the fastest pace in a year.",
    "(adds quotes) - the minister said",
    "The U.S.-China talks resumed.",
  ])("is not a dateline: %s", (paragraph) => {
    expect(parseDateline(paragraph)).toBeNull();
  });
});

describe("resolveDate", () => {
  it("takes the year from the reference day, across a new year", () => {
    expect(resolveDate({ year: null, month: 3, day: 4 }, "2024-03-04")).toBe("2024-03-04");
    expect(resolveDate({ year: null, month: 12, day: 31 }, "2025-01-01")).toBe("2024-12-31");
    expect(resolveDate({ year: null, month: 1, day: 1 }, "2024-12-31")).toBe("2025-01-01");
    expect(resolveDate({ year: 2020, month: 2, day: 29 }, "2024-01-01")).toBe("2020-02-29");
    expect(resolveDate({ year: null, month: 5, day: 2 }, null)).toBeNull();
  });

  it("never leaves four-digit years", () => {
    expect(resolveDate({ year: null, month: 12, day: 31 }, "9999-12-31")).toBe("9999-12-31");
    expect(resolveDate({ year: null, month: 1, day: 1 }, "9999-12-31")).toBe("9999-01-01");
  });
});

describe("dates", () => {
  it("reads dates in the languages agencies file in", () => {
    expect(parseDateText("3 mei 2024")).toEqual({ year: 2024, month: 5, day: 3 });
    expect(parseDateText("12 okt")).toEqual({ year: null, month: 10, day: 12 });
    expect(parseDateText("5 Agustus 2024")).toEqual({ year: 2024, month: 8, day: 5 });
    expect(parseDateText("14 Kas\u0131m")).toEqual({ year: null, month: 11, day: 14 });
    expect(parseDateText("30 February")).toBeNull();
    expect(parseDateText("2024-13-09")).toBeNull();
  });

  it("drops impossible days and years outside four digits", () => {
    expect(realDay("2024-02-29")).toBe("2024-02-29");
    expect(realDay("2023-02-29")).toBeNull();
    expect(realDay("2024-13-99")).toBeNull();
    expect(realDay("0999-01-01")).toBeNull();
    expect(isoDay("+275760-09-13T00:00:00Z")).toBeNull();
    expect(isoDay("2024-05-17T23:30:00-02:00")).toBe("2024-05-18");
    expect(realTimestamp("+275760-09-13T00:00:00Z")).toBeNull();
    expect(realTimestamp("2024-13-99T00:00:00Z")).toBeNull();
    expect(realTimestamp("20240517T101500Z")).toBe("20240517T101500Z");
    expect(realTimestamp(" 2024-05-17T10:15:00Z ")).toBe("2024-05-17T10:15:00Z");
    expect(realTimestamp("yesterday")).toBeNull();
  });
});
