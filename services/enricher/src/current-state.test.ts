import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type CurrentEntry,
  currentEntryCodec,
  decideCurrent,
  EARLIER_VERSIONS_KEPT,
  type IncomingVersion,
  statedOrder,
} from "./current-state.js";

const OPTIONS = { maxDuplicateBits: 3, now: 1_000 };

/** Fingerprints far apart (32 bits): different texts. */
const TEXT_A = "0000000000000000";
const TEXT_B = "00000000ffffffff";
const TEXT_C = "ffffffff00000000";
const TEXT_D = "ffffffffffffffff";

function version(id: string, overrides: Partial<IncomingVersion> = {}): IncomingVersion {
  return {
    id,
    version: null,
    versionTime: null,
    pubStatus: "usable",
    signal: "new",
    fingerprint: TEXT_A,
    supersedes: null,
    ...overrides,
  };
}

/** Runs versions through the state step in arrival order; the held entry and every decision. */
function run(versions: readonly IncomingVersion[]) {
  let held: CurrentEntry | undefined;
  const decisions = versions.map((v, i) => {
    const decision = decideCurrent(held, v, { ...OPTIONS, now: 1_000 + i });
    if (decision.entry) held = decision.entry;
    return decision;
  });
  return { held, decisions };
}

describe("statedOrder", () => {
  it("orders by version number first, then by version time, and leaves the rest unordered", () => {
    const t1 = "2024-05-17T08:00:00Z";
    const t2 = "2024-05-17T09:30:00+01:00"; // 08:30 UTC: later than t1
    expect(statedOrder({ version: 3, versionTime: t1 }, { version: 2, versionTime: t2 })).toBe(
      "newer",
    );
    expect(statedOrder({ version: 2, versionTime: t2 }, { version: 2, versionTime: t1 })).toBe(
      "newer",
    );
    expect(statedOrder({ version: null, versionTime: t1 }, { version: 4, versionTime: t2 })).toBe(
      "older",
    );
    expect(statedOrder({ version: 2, versionTime: null }, { version: 2, versionTime: t1 })).toBe(
      "unordered",
    );
    expect(
      statedOrder({ version: null, versionTime: "not a time" }, { version: null, versionTime: t1 }),
    ).toBe("unordered");
  });
});

