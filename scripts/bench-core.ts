/**
 * processWire throughput on one core: the whole corpus (good and bad inputs) and the seed story
 * alone, plus normalizeWire alone to show where the time goes. Prints figures; not a test.
 * `npm run bench:core`
 *
 * Rates are per CPU-second of this process (process.cpuUsage), so a busy machine slows the run
 * down without skewing the figure much; wall-clock rates are printed alongside.
 */
import { readFileSync } from "node:fs";
import { type NormalizeOptions, normalizeWire, processWire, type WireMeta } from "@newswire/core";

const corpusDir = new URL("../tests/fixtures/corpus/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", corpusDir), "utf8")) as Record<
  string,
  { receivedAt?: string }
>;
const inputs = Object.entries(expected).map(([file, e]) => ({
  file,
  bytes: new Uint8Array(readFileSync(new URL(file, corpusDir))),
  meta: { receivedAt: e.receivedAt ?? "2024-01-01T00:00:00Z", feed: "bench" },
}));
const seed = inputs.filter((i) => i.file.startsWith("01-"));
if (seed.length !== 1) throw new Error("seed story 01-webdesk-xi-putin.txt not found");

type Fn = (bytes: Uint8Array, meta: WireMeta, options?: NormalizeOptions) => unknown;

function bench(name: string, fn: Fn, set: typeof inputs, seconds: number): void {
  // warm-up: let the JIT settle before timing
  const warmUntil = performance.now() + 1000;
  while (performance.now() < warmUntil) for (const i of set) fn(i.bytes, i.meta);
  let stories = 0;
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const i of set) fn(i.bytes, i.meta);
    stories += set.length;
  }
  const wall = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpuStart);
  const cpu = (used.user + used.system) / 1e6;
  const perCpu = stories / cpu;
  console.log(
    `${name.padEnd(34)} ${Math.round(perCpu).toLocaleString("en-US").padStart(8)} stories/s ${((1e6 * cpu) / stories).toFixed(1).padStart(8)} µs/story (CPU)   wall: ${Math.round(
      stories / wall,
    )
      .toLocaleString("en-US")
      .padStart(7)} stories/s, ${stories} runs`,
  );
}

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
console.log(`node ${process.version}, one core; figures per CPU-second of this process`);
bench(`processWire corpus (${inputs.length} inputs)`, processWire, inputs, seconds);
bench("processWire seed 01-webdesk", processWire, seed, seconds);
bench(`normalizeWire corpus (${inputs.length} inputs)`, normalizeWire, inputs, seconds);
bench("normalizeWire seed 01-webdesk", normalizeWire, seed, seconds);
