/**
 * Characters Windows-1252 produces for bytes 0x80-0x9F. Undefined bytes (0x81, 0x8D, 0x8F, 0x90,
 * 0x9D) come through as the C1 control of the same value, which decoders commonly emit.
 */
const CP1252_HIGH: Readonly<Record<number, number>> = {
  8364: 0x80,
  8218: 0x82,
  402: 0x83,
  8222: 0x84,
  8230: 0x85,
  8224: 0x86,
  8225: 0x87,
  710: 0x88,
  8240: 0x89,
  352: 0x8a,
  8249: 0x8b,
  338: 0x8c,
  381: 0x8e,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
  8211: 0x96,
  8212: 0x97,
  732: 0x98,
  8482: 0x99,
  353: 0x9a,
  8250: 0x9b,
  339: 0x9c,
  382: 0x9e,
  376: 0x9f,
};

/** The byte a Windows-1252/Latin-1 reader turned into this character, or -1. */
function byteOf(char: string): number {
  const code = char.charCodeAt(0);
  if (code >= 0x80 && code <= 0xff) return code;
  return CP1252_HIGH[code] ?? -1;
}

// A UTF-8 lead byte read as one Latin-1 char, then 1-3 continuation bytes read as cp1252.
const MOJIBAKE =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}/g;

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function continuationCount(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  return 3;
}

function repairOne(match: string): string {
  const lead = byteOf(match);
  const need = continuationCount(lead);
  if (match.length < need + 1) return match;
  const bytes = new Uint8Array(need + 1);
  for (let i = 0; i <= need; i++) {
    const b = byteOf(match.charAt(i));
    if (b < 0) return match;
    bytes[i] = b;
  }
  try {
    return strictUtf8.decode(bytes) + match.slice(need + 1);
  } catch {
    return match;
  }
}

/**
 * Undo UTF-8 that was once decoded as Windows-1252 or Latin-1 (`â€™` for `’`, `Ã©` for `é`).
 * Only sequences that form valid UTF-8 are touched; runs twice for double-encoded copy.
 */
export function repairMojibake(text: string): string {
  let out = text;
  for (let pass = 0; pass < 2; pass++) {
    MOJIBAKE.lastIndex = 0;
    if (!MOJIBAKE.test(out)) break;
    MOJIBAKE.lastIndex = 0;
    out = out.replace(MOJIBAKE, repairOne);
  }
  return out;
}