describe("decideCurrent", () => {
  it("makes the first version of a key current, replacing nothing", () => {
    const decision = decideCurrent(undefined, version("a", { version: 1 }), OPTIONS);
    expect(decision).toMatchObject({ outcome: "current", supersedes: null, duplicateOf: null });
    expect(decision.entry).toMatchObject({
      current: { id: "a", version: 1 },
      earlier: [],
      since: 1_000,
      tombstoned: false,
    });
  });

  it("makes a higher version current, superseding the one held", () => {
    const { decisions, held } = run([
      version("a", { version: 1 }),
      version("b", { version: 2, signal: "update", fingerprint: TEXT_B }),
    ]);
    expect(decisions[1]).toMatchObject({ outcome: "current", supersedes: "a" });
    expect(held?.current.id).toBe("b");
    expect(held?.earlier.map((v) => v.id)).toEqual(["a"]);
  });

  it("never lets a late older version replace a newer one, and remembers it", () => {
    const { decisions, held } = run([
      version("b", { version: 2, fingerprint: TEXT_B }),
      version("a", { version: 1 }),
    ]);
    expect(decisions[1]).toMatchObject({ outcome: "late", supersedes: null, duplicateOf: null });
    expect(held?.current.id).toBe("b");
    expect(held?.earlier.map((v) => v.id)).toEqual(["a"]);
  });

  it("changes nothing for the same bytes again, and publishes them as the first time", () => {
    const first = version("a", { version: 1 });
    const second = version("b", { version: 2, fingerprint: TEXT_B });
    const { decisions } = run([first, second, second, first]);
    expect(decisions[2]).toEqual({
      outcome: "replay",
      supersedes: "a",
      duplicateOf: null,
      entry: undefined,
    });
    expect(decisions[3]).toEqual({
      outcome: "replay",
      supersedes: null,
      duplicateOf: null,
      entry: undefined,
    });
  });

  it("marks a re-send with trivial changes duplicateOf the version held, and no new version", () => {
    const { decisions, held } = run([
      version("a", { version: 3, fingerprint: "00000000000000f0" }),
      version("a-resent", { version: 3, fingerprint: "00000000000000f3" }), // 2 bits apart
    ]);
    expect(decisions[1]).toEqual({
      outcome: "duplicate",
      supersedes: null,
      duplicateOf: "a",
      entry: undefined,
    });
    expect(held?.current.id).toBe("a");
  });

  it("marks a re-send of an earlier version duplicateOf that version", () => {
    const { decisions } = run([
      version("a", { version: 1 }),
      version("b", { version: 2, fingerprint: TEXT_B }),
      version("a-again", { version: 1, fingerprint: "0000000000000001" }),
    ]);
    expect(decisions[2]).toMatchObject({ outcome: "duplicate", duplicateOf: "a" });
  });

  it("does not call a near-identical text a duplicate when it is another version, a correction or a kill", () => {
    const held = version("a", { version: 2, fingerprint: TEXT_C });
    const near = "ffffffff00000001";
    const cases: [string, Partial<IncomingVersion>][] = [
      ["higher version", { version: 3 }],
      ["correction", { version: 2, signal: "correction" }],
      ["kill", { version: 2, pubStatus: "canceled", signal: "kill" }],
    ];
    for (const [name, overrides] of cases) {
      const { decisions } = run([held, version(name, { fingerprint: near, ...overrides })]);
      expect(decisions[1]?.outcome, name).toBe("current");
      expect(decisions[1]?.duplicateOf, name).toBeNull();
    }
    const beyond = run([held, version("far", { version: 2, fingerprint: "ffffffff0000000f" })]);
    expect(beyond.decisions[1]?.outcome).not.toBe("duplicate");
  });

  it("publishes a kill as the current story, and a late older version cannot resurrect it", () => {
    const { decisions, held } = run([
      version("v1", { version: 1 }),
      version("kill", {
        version: null,
        pubStatus: "canceled",
        signal: "kill",
        fingerprint: TEXT_B,
      }),
      version("v2", { version: 2, fingerprint: TEXT_C }),
    ]);
    expect(decisions[1]).toMatchObject({ outcome: "current", supersedes: "v1" });
    expect(decisions[2]).toMatchObject({ outcome: "late" });
    expect(held?.current).toMatchObject({ id: "kill", pubStatus: "canceled" });
  });

  it("lets a re-issue the copy states is later replace a kill", () => {
    const { held } = run([
      version("v1", { version: 1 }),
      version("kill", { version: 2, pubStatus: "canceled", signal: "kill", fingerprint: TEXT_B }),
      version("v3", { version: 3, signal: "update", fingerprint: TEXT_C }),
    ]);
    expect(held?.current).toMatchObject({ id: "v3", pubStatus: "usable" });
  });

  it("takes a withheld story further off the wire with a kill, never back by arrival alone", () => {
    const withheld = version("w", { pubStatus: "withheld", signal: "withhold" });
    const kill = version("k", { pubStatus: "canceled", signal: "kill", fingerprint: TEXT_B });
    const usable = version("u", { fingerprint: TEXT_C });
    expect(run([withheld, kill]).held?.current.id).toBe("k");
    expect(run([kill, withheld]).held?.current.id).toBe("k");
    expect(run([withheld, usable]).held?.current.id).toBe("w");
    expect(run([usable, withheld]).held?.current.id).toBe("w");
  });

  it("lets the later arrival win when the copy states no order", () => {
    const { decisions, held } = run([
      version("first", { fingerprint: TEXT_A }),
      version("second", { fingerprint: TEXT_D }),
    ]);
    expect(decisions[1]).toMatchObject({ outcome: "current", supersedes: "first" });
    expect(held?.current.id).toBe("second");
  });

  it("keeps a bounded number of earlier versions", () => {
    const chain = Array.from({ length: EARLIER_VERSIONS_KEPT + 5 }, (_, i) =>
      version(`v${i}`, {
        version: i + 1,
        fingerprint: (BigInt(i) * 0x0f0f0f0f0f0f0f0fn).toString(16).padStart(16, "0").slice(-16),
      }),
    );
    const { held } = run(chain);
    expect(held?.current.id).toBe(`v${chain.length - 1}`);
    expect(held?.earlier).toHaveLength(EARLIER_VERSIONS_KEPT);
    expect(held?.earlier[0]?.id).toBe(`v${chain.length - 2}`);
  });

  /**
   * The promise stories.current makes: where the copy states the order (version numbers,
   * version times), the arrival order does not change which version ends up current, whatever
   * mix of updates, corrections, a kill, re-sends and replays arrives.
   */
  it("gives the same current version for any arrival order of a chain that states its order", () => {
    const chainArbitrary = fc
      .record({
        length: fc.integer({ min: 1, max: 6 }),
        killAt: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
        killUnnumbered: fc.boolean(),
        resends: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
        replays: fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }),
        seed: fc.integer(),
      })
      .chain((spec) => {
        const versions: IncomingVersion[] = [];
        for (let i = 0; i < spec.length; i++) {
          const kill = spec.killAt === i;
          versions.push(
            version(`v${i}`, {
              version: kill && spec.killUnnumbered ? null : i + 1,
              versionTime: new Date(Date.UTC(2024, 4, 17, 8, i)).toISOString(),
              pubStatus: kill ? "canceled" : "usable",
              signal: kill ? "kill" : i === 0 ? "new" : "update",
              fingerprint: (BigInt(i + 1) * 0x1f3d5b79a2c4e6f1n)
                .toString(16)
                .padStart(16, "0")
                .slice(-16),
            }),
          );
        }
        const extra: IncomingVersion[] = [];
        for (const at of spec.resends) {
          const original = versions[at % versions.length];
          if (!original) continue;
          const flipped = (BigInt(`0x${original.fingerprint}`) ^ 1n).toString(16).padStart(16, "0");
          extra.push({
            ...original,
            id: `${original.id}-resent-${extra.length}`,
            fingerprint: flipped,
          });
        }
        for (const at of spec.replays) {
          const original = versions[at % versions.length];
          if (original) extra.push(original);
        }
        const all = [...versions, ...extra];
        return fc.tuple(fc.constant(versions), fc.shuffledSubarray(all, { minLength: all.length }));
      });
    fc.assert(
      fc.property(chainArbitrary, ([versions, shuffled]) => {
        // The stated last: the highest version number, then time; an unnumbered kill is ordered
        // by its time among the rest.
        const expected = [...versions].sort((a, b) =>
          statedOrder(a, b) === "newer" ? 1 : statedOrder(a, b) === "older" ? -1 : 0,
        )[versions.length - 1];
        const inOrder = run(versions).held?.current;
        const anyOrder = run(shuffled).held?.current;
        // A re-send may stand in for its original (same version, same text): compare versions.
        const same = (v: typeof inOrder) => v && { version: v.version, status: v.pubStatus };
        expect(same(inOrder)).toEqual(same(expected && { ...expected, supersedes: null }));
        expect(same(anyOrder)).toEqual(same(inOrder));
      }),
      { numRuns: 400 },
    );
  });
});

describe("currentEntryCodec", () => {
  it("round-trips an entry and refuses bytes that are not one", () => {
    const entry = decideCurrent(undefined, version("a", { version: 1 }), OPTIONS).entry;
    if (!entry) throw new Error("no entry");
    const bytes = Buffer.from(currentEntryCodec.encode(entry));
    expect(currentEntryCodec.decode(bytes, "k")).toEqual(entry);
    expect(() => currentEntryCodec.decode(Buffer.from('{"format":2}'), "k")).toThrow();
    expect(() => currentEntryCodec.decode(Buffer.from("not json"), "k")).toThrow();
  });
});
