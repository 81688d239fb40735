import { REJECTION_CODES, type Rejection, type RejectionCode } from "@newswire/schemas";

export function reject(code: RejectionCode, message: string): Rejection {
  return { code, message };
}

const CODES: ReadonlySet<string> = new Set(REJECTION_CODES);

/** True for the `{ code, message }` a parser returns instead of a story. */
export function isRejection(value: unknown): value is Rejection {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.code === "string" &&
    CODES.has(record.code) &&
    typeof record.message === "string" &&
    !("headline" in record)
  );
}
