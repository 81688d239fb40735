import { beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../support/pipeline.js";
import { startPipeline } from "../support/resources.js";
import { SERVICES, type ServiceName } from "../support/service-process.js";
import { testLog, throttled } from "../support/test-log.js";
import { seededRandom, WireInputFactory } from "../support/wire-inputs.js";
import { connectWireProducer, sendInputs } from "../support/wire-producer.js";

const log = testLog("faults:crashes");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const VALID = 5_000;
const INVALID = 250;
const RATE_PER_SEC = 90;
const ROUNDS = 3;

describe("kill -9 of every service at random moments during a 5,000-story stream", () => {
  let pipeline: Pipeline;
  const factory = new WireInputFactory();
  const random = seededRandom(factory.seed + 1);

  beforeAll(async () => {
    pipeline = await startPipeline({ name: "faults-crashes" });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}`);
  });

  it("loses and duplicates nothing: conservation holds after 3 kills of each service", async () => {
    const inputs = factory.mix({ valid: VALID, invalid: INVALID, maxOversize: 2 });
    const streamMs = ((VALID + INVALID) / RATE_PER_SEC) * 1000;
    const producer = await connectWireProducer(pipeline.kafka);
    const streaming = sendInputs(producer, pipeline.topics.raw, inputs, {
      ratePerSec: RATE_PER_SEC,
      batchSize: 15,
    }).finally(() => producer.disconnect());

    // Each round, every service dies once at a random moment of that round's slice of the stream
    // and comes back after a random pause; the slices cover the stream, so kills land while
    // records are in flight (mid-transaction, mid-PUT, mid-rebalance).
    const kills: { service: ServiceName; atMs: number; downMs: number }[] = [];
    const slice = streamMs / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      for (const service of SERVICES) {
        kills.push({
          service,
          atMs: round * slice + random() * slice * 0.8,
          downMs: 200 + random() * 2_500,
        });
      }
    }
    const started = Date.now();
    const chaos = Promise.all(
      SERVICES.map(async (service) => {
        for (const kill of kills
          .filter((k) => k.service === service)
          .sort((a, b) => a.atMs - b.atMs)) {
          await sleep(Math.max(0, started + kill.atMs - Date.now()));
          const process = pipeline.services[service];
          const exit = await process.kill9();
          log(
            `kill -9 ${service} at ${Math.round(kill.atMs)} ms (signal ${exit.signal}); back in ${Math.round(kill.downMs)} ms`,
          );
          await sleep(kill.downMs);
          await process.start();
        }
      }),
    );
    await Promise.all([streaming, chaos]);
    log(`stream of ${inputs.length} sent in ${Date.now() - started} ms; draining`);

    const result = await pipeline.conservation(inputs, {
      timeoutMs: 360_000,
      onProgress: throttled(log),
    });
    log(JSON.stringify(result.figures));
    expect(result.problems).toEqual([]);
    for (const service of SERVICES) {
      const process = pipeline.services[service];
      expect(process.exits.filter((e) => e.signal === "SIGKILL").length).toBeGreaterThanOrEqual(
        ROUNDS,
      );
      expect(process.crashes).toEqual([]);
      expect(process.running).toBe(true);
    }
    expect(result.figures.valid).toBeGreaterThanOrEqual(5_000);
  });
});
