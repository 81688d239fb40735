import type { Lifecycle, NormalizedStory } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { isRejection, normalizeWire } from "../index.js";
import { fnv1a64, hammingDistance, simhash64 } from "./simhash.js";
import { keyPart } from "./story-key.js";
import { compareVersions, isNearDuplicate, isRepeat, NEAR_DUPLICATE_BITS } from "./versions.js";

function story(text: string, contentType = "text/plain; charset=utf-8"): NormalizedStory {
  const s = normalizeWire(new TextEncoder().encode(text), {
    receivedAt: "2024-06-12T12:00:00Z",
    contentType,
    feed: "test",
  });
  if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
  return s;
}

const BODY =
  "WASHINGTON, June 12 (Reuters) - The Federal Reserve held rates steady on Wednesday and said it wanted more evidence that inflation was cooling.\n\nPolicymakers now project only one cut this year.\n";

describe("desk conventions as the lifecycle table reads them", () => {
  const cases: Array<[string, Partial<Lifecycle>]> = [
    ["Fed holds rates", { version: 1, signal: "new", pubStatus: "usable" }],
    ["UPDATE 1-Fed holds rates", { version: 2, signal: "update" }],
    ["UPDATE 2-Fed holds rates", { version: 3, signal: "update" }],
    ["CORRECTED-UPDATE 2-Fed holds rates", { version: 3, signal: "correction" }],
    ["REFILE-Fed holds rates", { version: null, signal: "correction" }],
    ["RPT-UPDATE 1-Fed holds rates", { version: 2, signal: "update" }],
    ["WITHDRAWN-Fed holds rates", { version: null, signal: "kill", pubStatus: "canceled" }],
    ["(LEAD) Fed holds rates", { version: 2, signal: "update" }],
    ["(2nd LD) Fed holds rates", { version: 3, signal: "update" }],
    // an unnumbered update (Xinhua's `Update:`, PA's `UPDATE:`) is the second version
    ["Update: Fed holds rates", { version: 2, signal: "update" }],
    ["UPDATE: Fed holds rates", { version: 2, signal: "update" }],
    // EFE brackets its markers at the end of the headline
    ["Fed holds rates (AMPLIACIÓN)", { version: 2, signal: "update" }],
    ["Fed holds rates (CORRECCIÓN)", { version: null, signal: "correction" }],
    ["Fed holds rates (and signals one cut)", { version: 1, signal: "new" }],
    ["Fed holds rates (2ª AMPLIACIÓN)", { version: 3, signal: "update" }],
    // Yonhap gives the reason for a lead after a comma
    ["(LEAD, with more details) Fed holds rates", { version: 2, signal: "update" }],
  ];
  for (const [headline, want] of cases) {
    it(`"${headline}"`, () => {
      expect(story(`${headline}\n\n${BODY}`).lifecycle).toMatchObject(want);
    });
  }

  it("reads a kill advisory in the first paragraph, and not the word inside a story", () => {
    const kill = story(
      'Fed holds rates\n\nThe story headlined "Fed holds rates" is withdrawn. There will be no replacement story.\n\nMore text follows here for the editors.\n',
    );
    expect(kill.lifecycle).toMatchObject({ pubStatus: "canceled", signal: "kill" });
    const news = story(
      "Three killed as storm hits coast\n\nMIAMI, June 12 (Reuters) - Three people were killed when a storm hit the coast, and a report on the damage was withdrawn by the state later.\n\nOfficials said more rain was coming.\n",
    );
    expect(news.lifecycle).toMatchObject({ pubStatus: "usable", signal: "new" });
  });

  it("publishes a kill advisory whose only text is its note to editors, with the note as body", () => {
    const kill = story(
      "KILL: Dam breach story\n\nEditors: AP is withdrawing the story on the dam breach in Ohio. It was based on a hoax. A substitute story will not be sent.\n",
    );
    expect(kill.lifecycle).toMatchObject({ signal: "kill", pubStatus: "canceled" });
    expect(kill.paragraphs.join(" ")).toContain("AP is withdrawing the story");
  });

  it("takes a marker it reads at a headline's end or head out of the published headline", () => {
    const update = story(`Quake shakes Chile (AMPLIACIÓN)\n\n${BODY}`);
    expect(update.headline).toBe("Quake shakes Chile");
    expect(update.metadata.versionMarkers).toContain("AMPLIACIÓN");
    expect(update.lifecycle).toMatchObject({ version: 2, signal: "update" });
    // A bracket that is no marker stays.
    expect(story(`Election (2024) results\n\n${BODY}`).headline).toBe("Election (2024) results");
  });

  it("reads Eds: CORRECTS notes as a correction", () => {
    const s = story(
      `Fed holds rates\n\nEds: CORRECTS spelling of name in 2nd paragraph.\n\n${BODY}`,
    );
    expect(s.lifecycle.signal).toBe("correction");
  });
});

