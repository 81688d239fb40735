import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

/**
 * Probe files, each at the path whose rules it tests, linted with the repository's Biome and
 * biome.jsonc in a scratch directory (nothing is written into the working tree).
 */
const PROBES = [
  // Deep imports across packages, from everywhere.
  ["scripts/probe-a.ts", 'import { a } from "../packages/core/src/index.js";', true],
  ["scripts/probe-b.ts", 'import { a } from "@newswire/core/src/attribution/index.js";', true],
  ["tests/e2e/probe-c.test.ts", 'import { a } from "../../packages/runtime/src/index.js";', true],
  ["packages/cli/src/commands/probe-d.ts", 'import { a } from "../../../core/src/index.js";', true],
  ["packages/cli/src/probe-e.ts", 'import { a } from "../../runtime/dist/index.js";', true],
  [
    "services/archiver/src/probe-f.ts",
    'import { a } from "@newswire/archive/dist/index.js";',
    true,
  ],
  ["services/normalizer/src/probe-g.ts", 'export { a } from "@newswire/core/src/index.js";', true],
  ["packages/core/src/probe-h.ts", 'import { a } from "@newswire/schemas/src/story.js";', true],
  ["packages/core/src/probe-i.test.ts", 'import { a } from "../../runtime/src/index.js";', true],
  // What stays allowed: public doors, a testing entry, tests/support, paths inside a package.
  ["scripts/probe-j.ts", 'import { a } from "@newswire/core";', false],
  ["scripts/probe-k.ts", 'import { a } from "@newswire/core/testing";', false],
  // Core's light door for a service's main thread; no other package has one.
  ["services/enricher/src/probe-s.ts", 'import { a } from "@newswire/core/light";', false],
  ["services/enricher/src/probe-t.ts", 'import { a } from "@newswire/runtime/light";', true],
  ["scripts/probe-l.ts", 'import { a } from "../tests/support/pipeline.js";', false],
  [
    "packages/core/src/probe-m.test.ts",
    'import { a } from "../../../tests/support/paths.js";',
    false,
  ],
  ["packages/core/src/formats/probe-n.ts", 'import { a } from "../text/index.js";', false],
  ["packages/cli/bin/probe-o.js", 'import { a } from "../dist/main.js";', false],
  // packages/core stays pure; its tests may read files.
  ["packages/core/src/probe-p.ts", 'import { a } from "node:fs";', true],
  ["packages/schemas/src/probe-q.ts", 'import { a } from "kafkajs";', true],
  ["packages/core/src/probe-r.test.ts", 'import { a } from "node:fs";', false],
] as const;

const scratch = mkdtempSync(join(tmpdir(), "newswire-lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function flaggedPaths(): Set<string> {
  copyFileSync(`${repoRoot}biome.jsonc`, join(scratch, "biome.jsonc"));
  for (const [path, line] of PROBES) {
    mkdirSync(dirname(join(scratch, path)), { recursive: true });
    writeFileSync(join(scratch, path), `${line}\n\nexport { a as b };\n`);
  }
  let output: string;
  try {
    output = execFileSync(
      `${repoRoot}node_modules/.bin/biome`,
      ["lint", "--vcs-enabled=false", "--reporter=json", "--max-diagnostics=none", "."],
      { cwd: scratch, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
    );
  } catch (error) {
    // Biome exits 1 when it reports errors; the report is still on stdout.
    output = String((error as { stdout?: unknown }).stdout ?? "");
  }
  const report = JSON.parse(output) as {
    diagnostics: { category: string; location: { path: string } }[];
  };
  return new Set(
    report.diagnostics
      .filter((d) => d.category === "lint/style/noRestrictedImports")
      .map((d) => d.location.path),
  );
}

describe("lint rules: one public door per package, a pure core", () => {
  let flagged = new Set<string>();
  beforeAll(() => {
    flagged = flaggedPaths();
  });
  it.each(PROBES.map(([path, line, banned]) => [path, line, banned] as const))(
    "%s: `%s` flagged %s",
    (path, _line, banned) => {
      expect(flagged.has(path)).toBe(banned);
    },
  );
});
