import { z } from "zod";
import { REJECTION_CODES } from "./rejection.js";

/**
 * The codes the pipeline's runners add to a record they could not process, beside the
 * rejection codes of packages/core: a handler that failed rather than rejected.
 */
export const RUNNER_DEAD_LETTER_CODES = [
  "HANDLER_ERROR",
  "HANDLER_CRASH",
  "SINK_REJECTED",
] as const;

/** The archiver's codes for an original that S3, or our own checks, will never take. */
export const ARCHIVE_DEAD_LETTER_CODES = ["ARCHIVE_REJECTED", "ARCHIVE_INVALID_INPUT"] as const;

/**
 * The one closed list of DLQ `error-code` header values. Operators count and alert on these; a
 * record on wire.dlq never carries anything else (deadLetterMessage takes only this type).
 */
export const DEAD_LETTER_CODES = [
  ...REJECTION_CODES,
  ...RUNNER_DEAD_LETTER_CODES,
  ...ARCHIVE_DEAD_LETTER_CODES,
] as const;
export const deadLetterCodeSchema = z.enum(DEAD_LETTER_CODES);
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];

const CODES: ReadonlySet<string> = new Set(DEAD_LETTER_CODES);

export function isDeadLetterCode(value: unknown): value is DeadLetterCode {
  return typeof value === "string" && CODES.has(value);
}

export type PipelineStageName = "normalizer" | "enricher" | "archiver";

export interface DeadLetterCodeInfo {
  /** The `failed-stage` values that emit it. */
  stages: readonly PipelineStageName[];
  meaning: string;
}

const normalizer = ["normalizer"] as const;

/**
 * What each code means and where it comes from; docs/ARCHITECTURE.md (Errors) shows this table,
 * and a test keeps the two equal. A new rejection code does not compile until it is described.
 */
export const DEAD_LETTER_CODE_INFO: Readonly<Record<DeadLetterCode, DeadLetterCodeInfo>> = {
  EMPTY: { stages: normalizer, meaning: "no bytes, or nothing but whitespace and controls" },
  TOO_LARGE: { stages: normalizer, meaning: "over MAX_INPUT_BYTES; refused before decoding" },
  BINARY: { stages: normalizer, meaning: "NUL or control bytes that do not occur in text" },
  UNDECODABLE: { stages: normalizer, meaning: "text whose charset could not be decoded" },
  MALFORMED_XML: { stages: normalizer, meaning: "an XML format that does not parse" },
  XML_ENTITY_EXPANSION: {
    stages: normalizer,
    meaning: "a DTD or entity declaration (entity bombs, XXE): refused, never expanded",
  },
  MALFORMED_JSON: { stages: normalizer, meaning: "a JSON format (ninjs) that does not parse" },
  NOT_A_STORY: {
    stages: normalizer,
    meaning: "parsed, but no text news item (a picture, JSON that is not ninjs)",
  },
  NO_HEADLINE: { stages: normalizer, meaning: "a story without a headline" },
  NO_BODY: { stages: normalizer, meaning: "a story without body text" },
  UNSUPPORTED_FORMAT: { stages: normalizer, meaning: "a format no parser reads yet" },
  TOO_COMPLEX: {
    stages: ["normalizer", "enricher"],
    meaning:
      "structure beyond the parsers' bounds (nesting, element count), or no result within RECORD_DEADLINE_MS in RECORD_MAX_ATTEMPTS attempts",
  },
  INVALID_RECORD: {
    stages: ["normalizer", "enricher"],
    meaning:
      "a Kafka record the stage cannot read: no value, not JSON, not a NormalizedStory, another schema-version",
  },
  HANDLER_ERROR: {
    stages: ["normalizer", "enricher", "archiver"],
    meaning:
      "the handler threw an error naming no code: unclassified (a bug for this input), dead-lettered at once, or retryable and still failing after its attempts",
  },
  HANDLER_CRASH: {
    stages: ["normalizer", "enricher"],
    meaning:
      "the handler's worker died on the record (heap exhausted, RangeError: Invalid string length, exit) in RECORD_MAX_ATTEMPTS attempts",
  },
  SINK_REJECTED: {
    stages: ["archiver"],
    meaning: "the sink refused the record for good (retryable: false) without naming a code",
  },
  ARCHIVE_REJECTED: {
    stages: ["archiver"],
    meaning: "S3 refused the object with a 4xx that is not about credentials or the bucket",
  },
  ARCHIVE_INVALID_INPUT: {
    stages: ["archiver"],
    meaning: "refused before sending: an unsafe object key or a body that is not bytes",
  },
};
