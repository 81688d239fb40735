import { HEADERS } from "@newswire/schemas";
import type { S3Object } from "./s3-objects.js";
import type { ReadRecord } from "./topic-reader.js";
import { sha256, type WireInput } from "./wire-inputs.js";

/** Keys built only from sanitized parts: nothing a path, shell or S3 server could misread. */
export const SAFE_ARCHIVE_KEY =
  /^originals\/(\d{4}\/\d{2}\/\d{2}|undated)\/[a-z0-9_][a-z0-9._-]{0,63}\/[a-z0-9][a-z0-9._-]{0,127}\.[a-z0-9]{1,10}$/;

export interface ConservationInput {
  inputs: readonly WireInput[];
  raw: readonly ReadRecord[];
  stories: readonly ReadRecord[];
  dlq: readonly ReadRecord[];
  objects: readonly S3Object[];
  /** false: the run has no archiver, and the S3 half of the rule is not checked (default true). */
  archive?: boolean;
  /**
   * Objects that are no object of the pipeline's and are left out of the S3 checks (reported in
   * `ignoredObjects`): the outage test's S3 server leaves partial-upload files behind when it
   * is stopped mid-PUT.
   */
  ignoreObject?: (key: string) => boolean;
}

export interface ConservationResult {
  problems: string[];
  figures: {
    inputs: number;
    valid: number;
    invalid: number;
    raw: number;
    stories: number;
    dlq: number;
    objects: number;
    ignoredObjects: number;
  };
}

const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/**
 * The conservation rule, checked from what is really in Kafka and S3:
 * every input once on wire.raw (the harness itself did not duplicate); every valid input exactly
 * once on stories.enriched (matched by the Story's source.sha256, keyed by its id); every invalid
 * input exactly once on wire.dlq (value unchanged) with an error-code header; no valid input in
 * the DLQ; nothing else on either topic; every input exactly once in S3, byte-identical (sha256
 * of a GET), under a safe key; no other object.
 */
