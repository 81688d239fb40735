import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.js";

const read = (path: string) => readFileSync(`${repoRoot}${path}`, "utf8");
const PACKAGES = ["schemas", "core", "runtime", "archive", "cli"] as const;

/** The newswire packages the non-test sources under `dir` import. */
function importsOf(dir: string): Set<string> {
  const found = new Set<string>();
  const files = readdirSync(`${repoRoot}${dir}`, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".ts") && !f.endsWith(".test.ts"),
  );
  for (const file of files) {
    const text = readFileSync(`${repoRoot}${dir}/${file}`, "utf8");
    for (const match of text.matchAll(/from "@newswire\/([a-z]+)"/g)) {
      if (match[1] !== undefined) found.add(match[1]);
    }
  }
  return found;
}

/** CONTRIBUTING's "Where things live" rows: path cell -> "depends on" cell. */
function dependsOnColumn(): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of read("CONTRIBUTING.md").split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const path = /^`((?:packages|services)\/[^`]+)`$/.exec(cells[1] ?? "")?.[1];
    if (path !== undefined) rows.set(path, cells[3] ?? "");
  }
  return rows;
}

describe("CONTRIBUTING's dependency column is what the sources import", () => {
  const rows = dependsOnColumn();

  it("has a row for every package and one for the services", () => {
    expect([...rows.keys()].sort()).toEqual(
      [...PACKAGES.map((p) => `packages/${p}`), "services/*"].sort(),
    );
  });

  it.each([...PACKAGES.map((p) => `packages/${p}`), "services/*"])("%s", (path) => {
    const dirs =
      path === "services/*"
        ? readdirSync(`${repoRoot}services`).map((s) => `services/${s}/src`)
        : [`${path}/src`];
    const imported = new Set(dirs.flatMap((d) => [...importsOf(d)]));
    const cell = rows.get(path) ?? "";
    const self = path.replace("packages/", "");
    const named =
      cell === "all packages"
        ? PACKAGES.filter((p) => p !== self)
        : PACKAGES.filter((p) => new RegExp(`\\b${p}\\b`).test(cell.replace(/@[^ ]+/g, "")));
    expect([...imported].sort(), `${path}: "${cell}"`).toEqual([...named].sort());
  });
});

describe("the README says what the code does", () => {
  const readme = read("README.md");

  it("GROUP_ID defaults to newswire-<service>, and `up` takes it as a prefix", () => {
    const row = readme.split("\n").find((l) => l.startsWith("| `GROUP_ID`")) ?? "";
    expect(row).toContain("`newswire-<service>`");
    expect(row).toContain("`<GROUP_ID>-<service>`");
    expect(read("packages/cli/src/commands/up.ts")).toContain(
      'const groupPrefix = env.GROUP_ID ?? "newswire";',
    );
  });

  it("`npm test` runs exactly the projects of test:unit and test:integration", () => {
    const { scripts } = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    const projects = (script: string | undefined) =>
      [...(script ?? "").matchAll(/--project (\S+)/g)].map((m) => m[1]).sort();
    expect(projects(scripts.test)).toEqual(
      [...projects(scripts["test:unit"]), ...projects(scripts["test:integration"])].sort(),
    );
  });

  /**
   * Every command the README shows, and where it is run: by CI (`.ci/run`) or by a test. A
   * command added to the README without a place here fails this test.
   */
  const RUN_BY: Record<string, { file: string; contains: string }> = {
    "npm ci": { file: ".ci/run", contains: "npm ci --no-audit" },
    "npm start": { file: "tests/e2e/up.test.ts", contains: 'runCommand("npm", ["start"]' },
    "npm test": { file: ".ci/run", contains: "npm test -- " },
    "npm ci && npm start": {
      file: "tests/e2e/up.test.ts",
      contains: 'runCommand("npm", ["start"]',
    },
    "npm ci && npm test": { file: ".ci/run", contains: "npm test -- " },
    "npm start -- --keep-stack": {
      file: "tests/faults/local-stack-up.test.ts",
      contains: 'startUp("up-keep-stack", ["--", "--keep-stack"])',
    },
    "npx newswire send examples/wire/01-webdesk-xi-putin.txt --feed webdesk": {
      file: "tests/e2e/cli.test.ts",
      contains: '["send", "examples/wire/01-webdesk-xi-putin.txt", "--feed", "webdesk"]',
    },
    "npx newswire tail --from-beginning --max 1": {
      file: "tests/e2e/cli.test.ts",
      contains: '["tail", "--from-beginning", "--max", "1"',
    },
    "npx newswire tail --current --from-beginning": {
      file: "tests/e2e/tail-current.test.ts",
      contains: '["tail", "--current", "--from-beginning"',
    },
    "npx newswire process tests/fixtures/corpus/07-nitf-reuters.xml": {
      file: ".ci/run",
      contains: "npx --no-install newswire process tests/fixtures/corpus/07-nitf-reuters.xml",
    },
    "npx newswire process tests/fixtures/corpus/01-webdesk-xi-putin.txt --format ninjs": {
      file: ".ci/run",
      contains:
        "npx --no-install newswire process tests/fixtures/corpus/01-webdesk-xi-putin.txt --format ninjs",
    },
    "docker compose up": {
      file: ".ci/run",
      contains: "docker-compose -f docker-compose.yml config",
    },
    "docker compose up --build": {
      file: ".ci/run",
      contains: "docker-compose -f docker-compose.yml config",
    },
    "npm run test:unit": { file: ".ci/run", contains: "npm test -- " },
    "npm run test:integration": { file: ".ci/run", contains: "npm test -- " },
    "npm run test:faults": { file: ".ci/run", contains: "npm run test:faults" },
    "npm run lint": { file: ".ci/run", contains: "npm run lint" },
    "npm run bench:core": { file: ".ci/run", contains: "npm run bench:core" },
    "npm run bench:text": { file: ".ci/run", contains: "npm run bench:text" },
    "npm run bench:hostile": { file: ".ci/run", contains: "npm run bench:hostile" },
    "npm run eval:attribution": { file: ".ci/run", contains: "npm run eval:attribution" },
    "npm run eval:feeds": { file: ".ci/run", contains: "npm run eval:feeds" },
    "npm run eval:chains": { file: ".ci/run", contains: "npm run eval:chains" },
    "npm run bench": { file: ".ci/run", contains: "BENCH_SMOKE=1 npm run bench" },
    "npm run stack:start": { file: ".ci/run", contains: "npm run --silent stack:start" },
    "npm run stack:stop": { file: ".ci/run", contains: "npm run --silent stack:stop" },
    "npm run stack:status": { file: ".ci/run", contains: "npm run --silent stack:status" },
    // `npm start` prints each service's address; the test curls each address it printed.
    "curl -s http://127.0.0.1:9464/metrics": {
      file: "tests/e2e/up.test.ts",
      contains: 'runCommand("curl", ["-s", address]',
    },
    "curl -s http://127.0.0.1:9465/metrics": {
      file: "tests/e2e/up.test.ts",
      contains: 'runCommand("curl", ["-s", address]',
    },
    "curl -s http://127.0.0.1:9466/metrics": {
      file: "tests/e2e/up.test.ts",
      contains: 'runCommand("curl", ["-s", address]',
    },
    "npx newswire replay --from 2024-05-17 --rate 200": {
      file: "tests/e2e/replay.test.ts",
      contains: '["replay", "--from", "2024-05-17", "--rate", "200"]',
    },
    "npx newswire replay --from 2024-05-18 --feed webdesk": {
      file: "tests/e2e/replay.test.ts",
      contains: "newswire.js replay --from 2024-05-18 --feed webdesk",
    },
    "npx newswire dlq list": { file: "tests/e2e/dlq.test.ts", contains: '["dlq", "list"]' },
    "npx newswire dlq list --code TOO_LARGE --json --since 1h": {
      file: "tests/e2e/dlq.test.ts",
      contains: '["dlq", "list", "--code", "TOO_LARGE", "--json", "--since", "1h"]',
    },
    "npx newswire dlq show 1:17": {
      file: "tests/e2e/dlq.test.ts",
      contains: '["dlq", "show", longAt]',
    },
    "npx newswire dlq redrive --code TOO_LARGE": {
      file: "tests/e2e/dlq.test.ts",
      contains: '["dlq", "redrive", "--code", "TOO_LARGE"]',
    },
  };

  /** Commands in the README: code-block lines, and inline `npm ...` / `npx ...` / `docker ...`. */
  function readmeCommands(): string[] {
    const commands = new Set<string>();
    let inBlock = false;
    for (const line of readme.split("\n")) {
      if (line.startsWith("```")) {
        inBlock = line.startsWith("```sh");
        continue;
      }
      if (inBlock && line.trim() !== "") commands.add(line.trim());
    }
    for (const match of readme.matchAll(/`((?:npm|npx|docker) [^`]+)`/g)) {
      const command = match[1] as string;
      commands.add(command);
    }
    // "`npm run stack:start` / `stack:stop` / `stack:status`": the table's shorthand.
    for (const match of readme.matchAll(/`npm run (\w+):\w+` \/ `(\w+:\w+)` \/ `(\w+:\w+)`/g)) {
      commands.add(`npm run ${match[2]}`);
      commands.add(`npm run ${match[3]}`);
    }
    return [...commands].sort();
  }

  it("runs every command it shows, in CI or in a test", () => {
    const commands = readmeCommands();
    expect(commands.length).toBeGreaterThan(15);
    for (const command of commands) {
      const where = RUN_BY[command];
      expect(where, `README command without a test or CI step: ${command}`).toBeDefined();
      if (where) expect(read(where.file), `${command} in ${where.file}`).toContain(where.contains);
    }
  });
});
