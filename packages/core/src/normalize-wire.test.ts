import { readdirSync, readFileSync } from "node:fs";
import { normalizedStorySchema, rejectionSchema } from "@newswire/schemas";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { feedFixtures } from "../../../tests/support/fixture-expectations.js";
import { isRejection, normalizeWire, processWire, storyId } from "./index.js";

const corpusDir = new URL("../../../tests/fixtures/corpus/", import.meta.url);
const corpus = [
  ...readdirSync(corpusDir).filter(
    (f) => !f.endsWith(".json") && !f.endsWith(".md") && f !== "bad",
  ),
  ...readdirSync(new URL("bad/", corpusDir)).map((f) => `bad/${f}`),
].map((f) => new Uint8Array(readFileSync(new URL(f, corpusDir))));

// Generous for a loaded, shared CI machine (about 50x the idle cost); a catastrophic regex
// takes seconds to minutes on these sizes.
const boundMs = (bytes: Uint8Array) => 1000 + bytes.length / 200;
const META = { receivedAt: "2024-06-01T12:00:00Z", feed: "fuzz" };

/** Never throws, never hits the internal-error fallback, always a valid story or rejection, fast. */
function checkTotal(bytes: Uint8Array): void {
  const started = performance.now();
  const result = processWire(bytes, META);
  const elapsed = performance.now() - started;
  expect(elapsed).toBeLessThan(boundMs(bytes));
  if (isRejection(result)) {
    rejectionSchema.parse(result);
    expect(result.code).not.toBe("INVALID_RECORD");
  } else {
    normalizedStorySchema.parse(result);
  }
}

/**
 * checkTotal without attribution: what the sniffer, decoder and format parsers (and the shared
 * cleaning) do with the input. Attribution's own cost bounds are checked with attribution.
 */
function checkNormalized(bytes: Uint8Array): void {
  const started = performance.now();
  const result = normalizeWire(bytes, META);
  expect(performance.now() - started).toBeLessThan(boundMs(bytes));
  if (isRejection(result)) {
    rejectionSchema.parse(result);
    expect(result.code).not.toBe("INVALID_RECORD");
  } else {
    normalizedStorySchema.parse(result);
  }
}

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    at: fc.nat(),
    value: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({
    kind: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.nat({ max: 100 }),
    times: fc.integer({ min: 2, max: 200 }),
  }),
  fc.record({
    kind: fc.constant("token" as const),
    at: fc.nat(),
    token: fc.constantFrom(
      "\x01",
      "\x02",
      "\x03",
      "\x16",
      "<",
      ">",
      "&",
      "&amp;",
      "<!DOCTYPE x [",
      "<!ENTITY a 'b'>",
      "]]>",
      "{",
      '"',
      "^",
      "``",
      " - ",
      " (AP) — ",
      ":",
      "\n\n",
      "\t   ",
      "\u00e2\u20ac",
      "\ufeff",
      "\u00ad",
      "By ",
      "(Reporting by ",
    ),
  }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(input: Uint8Array, mutations: Mutation[]): Uint8Array {
  let bytes = Buffer.from(input);
  for (const m of mutations) {
    const at = bytes.length === 0 ? 0 : m.at % (bytes.length + 1);
    switch (m.kind) {
      case "flip":
        if (bytes.length > 0) bytes[at % bytes.length] = m.value;
        break;
      case "insert":
        bytes = Buffer.concat([bytes.subarray(0, at), m.bytes, bytes.subarray(at)]);
        break;
      case "delete":
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + m.length)]);
        break;
      case "repeat": {
        const piece = bytes.subarray(at, at + m.length);
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          ...Array.from({ length: m.times }, () => piece),
          bytes.subarray(at),
        ]);
        break;
      }
      case "token":
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from(m.token, "utf8"),
          bytes.subarray(at),
        ]);
        break;
    }
  }
  return new Uint8Array(bytes);
}

