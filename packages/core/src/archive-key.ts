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

// ISO 8601 as transports write it (RFC 3339 profile, a space allowed for the `T`): the date must
// be written with a four-digit year, the time and zone are optional.
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The UTC instant of an ISO time whose every field is real (`2024-02-30`, `2024-13-99` and
 * `25:00` are not), or NaN. `Date.parse` alone rolls impossible days over and reads years past
 * 9999 (`+275760-09-13`).
 */
export function realInstant(value: string | null | undefined): number {
  const m = value ? ISO_TIME.exec(value.trim().slice(0, 64)) : null;
  if (!m) return Number.NaN;
  const [, y = "", mo = "", d = "", h = "00", mi = "00", sec = "00", frac = "", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  if (month < 1 || month > 12 || Number(d) < 1 || Number(d) > daysIn(year, month))
    return Number.NaN;
  const z = zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return Number.NaN;
  if (z !== "Z" && (Number(z.slice(1, 3)) > 23 || Number(z.slice(4, 6)) > 59)) return Number.NaN;
  // Without a zone the time is read as UTC: core never depends on the machine's time zone.
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${sec}${frac.slice(0, 4)}${z}`);
}

function datePath(receivedAt: string | null | undefined): string {
  const time = realInstant(receivedAt);
  if (Number.isNaN(time)) return "undated";
  const iso = new Date(time).toISOString();
  // A zone offset can carry 9999-12-31 into year 10000: four digits or undated.
  if (!/^\d{4}-/.test(iso)) return "undated";
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
