// Runs before `npm start` and `npm test` (their pre-scripts) on whatever Node the user has, so it
// is plain CommonJS that any Node parses: below the floor the user reads this one message, not a
// stack trace from deep in a dependency. The floor is package.json's `engines.node` (npm ci
// enforces the same through .npmrc's engine-strict).
"use strict";

// biome-ignore lint/style/useNodejsImportProtocol: it must load on any Node, even one from before `node:`
const { readFileSync } = require("fs");
// biome-ignore lint/style/useNodejsImportProtocol: it must load on any Node, even one from before `node:`
const { join } = require("path");

/** `>=22.22` style floor: the version parts, or null when the range is of another shape. */
function parseFloor(range) {
  const match = /^\s*>=\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(range);
  return match ? [1, 2, 3].map((i) => Number(match[i] || 0)) : null;
}

/** A message when `version` (e.g. "20.20.2") is below `range`, else null. */
function belowFloor(version, range) {
  const floor = parseFloor(range);
  if (floor === null)
    return `package.json engines.node is ${JSON.stringify(range)}; expected ">=X.Y"`;
  const have = String(version).replace(/^v/, "").split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    if ((have[i] || 0) > floor[i]) return null;
    if ((have[i] || 0) < floor[i]) {
      return `newswire needs Node.js ${range.trim()} (the maintained LTS lines, 22 and 24); this is Node.js v${have.join(".")}. Install Node.js 22 or 24 and run the command again.`;
    }
  }
  return null;
}

module.exports = { belowFloor };

if (require.main === module) {
  const pkg = JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8"));
  const problem = belowFloor(process.versions.node, pkg.engines.node);
  if (problem !== null) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
}
