import { describe, expect, it } from "vitest";
import { bylineText, editorsNote, isBoilerplate, isCopyright, isTrailer } from "./boilerplate.js";
import { splitCaptionCredit } from "./caption-credit.js";
import { stripHeadlineMarkers } from "./desk-lines.js";

describe("trailers", () => {
  it.each([
    "(Reporting by Ana Ruiz in Lima; Writing by Tom Bell; Editing by Chris Reese)",
    "(With inputs from IANS)",
    "— With agency inputs from PTI",
    "Additional reporting by Jan Strupczewski",
    "Associated Press writers Maria Cheng in London and Joe Doe in Paris contributed to this report.",
    "AP reporter Kim Tong-hyung contributed from Seoul.",
    "(Compiled by Bengaluru newsroom)",
  ])("is a credit line: %s", (line) => expect(isTrailer(line)).toBe(true));

  it.each([
    "Reporting from the front line, he described shelling.",
    "All members contributed.",
    "The additional reporting requirements take effect in May.",
  ])("is story text: %s", (line) => expect(isTrailer(line)).toBe(false));

  it("keeps a mid-story sentence that starts like a credit", () => {
    expect(isTrailer("With inputs from the ministry, the panel drafted new rules.", false)).toBe(
      false,
    );
    expect(isTrailer("— With inputs from Reuters", false)).toBe(true);
  });

  it("accepts a bare 'Reporting by' line only at the end", () => {
    expect(isTrailer("Reporting by Ana Ruiz; Editing by Tom Bell", false)).toBe(false);
    expect(isTrailer("Reporting by Ana Ruiz; Editing by Tom Bell", true)).toBe(true);
  });
});

describe("boilerplate", () => {
  it.each([
    "str/jj/phz",
    "bur-kd/sea",
    "dpa fn xx a3 sk",
    "apa gr/ks",
    "Enditem",
    "(END)",
    "-0-",
    "AP-WF-09-10-24 1422GMT",
    "Our Standards: The Thomson Reuters Trust Principles.",
    "Follow AP's coverage of the election at https://apnews.com/hub/election",
  ])("drops %s", (line) => expect(isBoilerplate(line)).toBe(true));
  it.each(["No injuries were reported.", "He said no.", "Talks resume on Monday."])(
    "keeps %s",
    (line) => expect(isBoilerplate(line)).toBe(false),
  );
});

describe("notes, copyright, bylines, version markers", () => {
  it("reads editors' notes and desk notes", () => {
    expect(editorsNote("Eds: Updates with arrest.")).toBe("Updates with arrest.");
    expect(editorsNote("(Adds comment from ministry, paragraphs 4-5)")).toBe(
      "Adds comment from ministry, paragraphs 4-5",
    );
    expect(editorsNote("(The minister spoke.)")).toBeNull();
  });
  it("recognises copyright lines", () => {
    expect(isCopyright("© 2024 Agence France-Presse")).toBe(true);
    expect(isCopyright("(Copyright 2024 by The Associated Press.)")).toBe(true);
    expect(isCopyright("Copyrights are held by authors, the court said.")).toBe(false);
    expect(isCopyright("The copyright case continues.")).toBe(false);
  });
  it("reads bylines but not sentences", () => {
    expect(bylineText("By Jane Doe and Raj Patel")).toBe("Jane Doe and Raj Patel");
    expect(bylineText("By J.R. Smith")).toBe("J.R. Smith");
    expect(bylineText("By Tuesday, the water had receded.")).toBeNull();
  });
  it("strips stacked version markers", () => {
    expect(stripHeadlineMarkers("RPT-UPDATE 3-EXCLUSIVE-Banks face probe")).toEqual({
      headline: "Banks face probe",
      markers: ["RPT-UPDATE 3", "EXCLUSIVE"],
      deskCodes: [],
    });
    expect(stripHeadlineMarkers("US-China talks resume")).toEqual({
      headline: "US-China talks resume",
      markers: [],
      deskCodes: [],
    });
  });
});

describe("caption credits", () => {
  it.each([
    ["Fans cheer in Seoul. (AP Photo/Lee Jin-man)", "Fans cheer in Seoul.", "AP Photo/Lee Jin-man"],
    [
      "Smoke rises over Gaza. REUTERS/Ibraheem Abu Mustafa/File Photo",
      "Smoke rises over Gaza.",
      "REUTERS/Ibraheem Abu Mustafa/File Photo",
    ],
    [
      "Workers at the plant. (Photo by Ann Lee/Getty Images)",
      "Workers at the plant.",
      "Ann Lee/Getty Images",
    ],
    ["The summit venue. Photo: AFP", "The summit venue.", "AFP"],
    [
      "Leaders meet in Beijing, May 16, 2024. \u2014 Reuters",
      "Leaders meet in Beijing, May 16, 2024.",
      "Reuters",
    ],
  ])("%s", (caption, text, credit) => {
    expect(splitCaptionCredit(caption)).toEqual({ text, credit });
  });

  it("finds no credit in a plain sentence", () => {
    expect(splitCaptionCredit("The minister said the talks would resume on Monday.")).toBeNull();
  });
});
