import { fileURLToPath } from "node:url";

/** The repository root (with a trailing slash): tests, the harness and the bench run from it. */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** The corpus of sample wire copy (tests/fixtures/corpus/README.md). */
export const corpusDir = `${repoRoot}tests/fixtures/corpus/`;
