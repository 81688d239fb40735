/**
 * What a hostile input must never get out of `processWire`, checked on the whole result: every
 * string of a Story (walked, not listed, so a new field is checked too) is text without markup,
 * script payloads, controls, bidi overrides or lone surrogates; a rejection carries a code of the
 * closed list and is not a caught crash. Shared by `scripts/attack.ts`, `scripts/bench-hostile.ts`
 * and the unit properties in `scripts/attack/hostile.property.test.ts`.
 */
import { isRejection } from "@newswire/core";
import { REJECTION_CODES, type Rejection, type Story } from "@newswire/schemas";

/** Script bodies in the cases carry this word: it must never reach a field. */
export const PAYLOAD = "XSSMARK";

const CODES: ReadonlySet<string> = new Set(REJECTION_CODES);

// C0/C1 controls other than tab and newline, bidi embeddings/overrides/isolates and marks.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what it looks for
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const TAG = /<[A-Za-z!/?]/;
const SCRIPT_URL = /\b(?:javascript|vbscript)\s*:/i;
const BAD_DATE = /^[+-]|^\d{4}-(?:00|1[3-9]|[2-9]\d)|^\d{4}-\d\d-(?:00|3[2-9]|[4-9]\d)/;
const HANDLER = /\bon[a-z]{3,}\s*=\s*["'a-z]/i;

/** Fields that are identifiers or keys, not text shown to a reader (still checked for controls). */
const KEYS = new Set(["archiveKey", "sha256", "id", "storyKey", "contentType", "url"]);

export interface Finding {
  path: string;
  problem: string;
  sample: string;
}

function sampleAround(s: string, at: number): string {
  return JSON.stringify(s.slice(Math.max(0, at - 30), at + 50));
}

function checkString(path: string, key: string, s: string, out: Finding[]): void {
  const probes: Array<[string, RegExp | string]> = [
    ["control or bidi character", INVISIBLE],
    ["lone surrogate", LONE_SURROGATE],
  ];
  if (!KEYS.has(key)) {
    probes.push(["tag", TAG], ["script URL", SCRIPT_URL], ["event handler", HANDLER]);
  }
  probes.push(["script payload", PAYLOAD]);
  if (/date|At$|Time$/.test(key))
    probes.push(["date beyond a four-digit year or not a real month", BAD_DATE]);
  for (const [problem, probe] of probes) {
    const at = typeof probe === "string" ? s.indexOf(probe) : s.search(probe);
    if (at >= 0) out.push({ path, problem, sample: sampleAround(s, at) });
  }
}

/** Every violation in one result of processWire (an empty list is a pass). */
export function findProblems(result: Story | Rejection | unknown): Finding[] {
  const out: Finding[] = [];
  if (isRejection(result)) {
    if (!CODES.has(result.code))
      out.push({ path: "code", problem: "code not in the closed list", sample: result.code });
    if (
      result.code === "INVALID_RECORD" &&
      /could not process input|attribution failed/.test(result.message)
    )
      out.push({
        path: "message",
        problem: "a caught crash",
        sample: result.message.slice(0, 200),
      });
    return out;
  }
  const stack: Array<[string, string, unknown]> = [["", "", result]];
  while (stack.length > 0) {
    const [path, key, value] = stack.pop() as [string, string, unknown];
    if (typeof value === "string") checkString(path, key, value, out);
    else if (typeof value === "number" && !Number.isFinite(value))
      out.push({ path, problem: "number not finite", sample: String(value) });
    else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push([`${path}[${i}]`, key, value[i]]);
    } else if (typeof value === "object" && value !== null)
      for (const [k, v] of Object.entries(value)) stack.push([path ? `${path}.${k}` : k, k, v]);
    if (out.length > 20) break;
  }
  return out;
}
