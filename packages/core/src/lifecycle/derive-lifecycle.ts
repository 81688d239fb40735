import type { Lifecycle, LifecycleSignal, NormalizedStory, PubStatus } from "@newswire/schemas";
import { ordinal } from "../parse/wire-lines.js";
import { realTimestamp } from "../text/dates.js";
import { headlineMarkers, slugLineMarkers } from "./desk-markers.js";
import {
  type EvidenceSource,
  FORMAT_VERSION_FIELD,
  LIFECYCLE_RULES,
  MAX_EVIDENCE,
  PUB_STATUS_RANK,
  SIGNAL_RANK,
  type VersionSpec,
} from "./rules.js";
import { simhash64 } from "./simhash.js";
import { deriveStoryKey } from "./story-key.js";

type Unversioned = Omit<NormalizedStory, "lifecycle">;

/** At most this many strings per evidence source: parsers bound their lists, this bounds ours. */
const MAX_PER_SOURCE = 24;
/** A first paragraph longer than this is story text, not an advisory. */
const MAX_LEAD = 400;
/** The highest version a marker may imply (`99th Ld`); beyond, the copy is not believed. */
const MAX_MARKER_VERSION = 100;

/** `1`, `1.`, `1st`, `FIRST`: the lead or writethru count a marker names. */
function ordinalValue(word: string): number | null {
  const digits = /^(\d{1,2})(?:\.|st|nd|rd|th|er|re|e|ème|eme|ª|º|°)?$/iu.exec(word);
  return digits?.[1] ? Number(digits[1]) : ordinal(word);
}

// ANPA keyword lines (`BC-US--Storm,1st Ld-Writethru,298`) hold markers after the slug.
const ANPA_LINE = /^[a-z]?(?:BC|AM|PM|AP)-[^,]{1,80},(.{1,200})$/i;

/** The strings each source offers, cut to MAX_EVIDENCE. */
function evidence(story: Unversioned): Record<EvidenceSource, string[]> {
  const { metadata, paragraphs, headline } = story;
  const cut = (values: readonly (string | null | undefined)[]): string[] => {
    const out: string[] = [];
    for (const v of values) {
      if (out.length >= MAX_PER_SOURCE) break;
      const t = v?.trim();
      if (t) out.push(t.slice(0, MAX_EVIDENCE));
    }
    return out;
  };
  // Markers stacked on one line (`Wiederholung - 1. Zusammenfassung`) are read one by one, and
  // a marker with its reason after a comma (Yonhap's `LEAD, with more details`) as itself too.
  const markers: string[] = metadata.versionMarkers.slice(0, MAX_PER_SOURCE).flatMap((m) =>
    m
      .slice(0, MAX_EVIDENCE)
      .split(/\s+-\s+/)
      .slice(0, 4)
      .flatMap((part) => {
        const head = /^([^,]{1,40}),\s/.exec(part)?.[1];
        return head ? [part, head] : [part];
      }),
  );
  const { header } = metadata;
  if (header.version) markers.push(header.version);
  for (const line of [header.keywordLine, metadata.slugline]) {
    const rest = line ? ANPA_LINE.exec(line.slice(0, 300))?.[1] : undefined;
    if (rest) for (const part of rest.split(",").slice(0, 6)) markers.push(part);
    else if (line) markers.push(...slugLineMarkers(line).markers);
  }
  markers.push(...headlineMarkers(headline ?? "").markers);
  const lead = paragraphs[0];
  return {
    status: cut([metadata.identity.status]),
    signal: cut(metadata.identity.signals.slice(0, MAX_PER_SOURCE)),
    marker: cut(markers),
    note: cut(metadata.editorsNotes.slice(0, MAX_PER_SOURCE)),
    headline: cut([headline]),
    lead: lead !== undefined && lead.length <= MAX_LEAD ? cut([lead]) : [],
  };
}

function impliedVersion(spec: VersionSpec, match: RegExpExecArray): number | null {
  if ("fixed" in spec) return spec.fixed;
  const n = match[1] === undefined ? null : ordinalValue(match[1]);
  return n === null || n + spec.next > MAX_MARKER_VERSION ? null : n + spec.next;
}

interface Reading {
  pubStatus: PubStatus;
  signal: LifecycleSignal;
  /** The version the markers imply, the first rule (in table order) that gives one. */
  markerVersion: number | null;
}

/** Every rule against every string of its sources; the strongest status and signal win. */
export function readLifecycleSignals(story: Unversioned): Reading {
  const sources = evidence(story);
  const reading: Reading = { pubStatus: "usable", signal: "new", markerVersion: null };
  for (const rule of LIFECYCLE_RULES) {
    for (const source of rule.on) {
      for (const text of sources[source]) {
        const m = rule.pattern.exec(text);
        if (!m) continue;
        if (rule.pubStatus && PUB_STATUS_RANK[rule.pubStatus] > PUB_STATUS_RANK[reading.pubStatus])
          reading.pubStatus = rule.pubStatus;
        if (rule.signal && SIGNAL_RANK[rule.signal] > SIGNAL_RANK[reading.signal])
          reading.signal = rule.signal;
        if (rule.version && reading.markerVersion === null)
          reading.markerVersion = impliedVersion(rule.version, m);
      }
    }
  }
  return reading;
}

/**
 * A story's place among its versions, from what the copy says of itself (see rules.ts and
 * story-key.ts). `version`: the format's version field where it has one, else what the desk
 * markers imply; copy in a marker convention with no marker and no other signal is the first
 * version (every agency that numbers its leads leaves the first unmarked); else null.
 * `versionTime`: the document's own time. `supersedes`/`duplicateOf` need the versions before:
 * the stateful stage fills them.
 */
export function deriveLifecycle(story: Unversioned, documentTime: string | null = null): Lifecycle {
  const reading = readLifecycleSignals(story);
  const format = story.source.format;
  const fieldVersion = FORMAT_VERSION_FIELD[format] ? story.metadata.identity.version : null;
  let version = fieldVersion ?? reading.markerVersion;
  let signal = reading.signal;
  if (version === null && signal === "new" && !FORMAT_VERSION_FIELD[format]) version = 1;
  if (signal === "new" && version !== null && version > 1) signal = "update";
  if (reading.pubStatus === "canceled") signal = "kill";
  else if (reading.pubStatus === "withheld") signal = "withhold";
  return {
    storyKey: deriveStoryKey(story),
    version,
    versionTime: realTimestamp(documentTime),
    pubStatus: reading.pubStatus,
    signal,
    fingerprint: simhash64(story.paragraphs.join("\n")),
    supersedes: null,
    duplicateOf: null,
  };
}
