/**
 * Month names and abbreviations as wire datelines print them, in the languages agencies file
 * in (English, French, Spanish, German, Italian, Portuguese, Dutch, the Scandinavian languages,
 * Indonesian/Malay, Turkish, Russian, Ukrainian, Polish, Czech, Greek; Slavic and
 * Greek datelines print the genitive, 5 июня, 5 czerwca). The one month table: the dateline grammar and the date-line
 * reader both read it. Data, not branches: a language is a row of names.
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
    "januari",
    "ocak",
    "января",
    "январь",
    "stycznia",
    "styczeń",
    "ιανουαρίου",
    "ledna",
    "січня",
  ],
  2: [
    "february",
    "feb",
    "f\u00e9vrier",
    "f\u00e9vr",
    "f\u00e9v",
    "fevrier",
    "febrero",
    "februar",
    "febbraio",
    "fevereiro",
    "fev",
    "februari",
    "\u015fubat",
    "subat",
    "февраля",
    "февраль",
    "lutego",
    "luty",
    "φεβρουαρίου",
    "února",
    "лютого",
  ],
  3: [
    "march",
    "mar",
    "mars",
    "marzo",
    "m\u00e4rz",
    "maerz",
    "mar\u00e7o",
    "marco",
    "maart",
    "mrt",
    "maret",
    "mac",
    "mart",
    "марта",
    "март",
    "marca",
    "marzec",
    "μαρτίου",
    "března",
    "березня",
  ],
  4: [
    "april",
    "apr",
    "avril",
    "avr",
    "abril",
    "abr",
    "aprile",
    "nisan",
    "апреля",
    "апрель",
    "kwietnia",
    "kwiecień",
    "απριλίου",
    "dubna",
    "квітня",
  ],
  5: [
    "may",
    "mai",
    "mayo",
    "maggio",
    "mag",
    "maio",
    "mei",
    "maj",
    "may\u0131s",
    "mayis",
    "мая",
    "май",
    "maja",
    "μαΐου",
    "května",
    "травня",
  ],
  6: [
    "june",
    "jun",
    "juin",
    "junio",
    "juni",
    "giugno",
    "giu",
    "junho",
    "haziran",
    "июня",
    "июнь",
    "czerwca",
    "czerwiec",
    "ιουνίου",
    "června",
    "червня",
  ],
  7: [
    "july",
    "jul",
    "juillet",
    "juil",
    "julio",
    "juli",
    "luglio",
    "lug",
    "julho",
    "julai",
    "temmuz",
    "июля",
    "июль",
    "lipca",
    "lipiec",
    "ιουλίου",
    "července",
    "липня",
  ],
  8: [
    "august",
    "aug",
    "ao\u00fbt",
    "aout",
    "agosto",
    "ago",
    "augustus",
    "augusti",
    "agustus",
    "ogos",
    "a\u011fustos",
    "agustos",
    "августа",
    "август",
    "sierpnia",
    "sierpień",
    "αυγούστου",
    "srpna",
    "серпня",
  ],
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
    "eyl\u00fcl",
    "eylul",
    "сентября",
    "сентябрь",
    "września",
    "wrzesień",
    "σεπτεμβρίου",
    "září",
    "вересня",
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
    "ekim",
    "октября",
    "октябрь",
    "października",
    "październik",
    "οκτωβρίου",
    "října",
    "жовтня",
  ],
  11: [
    "november",
    "nov",
    "novembre",
    "noviembre",
    "novembro",
    "kas\u0131m",
    "kasim",
    "ноября",
    "ноябрь",
    "listopada",
    "listopad",
    "νοεμβρίου",
    "listopadu",
    "листопада",
  ],
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
    "desember",
    "disember",
    "aral\u0131k",
    "aralik",
    "декабря",
    "декабрь",
    "grudnia",
    "grudzień",
    "δεκεμβρίου",
    "prosince",
    "грудня",
  ],
};

/**
 * Further languages, one row each, January to December, as their datelines print them
 * (genitive where the language has one): Croatian, Serbian and Slovene (Latin script),
 * Hungarian, Romanian and its abbreviations.
 */
const MONTH_ROWS: readonly (readonly string[])[] = [
  [
    "siječnja",
    "veljače",
    "ožujka",
    "travnja",
    "svibnja",
    "lipnja",
    "srpnja",
    "kolovoza",
    "rujna",
    "listopada",
    "studenoga",
    "prosinca",
  ],
  [
    "januara",
    "februara",
    "marta",
    "aprila",
    "maja",
    "juna",
    "jula",
    "avgusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
  ],
  [
    "januarja",
    "februarja",
    "marca",
    "aprila",
    "maja",
    "junija",
    "julija",
    "avgusta",
    "septembra",
    "oktobra",
    "novembra",
    "decembra",
  ],
  [
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
  ],
  [
    "ianuarie",
    "februarie",
    "martie",
    "aprilie",
    "mai",
    "iunie",
    "iulie",
    "august",
    "septembrie",
    "octombrie",
    "noiembrie",
    "decembrie",
  ],
  ["ian", "feb", "mar", "apr", "mai", "iun", "iul", "aug", "sep", "oct", "nov", "dec"],
];

