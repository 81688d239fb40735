import { HEADERS } from "@newswire/schemas";
import { beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../support/pipeline.js";
import { PrivateStack } from "../support/private-stack.js";
import { registerCleanup, startPipeline } from "../support/resources.js";
import { SERVICES, type ServiceProcess } from "../support/service-process.js";
import { testLog, throttled } from "../support/test-log.js";
import { type WireInput, WireInputFactory } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

const log = testLog("faults:outages");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const BROKER_DOWN_MS = 15_000;

async function readyz(service: ServiceProcess): Promise<{ status: number; body: string }> {
  const response = await fetch(`${service.healthUrl}/readyz`, {
    signal: AbortSignal.timeout(3_000),
  });
  return { status: response.status, body: await response.text() };
}
const S3_DOWN_MS = 20_000;

/**
 * Broker and S3 outages on a stack of their own (stopping the shared broker would break other
 * tests). The services are never restarted by hand: they must heal on their own.
 */
describe("broker and S3 outages mid-stream", () => {
  const stack = new PrivateStack();
  let pipeline: Pipeline;
  const factory = new WireInputFactory();
  const sent: WireInput[] = [];

  beforeAll(async () => {
    // Cleanups run last-registered first: the pipeline is destroyed before its stack stops.
    registerCleanup(() => stack.stop());
    await stack.start();
    pipeline = await startPipeline({ stack: stack.connection, name: "faults-outages" });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}, stack ${stack.dir}`);
  });

  const send = async (inputs: WireInput[]) => {
    await sendOnce(pipeline.kafka, pipeline.topics.raw, inputs, { batchSize: 25 });
    sent.push(...inputs);
  };

  it("broker down ~15 s mid-stream: the services recover by themselves, conservation holds", async () => {
    const inputs = factory.mix({ valid: 1_500, invalid: 60, maxOversize: 1 });
    const half = Math.floor(inputs.length * 0.6);
    // A backlog the services are busy with when the broker dies; the feed pauses during the
    // outage (a feed retrying on its own could duplicate records on wire.raw, which is not what
    // is under test), then sends the rest.
    await send(inputs.slice(0, half));
    await sleep(3_000);
    const lagBefore = await pipeline.lag();
    log(`lag when the broker dies: ${JSON.stringify(lagBefore)}`);
    const killedAt = Date.now();
    const pid = stack.kill("kafka");
    await stack.waitGone(pid);
    // Every service says it cannot work while the broker is gone (its lag reading fails).
    for (const service of SERVICES) {
      await expect
        .poll(() => readyz(pipeline.services[service]), { timeout: 12_000, interval: 250 })
        .toMatchObject({ status: 503, body: expect.stringContaining("kafka:") });
    }
    log(`every service unready ${Date.now() - killedAt} ms after the broker died`);
    await sleep(Math.max(0, killedAt + BROKER_DOWN_MS - Date.now()));
    const restarted = stack.restart();
    await stack.waitListening("kafka");
    log(`broker (kill -9) listening again after ${Date.now() - killedAt} ms`);
    await restarted;
    log(`broker ready (stack.sh probe) after ${Date.now() - killedAt} ms`);
    await send(inputs.slice(half));

    const result = await pipeline.conservation(sent, {
      timeoutMs: 300_000,
      onProgress: throttled(log),
    });
    log(JSON.stringify(result.figures));
    expect(result.problems).toEqual([]);
    for (const service of SERVICES) {
      expect(pipeline.services[service].starts).toBe(1);
      expect(pipeline.services[service].crashes).toEqual([]);
      expect((await readyz(pipeline.services[service])).status, service).toBe(200);
    }
    // The outage really hit the pipeline mid-stream.
    expect(Object.values(lagBefore).some((n) => n > 0)).toBe(true);
  });

  it("S3 down ~20 s mid-stream: the archiver backs off and resumes, nothing to the DLQ", async () => {
    const inputs = factory.mix({ valid: 1_200, invalid: 40, maxOversize: 1 });
    await send(inputs.slice(0, 600));
    await sleep(2_000);
    const killedAt = Date.now();
    const pid = stack.kill("s3proxy", "SIGTERM");
    await stack.waitGone(pid);
    // The stream goes on while S3 is down: only the archiver has to wait. Its lag is read now, not
    // before the kill: a fast archiver may have caught up by then, but it cannot while S3 is down.
    await send(inputs.slice(600));
    const lagBefore = await pipeline.lag();
    log(`lag while S3 is down: ${JSON.stringify(lagBefore)}`);
    await sleep(Math.max(0, killedAt + S3_DOWN_MS - Date.now()));
    const restarted = stack.restart();
    await stack.waitListening("s3proxy");
    log(`S3 listening again after ${Date.now() - killedAt} ms`);
    await restarted;

    const result = await pipeline.conservation(sent, {
      timeoutMs: 300_000,
      onProgress: throttled(log),
      // S3Proxy's filesystem store writes a PUT to "<key>-<uuid>" and renames it when done; a
      // server stopped mid-PUT leaves that file, and lists it as an object. Real S3 has no such
      // thing; the archiver's retried PUT of the real key is what is checked.
      ignoreObject: (key) =>
        /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key),
    });
    log(JSON.stringify(result.figures));
    expect(result.problems).toEqual([]);
    for (const service of SERVICES) {
      expect(pipeline.services[service].starts).toBe(1);
      expect(pipeline.services[service].crashes).toEqual([]);
    }
    expect(lagBefore.archiver).toBeGreaterThan(0);
    // The archiver saw the outage and retried, and sent nothing to the DLQ.
    const archiverLog = pipeline.services.archiver.log();
    expect(archiverLog).toMatch(/retry/i);
    const dlq = await pipeline.drain(sent, { timeoutMs: 60_000, settleMs: 0 });
    expect(dlq.dlq.filter((r) => r.headers[HEADERS.failedStage] === "archiver")).toEqual([]);
  });
});
