import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packages = ["core", "schemas", "runtime", "archive", "cli"];

// Tests import `@newswire/<pkg>` (and `@newswire/<pkg>/testing`, `@newswire/core/light`) and get
// its sources, so no build step is needed to test. Exact matches: a prefix alias would also
// rewrite the subpath.
const alias = [
  {
    find: /^@newswire\/core\/light$/,
    replacement: fileURLToPath(new URL("./packages/core/src/light.ts", import.meta.url)),
  },
  ...packages.flatMap((name) => [
    {
      find: new RegExp(`^@newswire/${name}$`),
      replacement: fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url)),
    },
    {
      find: new RegExp(`^@newswire/${name}/testing$`),
      replacement: fileURLToPath(new URL(`./packages/${name}/src/testing.ts`, import.meta.url)),
    },
  ]),
];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "packages/*/src/**/*.test.ts",
            "services/*/src/**/*.test.ts",
            // The harness, the bench's verdicts and repository rules (lint, Node floor, docs).
            "tests/support/**/*.test.ts",
            "tests/repo/**/*.test.ts",
            "scripts/**/*.test.ts",
          ],
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "faults",
          include: ["tests/faults/**/*.test.ts"],
          globalSetup: ["tests/support/global-setup.ts"],
          fileParallelism: false,
          testTimeout: 900_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
