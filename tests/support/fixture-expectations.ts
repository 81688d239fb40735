import { readdirSync, readFileSync } from "node:fs";
import type { Story } from "@newswire/schemas";

/**
 * Expected results for sample wire copy, as `tests/fixtures/corpus/README.md` explains them.
 * Two sets use them: the corpus (one `expected.json`) and the real-shaped agency feeds in
 * `tests/fixtures/feeds/` (one `<file>.expected.json` beside each file, so that fixtures are
 * added without touching a shared file).
 */
export interface Expectation {
  receivedAt?: string;
  contentType?: string;
  /** The sniffed format (`story.source.format`). */
  format?: string;
  headline?: string;
  standfirst?: string;
  byline?: string;
  bylineCI?: string;
  dateline?: { place?: string; date?: string };
  paragraphs?: number;
  firstParagraphStartsWith?: string;
  lastParagraphEndsWith?: string;
  captions?: Array<{ textStartsWith?: string; credit?: string }>;
  mustContain?: string[];
  mustNotContain?: string[];
  reject?: boolean;
  /** The rejection code, where `reject` is true. */
  rejectCode?: string;
  maxMillis?: number;
  agencies?: Record<string, string[]>;
  optionalRoles?: Record<string, string[]>;
  notAgencies?: string[];
}

export interface Fixture {
  /** Path below its set's folder, e.g. `07-nitf-reuters.xml` or `afp/newsml1-sport.xml`. */
  name: string;
  bytes: Uint8Array;
  want: Expectation;
}

const FIXTURES = new URL("../fixtures/", import.meta.url);

/** The corpus: `tests/fixtures/corpus/expected.json` names its files. */
export function corpusFixtures(): Fixture[] {
  const dir = new URL("corpus/", FIXTURES);
  const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8")) as Record<
    string,
    Expectation
  >;
  return Object.entries(expected).map(([name, want]) => ({
    name,
    bytes: new Uint8Array(readFileSync(new URL(name, dir))),
    want,
  }));
}

/** Every file under `tests/fixtures/feeds/` that has a `<file>.expected.json` beside it. */
export function feedFixtures(): Fixture[] {
  const dir = new URL("feeds/", FIXTURES);
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith(".expected.json"))
    .sort()
    .map((sidecar) => {
      const name = sidecar.slice(0, -".expected.json".length);
      return {
        name,
        bytes: new Uint8Array(readFileSync(new URL(name, dir))),
        want: JSON.parse(readFileSync(new URL(sidecar, dir), "utf8")) as Expectation,
      };
    });
}

/** The corpus README's comparison rule: typographic quotes and dashes fold to ASCII. */
export function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2010-\u2015]/g, "-");
}

/** Everything a reader sees: the cleaned output text. */
export function outputText(story: Story): string {
  return [
    story.headline,
    story.standfirst ?? "",
    story.byline ?? "",
    story.dateline.place ?? "",
    ...story.paragraphs,
    ...story.captions.flatMap((c) => [c.text, c.credit ?? ""]),
  ].join("\n");
}

/**
 * Every field check of an expectation that does not depend on attribution, as a list of
 * mismatches (empty when the story meets them all). A list rather than assertions, so that the
 * same checks serve the tests and the evaluation scripts that count them.
 */
export function fieldMismatches(story: Story, want: Expectation): string[] {
  const out: string[] = [];
  const same = (what: string, got: string | number | null | undefined, exp: unknown) => {
    if (got !== exp) out.push(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(exp)}`);
  };
  if (want.format !== undefined) same("format", story.source.format, want.format);
  if (want.headline !== undefined) same("headline", fold(story.headline), fold(want.headline));
  if (want.standfirst !== undefined)
    same("standfirst", fold(story.standfirst ?? ""), fold(want.standfirst));
  if (want.byline !== undefined) same("byline", fold(story.byline ?? ""), fold(want.byline));
  if (want.bylineCI !== undefined)
    same("byline", fold(story.byline ?? "").toLowerCase(), fold(want.bylineCI).toLowerCase());
  if (want.dateline?.place !== undefined)
    same("dateline.place", story.dateline.place, want.dateline.place);
  if (want.dateline?.date !== undefined)
    same("dateline.date", story.dateline.date, want.dateline.date);
  if (want.paragraphs !== undefined) same("paragraphs", story.paragraphs.length, want.paragraphs);
  const first = fold(story.paragraphs[0] ?? "");
  if (
    want.firstParagraphStartsWith !== undefined &&
    !first.startsWith(fold(want.firstParagraphStartsWith))
  )
    out.push(`first paragraph: ${JSON.stringify(first.slice(0, 120))}`);
  const last = fold(story.paragraphs.at(-1) ?? "");
  if (want.lastParagraphEndsWith !== undefined && !last.endsWith(fold(want.lastParagraphEndsWith)))
    out.push(`last paragraph: ${JSON.stringify(last.slice(-120))}`);
  for (const [i, caption] of (want.captions ?? []).entries()) {
    const got = story.captions[i];
    if (!got) {
      out.push(`caption ${i}: missing`);
      continue;
    }
    if (
      caption.textStartsWith !== undefined &&
      !fold(got.text).startsWith(fold(caption.textStartsWith))
    )
      out.push(`caption ${i}: ${JSON.stringify(got.text.slice(0, 80))}`);
    if (caption.credit !== undefined)
      same(`caption ${i} credit`, fold(got.credit ?? ""), fold(caption.credit));
  }
  const text = fold(outputText(story));
  for (const s of want.mustContain ?? [])
    if (!text.includes(fold(s))) out.push(`must contain ${JSON.stringify(s)}`);
  for (const s of want.mustNotContain ?? [])
    if (text.includes(fold(s))) out.push(`must not contain ${JSON.stringify(s)}`);
  return out;
}

/**
 * Attribution checks: every required (agency, role) pair reported, no pair reported that is
 * neither required nor optional, no `notAgencies` id at all. Mismatches as a list.
 */
export function attributionMismatches(story: Story, want: Expectation): string[] {
  const out: string[] = [];
  const reported = new Set(story.agencies.flatMap((a) => a.roles.map((r) => `${a.id}:${r}`)));
  const pairs = (m: Record<string, string[]> | undefined) =>
    Object.entries(m ?? {}).flatMap(([id, roles]) => roles.map((r) => `${id}:${r}`));
  const required = pairs(want.agencies);
  const allowed = new Set([...required, ...pairs(want.optionalRoles)]);
  for (const pair of required) if (!reported.has(pair)) out.push(`missing ${pair}`);
  for (const pair of reported) if (!allowed.has(pair)) out.push(`unexpected ${pair}`);
  for (const id of want.notAgencies ?? [])
    if (story.agencies.some((a) => a.id === id)) out.push(`must not attribute ${id}`);
  return out;
}
