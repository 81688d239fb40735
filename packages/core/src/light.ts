/**
 * Core's door for a service's main thread: what it needs of core (the registry's agency ids for
 * the metrics' label set, the near-duplicate test of the stories.current state) without the
 * parsers, the rule tables and the compiled registry, which only the handler threads need.
 * The whole of core costs a main thread 12 MB more RSS imported alone, about 6.5 MB in a running
 * enricher (docs/BENCHMARKS.md).
 * Nothing here may import a parser, a rule table or the agency matcher.
 */
export { AGENCY_IDS, type AgencyId } from "./data/agencies.js";
export { hammingDistance } from "./lifecycle/simhash.js";
export { NEAR_DUPLICATE_BITS } from "./lifecycle/versions.js";
