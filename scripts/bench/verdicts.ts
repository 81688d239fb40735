/**
 * What `npm run bench` judges, as data: the targets of issue 14 (measured in one run on the
 * 2-core team machine) and the one condition that makes a run meaningless. NaN = not measured
 * (its phase did not run).
 */
export interface BenchFigures {
  /** Valid stories/s through normalizer + enricher. */
  e2ePerSec: number;
  /** Records/s through the two bare pass-through hops: the ceiling. */
  ceilingPerSec: number;
  /** CPU ms per input of the two services together, and of the two bare hops together. */
  servicesCpuPerInput: number;
  bareCpuPerInput: number;
  /** Objects/s of the archiver, and of a bare PutObject loop of the same bytes. */
  archivePerSec: number;
  barePutPerSec: number;
  /** p99 send -> stories.enriched latency, at `offeredPerSec`. */
  p99Ms: number;
  offeredPerSec: number;
  /** Peak RSS (VmHWM) by service, MB. */
  peakRssMb: Readonly<Record<string, number>>;
}

export type TargetState = "met" | "MISSED" | "not measured";

export interface Target {
  name: string;
  /** The figure judged (NaN when its phase did not run). */
  value: (f: BenchFigures) => number;
  met: (value: number) => boolean;
  digits: number;
  /** When the figure was measured under other conditions than the target's, why. */
  notApplicable?: (f: BenchFigures) => string | undefined;
}

/** The latency target holds at this offered rate; a run at another rate is not judged by it. */
export const LATENCY_TARGET_RATE = 100;

const maxOf = (values: Readonly<Record<string, number>>): number => {
  const all = Object.values(values);
  return all.length === 0 ? Number.NaN : Math.max(...all);
};

export const TARGETS: readonly Target[] = [
  {
    name: "e2e >= 85% of the ceiling",
    value: (f) => f.e2ePerSec / f.ceilingPerSec,
    met: (v) => v >= 0.85,
    digits: 2,
    notApplicable: (f) => (invalidRun(f) === undefined ? undefined : "above 1: no ceiling"),
  },
  {
    name: "services <= 1.5x the CPU per input of the bare hops",
    value: (f) => f.servicesCpuPerInput / f.bareCpuPerInput,
    met: (v) => v <= 1.5,
    digits: 2,
  },
  {
    name: "archive >= 90% of the bare PUT rate",
    value: (f) => f.archivePerSec / f.barePutPerSec,
    met: (v) => v >= 0.9,
    digits: 2,
  },
  {
    name: `p99 <= 200 ms at ${LATENCY_TARGET_RATE} stories/s`,
    value: (f) => f.p99Ms,
    met: (v) => v <= 200,
    digits: 0,
    notApplicable: (f) =>
      Math.abs(f.offeredPerSec - LATENCY_TARGET_RATE) > LATENCY_TARGET_RATE * 0.1
        ? `offered ${f.offeredPerSec.toFixed(1)} stories/s, not ${LATENCY_TARGET_RATE}`
        : undefined,
  },
  {
    name: "every service < 150 MB RSS",
    value: (f) => maxOf(f.peakRssMb),
    met: (v) => v < 150,
    digits: 0,
  },
];

export interface Verdict {
  name: string;
  state: TargetState;
  value: number;
  line: string;
}

/** Each target met, missed or not measured, with its number. */
export function judge(figures: BenchFigures, targets: readonly Target[] = TARGETS): Verdict[] {
  return targets.map((target) => {
    const value = target.value(figures);
    const reason = Number.isFinite(value)
      ? target.notApplicable?.(figures)
      : "its phase did not run";
    const state: TargetState =
      reason !== undefined ? "not measured" : target.met(value) ? "met" : "MISSED";
    const shown = Number.isFinite(value) ? value.toFixed(target.digits) : "-";
    const line = `target ${target.name}: ${state} (${shown}${reason ? `; ${reason}` : ""})`;
    return { name: target.name, state, value, line };
  });
}

/**
 * Why the run measured nothing, or undefined. The ceiling is two bare hops with the services'
 * own commit strategy: a pipeline faster than that means the ceiling is broken, and every ratio
 * against it is meaningless.
 */
export function invalidRun(figures: BenchFigures): string | undefined {
  const ratio = figures.e2ePerSec / figures.ceilingPerSec;
  if (Number.isFinite(ratio) && ratio > 1) {
    return `e2e_ratio ${ratio.toFixed(2)} > 1.0: the pipeline (${figures.e2ePerSec.toFixed(0)}/s) beat its own ceiling (${figures.ceilingPerSec.toFixed(0)}/s), so the ceiling measures nothing`;
  }
  return undefined;
}

/**
 * The service whose CPU per input exceeds its bare hop's the most: where the pipeline's
 * overhead over Kafka's own cost sits. `services` and `bare` are CPU ms per input, in hop order.
 */
export function bottleneck(
  services: readonly { name: string; cpuPerInput: number }[],
  bare: readonly number[],
): string | undefined {
  let worst: { name: string; excess: number; cpu: number; hop: number } | undefined;
  services.forEach((service, i) => {
    const hop = bare[i] ?? Number.NaN;
    const excess = service.cpuPerInput - (Number.isFinite(hop) ? hop : 0);
    if (worst === undefined || excess > worst.excess) {
      worst = { name: service.name, excess, cpu: service.cpuPerInput, hop };
    }
  });
  if (worst === undefined) return undefined;
  const perThousand = (ms: number) => `${Math.round(ms * 1000)} ms`;
  const against = Number.isFinite(worst.hop)
    ? `, ${perThousand(worst.excess)} over its bare hop's ${perThousand(worst.hop)}`
    : "";
  return `bottleneck: ${worst.name} (${perThousand(worst.cpu)} CPU per 1,000 inputs${against})`;
}
