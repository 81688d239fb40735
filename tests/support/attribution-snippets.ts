import { readdirSync, readFileSync } from "node:fs";
import { emptyMetadata } from "@newswire/core";
import {
  type AgencyAttribution,
  type AgencyRole,
  type NormalizedStory,
  PARTY_ROLES,
  type PartyRole,
  STORY_SCHEMA_VERSION,
} from "@newswire/schemas";

/**
 * The attribution snippet tables (`tests/fixtures/attribution/snippets*.tsv`): short pieces of
 * wire copy, each placed in its field(s) of an otherwise empty story, with the (agency, role)
 * pairs a wire editor expects. Used by the unit tests and by `scripts/eval-attribution.ts`.
 *
 * A line is `field <TAB> text <TAB> expected <TAB> not-agencies`:
 * - field: `p` body paragraphs (text split on " || "), `d` dateline.raw, `b` byline, `c` caption
 *   text, `cc` caption text " ## " credit, `t` trailer, `r` copyright, `m.dist` / `m.credit` /
 *   `m.info` (" ; ") / `m.holder` metadata, `h.<key>` a header field, `party` metadata parties
 *   (`role: value @ field-path`, several joined by " ; "). Several fields joined by "+" take
 *   their texts in order, joined by " && " (`party+p`).
 * - expected: `agency:role,role agency:role ...`, or `-` for none; not-agencies: ids that must
 *   not appear at all.
 */
export interface Snippet {
  readonly file: string;
  readonly line: number;
  readonly field: string;
  readonly text: string;
  readonly expected: ReadonlyMap<string, readonly AgencyRole[]>;
  readonly notAgencies: readonly string[];
}

export const SNIPPET_DIR = new URL("../fixtures/attribution/", import.meta.url);

/** The snippet tables by file name, `snippets.tsv` first. */
export function snippetTableFiles(): string[] {
  return readdirSync(SNIPPET_DIR)
    .filter((f) => /^snippets.*\.tsv$/.test(f))
    .sort((a, b) => (a === "snippets.tsv" ? -1 : b === "snippets.tsv" ? 1 : a.localeCompare(b)));
}

export function readSnippetTable(file: string): Snippet[] {
  return parseSnippetTable(readFileSync(new URL(file, SNIPPET_DIR), "utf8"), file);
}

export function parseSnippetTable(tsv: string, file = "snippets.tsv"): Snippet[] {
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
    out.push({ file, line: i + 1, field, text, expected, notAgencies });
  });
  return out;
}

export function emptyStory(): NormalizedStory {
  return {
    schemaVersion: STORY_SCHEMA_VERSION,
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
    lifecycle: {
      storyKey: "text:snippet",
      version: null,
      versionTime: null,
      pubStatus: "usable",
      signal: "new",
      fingerprint: "0".repeat(16),
      supersedes: null,
      duplicateOf: null,
    },
  };
}

const PARTY = /^(\w+):\s*(.*?)(?:\s+@\s+(\S+))?$/u;

/** The snippet placed in its field(s) of an otherwise empty story. */
export function snippetStory(snippet: Snippet): NormalizedStory {
  const story = emptyStory();
  const fields = snippet.field.split("+");
  const texts = fields.length === 1 ? [snippet.text] : snippet.text.split(" && ");
  if (texts.length !== fields.length) {
    throw new Error(`snippet line ${snippet.line}: ${fields.length} fields, ${texts.length} texts`);
  }
  for (const [i, field] of fields.entries()) place(story, field, texts[i] ?? "", snippet.line);
  return story;
}

function place(story: NormalizedStory, field: string, text: string, line: number): void {
  const md = story.metadata;
  if (field === "p") story.paragraphs = text.split(" || ");
  else if (field === "d") story.dateline = { place: null, date: null, raw: text };
  else if (field === "b") story.byline = text;
  else if (field === "c") story.captions.push({ text, credit: null });
  else if (field === "cc") {
    const [caption = "", credit = ""] = text.split(" ## ");
    story.captions.push({ text: caption, credit });
  } else if (field === "t") story.trailers.push(text);
  else if (field === "r") story.copyright = text;
  else if (field === "m.dist") md.distributor = text;
  else if (field === "m.credit") md.creditline = text;
  else if (field === "m.info") md.infoSources = text.split(" ; ");
  else if (field === "m.holder") md.copyrightHolder = text;
  else if (field.startsWith("h.")) md.header = { ...md.header, [field.slice(2)]: text };
  else if (field === "party") {
    for (const entry of text.split(" ; ")) {
      const m = PARTY.exec(entry.trim());
      const role = m?.[1] as PartyRole | undefined;
      if (!m || role === undefined || !PARTY_ROLES.includes(role)) {
        throw new Error(`snippet line ${line}: bad party ${JSON.stringify(entry)}`);
      }
      md.parties.push({ role, value: m[2] ?? "", field: m[3] ?? `party/${role}` });
    }
  } else throw new Error(`snippet line ${line}: unknown field ${field}`);
}

/** (agency, role) pairs as "id:role" strings. */
export function pairsOf(attributions: readonly AgencyAttribution[]): Set<string> {
  return new Set(attributions.flatMap((a) => a.roles.map((r) => `${a.id}:${r}`)));
}

export function expectedPairs(expected: ReadonlyMap<string, readonly AgencyRole[]>): Set<string> {
  return new Set([...expected].flatMap(([id, roles]) => roles.map((r) => `${id}:${r}`)));
}

/**
 * Every text an evidence item of `field` may point into (see attributeAgencies): a party's is
 * "<field>: <value>".
 */
export function evidenceFieldTexts(story: NormalizedStory, field: string): string[] {
  switch (field) {
    case "body":
      return [story.paragraphs.join("\n\n")];
    case "dateline":
      return [story.dateline.raw ?? ""];
    case "byline":
      return [story.byline ?? ""];
    case "caption":
      return story.captions.flatMap((c) => [c.text, c.credit ?? ""]);
    case "trailer":
      return story.trailers;
    case "copyright":
      return [story.copyright ?? ""];
    case "metadata": {
      const md = story.metadata;
      return [
        md.distributor ?? "",
        md.creditline ?? "",
        md.copyrightHolder ?? "",
        ...md.infoSources,
        ...md.parties.map((p) => `${p.field}: ${p.value}`),
      ];
    }
    case "header":
      return Object.values(story.metadata.header);
    default:
      return [];
  }
}
