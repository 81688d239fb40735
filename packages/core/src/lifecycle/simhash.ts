/**
 * 64-bit SimHash (Charikar) of a text's word 3-shingles: texts that differ in a few words differ
 * in a few bits, so a re-send with trivial changes is recognised by Hamming distance. Linear in
 * the text; words are lower-cased letters and digits, so punctuation and case do not count.
 */
export function simhash64(text: string): string {
  const weights = new Int32Array(64);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const shingle = words.length < 3 ? 1 : 3;
  for (let i = 0; i + shingle <= words.length; i++) {
    const [hi, lo] = fnv1a64(words.slice(i, i + shingle).join(" "));
    for (let b = 0; b < 32; b++) {
      weights[b] = (weights[b] as number) + ((hi >>> (31 - b)) & 1 ? 1 : -1);
      weights[b + 32] = (weights[b + 32] as number) + ((lo >>> (31 - b)) & 1 ? 1 : -1);
    }
  }
  let out = "";
  for (let nibble = 0; nibble < 16; nibble++) {
    let v = 0;
    for (let b = 0; b < 4; b++) v = (v << 1) | ((weights[nibble * 4 + b] as number) > 0 ? 1 : 0);
    out += v.toString(16);
  }
  return out;
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

/** FNV-1a, 64 bits, as two 32-bit halves (no BigInt on the hot path). */
function fnv1a64(s: string): [number, number] {
  // offset basis 0xcbf29ce484222325, prime 0x100000001b3
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < s.length; i++) {
    lo ^= s.charCodeAt(i) & 0xff;
    lo ^= s.charCodeAt(i) >>> 8;
    // (hi, lo) * 0x100000001b3 = (hi, lo) * 0x1b3 + (lo << 32)
    const loMul = lo * 0x1b3;
    const carry = Math.floor(loMul / 0x100000000);
    const newLo = loMul >>> 0;
    const newHi = (Math.imul(hi, 0x1b3) + carry + lo) >>> 0;
    hi = newHi;
    lo = newLo;
  }
  return [hi >>> 0, lo >>> 0];
}
