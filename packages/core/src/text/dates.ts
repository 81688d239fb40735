/**
 * Month names and abbreviations as wire datelines print them, in the languages agencies file
 * in most (English, French, Spanish, German, Italian, Portuguese). Data, not branches.
 */
const MONTH_NAMES: Readonly<Record<number, readonly string[]>> = {
  1: [
    "january",
    "jan",
    "janvier",
    "janv",
    "enero",
    "ene",
    "januar",
    "j\u00e4nner",
    "gennaio",
    "gen",
    "janeiro",
  ],
  2: [
    "february",
    "feb",
    "f\u00e9vrier",
    "f\u00e9vr",
    "fevrier",
    "febrero",
    "februar",
    "febbraio",
    "fevereiro",
    "fev",
  ],
  3: ["march", "mar", "mars", "marzo", "m\u00e4rz", "maerz", "mar\u00e7o", "marco"],
  4: ["april", "apr", "avril", "avr", "abril", "abr", "aprile"],
  5: ["may", "mai", "mayo", "maggio", "mag", "maio"],
  6: ["june", "jun", "juin", "junio", "juni", "giugno", "giu", "junho"],
  7: ["july", "jul", "juillet", "juil", "julio", "juli", "luglio", "lug", "julho"],
  8: ["august", "aug", "ao\u00fbt", "aout", "agosto", "ago"],
  9: [
    "september",
    "sept",
    "sep",
    "septembre",
    "septiembre",
    "setiembre",
    "settembre",
    "set",
    "setembro",
  ],
  10: [
    "october",
    "oct",
    "octobre",
    "octubre",
    "oktober",
    "okt",
    "ottobre",
    "ott",
    "outubro",
    "out",
  ],
  11: ["november", "nov", "novembre", "noviembre", "novembro"],
  12: [
    "december",
    "dec",
    "d\u00e9cembre",
    "d\u00e9c",
    "decembre",
    "diciembre",
    "dic",
    "dezember",
    "dez",
    "dicembre",
    "dezembro",
  ],
};

const MONTHS = new Map<string, number>();
for (const [month, names] of Object.entries(MONTH_NAMES))
  for (const n of names) MONTHS.set(n, Number(month));

// Longest first so "sept" wins over "sep"; a trailing dot for abbreviations ("Sept.").
export const MONTH_PATTERN = `(?:${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join("|")})\\.?`;

export function monthNumber(name: string): number | null {
  return MONTHS.get(name.toLowerCase().replace(/\.$/, "")) ?? null;
}

export interface PartialDate {
  year: number | null;
  month: number;
  day: number;
}

const MONTH_DAY = new RegExp(
  `^(${MONTH_PATTERN})\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`,
  "i",
);
// "3 March", "3 mai 2024", "3 de mayo de 2024", "3. Mai"
const DAY_MONTH = new RegExp(
  `^(\\d{1,2})(?:st|nd|rd|th|er|\\.)?\\s+(?:de\\s+)?(${MONTH_PATTERN})(?:,?\\s+(?:de\\s+)?(\\d{4}))?$`,
  "i",
);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})/;

/** "March 4", "4 March 2024", "Sept. 10, 2024", "2024-05-17": the date, year optional. */
export function parseDateText(text: string): PartialDate | null {
  const t = text.trim();
  let m = MONTH_DAY.exec(t);
  if (m?.[1] && m[2]) return valid(m[3] ? Number(m[3]) : null, monthNumber(m[1]), Number(m[2]));
  m = DAY_MONTH.exec(t);
  if (m?.[1] && m[2]) return valid(m[3] ? Number(m[3]) : null, monthNumber(m[2]), Number(m[1]));
  m = ISO_DAY.exec(t);
  if (m?.[1] && m[2] && m[3]) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function valid(year: number | null, month: number | null, day: number): PartialDate | null {
  if (!month || day < 1 || day > daysIn(year ?? 2024, month)) return null;
  return { year, month, day };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** UTC calendar day of an ISO timestamp, or null. */
export function isoDay(timestamp: string | null | undefined): string | null {
  if (!timestamp) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T|$)/.exec(timestamp);
  if (compact) return `${compact[1]}-${compact[2]}-${compact[3]}`;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A dateline date without a year takes the year that puts it nearest the reference day, so a
 * "Dec 31" dateline received on Jan 1 is last year's.
 */
export function resolveDate(date: PartialDate, referenceDay: string | null): string | null {
  if (date.year !== null) return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  if (!referenceDay) return null;
  const ref = Date.parse(`${referenceDay}T00:00:00Z`);
  const refYear = Number(referenceDay.slice(0, 4));
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const year of [refYear - 1, refYear, refYear + 1]) {
    if (date.day > daysIn(year, date.month)) continue;
    const distance = Math.abs(Date.UTC(year, date.month - 1, date.day) - ref);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = `${year}-${pad(date.month)}-${pad(date.day)}`;
    }
  }
  return best;
}

const WEEKDAY = "(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\\.?,?\\s+";
const DATE_LINE = new RegExp(
  `^(?:(?:Updated|Published|Posted|Last updated|Date)\\s*:?\\s+)?(?:${WEEKDAY})?((?:${MONTH_PATTERN})\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTH_PATTERN}),?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2})(?:[,\\s]+(?:at\\s+)?\\d{1,2}[:.]\\d{2}(?:\\s*[AaPp]\\.?[Mm]\\.?)?(?:\\s*[A-Z]{2,4}|\\s*[+-]\\d{2}:?\\d{2})?)?(?:\\s*\\|.{0,40})?$`,
  "i",
);

/** A line that is only a publication date ("May 17, 2024", "Updated: 17 May 2024 10:05 GMT"). */
export function parseDateLine(line: string): string | null {
  if (line.length > 80) return null;
  const m = DATE_LINE.exec(line.trim());
  if (!m?.[1]) return null;
  const d = parseDateText(m[1]);
  return d ? resolveDate(d, null) : null;
}
