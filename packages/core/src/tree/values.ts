/**
 * Values read from a format's metadata, range-checked before they reach a Story: dates that
 * exist, four-digit years, integers that are finite and bounded. What fails a check is dropped
 * (null), never guessed at.
 */

export interface DocumentTime {
  /** The calendar day as the document writes it (its own time zone): "2024-07-10". */
  day: string;
  /** The instant in UTC, ISO 8601: "2024-07-10T12:59:02Z" (midnight UTC for a bare date). */
  instant: string;
}

/** Years a wire item can carry: four digits, and not before wire services existed. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

// ISO 8601 extended ("2024-05-02T14:21:07.5+02:00", "2016-01-12 12:35:40") or basic
// ("20161104T075621+0100", "19940615T000000", "20240618"): anchored, no nested quantifiers.
const EXTENDED =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d{1,9})?)?\s?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const BASIC =
  /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(?:[.,]\d{1,9})?(Z|[+-]\d{2}(?:\d{2})?)?)?$/i;

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** A document timestamp in any of the ISO shapes wire formats use, checked; null otherwise. */
export function documentTime(value: string | null | undefined): DocumentTime | null {
  if (!value) return null;
  const v = value.trim();
  if (v.length > 40) return null;
  const m = EXTENDED.exec(v) ?? BASIC.exec(v);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12) return null;
  if (day < 1 || day > daysIn(year, month)) return null;
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  const zone = m[7];
  if (zone && zone.toUpperCase() !== "Z") {
    const digits = zone.slice(1).replace(":", "");
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, second) - offsetMinutes * 60_000;
  const instant = new Date(ms);
  if (Number.isNaN(instant.getTime())) return null;
  return {
    day: `${pad(year, 4)}-${pad(month)}-${pad(day)}`,
    instant: instant.toISOString().replace(".000Z", "Z"),
  };
}

/** An integer in [min, max] from a number or a string of digits; anything else is null. */
export function boundedInt(value: unknown, min: number, max: number): number | null {
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string" && /^\s*[+-]?\d{1,15}\s*$/.test(value)) n = Number(value);
  else return null;
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** IPTC urgency/priority: 1 (most urgent) to 9; some senders use 0 for flash. */
export function urgency(value: unknown): number | null {
  return boundedInt(value, 0, 9);
}

/** An item version (G2 `version`, NewsML 1 `RevisionId`, ninjs `version`). */
export function itemVersion(value: unknown): number | null {
  return boundedInt(value, 0, 1_000_000_000);
}
