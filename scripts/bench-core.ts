/**
 * processWire throughput on one core: the whole corpus (good and bad inputs) and the seed story
 * alone. Prints figures; not a test. `npm run bench:core`
 */
import { readdirSync, readFileSync } from "node:fs";
import { isRejection, processWire } from "@newswire/core";

const corpusDir = new URL("../tests/fixtures/corpus/", import.meta.url);
const expected = JSON.parse(readFileSync(new URL("expected.json", corpusDir), "utf8")) as Record<
  string,
  { receivedAt?: string }
>;
const inputs = Object.entries(expected).map(([file, e]) => ({
  file,
  bytes: readFileSync(new URL(file, corpusDir)),
  meta: { receivedAt: e.receivedAt ?? "2024-01-01T00:00:00Z", feed: "bench" },
}));
const seed = inputs.filter((i) => i.file.startsWith("01-"));
if (seed.length !== 1 || readdirSync(corpusDir).length === 0) throw new Error("corpus not found");

function bench(name: string, set: typeof inputs, seconds: number): void {
  // warm-up: let the JIT settle before timing
  const warmUntil = performance.now() + 1000;
  while (performance.now() < warmUntil) for (const i of set) processWire(i.bytes, i.meta);
  let stories = 0;
  let rejected = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) {
    for (const i of set) {
      if (isRejection(processWire(i.bytes, i.meta))) rejected++;
      stories++;
    }
  }
  const elapsed = (performance.now() - start) / 1000;
  const rate = stories / elapsed;
  console.log(
    `${name.padEnd(28)} ${Math.round(rate).toLocaleString("en-US").padStart(9)} stories/s  ${((1e6 * elapsed) / stories).toFixed(1).padStart(8)} µs/story  (${stories} runs, ${rejected} rejections, ${elapsed.toFixed(1)} s)`,
  );
}

console.log(`node ${process.version}, one core, processWire (normalize + attribution)`);
bench(`corpus (${inputs.length} inputs)`, inputs, 5);
bench("seed 01-webdesk-xi-putin", seed, 5);
