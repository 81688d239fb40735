import { enrichStory } from "@newswire/core";
import type { HandlerFactory } from "@newswire/runtime";
import { createEnricherHandler } from "./enricher-handler.js";

/** Loaded in each handler worker (packages/runtime startHandlerPool): agency attribution. */
export const createHandler: HandlerFactory<Record<string, never>> = () =>
  createEnricherHandler({ enrich: enrichStory });
