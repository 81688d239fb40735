import { describe, expect, it } from "vitest";
import { processWire } from "../process-wire.js";
import { isRejection } from "../reject.js";
import { bylineStamp, isBoilerplate, isTrailer } from "./boilerplate.js";
import { parseDateline } from "./dateline-parser.js";
import { deskLine, stripHeadlineMarkers } from "./desk-lines.js";
import { splitRunOnSignOff } from "./sign-off.js";
import { titleCaseCaps } from "./title-case.js";

// The shapes the blind held-out feeds (tests/fixtures/feeds/heldout) found missing, each with
// what must stay as it is next to it.

describe("datelines the held-out feeds use", () => {
  it("reads a registry credit opening the story without a separator (Belga)", () => {
    const d = parseDateline("(Belga) Container traffic through the port rose 9 percent.");
    expect(d).toMatchObject({ place: null, agency: "Belga", raw: "(Belga)" });
    expect(d?.rest).toBe("Container traffic through the port rose 9 percent.");
  });

  it("never reads a remark in brackets as a credit", () => {
    expect(parseDateline("(Updated) The council met on Monday.")).toBeNull();
    expect(parseDateline("(Photo) A crowd gathers in the square.")).toBeNull();
  });

  it("reads a date and a registry credit without a place (UPI)", () => {
    const d = parseDateline("June 14 (UPI) -- Severe thunderstorms knocked out power.");
    expect(d).toMatchObject({ place: null, agency: "UPI" });
    expect(d?.date).toEqual({ year: null, month: 6, day: 14 });
    expect(d?.rest).toBe("Severe thunderstorms knocked out power.");
  });

  it("needs a registry credit after a date alone", () => {
    expect(parseDateline("June 14 (Friday) - the day the vote was held.")).toBeNull();
    expect(parseDateline("June 14 - the day the vote was held.")).toBeNull();
  });

  it("reads a press-release wire's credit between slashes", () => {
    const d = parseDateline(
      "BERGEN, Norway, March 5, 2024 /PRNewswire/ -- Nordlys Energy ASA said on Tuesday",
    );
    expect(d).toMatchObject({ place: "Bergen", agency: "PRNewswire" });
    expect(d?.date).toEqual({ year: 2024, month: 3, day: 5 });
    expect(d?.rest).toBe("Nordlys Energy ASA said on Tuesday");
  });

  it("keeps slashes in running text", () => {
    expect(parseDateline("Sales of 24/7 stores rose /sharply/ - the chain said.")).toBeNull();
  });
});

describe("closing lines the held-out feeds use", () => {
  it.each(["/VE/", "/NZ/", "mjk/ mhr/", "pv/mp", "(Schluss) ts/ha", "(Ende) ab/sf", "(Schluss)"])(
    "%s is closing matter",
    (line) => expect(isBoilerplate(line)).toBe(true),
  );

  it.each(["The vote was 131/86.", "/ Photo: the harbour", "(Schluss mit lustig) sagte er."])(
    "%s is story text",
    (line) => expect(isBoilerplate(line)).toBe(false),
  );

  it("splits a bracketed credit run on after the last sentence (ANSA, PNA)", () => {
    expect(
      splitRunOnSignOff("The conference will be held in the spring, she said. (ANSA)."),
    ).toEqual({ kept: "The conference will be held in the spring, she said.", signOff: "(ANSA)." });
    expect(splitRunOnSignOff("About 4,000 people remain in evacuation centers. (PNA)")).toEqual({
      kept: "About 4,000 people remain in evacuation centers.",
      signOff: "(PNA)",
    });
  });

  it("keeps a bracketed remark that is not a sign-off", () => {
    expect(splitRunOnSignOff("The bill passed. (Details to follow)")).toBeNull();
    expect(splitRunOnSignOff("Shares of the company (AFP) rose")).toBeNull();
  });
});

describe("front matter the held-out feeds use", () => {
  it("reads an agency's stamp line as a desk line, not a headline (Kyodo's web copy)", () => {
    expect(deskLine("KYODO NEWS - Jun 3, 2024 - 19:05 | Japan, All")).not.toBeNull();
    expect(deskLine("AFP | 04.11.2024 12:30")).not.toBeNull();
    expect(stripHeadlineMarkers("KYODO NEWS - Jun 3, 2024 - 19:05 | Japan, All").headline).toBe("");
  });

  it("keeps a headline that starts with an agency's name", () => {
    expect(deskLine("Reuters - June 3 is the day its new chief starts")).toBeNull();
    expect(deskLine("AFP names new chief for Asia")).toBeNull();
  });

  it("reads a byline stamped with its filing time (Anadolu)", () => {
    expect(bylineStamp("Ahmet Kaya  |04.11.2024 - Update : 04.11.2024")).toBe("Ahmet Kaya");
    expect(bylineStamp("Jane Doe | 12 March 2024 10:05")).toBe("Jane Doe");
    expect(bylineStamp("Prices | 2024 outlook for the region")).toBeNull();
    expect(bylineStamp("Turkish exports rose 3.4% | 04.11.2024")).toBeNull();
  });

  it("title-cases a byline in capitals whose only lower-case words are particles", () => {
    expect(titleCaseCaps("RAHUL VERMANI and TASNEEM QADRI")).toBe(
      "Rahul Vermani and Tasneem Qadri",
    );
    expect(titleCaseCaps("MARIA DE LA CRUZ y PEDRO RUIZ")).toBe("Maria de la Cruz y Pedro Ruiz");
    expect(titleCaseCaps("Anna Schmidt and JOHN DOE")).toBe("Anna Schmidt and JOHN DOE");
    expect(titleCaseCaps("dpa correspondents")).toBe("dpa correspondents");
  });
});

describe("press releases and Greek datelines", () => {
  it("reads a release's issuer line as a credit", () => {
    expect(isTrailer("SOURCE Nordlys Energy ASA")).toBe(true);
    expect(
      isTrailer("http://medianet.example.com.au/r?id=1 SOURCE: Bureau of Coastal Statistics"),
    ).toBe(true);
    expect(isTrailer("Source: the ministry said prices would rise.")).toBe(false);
    expect(isTrailer("SOURCE: officials said the plant would close.")).toBe(false);
  });

  // The first story loads the registry and compiles the rules: a loaded machine needs the time.
  it("credits ana-mpa for (ΑΠΕ) in a dateline, never for ΑΠΕ in running text", () => {
    const meta = { receivedAt: "2024-05-21T09:00:00Z", feed: "t" };
    const dated = processWire(
      new TextEncoder().encode(
        "Νέο πρόγραμμα για τους αγρότες\n\nΑΘΗΝΑ, 21 Μαΐου (ΑΠΕ) - Η κυβέρνηση ανακοίνωσε νέο πρόγραμμα.\n\nΟι αιτήσεις ξεκινούν τον Ιούνιο.\n",
      ),
      meta,
    );
    const running = processWire(
      new TextEncoder().encode(
        "Νέα έργα ΑΠΕ στη Θεσσαλία\n\nΗ κυβέρνηση ενέκρινε νέα έργα ΑΠΕ στη Θεσσαλία.\n\nΤα έργα ΑΠΕ θα ολοκληρωθούν το 2026.\n",
      ),
      meta,
    );
    if (isRejection(dated) || isRejection(running)) throw new Error("rejected");
    expect(dated.agencies.map((a) => [a.id, a.roles])).toEqual([["ana-mpa", ["origin"]]]);
    expect(running.agencies).toEqual([]);
  }, 30_000);
});