// Each input has its own bound; the generous test timeout only covers a loaded CI machine.
describe("normalizeWire on hostile input", { timeout: 60_000 }, () => {
  // First calls compile matchers and JIT the parsers; time only warm code.
  beforeAll(() => {
    for (const bytes of corpus) processWire(bytes, META);
  });

  it("random bytes never throw and finish within the bound", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), checkTotal), { numRuns: 300 });
  });

  it("random text from wire-ish tokens never throws and finishes within the bound", () => {
    const token = fc.constantFrom(
      "-",
      " - ",
      "(",
      ")",
      "(AP)",
      "<p>",
      "</p>",
      "<",
      "&",
      "&#8220;",
      ":",
      "a",
      "A",
      "By ",
      "\n",
      "\n\n",
      "\t",
      " ",
      "/",
      "REUTERS/",
      "—",
      "UPDATE 2-",
      "``",
      "''",
      "^",
      "=",
      "<",
      "\u00c3\u00a9",
      "©",
      "Copyright ",
      "str/jj",
      "Mar 4",
      ",",
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 3000 }), (parts) =>
        checkTotal(Buffer.from(parts.join(""), "utf8")),
      ),
      { numRuns: 150 },
    );
  });

  it("random mutations of the corpus never throw and finish within the bound", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: corpus.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        (i, ms) => checkTotal(mutate(corpus[i] as Uint8Array, ms)),
      ),
      { numRuns: 400 },
    );
  });

  it("random mutations of the wire-framing and mail feeds never throw and finish within the bound", () => {
    const feeds = feedFixtures()
      .filter((f) => /\.(?:anpa|iptc|eml|txt)$/.test(f.name))
      .map((f) => f.bytes);
    const mailToken = fc.constantFrom(
      "\r\n\r\n",
      "--",
      "Content-Type: multipart/mixed; boundary=b\r\n",
      "Content-Transfer-Encoding: base64\r\n",
      "=?utf-8?B?",
      "?=",
      "=\r\n",
      "ZCZC ",
      "NNNN",
      "\x01",
      "\x02",
      "\x08",
      "\x12",
      "^",
      "<",
      "=",
    );
    fc.assert(
      fc.property(
        fc.nat({ max: feeds.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), mailToken), { maxLength: 6 }),
        (i, ms, tokens) => {
          let bytes = Buffer.from(mutate(feeds[i] as Uint8Array, ms));
          for (const [at, token] of tokens) {
            const k = bytes.length === 0 ? 0 : at % (bytes.length + 1);
            bytes = Buffer.concat([
              bytes.subarray(0, k),
              Buffer.from(token, "latin1"),
              bytes.subarray(k),
            ]);
          }
          checkNormalized(new Uint8Array(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("long runs of separators and brackets stay linear", () => {
    for (const unit of [
      " -",
      "(",
      "a ",
      "A,",
      ":",
      "<a>",
      "&a",
      "\t ",
      " ",
      "x/",
      "—",
      "By ",
      "<",
      "=",
      ")",
      "- ",
      ". ",
    ]) {
      checkTotal(Buffer.from(`Headline\n\n${unit.repeat(60_000)}`));
      checkTotal(Buffer.from(`Headline\n\nLONDON (Reuters) - x${unit.repeat(60_000)}x\n\nEnd.`));
      checkTotal(
        Buffer.from(
          `\x16\x16\x01a1\r\n\x02^Head<\r\n\t x${unit.repeat(30_000)}x\r\n\x03`,
          "latin1",
        ),
      );
    }
  });

  it("rejects an entity-expansion bomb in well under 50 ms", () => {
    const levels = Array.from(
      { length: 12 },
      (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`,
    ).join("\n");
    const bomb = Buffer.from(
      `<?xml version="1.0"?>\n<!DOCTYPE nitf [\n<!ENTITY l0 "lol">\n${levels}\n]>\n<nitf><body><body.content><p>&l12;</p></body.content></body></nitf>`,
    );
    normalizeWire(bomb, META);
    const started = performance.now();
    const r = normalizeWire(bomb, META);
    expect(performance.now() - started).toBeLessThan(50);
    expect(isRejection(r) && r.code).toBe("XML_ENTITY_EXPANSION");
  });

  it("rejects input over the size limit before reading it", () => {
    const r = normalizeWire(new Uint8Array(1025), META, { maxBytes: 1024 });
    expect(isRejection(r) && r.code).toBe("TOO_LARGE");
    const big = normalizeWire(new Uint8Array(2 * 1024 * 1024 + 1), META);
    expect(isRejection(big) && big.code).toBe("TOO_LARGE");
  });

  it("gives the same id for the same bytes, whatever the metadata", () => {
    const bytes = corpus[0] as Uint8Array;
    const a = normalizeWire(bytes, { receivedAt: "2024-01-01T00:00:00Z", feed: "a" });
    const b = normalizeWire(bytes, {
      receivedAt: "2025-01-01T00:00:00Z",
      feed: "b",
      contentType: "text/plain",
    });
    expect(isRejection(a) || isRejection(b)).toBe(false);
    if (!isRejection(a) && !isRejection(b)) {
      expect(a.id).toBe(b.id);
      expect(a.id).toBe(storyId(bytes));
    }
  });
});

describe("charset decisions are scoped to where each format declares them", () => {
  const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
  const story = (bytes: Uint8Array, meta = {}) => {
    const s = normalizeWire(bytes, { ...META, ...meta });
    if (isRejection(s)) throw new Error(`${s.code}: ${s.message}`);
    return s;
  };

  it("an NITF paragraph quoting <meta charset> does not garble the headline", () => {
    const s = story(
      utf8(
        '<?xml version="1.0"?><nitf><body><body.head><hedline><hl1>Zürich zieht Bilanz: Größer als erwartet</hl1></hedline></body.head><body.content><p>The page said <meta charset="koi8-r"/> in its source.</p><p>Second paragraph.</p></body.content></body></nitf>',
      ),
    );
    expect(s.headline).toBe("Zürich zieht Bilanz: Größer als erwartet");
    expect(s.metadata.decoding).toEqual({ charset: "utf-8", replacedBytes: 0 });
  });

  it("one stray 0xFF in valid UTF-8 is replaced locally, not a reason to re-decode as cp1252", () => {
    const bytes = Buffer.concat([
      utf8("Gdańsk dockers end strike\n\nGDANSK, Poland (Reuters) - Workers in Gdańsk returned "),
      Buffer.from([0xff]),
      utf8(" on Monday, ending a strike at the Łódź-owned terminal.\n"),
    ]);
    const s = story(new Uint8Array(bytes));
    expect(s.headline).toBe("Gdańsk dockers end strike");
    expect(s.paragraphs.join(" ")).toContain("Łódź-owned terminal");
    expect(s.metadata.decoding).toEqual({ charset: "utf-8", replacedBytes: 1 });
  });

  it("Polish and Greek UTF-8 with a few bad bytes are stories, not UNDECODABLE", () => {
    for (const [head, body] of [
      ["Sejm przyjął ustawę", "Posłowie przyjęli w piątek ustawę o żegludze śródlądowej. "],
      ["Η Βουλή ψήφισε", "Η Βουλή ψήφισε την Πέμπτη το νομοσχέδιο για τα λιμάνια. "],
    ] as const) {
      const bytes = Buffer.concat([
        utf8(`${head}\n\n${body.repeat(5)}`),
        Buffer.from([0x80, 0xc3]),
        utf8(body),
      ]);
      expect(story(new Uint8Array(bytes)).headline).toBe(head);
    }
  });

  it('encoding="UTF-16" on UTF-8 bytes does not give NO_BODY', () => {
    const s = story(
      utf8(
        '<?xml version="1.0" encoding="UTF-16"?><nitf><body><body.head><hedline><hl1>Kraków tram line opens</hl1></hedline></body.head><body.content><p>The line opened on Monday.</p></body.content></body></nitf>',
      ),
    );
    expect(s.headline).toBe("Kraków tram line opens");
    expect(s.paragraphs).toEqual(["The line opened on Monday."]);
  });

  it("charset=utf-7 never turns +ADw-script+AD4- into a tag", () => {
    const s = story(
      utf8("Council vote +ADw-script+AD4-x+ADw-/script+AD4-\n\nThe council voted.\n"),
      {
        contentType: "text/plain; charset=utf-7",
      },
    );
    expect(JSON.stringify(s)).not.toContain("<script>");
  });

  it("records the charset a single-byte original was read in", () => {
    const s = story(
      new Uint8Array(
        Buffer.from(
          "Caf\xe9 owners protest\n\nPARIS (AFP) - Owners of caf\xe9s marched.\n",
          "latin1",
        ),
      ),
    );
    expect(s.headline).toBe("Café owners protest");
    expect(s.metadata.decoding.charset).toBe("windows-1252");
  });
});
