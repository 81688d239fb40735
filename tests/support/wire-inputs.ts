import { createHash, randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { isRejection, normalizeWire } from "@newswire/core";
import { HEADERS } from "@newswire/schemas";
import { corpusDir } from "./paths.js";

/** One record for wire.raw, and what the pipeline must make of it. */
export interface WireInput {
  /** What kind of input this is (for failure messages and figures). */
  kind: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  /** "story": exactly once on stories.enriched; "dlq": exactly once on wire.dlq. */
  expect: "story" | "dlq";
  sha256: string;
}

export const sha256 = (bytes: Uint8Array): string =>
  createHash("sha256").update(bytes).digest("hex");

/**
 * One input from bytes the caller has (a corpus file, a fixture): its headers as a feed adapter
 * sets them (`wire-source`, `received-at`, and `content-type` when known).
 */
export function wireInput(options: {
  kind: string;
  value: Buffer;
  feed: string;
  receivedAt: string;
  contentType?: string;
  expect: "story" | "dlq";
  key?: string | null;
}): WireInput {
  const headers: Record<string, string> = {
    [HEADERS.wireSource]: options.feed,
    [HEADERS.receivedAt]: options.receivedAt,
  };
  if (options.contentType !== undefined) headers[HEADERS.contentType] = options.contentType;
  return {
    kind: options.kind,
    key: options.key ?? null,
    value: options.value,
    headers,
    expect: options.expect,
    sha256: sha256(options.value),
  };
}

/** Deterministic PRNG (mulberry32) so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Template {
  file: string;
  bytes: Buffer;
  /** Byte offset where a token sentence can go and still be a paragraph of the story. */
  at: number;
}

/** The token is ASCII of fixed shape: digits only after the prefix, so it names no agency. */
const TOKEN_LENGTH = 20;
const tokenSentence = (token: string) => ` Ref ${token}.`;

/**
 * Finds, for one good corpus file, a sentence end where an extra sentence becomes part of the
 * body (checked with core itself, so nothing here knows any file or format).
 */
function findInjectionPoint(file: string, bytes: Buffer): number | undefined {
  const text = bytes.toString("latin1");
  const candidates: number[] = [];
  const re = /\.(?=\r?\n|<\/p>| [A-Z])/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) candidates.push(m.index + 1);
  const middle = text.length / 2;
  candidates.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle));
  const probe = `nwtok${"7".repeat(TOKEN_LENGTH - 5)}`;
  for (const at of candidates.slice(0, 12)) {
    const mutated = inject(bytes, at, probe);
    const result = normalizeWire(mutated, { feed: "probe", receivedAt: new Date(0).toISOString() });
    if (!isRejection(result) && result.paragraphs.join("\n").includes(probe)) return at;
  }
  void file;
  return undefined;
}

function inject(bytes: Buffer, at: number, token: string): Buffer {
  return Buffer.concat([
    bytes.subarray(0, at),
    Buffer.from(tokenSentence(token), "latin1"),
    bytes.subarray(at),
  ]);
}

/** Every good corpus file (the numbered ones) that can carry a token. */
export function loadTemplates(): Template[] {
  const templates: Template[] = [];
  for (const file of readdirSync(corpusDir).sort()) {
    if (!/^\d+-/.test(file)) continue;
    const bytes = readFileSync(`${corpusDir}${file}`);
    const at = findInjectionPoint(file, bytes);
    if (at !== undefined) templates.push({ file, bytes, at });
  }
  if (templates.length < 10) {
    throw new Error(
      `only ${templates.length} corpus files can carry a token; the generator is wrong`,
    );
  }
  return templates;
}

export function loadBadCorpus(): { file: string; bytes: Buffer }[] {
  const dir = `${corpusDir}bad/`;
  return readdirSync(dir)
    .sort()
    .map((file) => ({ file, bytes: readFileSync(`${dir}${file}`) }));
}

export const BAD_KINDS = [
  "corpus-bad",
  "random-bytes",
  "oversize",
  "truncated-xml",
  "entity-bomb",
  "wrong-content-type",
  "empty",
] as const;
export type BadKind = (typeof BAD_KINDS)[number];

export interface MixOptions {
  /** Valid stories in the stream. */
  valid: number;
  /** Invalid inputs in the stream. */
  invalid: number;
  /** Which bad kinds to draw from (default all); oversize inputs are 2 MB each, so they are capped. */
  badKinds?: readonly BadKind[];
  maxOversize?: number;
  /** Feeds to spread the stream over. */
  feeds?: readonly string[];
}

/**
 * Makes many distinct wire inputs from the corpus: valid ones are corpus files with a unique
 * token sentence in the body (so bytes, story ids and text all differ), invalid ones are the
 * corpus's bad samples and generated garbage, each made unique too. Every invalid input is
 * checked with core's normalizeWire to really be a rejection, and each valid template to be a
 * story, so the expectation comes from the code path the services run, never from a file name.
 */
