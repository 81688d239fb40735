/**
 * Internals for newswire's own benchmarks and tests (`@newswire/core/testing`): not part of the
 * public API, no stability promise. Everything a subscriber or service needs is in index.ts.
 */
export { cleanInline, cleanLines, foldForCompare } from "./text/clean-text.js";
export { stripHeadlineMarkers } from "./text/desk-lines.js";
export { textOnly } from "./text/text-only.js";
export { titleCaseCaps } from "./text/title-case.js";