describe("story keys", () => {
  it("is the same for every version of a headline-keyed story, and bounded", () => {
    const a = story(`Fed holds rates\n\n${BODY}`).lifecycle;
    const b = story(`UPDATE 2-Fed holds rates\n\n${BODY}More.\n`).lifecycle;
    expect(a.storyKey).toBe(b.storyKey);
    expect(a.storyKey.length).toBeLessThanOrEqual(200);
    expect(a.storyKey).toMatch(/^text\|fed-holds-rates\|2024-06-12$/);
  });

  it("hashes a key that would be too long instead of cutting it", () => {
    const long = `${"Word ".repeat(45)}end`;
    const key = story(`${long}\n\n${BODY}`).lifecycle.storyKey;
    expect(key.length).toBeLessThanOrEqual(200);
    const other = story(`${long} two\n\n${BODY}`).lifecycle.storyKey;
    expect(key).not.toBe(other);
  });

  it("leaves the NewsML 1 revision and a repeated version out of the item id", () => {
    const nml = (rev: number) =>
      `<?xml version="1.0"?><NewsML Version="1.2"><NewsItem><Identification><NewsIdentifier><ProviderId>afp.com</ProviderId><DateId>20240618</DateId><NewsItemId>TX-1</NewsItemId><RevisionId PreviousRevision="0" Update="N">${rev}</RevisionId><PublicIdentifier>urn:newsml:afp.com:20240618:TX-1:${rev}</PublicIdentifier></NewsIdentifier></Identification><NewsComponent><NewsLines><HeadLine>Aid reaches city</HeadLine></NewsLines><ContentItem><MediaType FormalName="Text"/><DataContent><p>Aid reached the city on Tuesday, the United Nations said.</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>`;
    const one = story(nml(1), "application/xml").lifecycle;
    const two = story(nml(2), "application/xml").lifecycle;
    expect(one.storyKey).toBe("id|urn:newsml:afp.com:20240618:TX-1");
    expect(two.storyKey).toBe(one.storyKey);
    expect([one.version, two.version]).toEqual([1, 2]);
  });

  it("keeps an id that merely ends like its version (`story-1` at version 1) whole in every version", () => {
    const ninjs = (version: number) =>
      JSON.stringify({
        uri: "urn:newsml:example.com:20240618:flood-1",
        type: "text",
        version: String(version),
        pubstatus: "usable",
        headlines: [{ role: "main", value: "Flood waters recede" }],
        bodies: [
          { role: "main", contenttype: "text/html", value: "<p>Waters receded on Tuesday.</p>" },
        ],
      });
    const keys = [1, 2, 3].map((v) => story(ninjs(v), "application/json").lifecycle.storyKey);
    expect(new Set(keys)).toEqual(new Set(["id|urn:newsml:example.com:20240618:flood-1"]));
  });

  it("keys an ANPA story by provider, keyword (with its cycle) and day", () => {
    const anpa = (keyword: string, date: string) =>
      `\x16\x16\x01b0231\x1f-----\r\nr a ${keyword}   ${date} 0289\r\n\x02^${keyword},289<\r\n^Overpass collapses onto rail line<\r\n\t   BALTIMORE (AP) _ A section of a highway overpass collapsed onto a rail line on Wednesday, officials said.\r\n\t   No one was hurt.\r\n\r\n\t   AP-WF-${date}-24 1912GMT<\r\n\x03\x04`;
    const a = story(anpa("BC-US--Overpass", "06-12"), "application/x-anpa-1312").lifecycle;
    const b = story(anpa("BC-US--Overpass-Rail", "06-12"), "application/x-anpa-1312").lifecycle;
    const c = story(anpa("BC-US--Overpass", "06-13"), "application/x-anpa-1312").lifecycle;
    expect(a.storyKey).toBe("slug|ap|bc-us-overpass|06-12");
    expect(new Set([a.storyKey, b.storyKey, c.storyKey]).size).toBe(3);
  });

  it("never keys by an agency desk mark (`>>>ANSA/`) alone", () => {
    const s = story(
      ">>>ANSA/\n\nItaly approves budget\n\n(ANSA) - ROME, DEC 28 - Italy's Senate approved the budget on Saturday.\n\nThe vote was 108 to 63.\n",
    );
    expect(s.lifecycle.storyKey.startsWith("text|italy-approves-budget|")).toBe(true);
  });

  it("folds a key part to letters and digits joined by one dash", () => {
    expect(keyPart("BC-US--Flood-Vermont")).toBe("bc-us-flood-vermont");
    expect(keyPart("Économie / Zürich | x")).toBe("economie-zurich-x");
  });

  it("costs linear time in a hostile headline and notes", () => {
    const text = `${"UPDATE 1-".repeat(10)}${"x ".repeat(60)}\n\n${"Eds: ".repeat(2000)}\n\n${BODY}`;
    const started = performance.now();
    story(text);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe("fingerprints", () => {
  it("is FNV-1a 64 underneath (published test vectors)", () => {
    const hex = ([hi, lo]: [number, number]) =>
      hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
    expect(hex(fnv1a64("a"))).toBe("af63dc4c8601ec8c");
    expect(hex(fnv1a64("foobar"))).toBe("85944171f73967e8");
  });

  it("ignores case, punctuation and wrapping; differs for different texts", () => {
    const a = simhash64("The Federal Reserve held rates steady on Wednesday, officials said.");
    const b = simhash64("the federal reserve held rates\nsteady on Wednesday officials said");
    expect(hammingDistance(a, b)).toBe(0);
    const c = simhash64("Hailstorms battered the suburbs of Houston and flooded several streets.");
    expect(hammingDistance(a, c)).toBeGreaterThan(NEAR_DUPLICATE_BITS);
    expect(isNearDuplicate(a, b)).toBe(true);
    expect(isNearDuplicate(a, c)).toBe(false);
  });
});

describe("comparing versions", () => {
  const base: Lifecycle = {
    storyKey: "k",
    version: 2,
    versionTime: "2024-06-12T10:00:00Z",
    pubStatus: "usable",
    signal: "update",
    fingerprint: "0000000000000000",
    supersedes: null,
    duplicateOf: null,
  };
  it("orders by stated version, then version time, else cannot tell", () => {
    expect(compareVersions(base, { ...base, version: 3 })).toBeLessThan(0);
    expect(
      compareVersions({ ...base, version: null, versionTime: "2024-06-12T11:00:00Z" }, base),
    ).toBeGreaterThan(0);
    expect(compareVersions({ ...base, versionTime: null }, { ...base, versionTime: null })).toBe(0);
  });
  it("calls a repeat only the same stated version with a near-identical text", () => {
    expect(isRepeat(base, { ...base, fingerprint: "0000000000000007" })).toBe(true);
    expect(isRepeat(base, { ...base, signal: "correction" })).toBe(false);
    expect(isRepeat(base, { ...base, pubStatus: "withheld", signal: "withhold" })).toBe(false);
    expect(isRepeat(base, { ...base, fingerprint: "00000000000000ff" })).toBe(false);
    expect(isRepeat(base, { ...base, storyKey: "other" })).toBe(false);
  });
});
