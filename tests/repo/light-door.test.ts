import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

const coreSrc = `${repoRoot}packages/core/src/`;

// A value import or re-export of a relative module (`import type` loads nothing at run time).
const RELATIVE_IMPORT =
  /^(?:import|export)\s+(?!type\s)(?:[^"';]*?\sfrom\s+)?["'](\.{1,2}\/[^"']+)["']/gm;

/** Every core source file `entry` loads at run time, relative to core's src. */
function loadedBy(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(coreSrc, file), "utf8");
    for (const m of text.matchAll(RELATIVE_IMPORT)) {
      const target = (m[1] as string).replace(/\.js$/, ".ts");
      visit(relative(coreSrc, join(coreSrc, dirname(file), target)));
    }
  };
  visit(entry);
  return [...seen].sort();
}

describe("@newswire/core/light, the door for a service's main thread", () => {
  it("loads none of the parsers, rule tables or the agency matcher", () => {
    expect(loadedBy("light.ts")).toEqual([
      "data/agencies.ts",
      "lifecycle/simhash.ts",
      "lifecycle/versions.ts",
      "light.ts",
    ]);
  });

  it("names what the main door names, the same objects", async () => {
    const [light, core] = await Promise.all([
      import("@newswire/core/light"),
      import("@newswire/core"),
    ]);
    for (const [name, value] of Object.entries(light)) {
      expect(core[name as keyof typeof core], name).toBe(value);
    }
  });
});
