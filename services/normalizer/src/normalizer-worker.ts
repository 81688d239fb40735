import { normalizeWire } from "@newswire/core";
import type { HandlerFactory } from "@newswire/runtime";
import { createNormalizerHandler } from "./normalizer-handler.js";

/** Loaded in each handler worker (packages/runtime startHandlerPool): normalizeWire, bounded. */
export const createHandler: HandlerFactory<{ maxBytes: number }> = ({ maxBytes }) =>
  createNormalizerHandler({ normalize: normalizeWire, maxBytes });
