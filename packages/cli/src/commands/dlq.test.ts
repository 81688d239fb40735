import { HEADERS } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { parseWhen } from "./dlq.js";
import { firstLine, parseCoordinates, printable, selects, type TopicRecord } from "./dlq-read.js";
import { redrivenMessage } from "./dlq-redrive.js";

const deadLetter = (headers: Record<string, string>, value = "Headline\n\nBody"): TopicRecord => ({
  partition: 1,
  offset: "17",
  timestamp: Date.parse("2024-05-17T06:00:00Z"),
  key: Buffer.from("item-1"),
  value: Buffer.from(value),
  rawHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)])),
  headers,
});

describe("dlq helpers", () => {
  it("reads PARTITION:OFFSET and nothing else", () => {
    expect(parseCoordinates("3:1041")).toEqual({ partition: 3, offset: 1041n });
    for (const bad of ["3", "a:1", "3:-1", "3:1:2", ""])
      expect(parseCoordinates(bad)).toBeUndefined();
  });

  it("reads times as ISO or as a duration back from now", () => {
    const now = new Date("2024-05-17T12:00:00Z");
    expect(parseWhen("30m", now)).toBe(Date.parse("2024-05-17T11:30:00Z"));
    expect(parseWhen("2d", now)).toBe(Date.parse("2024-05-15T12:00:00Z"));
    expect(parseWhen("2024-05-01T00:00:00Z", now)).toBe(Date.parse("2024-05-01T00:00:00Z"));
    expect(parseWhen("soon", now)).toBeUndefined();
  });

  it("shows a first line with no control or bidi character, bounded", () => {
    expect(firstLine(Buffer.from("\ufeff\n  \u001b[31mRed\u202e alert  \nbody"))).toBe(
      "[31mRed alert",
    );
    expect(firstLine(Buffer.from("x".repeat(500))).length).toBe(72);
    expect(firstLine(Buffer.from([0x41, 0x00, 0x42]))).toBe("(binary, 3 bytes)");
    expect(firstLine(null)).toBe("(empty)");
    expect(printable("a\u001b[2Jb\nc")).toBe("a\\x1b[2Jb\nc");
  });

  it("selects by code, stage, time and position", () => {
    const record = deadLetter({
      [HEADERS.errorCode]: "BINARY",
      [HEADERS.failedStage]: "normalizer",
    });
    const none = { codes: undefined, stage: undefined, since: undefined, until: undefined, at: [] };
    expect(selects(none, record)).toBe(true);
    expect(selects({ ...none, codes: new Set(["EMPTY"]) }, record)).toBe(false);
    expect(selects({ ...none, stage: "enricher" }, record)).toBe(false);
    expect(selects({ ...none, since: record.timestamp + 1 }, record)).toBe(false);
    expect(selects({ ...none, at: [{ partition: 1, offset: 17n }] }, record)).toBe(true);
    expect(selects({ ...none, at: [{ partition: 1, offset: 18n }] }, record)).toBe(false);
  });

  it("sends back the record as it came, marked, with its received-at kept", () => {
    const record = deadLetter({
      [HEADERS.wireSource]: "afp",
      [HEADERS.errorCode]: "TOO_LARGE",
      [HEADERS.errorMessage]: "too large",
      [HEADERS.failedStage]: "normalizer",
      [HEADERS.originalTopic]: "wire.raw",
      [HEADERS.originalPartition]: "4",
      [HEADERS.originalOffset]: "99",
      [HEADERS.originalTimestamp]: String(Date.parse("2024-05-16T23:00:00Z")),
    });
    const message = redrivenMessage("wire.dlq", "wire.raw", record);
    expect(message.key?.toString()).toBe("item-1");
    expect(message.value?.toString()).toBe("Headline\n\nBody");
    const headers = Object.fromEntries(
      Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]),
    );
    expect(headers).toEqual({
      [HEADERS.wireSource]: "afp",
      [HEADERS.receivedAt]: "2024-05-16T23:00:00.000Z",
      [HEADERS.redrivenFrom]: "wire.dlq:1:17",
    });
  });
});
