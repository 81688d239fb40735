import { z } from "zod";

/**
 * Why wire copy could not become a story. Closed list: the DLQ `error-code` header carries one
 * of these, so operators can count and alert on them.
 */
export const REJECTION_CODES = [
  "EMPTY",
  "TOO_LARGE",
  "BINARY",
  "UNDECODABLE",
  "MALFORMED_XML",
  "XML_ENTITY_EXPANSION",
  "MALFORMED_JSON",
  "NOT_A_STORY",
  "NO_HEADLINE",
  "NO_BODY",
  "UNSUPPORTED_FORMAT",
  /** Structure beyond the parsers' bounds (nesting depth, element count): refused, never slow. */
  "TOO_COMPLEX",
  "INVALID_RECORD",
] as const;
export const rejectionCodeSchema = z.enum(REJECTION_CODES);
export type RejectionCode = z.infer<typeof rejectionCodeSchema>;

export const rejectionSchema = z.object({
  code: rejectionCodeSchema,
  message: z.string(),
});
export type Rejection = z.infer<typeof rejectionSchema>;
