import {
  AGENCY_ROLES,
  type AgencyAttribution,
  agencyAttributionSchema,
  type NormalizedStory,
  PARTY_ROLES,
} from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import {
  emptyStory,
  evidenceFieldTexts,
  expectedPairs,
  pairsOf,
  readSnippetTable,
  snippetStory,
  snippetTableFiles,
} from "../../../../tests/support/attribution-snippets.js";
import { AGENCIES } from "../data/agencies.js";
import { collectHits } from "./attribute-agencies.js";
import { attributeAgencies } from "./index.js";
import {
  BODY_RULES,
  BYLINE_RULES,
  CAPTION_RULES,
  COPYRIGHT_RULES,
  CREDIT_RULES,
  DATELINE_RULES,
  LINE_RULES,
  METADATA_RULES,
  TRAILER_RULES,
} from "./rules.js";

const tableFiles = snippetTableFiles();
const tables = tableFiles.flatMap(readSnippetTable);

function expectWellFormed(story: NormalizedStory, result: AgencyAttribution[]): void {
  const rank = (r: string) => AGENCY_ROLES.indexOf(r as (typeof AGENCY_ROLES)[number]);
  for (const a of result) {
    expect(agencyAttributionSchema.safeParse(a).success).toBe(true);
    expect(a.roles.map(rank)).toEqual([...a.roles.map(rank)].sort((x, y) => x - y));
    expect(new Set(a.evidence.map((e) => e.role))).toEqual(new Set(a.roles));
    for (const e of a.evidence) {
      const texts = evidenceFieldTexts(story, e.field);
      expect(texts.some((t) => t.slice(e.start, e.end) === e.text)).toBe(true);
    }
  }
  const strongest = result.map((a) => rank(a.roles[0] ?? "cited"));
  expect(strongest).toEqual([...strongest].sort((x, y) => x - y));
}

describe("attributeAgencies on the snippet table", () => {
  it("has at least 150 snippets across the tables", () => {
    expect(tableFiles).toContain("snippets.tsv");
    expect(tables.length).toBeGreaterThanOrEqual(150);
  });

  it.each(
    tables.map((s) => [`${s.file}:${s.line} [${s.field}] ${s.text.slice(0, 70)}`, s] as const),
  )("%s", (_name, snippet) => {
    const story = snippetStory(snippet);
    const result = attributeAgencies(story);
    expect([...pairsOf(result)].sort()).toEqual([...expectedPairs(snippet.expected)].sort());
    for (const id of snippet.notAgencies) expect(result.map((a) => a.id)).not.toContain(id);
    expectWellFormed(story, result);
  });
});

describe("the rule tables", () => {
  // Adding a phrasing is one row and one snippet: every row that gives evidence is exercised.
  const fired = new Set(tables.flatMap((s) => collectHits(snippetStory(s)).map((h) => h.rule)));
  const rows = [
    ...[BODY_RULES, TRAILER_RULES, CAPTION_RULES, CREDIT_RULES, BYLINE_RULES, COPYRIGHT_RULES]
      .flat()
      .filter((r) => r.role !== null),
    ...DATELINE_RULES,
    ...LINE_RULES,
    ...METADATA_RULES,
    ...PARTY_ROLES.map((role) => ({ name: `party ${role}` })),
    { name: "header" },
  ];
  it.each([...new Set(rows.map((r) => r.name))])("%s: some snippet exercises it", (name) => {
    expect(fired).toContain(name);
  });

  it("names every row of a table differently", () => {
    for (const table of [BODY_RULES, TRAILER_RULES, CAPTION_RULES, BYLINE_RULES, COPYRIGHT_RULES]) {
      const names = table.map((r) => r.name);
      expect(new Set(names).size).toBe(names.length);
    }
    const datelines = DATELINE_RULES.map((r) => r.name);
    expect(new Set(datelines).size).toBe(datelines.length);
  });
});

