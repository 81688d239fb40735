import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ARCHIVE_METADATA,
  buildObjectMetadata,
  DEFAULT_CONTENT_TYPE,
  decodeMetadataValue,
  encodeMetadataValue,
  MAX_METADATA_VALUE_LENGTH,
  safeContentType,
} from "./object-metadata.js";

const HEADER_SAFE = /^[\x21-\x7e]*$/;

describe("encodeMetadataValue", () => {
  it("keeps plain printable values as they are", () => {
    expect(encodeMetadataValue("reuters-world")).toBe("reuters-world");
    expect(encodeMetadataValue("2026-11-27T20:54:26.000Z")).toBe("2026-11-27T20:54:26.000Z");
  });

  it("percent-encodes control characters, spaces, % and non-ASCII reversibly", () => {
    const hostile = "a b%c\r\nX-Injected: 1\u0000\u00e9\u4e2d\u{1f4f0}";
    const encoded = encodeMetadataValue(hostile);
    expect(encoded).toMatch(HEADER_SAFE);
    expect(decodeMetadataValue(encoded)).toBe(hostile);
  });

  it("bounds a 10 kB value and cuts on a character boundary", () => {
    const encoded = encodeMetadataValue("\u00e9".repeat(10_000));
    expect(encoded.length).toBeLessThanOrEqual(MAX_METADATA_VALUE_LENGTH);
    expect(encoded.length % "%C3%A9".length).toBe(0);
    expect(decodeMetadataValue(encoded)).toBe("\u00e9".repeat(encoded.length / 6));
  });

  it("always yields a bounded header-safe value that decodes to a prefix of the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 600 }), (value) => {
        const encoded = encodeMetadataValue(value);
        expect(encoded).toMatch(HEADER_SAFE);
        expect(encoded.length).toBeLessThanOrEqual(MAX_METADATA_VALUE_LENGTH);
        const decoded = decodeMetadataValue(encoded);
        // Lone surrogates are stored as U+FFFD, so only well-formed input decodes to a prefix.
        if (!/[\ud800-\udfff]/.test(value)) expect(value.startsWith(decoded)).toBe(true);
      }),
    );
  });
});

describe("buildObjectMetadata", () => {
  const base = {
    sha256: "a".repeat(64),
    receivedAt: "2026-11-27T20:54:26.000Z",
    feed: "../../etc/passwd",
    kafka: { topic: "wire.raw", partition: 3, offset: "12345678901234" },
  };

  it("writes every field under its lower-case name", () => {
    expect(buildObjectMetadata({ ...base, wireId: "id 1" })).toEqual({
      [ARCHIVE_METADATA.sha256]: base.sha256,
      [ARCHIVE_METADATA.receivedAt]: base.receivedAt,
      [ARCHIVE_METADATA.feed]: "../../etc/passwd",
      [ARCHIVE_METADATA.kafkaTopic]: "wire.raw",
      [ARCHIVE_METADATA.kafkaPartition]: "3",
      [ARCHIVE_METADATA.kafkaOffset]: "12345678901234",
      [ARCHIVE_METADATA.wireId]: "id%201",
    });
  });

  it("keeps what a replay sends again: the content-type header and a text key", () => {
    const metadata = buildObjectMetadata({
      ...base,
      contentType: "text/plain; charset=iso-8859-1",
      key: Buffer.from("item 7"),
    });
    expect(decodeMetadataValue(metadata[ARCHIVE_METADATA.contentType] ?? "")).toBe(
      "text/plain; charset=iso-8859-1",
    );
    expect(decodeMetadataValue(metadata[ARCHIVE_METADATA.kafkaKey] ?? "")).toBe("item 7");
    expect(metadata).not.toHaveProperty(ARCHIVE_METADATA.cut);
  });

  it("names the values it had to cut or could not keep, so a replay does not pretend", () => {
    const metadata = buildObjectMetadata({
      ...base,
      wireId: "w".repeat(300),
      key: Buffer.from([0xff, 0xfe]),
    });
    expect(metadata[ARCHIVE_METADATA.cut]?.split(",").sort()).toEqual(
      [ARCHIVE_METADATA.kafkaKey, ARCHIVE_METADATA.wireId].sort(),
    );
  });

  it("stores no feed when the record had no wire-source", () => {
    expect(buildObjectMetadata({ ...base, feed: null })).not.toHaveProperty(ARCHIVE_METADATA.feed);
  });

  it("leaves out a missing or empty wire-id", () => {
    expect(buildObjectMetadata(base)).not.toHaveProperty(ARCHIVE_METADATA.wireId);
    expect(buildObjectMetadata({ ...base, wireId: "" })).not.toHaveProperty(
      ARCHIVE_METADATA.wireId,
    );
  });

  it("stays under S3's 2 KB user-metadata limit with every value hostile and huge", () => {
    const huge = "\u0007\u{1f4f0}".repeat(5_000);
    const metadata = buildObjectMetadata({
      sha256: huge,
      receivedAt: huge,
      feed: huge,
      kafka: { topic: huge, partition: 1, offset: huge },
      wireId: huge,
      contentType: huge,
      key: huge,
    });
    const bytes = Object.entries(metadata).reduce(
      (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
      0,
    );
    expect(bytes).toBeLessThanOrEqual(2048);
  });
});

describe("safeContentType", () => {
  it.each([
    ["text/plain; charset=utf-8", "text/plain; charset=utf-8"],
    ["Application/XML", "application/xml"],
    ['text/plain; charset="iso-8859-1"', 'text/plain; charset="iso-8859-1"'],
    ["text/plain; charset=utf-8\r\nX-Evil: 1", "text/plain"],
    ["text/plain\u0000", DEFAULT_CONTENT_TYPE],
    ["not a media type", DEFAULT_CONTENT_TYPE],
    ["", DEFAULT_CONTENT_TYPE],
    [`text/${"x".repeat(300)}`, DEFAULT_CONTENT_TYPE],
    [undefined, DEFAULT_CONTENT_TYPE],
    [null, DEFAULT_CONTENT_TYPE],
  ])("maps %j to %j", (input, expected) => {
    expect(safeContentType(input)).toBe(expected);
  });
});