export class WireInputFactory {
  readonly runTag: string;
  readonly seed: number;
  readonly #random: () => number;
  readonly #templates: Template[];
  readonly #badCorpus: { file: string; bytes: Buffer }[];
  #sequence = 0;
  #empties = 0;
  #padding = 0;

  constructor(options: { seed?: number } = {}) {
    this.seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
    this.#random = seededRandom(this.seed);
    this.runTag = String(this.seed % 100_000_000).padStart(8, "0");
    this.#templates = loadTemplates();
    this.#badCorpus = loadBadCorpus();
  }

  get templateCount(): number {
    return this.#templates.length;
  }

  #pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.#random() * items.length)];
    if (item === undefined) throw new Error("empty choice");
    return item;
  }

  #nextToken(): string {
    this.#sequence += 1;
    const token = `nwtok${this.runTag}${String(this.#sequence).padStart(7, "0")}`;
    return token.slice(0, TOKEN_LENGTH);
  }

  #headers(feed: string, wireId: string, contentType?: string): Record<string, string> {
    const headers: Record<string, string> = {
      [HEADERS.wireSource]: feed,
      [HEADERS.receivedAt]: new Date().toISOString(),
      [HEADERS.wireId]: wireId,
    };
    if (contentType !== undefined) headers[HEADERS.contentType] = contentType;
    return headers;
  }

  #input(
    kind: string,
    value: Buffer,
    headers: Record<string, string>,
    expect: "story" | "dlq",
  ): WireInput {
    const wireId = headers[HEADERS.wireId] ?? null;
    return {
      kind,
      key: this.#random() < 0.5 ? wireId : null,
      value,
      headers,
      expect,
      sha256: sha256(value),
    };
  }

  /** A distinct valid story: a corpus file with a unique token sentence in its body. */
  valid(feed = "feed-a"): WireInput {
    const template = this.#pick(this.#templates);
    const token = this.#nextToken();
    const value = inject(template.bytes, template.at, token);
    return this.#input(`valid:${template.file}`, value, this.#headers(feed, token), "story");
  }

  /** A distinct invalid input of one kind; asserted to be a rejection by core. */
  invalid(kind: BadKind, feed = "feed-a"): WireInput {
    const token = this.#nextToken();
    let value: Buffer;
    let contentType: string | undefined;
    switch (kind) {
      case "corpus-bad": {
        const bad = this.#pick(this.#badCorpus.filter((b) => b.bytes.length > 0));
        value = this.#varyBad(bad.bytes, token);
        break;
      }
      case "random-bytes":
        value = randomBytes(256 + Math.floor(this.#random() * 16_384));
        break;
      case "oversize": {
        const size = 2 * 1024 * 1024 + 1 + Math.floor(this.#random() * 4096);
        const line = Buffer.from(`${token} oversize wire copy that no parser should ever see.\n`);
        value = Buffer.alloc(size, line);
        break;
      }
      case "truncated-xml": {
        const xml = this.#templates.filter((t) => t.bytes.subarray(0, 64).includes("<?xml"));
        const template = this.#pick(xml.length > 0 ? xml : this.#templates);
        const whole = inject(template.bytes, template.at, token);
        // Cut somewhere after the token, so every truncation is distinct, before the end tags.
        const from = template.at + tokenSentence(token).length;
        value = whole.subarray(0, from + Math.floor((whole.length - from) * this.#random() * 0.5));
        break;
      }
      case "entity-bomb":
        value = Buffer.from(entityBomb(token, this.#random() < 0.5));
        break;
      case "wrong-content-type": {
        // A good story declared as a format it is not; which declarations fail is asked of core.
        const declared = ["application/json", "application/xml", "application/nitf+xml"];
        for (;;) {
          const template = this.#pick(this.#templates);
          const candidate = inject(template.bytes, template.at, token);
          const wrong = declared.find((ct) =>
            isRejection(normalizeWire(candidate, { contentType: ct })),
          );
          if (wrong === undefined) continue;
          value = candidate;
          contentType = wrong;
          break;
        }
        break;
      }
      case "empty": {
        // Only one truly empty record can be distinct; the rest are whitespace of unique lengths.
        value = Buffer.alloc(this.#empties, " \n\t");
        this.#empties += 1;
        break;
      }
    }
    const input = this.#input(
      `invalid:${kind}`,
      value,
      this.#headers(feed, token, contentType),
      "dlq",
    );
    const check = normalizeWire(value, {
      contentType: contentType ?? null,
      feed,
      receivedAt: input.headers[HEADERS.receivedAt] ?? null,
    });
    if (!isRejection(check)) {
      throw new Error(`generator bug: a ${kind} input (${value.length} bytes) is a valid story`);
    }
    return input;
  }

  #varyBad(bytes: Buffer, token: string): Buffer {
    // Distinct bytes, same badness: a comment after XML, random bytes after binary, and trailing
    // whitespace of a unique length after text (more words could turn garbage into a story).
    const head = bytes.subarray(0, 64).toString("latin1");
    if (head.trimStart().startsWith("<")) {
      return Buffer.concat([bytes, Buffer.from(`\n<!-- ${token} -->\n`, "latin1")]);
    }
    const binary = bytes.subarray(0, 512).some((b) => b === 0 || b > 0x7e);
    if (binary) return Buffer.concat([bytes, randomBytes(32)]);
    this.#padding += 1;
    return Buffer.concat([bytes, Buffer.alloc(this.#padding, "\n")]);
  }

  /** A shuffled stream of `valid` stories and `invalid` bad inputs spread over the bad kinds. */
  mix(options: MixOptions): WireInput[] {
    const feeds = options.feeds ?? ["feed-a", "feed-b", "feed-c"];
    const kinds = options.badKinds ?? BAD_KINDS;
    const maxOversize = options.maxOversize ?? 8;
    const inputs: WireInput[] = [];
    for (let i = 0; i < options.valid; i++) inputs.push(this.valid(this.#pick(feeds)));
    let oversize = 0;
    for (let i = 0; i < options.invalid; i++) {
      let kind = kinds[i % kinds.length] ?? "random-bytes";
      if (kind === "oversize" && ++oversize > maxOversize) kind = "random-bytes";
      inputs.push(this.invalid(kind, this.#pick(feeds)));
    }
    for (let i = inputs.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      const a = inputs[i] as WireInput;
      inputs[i] = inputs[j] as WireInput;
      inputs[j] = a;
    }
    return inputs;
  }

  /** Valid stories whose transport headers are hostile (path walks, 10 kB, control characters). */
  hostile(): WireInput[] {
    const values = [
      "../../etc/passwd",
      "..",
      ".",
      "/absolute/path",
      "..\\..\\windows\\system32",
      "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
      "feed/../../../../tmp/x",
      "x".repeat(10 * 1024),
      "../".repeat(3000),
      "\u0000\u0001\u0002\u001b[31mred\u0007\r\n\t\u007f",
      "line\nbreak\rcarriage",
      "\u202eevil-rtl\u200b\ufeff",
      "😀 emoji ☃ unicode",
      "   ",
      "CON",
      "a:b?c*d<e>f|g",
    ];
    const out: WireInput[] = [];
    for (const hostile of values) {
      for (const field of ["feed", "wireId", "both"] as const) {
        const base = this.valid("feed-a");
        const headers = { ...base.headers };
        if (field !== "wireId") headers[HEADERS.wireSource] = hostile;
        if (field !== "feed") headers[HEADERS.wireId] = hostile;
        out.push({
          ...base,
          kind: `hostile:${field}`,
          headers,
          key: field === "feed" ? base.key : hostile,
        });
      }
    }
    // Hostile received-at and content-type too; these decide validity themselves, so ask core.
    for (const odd of [
      "../../etc/passwd",
      "9999-99-99T99:99:99Z",
      "\u0000",
      "x".repeat(10 * 1024),
    ]) {
      for (const name of [HEADERS.receivedAt, HEADERS.contentType]) {
        const base = this.valid("feed-a");
        const headers = { ...base.headers, [name]: odd };
        const check = normalizeWire(base.value, {
          contentType: headers[HEADERS.contentType] ?? null,
          feed: headers[HEADERS.wireSource] ?? null,
          receivedAt: headers[HEADERS.receivedAt] ?? null,
        });
        out.push({
          ...base,
          kind: `hostile:${name}`,
          headers,
          expect: isRejection(check) ? "dlq" : "story",
        });
      }
    }
    return out;
  }
}

/** Billion laughs, or an external entity, with a unique comment so each one is distinct. */
function entityBomb(token: string, external: boolean): string {
  if (external) {
    return `<?xml version="1.0"?>\n<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<!-- ${token} -->\n<nitf><body><body.head><hedline><hl1>&xxe;</hl1></hedline></body.head><body.content><p>&xxe;</p></body.content></body></nitf>\n`;
  }
  const levels = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
  for (let i = 1; i < 10; i++) {
    levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
  }
  return `<?xml version="1.0"?>\n<!DOCTYPE nitf [${levels.join("\n")}]>\n<!-- ${token} -->\n<nitf><body><body.head><hedline><hl1>&lol9;</hl1></hedline></body.head><body.content><p>&lol9;</p></body.content></body></nitf>\n`;
}
