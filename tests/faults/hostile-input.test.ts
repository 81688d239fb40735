import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { Pipeline } from "../support/pipeline.js";
import { stackConnection, startPipeline } from "../support/resources.js";
import { testLog, throttled } from "../support/test-log.js";
import { BAD_KINDS, type WireInput, WireInputFactory } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

const log = testLog("faults:hostile");

/** Every secret the pipelines below are given; none may appear in any captured log line. */
const S3_SECRET_NAME = "AWS_SECRET_ACCESS_KEY";

describe("poison mix, hostile metadata and secrets", () => {
  let pipeline: Pipeline;
  const factory = new WireInputFactory();
  const sent: WireInput[] = [];
  const saslPassword = `sasl-${randomUUID()}`;

  beforeAll(async () => {
    pipeline = await startPipeline({ name: "faults-hostile" });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}`);
  });

  const sendAndCheck = async (inputs: WireInput[]) => {
    await sendOnce(pipeline.kafka, pipeline.topics.raw, inputs, { batchSize: 25 });
    sent.push(...inputs);
    const result = await pipeline.conservation(sent, {
      timeoutMs: 240_000,
      onProgress: throttled(log, 5_000),
    });
    log(JSON.stringify(result.figures));
    expect(result.problems).toEqual([]);
    expect(pipeline.crashed()).toEqual([]);
  };

  it("10% poison of every kind: each bad input dead-lettered once, no crash, nothing lost", async () => {
    const inputs = factory.mix({ valid: 900, invalid: 100, badKinds: BAD_KINDS, maxOversize: 6 });
    const kinds = new Set(inputs.filter((i) => i.expect === "dlq").map((i) => i.kind));
    expect([...kinds].sort()).toEqual(BAD_KINDS.map((k) => `invalid:${k}`).sort());
    await sendAndCheck(inputs);
  });

  it("hostile wire-id, wire-source, received-at and content-type: safe keys, no crash", async () => {
    const inputs = factory.hostile();
    expect(inputs.length).toBeGreaterThan(40);
    await sendAndCheck(inputs);
    // checkConservation already holds every key to SAFE_ARCHIVE_KEY; the services also stay up.
    for (const service of pipeline.wanted) expect(pipeline.services[service].running).toBe(true);
  });

  it("a clean SIGTERM stops every service with exit code 0", async () => {
    const codes = await pipeline.stopAll();
    expect(codes).toEqual({ normalizer: 0, enricher: 0, archiver: 0 });
  });

  it("the S3 secret never appears in the captured logs", () => {
    const secret = pipeline.stack.s3.secretAccessKey;
    expect(secret.length).toBeGreaterThan(0);
    const logs = pipeline.logs();
    expect(logs.length).toBeGreaterThan(1_000);
    expect(logs.includes(secret)).toBe(false);
    expect(
      logs.includes(S3_SECRET_NAME) ? logs.match(/AWS_SECRET_ACCESS_KEY[^,}]*/g) : [],
    ).not.toContainEqual(expect.stringContaining(secret));
  });

  it("a SASL password and a wrong S3 secret never appear in logs, even when they fail (trace level)", async () => {
    const wrongS3Secret = `s3-${randomUUID()}`;
    const failing = new Pipeline({
      stack: stackConnection(),
      name: "secrets",
      env: {
        LOG_LEVEL: "trace",
        KAFKA_SASL_MECHANISM: "plain",
        KAFKA_SASL_USERNAME: "faults",
        KAFKA_SASL_PASSWORD: saslPassword,
        AWS_SECRET_ACCESS_KEY: wrongS3Secret,
        SHUTDOWN_TIMEOUT_MS: "3000",
      },
    });
    const onlyPassword = new Pipeline({
      stack: stackConnection(),
      name: "secrets-config",
      env: { LOG_LEVEL: "trace", KAFKA_SASL_PASSWORD: saslPassword },
      services: ["normalizer"],
    });
    const s3Only = new Pipeline({
      stack: stackConnection(),
      name: "secrets-s3",
      env: { LOG_LEVEL: "trace", AWS_SECRET_ACCESS_KEY: wrongS3Secret },
      services: ["archiver"],
    });
    try {
      // No topics are created here: the services try, and fail, on their own.
      for (const p of [failing, onlyPassword, s3Only]) {
        for (const s of p.wanted) await p.services[s].start();
      }
      // A SASL password without the rest of SASL is a config error: the service exits on its own.
      // Waiting for that exit (not a fixed pause) keeps this true on a loaded machine, where
      // starting Node alone can take seconds.
      const configExit = await onlyPassword.services.normalizer.waitExit(90_000);
      expect(configExit?.code).toBe(1);
      // Long enough for connection attempts, SASL failures, S3 auth failures and their retries.
      await new Promise((r) => setTimeout(r, 10_000));
      for (const p of [failing, onlyPassword, s3Only]) await p.stopAll();
      const logs = [failing.logs(), onlyPassword.logs(), s3Only.logs()].join("\n");
      // The failures were logged (the check is not vacuous) ...
      expect(logs).toMatch(/"level":"(error|fatal|warn)"/);
      expect(onlyPassword.logs()).toContain("KAFKA_SASL_MECHANISM");
      // ... and no secret is in them.
      expect(logs.includes(saslPassword)).toBe(false);
      expect(logs.includes(wrongS3Secret)).toBe(false);
    } finally {
      await failing.destroy();
      await onlyPassword.destroy();
      await s3Only.destroy();
    }
  });
});
