/**
 * User metadata names written on every archived original (sent as `x-amz-meta-<name>`).
 * S3 returns them lower-cased, so they are lower-case here.
 */
export const ARCHIVE_METADATA = {
  sha256: "sha256",
  receivedAt: "received-at",
  feed: "feed",
  kafkaTopic: "kafka-topic",
  kafkaPartition: "kafka-partition",
  kafkaOffset: "kafka-offset",
  wireId: "wire-id",
  /** The record's `content-type` header as sent (the object's Content-Type is sanitized). */
  contentType: "content-type",
  /** The record's key, when it was UTF-8 text. */
  kafkaKey: "kafka-key",
  /** The names of the values above that were cut to fit (a replay cannot restore them). */
  cut: "cut",
} as const;

/** Upper bound for one metadata value after encoding. */
export const MAX_METADATA_VALUE_LENGTH = 256;

type MetadataName = (typeof ARCHIVE_METADATA)[keyof typeof ARCHIVE_METADATA];

/**
 * Each value's bound after encoding: the free-text ones at 256, the ones of a known shape at
 * what that shape needs. Together with the names they stay below S3's 2 KB limit on all user
 * metadata (names and values, UTF-8), whatever the values: a test adds them up.
 */
const VALUE_LIMIT: Readonly<Record<MetadataName, number>> = {
  sha256: 64,
  "received-at": 64,
  feed: MAX_METADATA_VALUE_LENGTH,
  "kafka-topic": MAX_METADATA_VALUE_LENGTH,
  "kafka-partition": 16,
  "kafka-offset": 32,
  "wire-id": MAX_METADATA_VALUE_LENGTH,
  "content-type": MAX_METADATA_VALUE_LENGTH,
  "kafka-key": MAX_METADATA_VALUE_LENGTH,
  cut: 128,
};

// Printable ASCII except "%" (our escape) and space (HTTP trims it at the edges).
const SAFE_HEADER_CHAR = /^[\x21-\x24\x26-\x7e]$/;

/**
 * Makes an untrusted string safe as an HTTP header value: anything outside printable ASCII,
 * plus "%" and space, is percent-encoded as UTF-8 (so `decodeURIComponent` restores the
 * original), then the result is cut at a character boundary to at most `maxLength`.
 * Control characters would otherwise make Node refuse the request; non-ASCII would be mangled.
 */
export function encodeMetadataValue(value: string, maxLength = MAX_METADATA_VALUE_LENGTH): string {
  let out = "";
  for (const char of value) {
    let piece: string;
    if (SAFE_HEADER_CHAR.test(char)) {
      piece = char;
    } else {
      const codePoint = char.codePointAt(0) ?? 0xfffd;
      // Lone surrogates cannot be encoded as UTF-8; encode the replacement character instead.
      const safeChar = codePoint >= 0xd800 && codePoint <= 0xdfff ? "\ufffd" : char;
      piece = encodeURIComponent(safeChar);
    }
    if (out.length + piece.length > maxLength) break;
    out += piece;
  }
  return out;
}

/** Inverse of encodeMetadataValue for a value that was not cut. */
export function decodeMetadataValue(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export interface ArchiveMetadataInput {
  sha256: string;
  receivedAt: string;
  /** The `wire-source` header; null when the record had none (nothing is stored then). */
  feed: string | null;
  kafka: { topic: string; partition: number; offset: string | number | bigint };
  wireId?: string | null | undefined;
  contentType?: string | null | undefined;
  key?: Uint8Array | string | null | undefined;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** A key as text, or undefined when it is not UTF-8 (binary keys are not kept). */
function keyText(key: Uint8Array | string): string | undefined {
  if (typeof key === "string") return key;
  try {
    return utf8.decode(key);
  } catch {
    return undefined;
  }
}

/**
 * The S3 user metadata for one original; every value passed through encodeMetadataValue. What
 * it keeps of the record (its headers, its key) is what `newswire replay` sends again; a value
 * that had to be cut is named in `cut`, so a replay knows it cannot restore it.
 */
export function buildObjectMetadata(input: ArchiveMetadataInput): Record<string, string> {
  const entries: [MetadataName, string | null | undefined][] = [
    [ARCHIVE_METADATA.sha256, input.sha256],
    [ARCHIVE_METADATA.receivedAt, input.receivedAt],
    [ARCHIVE_METADATA.feed, input.feed],
    [ARCHIVE_METADATA.kafkaTopic, input.kafka.topic],
    [ARCHIVE_METADATA.kafkaPartition, String(input.kafka.partition)],
    [ARCHIVE_METADATA.kafkaOffset, String(input.kafka.offset)],
    [ARCHIVE_METADATA.wireId, input.wireId],
    [ARCHIVE_METADATA.contentType, input.contentType],
  ];
  const cut: MetadataName[] = [];
  if (input.key !== undefined && input.key !== null) {
    const text = keyText(input.key);
    if (text === undefined) cut.push(ARCHIVE_METADATA.kafkaKey);
    else entries.push([ARCHIVE_METADATA.kafkaKey, text]);
  }
  const metadata: Record<string, string> = {};
  for (const [name, raw] of entries) {
    if (raw === undefined || raw === null) continue;
    const value = encodeMetadataValue(raw, VALUE_LIMIT[name]);
    if (decodeMetadataValue(value) !== raw) cut.push(name);
    // An empty header is dropped by some S3 servers and proves nothing; leave it out.
    if (value.length > 0) metadata[name] = value;
  }
  if (cut.length > 0) {
    metadata[ARCHIVE_METADATA.cut] = encodeMetadataValue(cut.join(","), VALUE_LIMIT.cut);
  }
  return metadata;
}

const MEDIA_TYPE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
const PARAMETER =
  /^[A-Za-z0-9!#$&^_.+-]{1,127}=(?:[A-Za-z0-9!#$&^_.+-]{1,127}|"[\x20\x21\x23-\x5b\x5d-\x7e]{0,127}")$/;
export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/**
 * The Content-Type to store: the wire's own value when it is a well-formed media type with
 * simple parameters (RFC 9110 §8.3), else application/octet-stream. The raw header is hostile
 * input; the original value is still readable in Kafka.
 */
export function safeContentType(value: string | null | undefined): string {
  if (value === undefined || value === null) return DEFAULT_CONTENT_TYPE;
  if (value.length > 255) return DEFAULT_CONTENT_TYPE;
  const [type, ...params] = value.split(";").map((part) => part.trim());
  if (type === undefined || !MEDIA_TYPE.test(type)) return DEFAULT_CONTENT_TYPE;
  if (!params.every((param) => PARAMETER.test(param))) return type.toLowerCase();
  return [type.toLowerCase(), ...params].join("; ");
}
