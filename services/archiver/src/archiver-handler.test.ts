import { createHash } from "node:crypto";
import type { InputRecord } from "@newswire/runtime";
import { describe, expect, it } from "vitest";
import { type ArchiveSink, createArchiverHandler } from "./archiver-handler.js";

type PutCall = Parameters<ArchiveSink["put"]>[0];

/** Records what would be written; the real S3 path is covered by tests/e2e. */
function recordingSink(failures: Error[] = []): ArchiveSink & { calls: PutCall[] } {
  const calls: PutCall[] = [];
  return {
    calls,
    put: async (object) => {
      calls.push(object);
      const failure = failures.shift();
      if (failure) throw failure;
      return { sha256: createHash("sha256").update(object.body).digest("hex") };
    },
  };
}

function record(value: Buffer | null, headers: Record<string, string>): InputRecord {
  return {
    topic: "wire.raw",
    partition: 2,
    offset: "9",
    timestamp: "1715925600000",
    key: null,
    value,
    headers,
    rawHeaders: {},
  };
}

describe("archiver handler", () => {
  it("puts the bytes unchanged at the key for them, with the transport metadata", async () => {
    const sink = recordingSink();
    const handler = createArchiverHandler({
      archive: sink,
      keyFor: (_bytes, meta) => `originals/${meta.feed}/x.txt`,
      idFor: () => "story-1",
    });
    const bytes = Buffer.from([0xe2, 0x80, 0x99, 0x00, 0xff]);
    const result = await handler(
      record(bytes, { "wire-source": "afp", "content-type": "text/plain", "wire-id": "w1" }),
    );
    expect(result).toMatchObject({
      kind: "done",
      log: { storyId: "story-1", feed: "afp", archiveKey: "originals/afp/x.txt" },
    });
    expect(sink.calls).toHaveLength(1);
    expect(sink.calls[0]).toEqual({
      key: "originals/afp/x.txt",
      body: bytes,
      contentType: "text/plain",
      receivedAt: "2024-05-17T06:00:00.000Z",
      feed: "afp",
      wireId: "w1",
      kafka: { topic: "wire.raw", partition: 2, offset: "9" },
      recordKey: null,
    });
  });

  it("passes no feed when the record had no wire-source, so a replay sends none either", async () => {
    const sink = recordingSink();
    const handler = createArchiverHandler({
      archive: sink,
      keyFor: (_bytes, meta) => `originals/${meta.feed ?? "unknown"}/x.txt`,
      idFor: () => "story-1",
    });
    await handler(record(Buffer.from("text"), {}));
    expect(sink.calls[0]).toMatchObject({ feed: null, key: "originals/unknown/x.txt" });
  });

  it("lets S3 errors through for the sink runner to classify", async () => {
    const outage = Object.assign(new Error("connect ECONNREFUSED"), { retryable: true });
    const handler = createArchiverHandler({
      archive: recordingSink([outage]),
      keyFor: () => "k",
      idFor: () => "id",
    });
    await expect(handler(record(Buffer.from("x"), {}))).rejects.toBe(outage);
  });

  it("has nothing to archive for a record without a value", async () => {
    const sink = recordingSink();
    const handler = createArchiverHandler({ archive: sink, keyFor: () => "k", idFor: () => "id" });
    expect(await handler(record(null, {}))).toEqual({ kind: "done", log: { feed: "unknown" } });
    expect(sink.calls).toHaveLength(0);
  });
});