export function checkConservation(data: ConservationInput): ConservationResult {
  const problems: string[] = [];
  const limit = 20;
  const report = (message: string) => {
    if (problems.length < limit) problems.push(message);
    else if (problems.length === limit) problems.push("... more problems left out");
  };
  const bySha = new Map<string, WireInput>();
  for (const input of data.inputs) {
    if (bySha.has(input.sha256)) report(`harness: two inputs with the same bytes (${input.kind})`);
    bySha.set(input.sha256, input);
  }
  const shaOf = (value: Buffer | null) => (value === null ? "<null>" : sha256(value));

  const raw = countBy(data.raw, (r) => shaOf(r.value));
  for (const input of data.inputs) {
    const n = raw.get(input.sha256) ?? 0;
    if (n !== 1) report(`wire.raw holds ${n} copies of ${input.kind} ${input.sha256.slice(0, 12)}`);
  }

  const storyShas: string[] = [];
  for (const record of data.stories) {
    let source: { sha256?: unknown } | undefined;
    let id: unknown;
    try {
      const story = JSON.parse(record.value?.toString("utf8") ?? "null") as {
        id?: unknown;
        source?: { sha256?: unknown };
      };
      source = story.source;
      id = story.id;
    } catch {
      report(`stories: record at ${record.partition}/${record.offset} is not JSON`);
      continue;
    }
    const sha = typeof source?.sha256 === "string" ? source.sha256 : "<none>";
    if (record.key !== id) report(`stories: key ${record.key} is not the story id ${String(id)}`);
    storyShas.push(sha);
  }
  const stories = countBy(storyShas, (s) => s);
  for (const [sha, n] of stories) {
    const input = bySha.get(sha);
    if (!input) report(`stories: a story from bytes the test never sent (${sha.slice(0, 12)})`);
    else if (input.expect !== "story") report(`stories: invalid ${input.kind} became a story`);
    else if (n !== 1) report(`stories: ${input.kind} ${sha.slice(0, 12)} published ${n} times`);
  }

  const dlq = countBy(data.dlq, (r) => shaOf(r.value));
  for (const record of data.dlq) {
    const code = record.headers[HEADERS.errorCode];
    if (code === undefined || code === "") {
      report(`dlq: record at ${record.partition}/${record.offset} has no error-code header`);
    }
  }
  for (const [sha, n] of dlq) {
    const input = bySha.get(sha);
    if (!input) report(`dlq: a record with bytes the test never sent (${sha.slice(0, 12)})`);
    else if (input.expect !== "dlq") {
      const codes = data.dlq
        .filter((r) => shaOf(r.value) === sha)
        .map((r) => `${r.headers[HEADERS.failedStage]}:${r.headers[HEADERS.errorCode]}`);
      report(`dlq: valid ${input.kind} dead-lettered (${codes.join(", ")})`);
    } else if (n !== 1) report(`dlq: ${input.kind} ${sha.slice(0, 12)} dead-lettered ${n} times`);
  }
  for (const input of data.inputs) {
    if (input.expect === "story" && !stories.has(input.sha256) && !dlq.has(input.sha256)) {
      report(
        `lost: valid ${input.kind} ${input.sha256.slice(0, 12)} is neither a story nor in the DLQ`,
      );
    }
    if (input.expect === "dlq" && !dlq.has(input.sha256) && !stories.has(input.sha256)) {
      report(`lost: invalid ${input.kind} ${input.sha256.slice(0, 12)} is not in the DLQ`);
    }
  }

  const archive =
    data.archive !== false
      ? checkArchive(data.inputs, data.objects, data.ignoreObject)
      : { problems: [], objects: 0, ignoredObjects: 0 };
  for (const problem of archive.problems) report(problem);

  return {
    problems,
    figures: {
      inputs: data.inputs.length,
      valid: data.inputs.filter((i) => i.expect === "story").length,
      invalid: data.inputs.filter((i) => i.expect === "dlq").length,
      raw: data.raw.length,
      stories: data.stories.length,
      dlq: data.dlq.length,
      objects: archive.objects,
      ignoredObjects: archive.ignoredObjects,
    },
  };
}

/**
 * The archive's half of the rule, on its own (a test of the archiver alone): every input exactly
 * once in S3, byte-identical (sha256 of a GET), under a safe key; no other object.
 */
export function checkArchive(
  inputs: readonly WireInput[],
  allObjects: readonly S3Object[],
  ignoreObject?: (key: string) => boolean,
): { problems: string[]; objects: number; ignoredObjects: number } {
  const problems: string[] = [];
  const limit = 20;
  const report = (message: string) => {
    if (problems.length < limit) problems.push(message);
    else if (problems.length === limit) problems.push("... more problems left out");
  };
  const bySha = new Set(inputs.map((i) => i.sha256));
  const data = { inputs, objects: allObjects, ignoreObject };
  const ignored = data.objects.filter((o) => data.ignoreObject?.(o.key) === true);
  const kept = data.objects.filter((o) => data.ignoreObject?.(o.key) !== true);
  const objects = countBy(kept, (o) => o.sha256);
  for (const object of kept) {
    const dotSegment = object.key.split("/").some((segment) => segment === "." || segment === "..");
    if (!SAFE_ARCHIVE_KEY.test(object.key) || dotSegment) {
      report(`s3: unsafe key ${JSON.stringify(object.key.slice(0, 200))}`);
    }
    if (!bySha.has(object.sha256)) {
      report(`s3: object ${object.key} matches no input byte for byte`);
    }
  }
  for (const input of data.inputs) {
    const n = objects.get(input.sha256) ?? 0;
    if (n !== 1)
      report(`s3: ${n} objects hold ${input.kind} ${input.sha256.slice(0, 12)} byte for byte`);
  }
  return { problems, objects: kept.length, ignoredObjects: ignored.length };
}