const MONTHS = new Map<string, number>();
for (const [month, names] of Object.entries(MONTH_NAMES))
  for (const n of names) MONTHS.set(n, Number(month));
for (const row of MONTH_ROWS) for (const [i, n] of row.entries()) MONTHS.set(n, i + 1);

// Longest first so "sept" wins over "sep"; a trailing dot for abbreviations ("Sept.").
export const MONTH_PATTERN = `(?:${[...MONTHS.keys()].sort((a, b) => b.length - a.length).join("|")})\\.?`;

export function monthNumber(name: string): number | null {
  return MONTHS.get(name.toLowerCase().replace(/\.$/, "")) ?? null;
}

/** Four-digit years only: a date outside them is not one a wire story carries. */
const MIN_YEAR = 1000;
const MAX_YEAR = 9999;

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
// Hungarian order, year first: "2024. április 24.".
const YEAR_MONTH_DAY = new RegExp(`^(\\d{4})\\.\\s+(${MONTH_PATTERN})\\s+(\\d{1,2})\\.?$`, "i");

/** "March 4", "4 March 2024", "Sept. 10, 2024", "2024-05-17": the date, year optional. */
export function parseDateText(text: string): PartialDate | null {
  const t = text.trim();
  let m = MONTH_DAY.exec(t);
  if (m?.[1] && m[2])
    return partialDate(m[3] ? Number(m[3]) : null, monthNumber(m[1]), Number(m[2]));
  m = DAY_MONTH.exec(t);
  if (m?.[1] && m[2])
    return partialDate(m[3] ? Number(m[3]) : null, monthNumber(m[2]), Number(m[1]));
  m = YEAR_MONTH_DAY.exec(t);
  if (m?.[1] && m[2] && m[3]) return partialDate(Number(m[1]), monthNumber(m[2]), Number(m[3]));
  m = ISO_DAY.exec(t);
  if (m?.[1] && m[2] && m[3]) return partialDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A day of a month (year optional) when it can exist, else null. */
export function partialDate(
  year: number | null,
  month: number | null,
  day: number,
): PartialDate | null {
  if (!month || month > 12 || day < 1 || day > daysIn(year ?? 2024, month)) return null;
  if (year !== null && (year < MIN_YEAR || year > MAX_YEAR)) return null;
  return { year, month, day };
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `YYYY-MM-DD` when it names a real day (no `2024-13-99`, no `+275760-09-13`), else null. */
export function realDay(text: string | null | undefined): string | null {
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < MIN_YEAR || month < 1 || month > 12 || day < 1 || day > daysIn(year, month))
    return null;
  return text;
}

/**
 * A timestamp as given (trimmed) when it names a real instant in a four-digit year: ISO 8601
 * (extended or basic) or anything else `Date.parse` reads; null otherwise (`+275760-09-13T...`,
 * `2024-13-99`, free text).
 */
export function realTimestamp(text: string | null | undefined): string | null {
  const t = text?.trim();
  if (!t || t.length > 64) return null;
  const iso = /^(\d{4})-?(\d{2})-?(\d{2})(?:$|[T ])/.exec(t);
  if (iso && !realDay(`${iso[1]}-${iso[2]}-${iso[3]}`)) return null;
  // ISO basic format (20240102T101500Z) is not Date.parse-able; its shape and day suffice.
  if (iso && /^\d{8}(?:T\d{4,6}(?:Z|[+-]\d{4})?)?$/.test(t)) return t;
  return isoDay(t) === null ? null : t;
}

/** UTC calendar day of an ISO timestamp, or null (never a day outside four-digit years). */
export function isoDay(timestamp: string | null | undefined): string | null {
  if (!timestamp) return null;
  const compact = /^(\d{4})(\d{2})(\d{2})(?:T|$)/.exec(timestamp);
  if (compact) return realDay(`${compact[1]}-${compact[2]}-${compact[3]}`);
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) return null;
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A dateline date without a year takes the year that puts it nearest the reference day, so a
 * "Dec 31" dateline received on Jan 1 is last year's.
 */
export function resolveDate(date: PartialDate, referenceDay: string | null): string | null {
  if (date.year !== null) return realDay(`${date.year}-${pad(date.month)}-${pad(date.day)}`);
  if (!referenceDay) return null;
  const ref = Date.parse(`${referenceDay}T00:00:00Z`);
  const refYear = Number(referenceDay.slice(0, 4));
  if (Number.isNaN(ref)) return null;
  let best: string | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const year of [refYear - 1, refYear, refYear + 1]) {
    if (year < MIN_YEAR || year > MAX_YEAR) continue;
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

// "UPDATED 10:32 GMT", "Published 09:00 ET", "10.32 Uhr": a time stamp on a line of its own.
const TIME_LINE =
  /^(?:(?:updated|published|posted|last updated|first published|aktualisiert|mis \u00e0 jour|actualizado)\s*:?\s*)?(?:at\s+)?\d{1,2}[:.h]\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*(?:GMT|UTC|Uhr|[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?$/i;

/** A line that is only a time stamp ("UPDATED 10:32 GMT"): no date in it, no story either. */
export function isTimeLine(line: string): boolean {
  return line.length <= 48 && TIME_LINE.test(line.trim());
}
