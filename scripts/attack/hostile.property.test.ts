import { DEFAULT_MAX_BYTES, isRejection, processWire } from "@newswire/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hostileInput } from "./arbitraries.js";
import { CASES } from "./cases.js";
import { findProblems } from "./check.js";

// The invariants of issue 11 on hostile input; the time bound is `npm run bench:hostile` (CPU
// per input, a benchmark), never asserted here.
const meta = { receivedAt: "2024-05-17T10:00:00Z", feed: "hostile" };
const bytesOf = (made: Uint8Array | string) =>
  typeof made === "string" ? new TextEncoder().encode(made) : made;
/** A Story's fixed part (ids, metadata, lifecycle) is a few KB whatever the input. */
const bounded = (bytes: Uint8Array, result: unknown) =>
  JSON.stringify(result).length <= 4 * bytes.length + 16_384;

describe("hostile input through processWire", () => {
  it("no markup, script payload, control, bidi override, lone surrogate or impossible date in any Story string; closed codes; output a bounded multiple of the input", () => {
    fc.assert(
      fc.property(hostileInput(16 * 1024), ({ label, bytes }) => {
        const result = processWire(bytes, meta);
        expect(findProblems(result), label).toEqual([]);
        expect(bounded(bytes, result), label).toBe(true);
      }),
      { numRuns: 100 },
    );
  }, 180_000); // about 5 s on a quiet core: room for a loaded machine, not a time bound

  it("every attack case at 8 KB keeps the same invariants", () => {
    for (const c of CASES) {
      const bytes = bytesOf(c.make(8 * 1024));
      const result = processWire(bytes, meta);
      expect(findProblems(result), c.name).toEqual([]);
      expect(bounded(bytes, result), c.name).toBe(true);
    }
  }, 120_000);

  it("UTF-7 is never honoured: +ADw-script+AD4- stays those characters, never a tag or its payload", () => {
    for (const name of ["html: utf-7 charset", "xml: utf-7 declaration"]) {
      const c = CASES.find((k) => k.name === name);
      const result = processWire(bytesOf(c?.make(0) ?? ""), meta);
      expect(isRejection(result), name).toBe(false);
      if (!isRejection(result)) expect(result.paragraphs.join(" ")).toContain("+ADw-script+AD4-");
      expect(findProblems(result), name).toEqual([]);
    }
  });

  it("a story of 2 MB in a single-byte charset is detected from a bounded sample and decoded whole", () => {
    const unit = "Caf\xe9 na\xefve cr\xe8me br\xfbl\xe9e, the minister said. ";
    const text = `Headline of the story\n\n${unit.repeat(Math.floor((DEFAULT_MAX_BYTES - 64) / unit.length))}`;
    const result = processWire(new Uint8Array(Buffer.from(text, "latin1")), meta);
    expect(isRejection(result)).toBe(false);
    if (isRejection(result)) return;
    expect(result.metadata.decoding?.charset).toBe("windows-1252");
    const body = result.paragraphs.join(" ");
    expect(body.endsWith("Café naïve crème brûlée, the minister said.")).toBe(true);
    expect(body.includes("\ufffd")).toBe(false);
  }, 60_000);
});
