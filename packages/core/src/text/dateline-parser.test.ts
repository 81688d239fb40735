import { describe, expect, it } from "vitest";
import { parseDateline } from "./dateline-parser.js";
import { resolveDate } from "./dates.js";

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
});
