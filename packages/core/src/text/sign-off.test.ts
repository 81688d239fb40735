import { describe, expect, it } from "vitest";
import { AGENCIES, type AgencyDefinition } from "../data/agencies.js";
import { isAgencySignOff, isDeskCodes, splitRunOnSignOff } from "./sign-off.js";

const REGISTRY: readonly AgencyDefinition[] = AGENCIES;

/** Every written form of every agency: what a desk may close its copy with. */
const FORMS = REGISTRY.flatMap((a) => [
  ...a.names,
  ...(a.abbreviations ?? []),
  ...(a.credits ?? []),
]);

describe("agency sign-offs, for every agency in the registry", () => {
  it.each(FORMS.map((form) => [form] as const))("%s closes copy in every desk shape", (form) => {
    for (const line of [
      form,
      `-- ${form}`,
      `--${form}`,
      `==${form}`,
      `\u2014 ${form}`,
      `(${form})`,
      `${form} mt/jd`,
      `${form} SLB RHL`,
      `${form} 06-14-24 1212PDT`,
      `${form} sn`,
      `${form}/Fim`,
      `${form} desk@example.org`,
    ]) {
      expect(isAgencySignOff(line), line).toBe(true);
    }
  });

  it.each([
    "-- BERNAMA",
    "--IANS",
    "==Kyodo",
    "AAP mt/jd",
    "PTI SLB RHL",
    "UPI 06-14-24 1212PDT",
    "AFP sn",
    "dpa al rmo hct rmo",
    "NTB-AFP-DPA",
    "AFP/Reuters",
    "dpa and Reuters",
    "WAM/Ahmed Nour/Hassan Ali",
    "Lusa/Fim",
  ])("reads %s as a sign-off", (line) => expect(isAgencySignOff(line)).toBe(true));

  it.each([
    "Reuters could not verify it",
    "AFP is here",
    "AP Photo/Jae C. Hong",
    "REUTERS/Jane Doe",
    "Reuters reported the figures on Monday.",
    "The minister said.",
    "Bloomberg Philanthropies",
    "AP Writer",
  ])("keeps %s as text", (line) => expect(isAgencySignOff(line)).toBe(false));

  it("knows only the registry: an unknown agency's name is no sign-off", () => {
    expect(isAgencySignOff("-- NEWSWIRE AGENCY OF NOWHERE")).toBe(false);
    expect(isAgencySignOff("-- XYZA")).toBe(false);
  });
});

describe("run-on sign-offs and desk initials", () => {
  it("splits a sign-off run on after the last sentence", () => {
    expect(splitRunOnSignOff("He said the study would take a year. -- BERNAMA")).toEqual({
      kept: "He said the study would take a year.",
      signOff: "-- BERNAMA",
    });
    expect(splitRunOnSignOff("\u201cWe will rebuild,\u201d she said. \u2014 AFP")).toEqual({
      kept: "\u201cWe will rebuild,\u201d she said.",
      signOff: "\u2014 AFP",
    });
  });

  it("leaves a dash inside a sentence alone", () => {
    expect(splitRunOnSignOff("Talks resumed - AFP reporters saw the delegates arrive.")).toBeNull();
    expect(splitRunOnSignOff("Shares rose - Reuters")).toBeNull();
  });

  it("reads desk initials and codes, not words", () => {
    for (const line of ["NAZ SHR", "ABC // XYZ", "ksk/dpb", "a3 sk"]) {
      expect(isDeskCodes(line), line).toBe(true);
    }
    for (const line of ["It was not", "He said so", "Talks resume Monday"]) {
      expect(isDeskCodes(line), line).toBe(false);
    }
  });
});
