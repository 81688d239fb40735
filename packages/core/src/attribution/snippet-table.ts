import type { AgencyAttribution, AgencyRole, NormalizedStory } from "@newswire/schemas";
import { emptyMetadata } from "../draft.js";

/**
 * The attribution snippet table (`snippets.tsv`): short pieces of wire copy, each placed in one
 * field of an otherwise empty story, with the (agency, role) pairs a wire editor expects. Used by
 * the unit test and by `scripts/eval-attribution.ts`. Pure: callers read the file.
 */
export interface Snippet {
  readonly line: number;
  readonly field: string;
  readonly text: string;
  readonly expected: ReadonlyMap<string, readonly AgencyRole[]>;
  readonly notAgencies: readonly string[];
}

export function parseSnippetTable(tsv: string): Snippet[] {
  const out: Snippet[] = [];
  tsv.split("\n").forEach((raw, i) => {
    if (raw.trim() === "" || raw.startsWith("#")) return;
    const [field = "", text = "", expect = "-", not = ""] = raw.split("\t");
    const expected = new Map<string, AgencyRole[]>();
    if (expect.trim() !== "-") {
      for (const pair of expect.trim().split(/\s+/)) {
        const [id = "", roles = ""] = pair.split(":");
        expected.set(id, roles.split(",") as AgencyRole[]);
      }
    }
    const notAgencies = not.trim() === "" ? [] : not.trim().split(/\s+/);
    out.push({ line: i + 1, field, text, expected, notAgencies });
  });
  return out;
}

export function emptyStory(): NormalizedStory {
  return {
    schemaVersion: "1",
    id: "snippet",
    headline: "Snippet",
    standfirst: null,
    byline: null,
    dateline: { place: null, date: null, raw: null },
    paragraphs: ["Officials met on Monday."],
    captions: [],
    trailers: [],
    copyright: null,
    metadata: emptyMetadata(),
    language: "en",
    wordCount: 4,
    source: {
      feed: "snippets",
      format: "plain",
      contentType: "text/plain",
      receivedAt: "2024-01-01T00:00:00Z",
      sha256: "0".repeat(64),
      archiveKey: "originals/2024/01/01/snippets/snippet.txt",
      wireId: null,
      kafka: null,
    },
  };
}

/** The snippet placed in its field of an otherwise empty story. */
export function snippetStory(snippet: Snippet): NormalizedStory {
  const story = emptyStory();
  const { field, text } = snippet;
  const md = story.metadata;
  if (field === "p") story.paragraphs = text.split(" || ");
  else if (field === "d") story.dateline = { place: null, date: null, raw: text };
  else if (field === "b") story.byline = text;
  else if (field === "c") story.captions = [{ text, credit: null }];
  else if (field === "cc") {
    const [caption = "", credit = ""] = text.split(" ## ");
    story.captions = [{ text: caption, credit }];
  } else if (field === "t") story.trailers = [text];
  else if (field === "r") story.copyright = text;
  else if (field === "m.dist") md.distributor = text;
  else if (field === "m.credit") md.creditline = text;
  else if (field === "m.info") md.infoSources = text.split(" ; ");
  else if (field === "m.holder") md.copyrightHolder = text;
  else if (field.startsWith("h.")) md.header = { [field.slice(2)]: text };
  else throw new Error(`snippet line ${snippet.line}: unknown field ${field}`);
  return story;
}

/** (agency, role) pairs as "id:role" strings. */
export function pairsOf(attributions: readonly AgencyAttribution[]): Set<string> {
  return new Set(attributions.flatMap((a) => a.roles.map((r) => `${a.id}:${r}`)));
}

export function expectedPairs(expected: ReadonlyMap<string, readonly AgencyRole[]>): Set<string> {
  return new Set([...expected].flatMap(([id, roles]) => roles.map((r) => `${id}:${r}`)));
}
