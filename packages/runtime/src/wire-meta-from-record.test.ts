import { describe, expect, it } from "vitest";
import type { InputRecord } from "./kafka-record.js";
import { wireMetaFromRecord } from "./wire-meta-from-record.js";

function record(headers: Record<string, string>, timestamp = "1709550000000"): InputRecord {
  return {
    topic: "wire.raw",
    partition: 1,
    offset: "7",
    timestamp,
    key: null,
    value: Buffer.from("x"),
    headers,
    rawHeaders: {},
  };
}

describe("wireMetaFromRecord", () => {
  it("reads the wire.raw headers", () => {
    expect(
      wireMetaFromRecord(
        record({
          "content-type": "text/plain; charset=utf-8",
          "wire-source": "reuters-world",
          "received-at": "2024-03-04T10:00:00+01:00",
          "wire-id": "abc",
        }),
      ),
    ).toEqual({
      contentType: "text/plain; charset=utf-8",
      feed: "reuters-world",
      receivedAt: "2024-03-04T09:00:00.000Z",
      wireId: "abc",
      kafka: { topic: "wire.raw", partition: 1, offset: "7" },
    });
  });

  it("defaults received-at to the record timestamp when absent or not a date", () => {
    expect(wireMetaFromRecord(record({})).receivedAt).toBe("2024-03-04T11:00:00.000Z");
    expect(wireMetaFromRecord(record({ "received-at": "yesterday-ish" })).receivedAt).toBe(
      "2024-03-04T11:00:00.000Z",
    );
  });

  it("treats blank headers as absent", () => {
    const meta = wireMetaFromRecord(record({ "wire-source": "  ", "content-type": "" }));
    expect(meta.feed).toBeNull();
    expect(meta.contentType).toBeNull();
  });
});