describe("agency registry", () => {
  const README_IDS =
    "reuters ap afp xinhua tass ria interfax bloomberg dpa efe ansa kyodo jiji yonhap pti ani ians uni app anadolu bernama antara aap cp pa upi kcna irna wam spa qna kuna mena belga anp apa ctk pap bta ukrinform unian cna vna pna sana petra bss ips ntb stt tt ritzau ana-mpa ats sta hina mti lusa europa-press agi adnkronos notimex andina telam".split(
      " ",
    );

  it("holds at least 60 agencies with unique slug ids, including every corpus README id", () => {
    const ids = AGENCIES.map((a) => a.id);
    expect(ids.length).toBeGreaterThanOrEqual(60);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    for (const id of README_IDS) expect(ids).toContain(id);
  });
});

describe("attributeAgencies behaviour", () => {
  it("reports several roles for one agency with evidence for each, strongest role first", () => {
    const story = emptyStory();
    story.paragraphs = ["The ministry said prices would rise, Reuters reported."];
    story.captions = [{ text: "A market in Lagos.", credit: "REUTERS/Jane Doe" }];
    story.trailers = ["Additional input by Reuters"];
    const [reuters] = attributeAgencies(story);
    expect(reuters?.roles).toEqual(["contributor", "photo", "cited"]);
    expect(reuters?.evidence.map((e) => e.field)).toEqual(["trailer", "caption", "body"]);
    expect(reuters?.confidence).toBeGreaterThan(0.9);
    expect(reuters?.confidence).toBeLessThanOrEqual(1);
  });

  it("orders agencies by their strongest role", () => {
    const story = emptyStory();
    story.paragraphs = [
      "KYIV, May 3 (Reuters) - Officials said the strike hit a depot, Interfax reported.",
      "(With additional reporting by AFP)",
    ];
    expect(attributeAgencies(story).map((a) => [a.id, a.roles[0]])).toEqual([
      ["reuters", "origin"],
      ["afp", "contributor"],
      ["interfax", "cited"],
    ]);
  });

  it("reads a dateline still at the start of the first paragraph and one split into dateline.raw alike", () => {
    const inBody = emptyStory();
    inBody.paragraphs = ["BEIJING, June 2 (Xinhua) -- The probe landed."];
    const split = emptyStory();
    split.dateline = { place: "Beijing", date: "2024-06-02", raw: "BEIJING, June 2 (Xinhua) --" };
    split.paragraphs = ["The probe landed."];
    expect(attributeAgencies(inBody)[0]?.evidence[0]).toMatchObject({
      field: "body",
      role: "origin",
      start: 0,
    });
    expect(attributeAgencies(split)[0]?.evidence[0]).toMatchObject({
      field: "dateline",
      role: "origin",
    });
  });

  it("reads a dash dateline split from an agency name that opens the body (RIA style)", () => {
    const story = emptyStory();
    story.dateline = { place: "Moscow", date: "2026-11-27", raw: "MOSCOW, Nov 27 -" };
    story.paragraphs = ["RIA Novosti. The Kremlin said it had not received a proposal."];
    const [ria] = attributeAgencies(story);
    expect(ria?.id).toBe("ria");
    expect(ria?.evidence[0]).toMatchObject({ field: "body", role: "origin", start: 0, end: 11 });
    expectWellFormed(story, attributeAgencies(story));
    story.paragraphs = ["Bloomberg, the former mayor, said he would donate."];
    expect(attributeAgencies(story)).toEqual([]);
    story.dateline = { place: "Moscow", date: null, raw: "MOSCOW -" };
    story.paragraphs = ["RIA Novosti. The Kremlin said it had not received a proposal."];
    expect(attributeAgencies(story)).toEqual([]);
  });

  it("drops abbreviation-only evidence when the story uses the abbreviation for something else", () => {
    const story = emptyStory();
    story.paragraphs = [
      "Guntur (AP): Farmers in Andhra Pradesh protested on Monday.",
      "The AP reported that the protest was peaceful.",
    ];
    expect(attributeAgencies(story)).toEqual([]);
  });

  it("reads the format's metadata first: party evidence quotes the party's field and value", () => {
    const story = emptyStory();
    story.metadata.parties = [
      { role: "provider", value: "AFP", field: "NewsML/NewsItem/AdministrativeMetadata/Provider" },
      {
        role: "id",
        value: "urn:newsml:afp.com:20240315:TX-PAR-KLM42:1",
        field: "PublicIdentifier",
      },
    ];
    story.paragraphs = [
      "PARIS, March 4 (Reuters) - Farmers blocked roads.",
      "Prices rose. || — AP",
    ];
    const result = attributeAgencies(story);
    expectWellFormed(story, result);
    const afp = result.find((a) => a.id === "afp");
    expect(afp?.roles).toEqual(["origin"]);
    expect(afp?.evidence.map((e) => e.text)).toEqual([
      "NewsML/NewsItem/AdministrativeMetadata/Provider: AFP",
      "PublicIdentifier: urn:newsml:afp.com:20240315:TX-PAR-KLM42:1",
    ]);
    expect(afp?.evidence.every((e) => e.field === "metadata" && e.start === 0)).toBe(true);
    // Body origins add to the metadata origin; a sign-off beside it is only a contributor.
    expect(result.find((a) => a.id === "reuters")?.roles).toEqual(["origin"]);
  });

  it("quotes only the mention of a party value too long to quote whole", () => {
    const story = emptyStory();
    const value = `${"Syndicated material. ".repeat(20)}Copyright Kyodo News.`;
    story.metadata.parties = [{ role: "copyright", value, field: "ninjs/copyrightnotice" }];
    const [kyodo] = attributeAgencies(story);
    expect(kyodo?.evidence).toEqual([
      {
        role: "copyright",
        text: "Kyodo News",
        start: "ninjs/copyrightnotice: ".length + value.indexOf("Kyodo News"),
        end: "ninjs/copyrightnotice: ".length + value.indexOf("Kyodo News") + 10,
        field: "metadata",
      },
    ]);
    expectWellFormed(story, attributeAgencies(story));
  });

  it("gives nothing for a distributor the registry does not know (a newsroom system, an aggregator)", () => {
    const story = emptyStory();
    story.metadata.distributor = "Superdesk";
    story.metadata.parties = [
      { role: "distributor", value: "Newsroom Aggregation Services", field: "nitf/distributor" },
      { role: "id", value: "tag:cms.example.net,2024:story-1", field: "newsItem@guid" },
    ];
    expect(attributeAgencies(story)).toEqual([]);
  });

  it("reads a bounded number of mentions per agency, but every mention of the closing line", () => {
    const story = emptyStory();
    story.paragraphs = [
      ...Array.from(
        { length: 200 },
        (_, i) => `The minister told AFP on day ${i} that the talks had failed.`,
      ),
      "— AFP",
    ];
    const [afp] = attributeAgencies(story);
    expect(afp?.roles).toEqual(["origin", "cited"]);
    expect(afp?.evidence.filter((e) => e.role === "cited").length).toBeLessThanOrEqual(32);
    expect(afp?.evidence.find((e) => e.role === "origin")?.text).toBe("— AFP");
  });

  it("finishes quickly on hostile input built to make regexes backtrack", () => {
    const story = emptyStory();
    const words = "Aa Bb Cc Dd ".repeat(5_000);
    story.paragraphs = [
      `${words}(${"Reuters/".repeat(2_000)}`,
      `${"told the ".repeat(5_000)}Reuters`,
      `${"with inputs from, and ".repeat(3_000)}AFP`,
      `${"(".repeat(20_000)}AP`,
    ];
    story.trailers = [`${"Reuters and ".repeat(5_000)}reports`];
    story.captions = [
      { text: `${"Photo by a/".repeat(5_000)}AFP`, credit: "REUTERS/".repeat(5_000) },
    ];
    const started = performance.now();
    attributeAgencies(story);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
