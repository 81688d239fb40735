import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isRejection, processWire } from "../index.js";

const CORPUS = new URL("../../../../tests/fixtures/corpus/", import.meta.url);

interface Expectation {
  receivedAt?: string;
  agencies?: Record<string, string[]>;
  optionalRoles?: Record<string, string[]>;
  notAgencies?: string[];
  reject?: boolean;
}

const expected = JSON.parse(readFileSync(new URL("expected.json", CORPUS), "utf8")) as Record<
  string,
  Expectation
>;
const stories = Object.entries(expected).filter(
  ([, e]) => e.agencies !== undefined && e.reject !== true,
);

describe("agency attribution on the corpus", () => {
  it("covers every corpus story with attribution expectations", () => {
    expect(stories.length).toBeGreaterThanOrEqual(14);
  });

  it.each(stories)(
    "%s: required roles found, no other (agency, role) pair reported",
    (file, exp) => {
      const bytes = new Uint8Array(readFileSync(new URL(file, CORPUS)));
      const story = processWire(bytes, { receivedAt: exp.receivedAt, feed: "corpus" });
      if (isRejection(story)) throw new Error(`${file} was rejected: ${story.message}`);
      const reported = new Set(story.agencies.flatMap((a) => a.roles.map((r) => `${a.id}:${r}`)));
      const required = Object.entries(exp.agencies ?? {}).flatMap(([id, roles]) =>
        roles.map((r) => `${id}:${r}`),
      );
      const optional = Object.entries(exp.optionalRoles ?? {}).flatMap(([id, roles]) =>
        roles.map((r) => `${id}:${r}`),
      );
      for (const pair of required) expect(reported).toContain(pair);
      const allowed = new Set([...required, ...optional]);
      expect([...reported].filter((p) => !allowed.has(p))).toEqual([]);
      for (const id of exp.notAgencies ?? [])
        expect(story.agencies.map((a) => a.id)).not.toContain(id);
      for (const a of story.agencies) expect(a.evidence.length).toBeGreaterThan(0);
    },
  );
});
