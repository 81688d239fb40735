import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { ArchiveError } from "./archive-error.js";
import { type ArchiveLogger, type ArchiveObject, ArchiveWriter } from "./archive-writer.js";
import { createS3Client } from "./create-s3-client.js";

/** A local port that was free a moment ago and has nothing listening now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

async function unreachableWriter(logger?: ArchiveLogger): Promise<ArchiveWriter> {
  const client = createS3Client({
    endpoint: `http://127.0.0.1:${await closedPort()}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "unit", secretAccessKey: "unit-secret" },
    maxAttempts: 1,
  });
  return new ArchiveWriter({
    client,
    bucket: "unit-bucket",
    logger,
    backoff: { initialMs: 5, maxMs: 20 },
  });
}

const object: ArchiveObject = {
  key: "originals/2026/11/27/unit/abc.txt",
  body: new TextEncoder().encode("hello wire"),
  contentType: "text/plain",
  receivedAt: new Date("2026-11-27T20:00:00Z"),
  feed: "unit",
  kafka: { topic: "wire.raw", partition: 0, offset: "1" },
};

describe("ArchiveWriter without a reachable S3", () => {
  it("an S3 that does not answer makes the writer unhealthy and counts the failure", async () => {
    const failures: string[] = [];
    const counted = new ArchiveWriter({
      client: createS3Client({
        endpoint: `http://127.0.0.1:${await closedPort()}`,
        region: "us-east-1",
        forcePathStyle: true,
        credentials: { accessKeyId: "unit", secretAccessKey: "unit-secret" },
        maxAttempts: 1,
      }),
      bucket: "unit-bucket",
      metrics: {
        putDone: () => failures.push("done"),
        putFailed: (_seconds, code) => failures.push(`put ${code}`),
        requestFailed: (code) => failures.push(`request ${code}`),
      },
    });
    expect(counted.healthy()).toBe(true);
    await expect(counted.put(object)).rejects.toMatchObject({ code: "unavailable" });
    expect(counted.healthy()).toBe(false);
    expect(counted.refusing).toBe("unavailable");
    expect(await counted.probe()).toBe(false);
    expect(failures).toEqual(["put unavailable", "request unavailable"]);
  });

  it("put() fails once with a retryable unavailable error", async () => {
    const writer = await unreachableWriter();
    const error = await writer.put(object).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ArchiveError);
    expect(error).toMatchObject({ code: "unavailable", retryable: true, awsCode: "ECONNREFUSED" });
  });

  it("ensureBucket({ retry }) keeps retrying, logs each attempt, and stops on abort", async () => {
    const warnings: Record<string, unknown>[] = [];
    const writer = await unreachableWriter({ warn: (obj) => warnings.push(obj), info() {} });
    const controller = new AbortController();
    const retries: number[] = [];
    const error = await writer
      .ensureBucket({
        retry: true,
        signal: controller.signal,
        onRetry: (info) => {
          retries.push(info.attempt);
          if (info.attempt === 8) controller.abort(new Error("shutdown"));
        },
      })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ code: "aborted", retryable: false });
    expect(retries).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(warnings).toHaveLength(8);
    expect(warnings[7]).toMatchObject({ attempt: 8, errorCode: "unavailable" });
  });

  it("refuses a body whose sha256 does not match before sending anything", async () => {
    const writer = await unreachableWriter();
    await expect(writer.put({ ...object, sha256: "0".repeat(64) })).rejects.toMatchObject({
      code: "invalid_input",
      retryable: false,
    });
  });

  it("refuses an unsafe key before sending anything, as a dead-letter ARCHIVE_INVALID_INPUT", async () => {
    const writer = await unreachableWriter();
    await expect(
      writer.put({ ...object, key: "originals/../../etc/passwd" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
      deadLetterCode: "ARCHIVE_INVALID_INPUT",
    });
  });
});
