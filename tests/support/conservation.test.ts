import { HEADERS } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { type ConservationInput, checkArchive, checkConservation } from "./conservation.js";
import type { S3Object } from "./s3-objects.js";
import type { ReadRecord } from "./topic-reader.js";
import { type WireInput, wireInput } from "./wire-inputs.js";

// The conservation rule is what every fault test trusts; these cases show it catches each way a
// pipeline can lose, duplicate or misplace a record (and does not cry wolf on a clean run).

const input = (n: number, expect: "story" | "dlq"): WireInput =>
  wireInput({
    kind: `${expect}-${n}`,
    value: Buffer.from(`wire copy number ${n}`),
    feed: "feed-a",
    receivedAt: "2026-01-01T00:00:00Z",
    expect,
  });

let offset = 0;
const record = (value: Buffer | null, key: string | null, headers = {}): ReadRecord => ({
  partition: 0,
  offset: String(offset++),
  timestamp: 0,
  receivedAt: 0,
  key,
  value,
  headers,
});
const raw = (i: WireInput) => record(i.value, null, i.headers);
const story = (i: WireInput, id = `id-${i.sha256.slice(0, 8)}`) =>
  record(Buffer.from(JSON.stringify({ id, source: { sha256: i.sha256 } })), id);
/** `code` null: a dead letter without the header. */
const dead = (i: WireInput, code: string | null = "NOT_A_STORY") =>
  record(i.value, null, code === null ? {} : { [HEADERS.errorCode]: code });
const object = (i: WireInput, key = `originals/2026/01/01/feed-a/${i.sha256.slice(0, 16)}.txt`) =>
  ({ key, sha256: i.sha256, size: i.value.length, metadata: {} }) satisfies S3Object;

const good = input(1, "story");
const other = input(2, "story");
const bad = input(3, "dlq");
const inputs = [good, other, bad];

/** A run where everything went right; each case breaks one thing. */
function cleanRun(): ConservationInput {
  return {
    inputs,
    raw: inputs.map(raw),
    stories: [story(good), story(other)],
    dlq: [dead(bad)],
    objects: inputs.map((i) => object(i)),
  };
}

describe("checkConservation", () => {
  it("finds nothing wrong in a run where every input has exactly its one outcome", () => {
    const result = checkConservation(cleanRun());
    expect(result.problems).toEqual([]);
    expect(result.figures).toMatchObject({ inputs: 3, valid: 2, invalid: 1, stories: 2, dlq: 1 });
  });

  it("leaves S3 out for a run without an archiver, and checks it alone with checkArchive", () => {
    const run = { ...cleanRun(), objects: [] };
    expect(checkConservation({ ...run, archive: false }).problems).toEqual([]);
    expect(checkConservation(run).problems.join("\n")).toMatch(/s3: 0 objects hold/);
    const objects = cleanRun().objects;
    expect(checkArchive(inputs, objects).problems).toEqual([]);
    expect(
      checkArchive(inputs, [
        ...objects,
        object(good, "originals/2026/01/01/feed-a/twice.txt"),
      ]).problems.join("\n"),
    ).toMatch(/s3: 2 objects hold/);
  });

  it.each([
    [
      "a story published twice",
      (r: ConservationInput) => ({ ...r, stories: [...r.stories, story(good)] }),
      /published 2 times/,
    ],
    [
      "a valid input lost",
      (r: ConservationInput) => ({ ...r, stories: [story(other)] }),
      /lost: valid/,
    ],
    ["an invalid input lost", (r: ConservationInput) => ({ ...r, dlq: [] }), /lost: invalid/],
    [
      "a bad input published as a story",
      (r: ConservationInput) => ({ ...r, stories: [...r.stories, story(bad)] }),
      /became a story/,
    ],
    [
      "a valid input dead-lettered",
      (r: ConservationInput) => ({ ...r, dlq: [...r.dlq, dead(good)] }),
      /valid .* dead-lettered/,
    ],
    [
      "a bad input dead-lettered twice",
      (r: ConservationInput) => ({ ...r, dlq: [dead(bad), dead(bad)] }),
      /dead-lettered 2 times/,
    ],
    [
      "a dead letter without its error-code",
      (r: ConservationInput) => ({ ...r, dlq: [dead(bad, null)] }),
      /no error-code header/,
    ],
    [
      "a story keyed by something else than its id",
      (r: ConservationInput) => ({
        ...r,
        stories: [{ ...story(good), key: "other" }, story(other)],
      }),
      /is not the story id/,
    ],
    [
      "an input twice on wire.raw",
      (r: ConservationInput) => ({ ...r, raw: [...r.raw, raw(good)] }),
      /wire\.raw holds 2 copies/,
    ],
    [
      "an original missing from S3",
      (r: ConservationInput) => ({ ...r, objects: r.objects.slice(1) }),
      /s3: 0 objects hold/,
    ],
    [
      "an original archived under two keys",
      (r: ConservationInput) => ({
        ...r,
        objects: [...r.objects, object(good, "originals/2026/01/01/feed-a/again.txt")],
      }),
      /s3: 2 objects hold/,
    ],
    [
      "an object whose bytes match no input",
      (r: ConservationInput) => ({
        ...r,
        objects: [
          ...r.objects,
          { ...object(good, "originals/2026/01/01/feed-a/x.txt"), sha256: "0".repeat(64) },
        ],
      }),
      /matches no input/,
    ],
    [
      "an unsafe archive key",
      (r: ConservationInput) => ({
        ...r,
        objects: [object(good, "originals/2026/01/01/../etc/passwd.txt"), ...r.objects.slice(1)],
      }),
      /unsafe key/,
    ],
  ] as const)("reports %s", (_what, breakRun, problem) => {
    const result = checkConservation(breakRun(cleanRun()));
    expect(
      result.problems.some((p) => problem.test(p)),
      result.problems.join("\n"),
    ).toBe(true);
  });

  it("leaves ignored objects out of the S3 checks and counts them", () => {
    const run = cleanRun();
    const leftover = {
      ...object(good, "originals/2026/01/01/feed-a/partial-upload"),
      sha256: "f".repeat(64),
    };
    const result = checkConservation({
      ...run,
      objects: [...run.objects, leftover],
      ignoreObject: (key) => key.endsWith("partial-upload"),
    });
    expect(result.problems).toEqual([]);
    expect(result.figures.ignoredObjects).toBe(1);
  });

  it("caps the list of problems so a broken run stays readable", () => {
    const many = Array.from({ length: 50 }, (_, n) => input(100 + n, "story"));
    const result = checkConservation({ inputs: many, raw: [], stories: [], dlq: [], objects: [] });
    expect(result.problems).toHaveLength(21);
    expect(result.problems.at(-1)).toMatch(/more problems left out/);
  });
});
