/**
 * 64-bit SimHash (Charikar) of a text's word 3-shingles: texts that differ in a few words differ
 * in a few bits, so a re-send with trivial changes is recognised by Hamming distance. Linear in
 * the text; words are lower-cased letters and digits, so punctuation and case do not count.
 */
export function simhash64(text: string): string {
  // ones[b]: how many shingles have bit b set (bit 0 the top bit of the high half); a bit's
  // weight is ones - (shingles - ones), so only set bits are visited.
  const ones = new Int32Array(64);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingle = words.length < 3 ? 1 : 3;
  let shingles = 0;
  for (let i = 0; i + shingle <= words.length; i++) {
    // FNV-1a (fnvStep's arithmetic, inlined) of the shingle's words joined by single spaces,
    // without building the string.
    let hi = 0xcbf29ce4;
    let lo = 0x84222325;
    for (let k = i; k < i + shingle; k++) {
      const w = words[k] as string;
      for (let j = k > i ? -1 : 0; j < w.length; j++) {
        const c = j < 0 ? 0x20 : w.charCodeAt(j);
        for (let byte = c & 0xff, more = c > 0xff; ; byte = c >>> 8, more = false) {
          const x = (lo ^ byte) >>> 0;
          const loMul = x * 0x1b3;
          hi = (Math.imul(hi, 0x1b3) + Math.floor(loMul / 0x100000000) + (x << 8)) >>> 0;
          lo = loMul >>> 0;
          if (!more) break;
        }
      }
    }
    // MurmurHash3's 32-bit finalizer over both halves: FNV-1a's high bits hardly depend on the
    // last characters, so shingles that differ only in their last word would vote alike without it.
    const a = fmix32((lo ^ Math.imul(hi, 0x9e3779b1)) >>> 0);
    const b = fmix32((hi ^ Math.imul(a, 0x85ebca6b)) >>> 0);
    countBits(ones, b, 0);
    countBits(ones, a, 32);
    shingles++;
  }
  let out = "";
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let bit = 0; bit < 4; bit++) {
      const set = ones[nibble * 4 + bit] as number;
      v = (v << 1) | (2 * set - shingles > 0 ? 1 : 0);
    }
    out += v.toString(16);
  }
  return out;
}

/** ones[offset + b] += 1 for every set bit b of word (b = 0 the most significant). */
function countBits(ones: Int32Array, word: number, offset: number): void {
  let x = word >>> 0;
  while (x !== 0) {
    const low = x & -x;
    const b = Math.clz32(low);
    ones[offset + b] = (ones[offset + b] as number) + 1;
    x = (x ^ low) >>> 0;
  }
}

/** Bits in which two fingerprints differ. */
export function hammingDistance(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < 16; i++) {
    let x = Number.parseInt(a.charAt(i), 16) ^ Number.parseInt(b.charAt(i), 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}

function fmix32(h0: number): number {
  let h = h0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** One FNV-1a step: xor the byte in, multiply by the 64-bit prime 0x100000001b3. */
function fnvStep(hi: number, lo: number, byte: number): [number, number] {
  const x = (lo ^ byte) >>> 0;
  // (hi·2^32 + x) · (2^40 + 0x1b3) mod 2^64 = x·0x1b3 + (hi·0x1b3 + x·2^8)·2^32
  const loMul = x * 0x1b3;
  const carry = Math.floor(loMul / 0x100000000);
  return [(Math.imul(hi, 0x1b3) + carry + (x << 8)) >>> 0, loMul >>> 0];
}

/** FNV-1a, 64 bits, over the string's UTF-16 code units, as two 32-bit halves (no BigInt). */
export function fnv1a64(s: string): [number, number] {
  // offset basis 0xcbf29ce484222325
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    [hi, lo] = fnvStep(hi, lo, c & 0xff);
    if (c > 0xff) [hi, lo] = fnvStep(hi, lo, c >>> 8);
  }
  return [hi, lo];
}
