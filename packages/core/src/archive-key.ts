import { formatSpec } from "./formats/format-table.js";
import type { SniffedFormat } from "./formats/sniff-format.js";

export interface ArchiveKeyParts {
  receivedAt: string | null | undefined;
  feed: string | null | undefined;
  id: string;
  ext: string;
}

/** File extension for an original of this format; `xml` for other XML, `bin` when unknown. */
export function extensionFor(format: SniffedFormat | null | undefined): string {
  if (!format) return "bin";
  return format === "xml" ? "xml" : formatSpec(format).extension;
}

/** Lowercase `[a-z0-9._-]`, no leading dots, bounded: nothing from the wire can walk the key space. */
function sanitizeSegment(value: string | null | undefined, fallback: string, max: number): string {
  const cleaned = (value ?? "")
    .slice(0, 256)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[.-]+/, "")
    .replace(/-+$/, "")
    .slice(0, max);
  return cleaned.length > 0 && cleaned !== "." && cleaned !== ".." ? cleaned : fallback;
}

function datePath(receivedAt: string | null | undefined): string {
  const time = receivedAt ? Date.parse(receivedAt) : Number.NaN;
  if (Number.isNaN(time)) return "undated";
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}`;
}

/** `originals/YYYY/MM/DD/<feed>/<id>.<ext>`, built from sanitized parts only (UTC date). */
export function archiveKey(parts: ArchiveKeyParts): string {
  const feed = sanitizeSegment(parts.feed, "unknown", 64);
  const id = sanitizeSegment(parts.id, "unknown", 128);
  const ext =
    (parts.ext ?? "")
      .toLowerCase()
      .replace(/[^a-z0-9]/g, "")
      .slice(0, 10) || "bin";
  return `originals/${datePath(parts.receivedAt)}/${feed}/${id}.${ext}`;
}
