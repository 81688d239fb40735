import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

const require = createRequire(import.meta.url);
const { belowFloor } = require(`${repoRoot}scripts/require-node.cjs`) as {
  belowFloor: (version: string, range: string) => string | null;
};

const read = (path: string) => readFileSync(`${repoRoot}${path}`, "utf8");
const pkg = JSON.parse(read("package.json")) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const floor = pkg.engines.node;
const floorVersion = floor.replace(/^>=\s*/, "");

describe("the Node.js floor: the maintained LTS lines", () => {
  it("is 22.22 (what testcontainers 12 and vite need) and stops npm ci below it", () => {
    expect(floor).toBe(">=22.22");
    expect(read(".npmrc")).toMatch(/^engine-strict=true$/m);
  });

  it.each([
    ["20.20.2", false],
    ["22.21.9", false],
    ["22.22.0", true],
    ["22.23.5", true],
    ["23.0.0", true],
    ["24.0.0", true],
    ["26.1.0", true],
  ])("Node %s is supported: %s", (version, supported) => {
    expect(belowFloor(version, floor) === null).toBe(supported);
  });

  it("names the floor and the version found in one line, below the floor", () => {
    expect(belowFloor("v20.20.2", floor)).toBe(
      "newswire needs Node.js >=22.22 (the maintained LTS lines, 22 and 24); this is Node.js v20.20.2. Install Node.js 22 or 24 and run the command again.",
    );
  });

  it("is checked before `npm start` and `npm test`, and this suite runs above it", () => {
    expect(pkg.scripts.prestart).toBe("node scripts/require-node.cjs && npm run build");
    expect(pkg.scripts.pretest).toBe("node scripts/require-node.cjs");
    const run = execFileSync(process.execPath, [`${repoRoot}scripts/require-node.cjs`], {
      encoding: "utf8",
    });
    expect(run).toBe("");
  });

  it("is what the README, the Dockerfile and CI say", () => {
    expect(read("README.md")).toContain(`Node.js ${floorVersion} or newer`);
    const image = /^ARG NODE_IMAGE=node:(\d+)-/m.exec(read("Dockerfile"))?.[1];
    expect(image).toBe("24");
    const ci = /^NODE_CI_VERSION=(\d+)\.\d+\.\d+$/m.exec(read(".ci/run"))?.[1];
    expect(ci).toBe("24");
  });
});
