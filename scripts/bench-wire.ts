/**
 * CPU per MB of `normalizeWire` on the wire framings, mail and decoding: the real-shaped feed
 * files of those formats, and hostile shapes of each near the 2 MB input limit. Prints figures;
 * not a test. `node --import tsx scripts/bench-wire.ts` (after `tsc -b`).
 *
 * Figures are CPU milliseconds of this process (process.cpuUsage) per MB of input, the best of
 * a few runs, so a busy machine slows the run without moving them much. A shape is run at 512 KB
 * and 2 MB: linear code keeps the per-MB figure flat.
 */
import { readdirSync, readFileSync } from "node:fs";
import { normalizeWire } from "@newswire/core";

const MB = 1024 * 1024;
const meta = { receivedAt: "2024-06-01T12:00:00Z", feed: "bench" };
const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));
const latin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));

function cpuMs(run: () => void, times: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < times; k++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const ANPA = "\x16\x16\x01a0001\x1f-----\r\nr a BC-X--Y   01-01 0100\r\n\x02^Head<\r\n";
const IPTC = "\x01dpa0001 3 i 100 dpa 0100\r\n\x02Head\r\n\r\n";
const MAIL = "From: a@b.example\r\nSubject: Head\r\n";
const shapes: Array<[string, (bytes: number) => Uint8Array]> = [
  [
    "anpa: tab paragraphs",
    (n) => latin1(ANPA + fill("\t   A paragraph of wire copy, kept short.\r\n", n)),
  ],
  ["anpa: agate rows", (n) => latin1(ANPA + fill("\x08Team\x1058\x1034\x10.630\r\n", n))],
  ["anpa: heading lines", (n) => latin1(ANPA + fill("^A heading line<\r\n", n))],
  ["anpa: segments on one line", (n) => latin1(`${ANPA}^${fill("x< ^", n)}`)],
  [
    "7901: wrapped paragraphs",
    (n) => latin1(IPTC + fill("Text of a hard-wrapped line of copy\r\n", n)),
  ],
  ["7901: one heading line", (n) => latin1(`\x01dpa0001 3 i 100\r\n\x02${fill("Head ", n)}`)],
  ["7901: ZCZC header fields", (n) => latin1(`ZCZC AAP\n${fill("%ROUTE\n", n)}Head\n\nText.`)],
  ["mail: header fields", (n) => latin1(`${fill("X-Field: value\r\n", n)}Subject: s\r\n\r\nBody.`)],
  [
    "mail: base64 text part",
    (n) =>
      latin1(
        `${MAIL}Content-Transfer-Encoding: base64\r\n\r\n${fill("VGV4dCBvZiB0aGUgc3Rvcnku\r\n", n)}`,
      ),
  ],
  [
    "mail: quoted-printable part",
    (n) =>
      latin1(
        `${MAIL}Content-Transfer-Encoding: quoted-printable\r\n\r\n${fill("Caf=C3=A9 news =\r\n", n)}`,
      ),
  ],
  [
    "mail: delimiter look-alikes",
    (n) =>
      latin1(
        `${MAIL}Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n${fill("--bb --b x\r\n", n)}--b--\r\n`,
      ),
  ],
  [
    "mail: 400 parts",
    (n) =>
      latin1(
        `${MAIL}Content-Type: multipart/mixed; boundary=b\r\n\r\n${fill(`--b\r\n\r\n${"y".repeat(Math.floor(n / 400))}\r\n`, n)}--b--\r\n`,
      ),
  ],
  [
    "decode: UTF-8 with stray bytes",
    (n) => latin1(`Head\n\n${fill("\u00c5\u00bc\u00c3\u00b3 text \xff ", n)}`),
  ],
  ["decode: single-byte, detected", (n) => latin1(`Head\n\n${fill("Caf\xe9 na\xefve text. ", n)}`)],
];

console.log("shape                               512 KB ms/MB   2 MB ms/MB");
let worst = 0;
for (const [name, make] of shapes) {
  const perMb: string[] = [];
  for (const size of [MB / 2, 2 * MB - 4096]) {
    const bytes = make(size).subarray(0, 2 * MB);
    normalizeWire(bytes, meta);
    const ms = cpuMs(() => normalizeWire(bytes, meta), 3);
    const rate = ms / (bytes.length / MB);
    worst = Math.max(worst, rate);
    perMb.push(rate.toFixed(1).padStart(12));
  }
  console.log(`${name.padEnd(34)} ${perMb.join(" ")}`);
}

const feeds = new URL("../tests/fixtures/feeds/", import.meta.url);
const files = readdirSync(feeds, { recursive: true, encoding: "utf8" }).filter((f) =>
  /\.(?:anpa|iptc|eml)$|^(?:dpa|aap|ats|apa|ansa|afp)\/.*\.txt$/.test(f),
);
const inputs = files.map((f) => new Uint8Array(readFileSync(new URL(f, feeds))));
const total = inputs.reduce((n, b) => n + b.length, 0);
for (const b of inputs) normalizeWire(b, meta);
const ms = cpuMs(() => {
  for (let k = 0; k < 50; k++) for (const b of inputs) normalizeWire(b, meta);
}, 3);
console.log(
  `feeds (${inputs.length} files, ${total} bytes): ${((ms / 50 / inputs.length) * 1000).toFixed(0)} µs CPU per file, ${(ms / 50 / (total / MB)).toFixed(1)} ms/MB`,
);
console.log(`WIRE worst_ms_per_mb=${worst.toFixed(1)}`);
