import { describe, expect, it } from "vitest";
import { decodeBytes } from "../decode/decode-bytes.js";
import type { ParseInput } from "../formats/format-table.js";
import { sniffFormat } from "../formats/sniff-format.js";
import { reject } from "../reject.js";
import { parseAnpa1312 } from "./parse-anpa1312.js";
import { parseEmail } from "./parse-email.js";
import { parseIptc7901 } from "./parse-iptc7901.js";

/*
 * Growth checks: the same hostile shape at n and 4n bytes. Linear code takes about 4x as long;
 * anything quadratic takes 16x. Time is this process's CPU time (process.cpuUsage), not the
 * wall clock, so other work on a shared machine does not count; each size is repeated often
 * enough to take 10 ms of CPU or more, the two sizes are timed in turn five times and the best
 * of each is kept, so neither the timer, the JIT nor one collection decides. The bound (10x)
 * leaves room for the garbage collector, whose cost grows a little faster than the input.
 */
const N = 64 * 1024;
const BOUND = 10;

function cpuMs(run: () => void, reps: number): number {
  const start = process.cpuUsage();
  for (let r = 0; r < reps; r++) run();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function growth(make: (bytes: number) => string, run: (input: string) => void): number {
  const small = make(N);
  const large = make(4 * N);
  run(small);
  run(large);
  let reps = 1;
  while (cpuMs(() => run(small), reps) < 10 && reps < 10_000) reps *= 2;
  let a = Number.POSITIVE_INFINITY;
  let b = Number.POSITIVE_INFINITY;
  for (let k = 0; k < 5; k++) {
    a = Math.min(
      a,
      cpuMs(() => run(small), reps),
    );
    b = Math.min(
      b,
      cpuMs(() => run(large), reps),
    );
  }
  return b / a;
}

const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));
const mailInput = (text: string): ParseInput => ({
  text,
  root: null,
  nested: () => reject("UNSUPPORTED_FORMAT", "not read in this test"),
});

describe("wire framings, mail and decoding stay linear on hostile shapes", {
  timeout: 60_000,
}, () => {
  const ANPA_HEAD = "\x16\x16\x01a0001\x1f-----\r\nr a BC-X--Y   01-01 0100\r\n\x02";
  it.each([
    ["many heading lines", (n: number) => ANPA_HEAD + fill("^Heading line here<\r\n", n)],
    ["many segments on one line", (n: number) => `${ANPA_HEAD}^${fill("x< ^", n)}`],
    ["one endless paragraph", (n: number) => `${ANPA_HEAD}^Head<\r\n\t ${fill("word ", n)}`],
    ["hard-wrapped lines", (n: number) => `${ANPA_HEAD}^Head<\r\n${fill("a line of text\r\n", n)}`],
    ["agate rows", (n: number) => `${ANPA_HEAD}^Head<\r\n${fill("\x08a\x10b\x10c\r\n", n)}`],
    ["typewriter quotes", (n: number) => `${ANPA_HEAD}^Head<\r\n\t ${fill("``''`", n)}`],
    ["trailing quad lefts", (n: number) => `${ANPA_HEAD}^${fill("<", n)}x`],
    ["keyword-like lines", (n: number) => `${ANPA_HEAD}${fill("^BC-X--Y, 1st Ld,12<\r\n", n)}`],
  ])("ANPA-1312: %s", (_name, make) => {
    expect(growth(make, (t) => parseAnpa1312(t))).toBeLessThan(BOUND);
  });

  it.each([
    [
      "many lines",
      (n: number) => `\x01dpa0001 3 i 100 dpa 0100\r\n\x02Head\r\n\r\n${fill("Text line.\r\n", n)}`,
    ],
    ["one heading block line", (n: number) => `\x01dpa0001 3 i 100\r\n\x02${fill("Head ", n)}`],
    ["marker lines", (n: number) => `ecb0001 3 i 100 dpa 0100\n${fill("1ST LEAD\n", n)}`],
    ["slashes", (n: number) => `ecb0001 3 i 100 dpa 0100\n\n${fill("a/", n)}\n\nText.`],
    ["ZCZC header fields", (n: number) => `ZCZC AAP\n${fill("%ROUTE\n", n)}Head\n\nText.`],
    ["equals signs", (n: number) => `\x01dpa0001 3 i 100\r\n\x02Head\r\n${fill("=", n)}\r\n\r\nx`],
  ])("IPTC 7901: %s", (_name, make) => {
    expect(growth(make, (t) => parseIptc7901(t))).toBeLessThan(BOUND);
  });

  it.each([
    ["many header fields", (n: number) => `${fill("X-Field: value\n", n)}\nBody.`],
    ["one folded header", (n: number) => `Subject: a\n${fill(" folded\n", n)}\nBody.`],
    [
      "encoded-word runs",
      (n: number) => `Subject: ${fill("=?utf-8?Q?", n).slice(0, 8000)}\n\nBody ${fill("x ", n)}`,
    ],
    [
      "delimiter look-alikes",
      (n: number) =>
        `Content-Type: multipart/mixed; boundary=b\n\n--b\n\n${fill("--bb --b x\n", n)}--b--\n`,
    ],
    [
      "a long base64 part",
      (n: number) => `Content-Transfer-Encoding: base64\n\n${fill("QUJD", n)}`,
    ],
    [
      "a long quoted-printable part",
      (n: number) => `Content-Transfer-Encoding: quoted-printable\n\n${fill("=41=\n", n)}`,
    ],
    ["a body without line ends", (n: number) => `Subject: x\n\n${fill("word ", n)}`],
  ])("e-mail: %s", (_name, make) => {
    expect(growth(make, (t) => parseEmail(mailInput(t)))).toBeLessThan(BOUND);
  });

  const bytes = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
  it.each([
    ["UTF-8 with stray bytes", (n: number) => fill("\u00c5\u00bc\u00c3\u00b3 \xff ", n)],
    ["stray bytes only", (n: number) => fill("a\xe9 ", n)],
    ["truncated sequences", (n: number) => fill("\xe2\x82 \xf0\x9f\x98 ", n)],
    [
      "a declaration-shaped head",
      (n: number) => `<?xml ${fill("encoding=", 900)}?>${fill("\xc3\xa9", n)}`,
    ],
  ])("decodeBytes: %s", (_name, make) => {
    expect(growth(make, (t) => decodeBytes(bytes(t), { declaration: "xml" }))).toBeLessThan(BOUND);
  });

  it("sniffing reads a bounded head whatever the input", () => {
    const huge = bytes(`Subject: x\n${fill("X-A: b\n", 4 * N)}`);
    const t = performance.now();
    for (let k = 0; k < 100; k++) sniffFormat(huge);
    expect((performance.now() - t) / 100).toBeLessThan(20);
  });
});

describe("patterns on unbounded lines", () => {
  it("a date-time-group look-alike with a long run of spaces stays fast", () => {
    const line = `123456${" ".repeat(200_000)}x`;
    const t = performance.now();
    parseIptc7901(`ecb0001 3 i 100 dpa 0100\n\nHead\n\nText.\n\n${line}\n`);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it("a display name of quotes and spaces stays fast", () => {
    const from = `From: ${'" '.repeat(3000)}x <a@b.example>\nSubject: s\n\nBody.`;
    const t = performance.now();
    parseEmail(mailInput(from));
    expect(performance.now() - t).toBeLessThan(500);
  });
});
