import { isRejection, normalizeWire } from "@newswire/core";
import type { NormalizedStory, PubStatus } from "@newswire/schemas";
import { seededRandom, type WireInput, wireInput } from "./wire-inputs.js";

// Version chains for the current-story tests: a story's versions as an agency files them, in
// NewsML-G2 (guid + version + pubStatus) and ninjs 2 (uri + version + pubstatus), with writethrus,
// a correction, a kill, re-sends with other bytes and the same text. The words are ours.

export type ChainFormat = "g2" | "ninjs";

export interface ChainVersion {
  input: WireInput;
  /** The version the copy states. */
  version: number;
  pubStatus: PubStatus;
  /** "resend": the same version and text as `version` again, in other bytes. */
  role: "version" | "kill" | "resend";
  /** What core makes of the bytes (the same code path as the normalizer). */
  story: NormalizedStory;
}

export interface StoryChain {
  name: string;
  storyKey: string;
  format: ChainFormat;
  /** Versions and kills in the order the agency filed them, re-sends after their original. */
  versions: ChainVersion[];
  /** The version that must end up current: the highest version (the kill, if the chain has one). */
  expected: ChainVersion;
}

const PLACES = ["Lisbon", "Nairobi", "Osaka", "Valparaiso", "Tromso", "Cordoba", "Da Nang"];
const SUBJECTS = [
  ["ferry operator", "suspends night crossings", "after a hull inspection"],
  ["water utility", "raises tariffs", "to pay for new reservoirs"],
  ["port workers", "end a three-day strike", "after a pay offer"],
  ["city council", "approves a tram extension", "despite objections from traders"],
  ["university hospital", "opens a burns unit", "funded by a regional grant"],
  ["airline", "adds weekly flights", "as tourist arrivals recover"],
] as const;

const RECEIVED_AT = "2024-05-17T06:00:00Z";

