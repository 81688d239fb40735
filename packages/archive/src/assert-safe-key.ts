import { ArchiveError } from "./archive-error.js";

/** S3's own limit is 1024 bytes of UTF-8; our keys are ASCII, so characters = bytes. */
export const MAX_KEY_LENGTH = 1024;

// RFC 3986 pchar without "%": nothing to escape, nothing a filesystem-backed S3 server
// (S3Proxy's filesystem store maps keys to paths) can read as a separator or a control.
const SAFE_SEGMENT = /^[A-Za-z0-9._~!$&'()*+,;=:@-]+$/;

/**
 * Defence in depth for keys handed to put(): keys are built by `archiveKey` from sanitized
 * parts, and this refuses anything that could still escape a prefix or upset a store:
 * empty, "." or ".." segments, a leading or trailing "/", control or non-ASCII characters,
 * or more than 1024 bytes. Throws ArchiveError("invalid_input").
 */
export function assertSafeKey(key: string): void {
  const reason = unsafeKeyReason(key);
  if (reason !== undefined) {
    throw new ArchiveError(
      "invalid_input",
      `unsafe archive key (${reason}): ${JSON.stringify(key.slice(0, 200))}`,
    );
  }
}

function unsafeKeyReason(key: string): string | undefined {
  if (key.length === 0) return "empty";
  if (key.length > MAX_KEY_LENGTH) return `longer than ${MAX_KEY_LENGTH}`;
  for (const segment of key.split("/")) {
    if (segment.length === 0) return "empty segment";
    if (segment === "." || segment === "..") return "dot segment";
    if (!SAFE_SEGMENT.test(segment)) return "character outside the safe set";
  }
  return undefined;
}
