import { normalizeWire, warmUp } from "@newswire/core";
import type { HandlerFactory } from "@newswire/runtime";
import { createNormalizerHandler } from "./normalizer-handler.js";

/** Loaded in each handler worker (packages/runtime startHandlerPool): normalizeWire, bounded. */
export const createHandler: HandlerFactory<{ maxBytes: number }> = ({ maxBytes }) =>
  createNormalizerHandler({ normalize: normalizeWire, maxBytes });

// At load, before the pool gives this worker a record: a fresh worker (the first, or one that
// replaced a worker past its deadline) would otherwise spend ~0.4 s of CPU compiling the rules on
// its first record, past a low RECORD_DEADLINE_MS on a loaded machine (the stall fault test).
warmUp();