interface Draft {
  guid: string;
  version: number;
  pubStatus: PubStatus;
  headline: string;
  paragraphs: string[];
  versionCreated: string;
  /** Differs between a version and its re-send: the bytes differ, the text does not. */
  note: string;
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function g2(draft: Draft): string {
  const status = `stat:${draft.pubStatus}`;
  const signal = draft.pubStatus === "usable" && draft.version > 1 ? "sig:update" : "";
  return `<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="${draft.guid}" version="${draft.version}" standard="NewsML-G2" standardversion="2.29" conformance="power" xml:lang="en">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_38.xml"/>
  <rightsInfo>
    <copyrightHolder literal="Newswire Test Agency"/>
    <copyrightNotice>Copyright 2024 Newswire Test Agency.</copyrightNotice>
  </rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider literal="NTA"/>
    <versionCreated>${draft.versionCreated}</versionCreated>
    <firstCreated>2024-05-17T05:00:00Z</firstCreated>
    <pubStatus qcode="${status}"/>${signal ? `\n    <signal qcode="${signal}"/>` : ""}
    <edNote>${escapeXml(draft.note)}</edNote>
  </itemMeta>
  <contentMeta>
    <urgency>4</urgency>
    <headline>${escapeXml(draft.headline)}</headline>
    <language tag="en"/>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <html xmlns="http://www.w3.org/1999/xhtml">
        <head><title>${escapeXml(draft.headline)}</title></head>
        <body>
${draft.paragraphs.map((p) => `          <p>${escapeXml(p)}</p>`).join("\n")}
        </body>
      </html>
    </inlineXML>
  </contentSet>
</newsItem>
`;
}

function ninjs(draft: Draft): string {
  return `${JSON.stringify(
    {
      uri: draft.guid,
      type: "text",
      version: String(draft.version),
      versioncreated: draft.versionCreated,
      firstcreated: "2024-05-17T05:00:00Z",
      pubstatus: draft.pubStatus,
      urgency: 4,
      language: "en",
      headlines: [{ role: "main", value: draft.headline }],
      bodies: [
        {
          role: "main",
          contenttype: "text/html",
          value: draft.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join(""),
        },
      ],
      copyrightholder: "Newswire Test Agency",
      ednote: draft.note,
    },
    null,
    2,
  )}\n`;
}

export interface ChainOptions {
  /** Distinguishes this run's items from every other run's (guids, hence storyKeys). */
  runTag: string;
  seed?: number;
  /** Writethrus per chain before any kill: 1 to `maxVersions`, or exactly `versions`. */
  maxVersions?: number;
  versions?: number;
  /** Share of chains that end in a kill. */
  killShare?: number;
  /** Share of versions that are re-sent in other bytes. */
  resendShare?: number;
  feed?: string;
}

/**
 * Distinct chains (each its own guid, so its own storyKey), alternating G2 and ninjs. Each
 * version's text differs from the one before by its lead and a new paragraph; a re-send differs
 * from its original only in the editor's note. Every input is checked with core: a story, with
 * the version and status the chain says, and the chain's storyKey.
 */
export function storyChains(count: number, options: ChainOptions): StoryChain[] {
  const random = seededRandom(options.seed ?? 7);
  const maxVersions = options.maxVersions ?? 4;
  const feed = options.feed ?? "chains";
  const chains: StoryChain[] = [];
  for (let c = 0; c < count; c++) {
    const format: ChainFormat = c % 2 === 0 ? "g2" : "ninjs";
    const place = PLACES[c % PLACES.length] ?? "Lisbon";
    const [who, what, why] = SUBJECTS[c % SUBJECTS.length] ?? SUBJECTS[0];
    const guid = `urn:newsml:newswire.test:20240517:${options.runTag}-${c}`;
    const name = `${format}-${options.runTag}-${c}`;
    const writethrus = options.versions ?? 1 + Math.floor(random() * maxVersions);
    const killed = random() < (options.killShare ?? 0.25);
    const drafts: Draft[] = [];
    const paragraphs: string[] = [];
    for (let v = 1; v <= writethrus; v++) {
      const lead = `${place.toUpperCase()}, May 17 - The ${who} ${what} ${why}, it said in version ${v} of its statement number ${c}, quoting ${v + 2} officials.`;
      paragraphs.push(
        `Update ${v} for story ${c}: officials in ${place} gave ${v * 7 + c} new figures on ${who} plans and said talks would go on next week with ${v + 3} groups.`,
      );
      drafts.push({
        guid,
        version: v,
        pubStatus: "usable",
        headline: `${place} ${who} ${what} (story ${c})`,
        paragraphs: [lead, ...paragraphs],
        versionCreated: new Date(Date.UTC(2024, 4, 17, 6, v)).toISOString(),
        note: v === 1 ? "First version." : `Writethru ${v}: adds new figures.`,
      });
    }
    if (killed) {
      drafts.push({
        guid,
        version: writethrus + 1,
        pubStatus: "canceled",
        headline: `KILL: ${place} ${who} story ${c}`,
        paragraphs: [
          `The agency has withdrawn its story about the ${who} in ${place}, item ${c}, because its figures could not be confirmed. It must be removed from every platform that used it.`,
        ],
        versionCreated: new Date(Date.UTC(2024, 4, 17, 7, 0)).toISOString(),
        note: "Mandatory kill.",
      });
    }
    const versions: ChainVersion[] = [];
    const make = (draft: Draft, role: ChainVersion["role"], n: number): ChainVersion => {
      const text = format === "g2" ? g2(draft) : ninjs(draft);
      const input = wireInput({
        kind: `${name}-v${draft.version}${role === "resend" ? `-resend${n}` : ""}`,
        value: Buffer.from(text),
        feed,
        receivedAt: RECEIVED_AT,
        contentType: format === "g2" ? "application/vnd.iptc.g2.newsitem+xml" : "application/json",
        expect: "story",
        // One raw partition per chain: the order sent is the order the normalizer sees.
        key: name,
      });
      const story = normalizeWire(input.value, {
        feed,
        receivedAt: RECEIVED_AT,
        contentType: input.headers["content-type"],
      });
      if (isRejection(story)) throw new Error(`${input.kind}: core rejects it: ${story.message}`);
      if (
        story.lifecycle.version !== draft.version ||
        story.lifecycle.pubStatus !== draft.pubStatus
      ) {
        throw new Error(
          `${input.kind}: core reads version ${story.lifecycle.version} ${story.lifecycle.pubStatus}, the chain says ${draft.version} ${draft.pubStatus}`,
        );
      }
      return {
        input,
        version: draft.version,
        pubStatus: draft.pubStatus,
        role,
        story,
      };
    };
    drafts.forEach((draft, i) => {
      versions.push(make(draft, draft.pubStatus === "canceled" ? "kill" : "version", 0));
      if (draft.pubStatus === "usable" && random() < (options.resendShare ?? 0.2)) {
        versions.push(
          make({ ...draft, note: `${draft.note} Repeats version ${i + 1}.` }, "resend", 1),
        );
      }
    });
    const keys = new Set(versions.map((v) => v.story.lifecycle.storyKey));
    const [storyKey] = keys;
    if (keys.size !== 1 || storyKey === undefined) {
      throw new Error(`${name}: its versions have ${keys.size} storyKeys`);
    }
    const expected = versions.filter((v) => v.role !== "resend").at(-1);
    if (!expected) throw new Error(`${name}: no versions`);
    chains.push({ name, storyKey, format, versions, expected });
  }
  return chains;
}

/** The chain's inputs in a seeded random order (a re-send may come before its original). */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}
