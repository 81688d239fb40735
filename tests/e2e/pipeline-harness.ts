// The pipeline harness lives in tests/support (pipeline.ts, topic-reader.ts ...). This door stays
// only for tests/e2e/runtime-runners.test.ts, whose owner moves its import to
// ../support/topic-reader.js; then this file goes.
export { header, TopicReader } from "../support/topic-reader.js";
