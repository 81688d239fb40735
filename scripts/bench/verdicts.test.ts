import { describe, expect, it } from "vitest";
import { type BenchFigures, bottleneck, invalidRun, judge } from "./verdicts.js";

/** A run that meets every target; each case changes one figure. */
const passing: BenchFigures = {
  e2ePerSec: 900,
  ceilingPerSec: 1000,
  servicesCpuPerInput: 0.6,
  bareCpuPerInput: 0.5,
  archivePerSec: 950,
  barePutPerSec: 1000,
  p99Ms: 150,
  offeredPerSec: 99.6,
  peakRssMb: { normalizer: 120, enricher: 130, archiver: 140 },
};

const states = (figures: BenchFigures) =>
  Object.fromEntries(judge(figures).map((v) => [v.name, v.state]));

describe("bench verdicts", () => {
  it("says met for every target of a run that meets them, with the number on each line", () => {
    const verdicts = judge(passing);
    expect(verdicts.map((v) => v.state)).toEqual(["met", "met", "met", "met", "met"]);
    expect(verdicts.map((v) => v.line)).toEqual([
      "target e2e >= 85% of the ceiling: met (0.90)",
      "target services <= 1.5x the CPU per input of the bare hops: met (1.20)",
      "target archive >= 90% of the bare PUT rate: met (0.95)",
      "target p99 <= 200 ms at 100 stories/s: met (150)",
      "target every service < 150 MB RSS: met (140)",
    ]);
  });

  it.each([
    ["e2e >= 85% of the ceiling", { e2ePerSec: 840 }],
    ["services <= 1.5x the CPU per input of the bare hops", { servicesCpuPerInput: 0.76 }],
    ["archive >= 90% of the bare PUT rate", { archivePerSec: 899 }],
    ["p99 <= 200 ms at 100 stories/s", { p99Ms: 201 }],
    ["every service < 150 MB RSS", { peakRssMb: { normalizer: 120, enricher: 150 } }],
  ] as const)("says MISSED for %s just past its bound", (name, change) => {
    expect(states({ ...passing, ...change })[name]).toBe("MISSED");
  });

  it("says not measured for a phase that did not run, and for latency at another rate", () => {
    const verdicts = judge({ ...passing, ceilingPerSec: Number.NaN, offeredPerSec: 50 });
    expect(verdicts[0]?.line).toBe(
      "target e2e >= 85% of the ceiling: not measured (-; its phase did not run)",
    );
    expect(verdicts[3]?.line).toBe(
      "target p99 <= 200 ms at 100 stories/s: not measured (150; offered 50.0 stories/s, not 100)",
    );
  });

  it("does not call e2e >= 85% met when the pipeline beat its ceiling", () => {
    expect(judge({ ...passing, e2ePerSec: 1725, ceilingPerSec: 1133 })[0]?.line).toBe(
      "target e2e >= 85% of the ceiling: not measured (1.52; above 1: no ceiling)",
    );
  });

  it("calls a run whose pipeline beat its own ceiling invalid, and only that", () => {
    expect(invalidRun(passing)).toBeUndefined();
    expect(invalidRun({ ...passing, e2ePerSec: 1000 })).toBeUndefined();
    expect(invalidRun({ ...passing, ceilingPerSec: Number.NaN })).toBeUndefined();
    expect(invalidRun({ ...passing, e2ePerSec: 1725, ceilingPerSec: 1133 })).toBe(
      "e2e_ratio 1.52 > 1.0: the pipeline (1725/s) beat its own ceiling (1133/s), so the ceiling measures nothing",
    );
  });

  it("names as bottleneck the service with the most CPU over its bare hop", () => {
    const services = [
      { name: "normalizer", cpuPerInput: 0.54 },
      { name: "enricher", cpuPerInput: 0.47 },
    ];
    expect(bottleneck(services, [0.22, 0.28])).toBe(
      "bottleneck: normalizer (540 ms CPU per 1,000 inputs, 320 ms over its bare hop's 220 ms)",
    );
    expect(bottleneck(services, [0.4, 0.1])).toMatch(/^bottleneck: enricher /);
    expect(bottleneck(services, [])).toBe("bottleneck: normalizer (540 ms CPU per 1,000 inputs)");
  });
});
