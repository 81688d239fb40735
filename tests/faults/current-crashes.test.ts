import { normalizedStorySchema } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { byKey, stateOf, storyOf } from "../support/current-topics.js";
import type { Pipeline } from "../support/pipeline.js";
import { startPipeline } from "../support/resources.js";
import {
  type ChainVersion,
  type StoryChain,
  shuffled,
  storyChains,
} from "../support/story-chains.js";
import { testLog, throttled } from "../support/test-log.js";
import type { ReadRecord } from "../support/topic-reader.js";
import { seededRandom, type WireInput } from "../support/wire-inputs.js";
import { connectWireProducer, sendInputs } from "../support/wire-producer.js";

const log = testLog("faults:current");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const CHAINS = 160;
const RATE_PER_SEC = 25;
const KILLS = 4;
const KILL_TOMBSTONE_AFTER_MS = 5_000;

/**
 * The chains' versions in one stream: each chain shuffled (late versions, re-sends before their
 * original), the chains interleaved at random so every chain is spread over the stream and a
 * kill -9 lands in the middle of many of them.
 */
function stream(chains: readonly StoryChain[], seed: number): ChainVersion[] {
  const random = seededRandom(seed);
  const queues = chains.map((c, i) => shuffled(c.versions, seed + i));
  const out: ChainVersion[] = [];
  for (;;) {
    const open = queues.filter((q) => q.length > 0);
    if (open.length === 0) return out;
    const queue = open[Math.floor(random() * open.length)];
    const next = queue?.shift();
    if (next) out.push(next);
  }
}

/**
 * What stories.current must hold for a key, from the order its versions reached the enricher
 * (wire.normalized, read back): a version is published as current exactly when its number is
 * higher than every version of the key before it (a re-send of the same number is a duplicate,
 * a lower one is late); a killed key ends with one tombstone. Independent of the enricher's code.
 */
function expectedCurrent(arrivals: readonly ReadRecord[], killed: boolean): (string | null)[] {
  const out: (string | null)[] = [];
  let highest = -1;
  for (const record of arrivals) {
    const story = normalizedStorySchema.parse(JSON.parse(String(record.value)));
    const version = story.lifecycle.version ?? -1;
    if (version > highest) {
      out.push(story.id);
      highest = version;
    }
  }
  if (killed) out.push(null);
  return out;
}

/**
 * Sends the chains' versions in `disruptions + 1` slices; during each of the first
 * `disruptions`, once the enricher is seen publishing that slice's versions, `disrupt(k)` runs
 * (a kill -9, a replica joining or leaving): mid-transaction, mid-chain, with state in use.
 */
async function streamWith(
  pipeline: Pipeline,
  inputs: readonly WireInput[],
  disruptions: number,
  random: () => number,
  disrupt: (k: number, storiesOut: number) => Promise<void>,
): Promise<void> {
  const enriched = await pipeline.read("stories");
  const producer = await connectWireProducer(pipeline.kafka);
  const sliceSize = Math.ceil(inputs.length / (disruptions + 1));
  try {
    for (let k = 0; k <= disruptions; k++) {
      const slice = inputs.slice(k * sliceSize, (k + 1) * sliceSize);
      const sending = sendInputs(producer, pipeline.topics.raw, slice, {
        ratePerSec: RATE_PER_SEC,
        batchSize: 5,
      });
      if (k < disruptions) {
        const wanted =
          enriched.messages.length + Math.max(1, Math.floor(slice.length * (0.1 + random() * 0.4)));
        await enriched.waitFor((m) => m.length >= wanted, 120_000, `slice ${k} under way`);
        await disrupt(k, enriched.messages.length);
      }
      await sending;
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * After the stream: conservation over Kafka and S3, every killed key's tombstone, and for every
 * key exactly the stories.current records its arrival order calls for, the right last story, and
 * the changelog agreeing with it.
 */
async function verifyCurrent(
  pipeline: Pipeline,
  chains: readonly StoryChain[],
  inputs: readonly WireInput[],
): Promise<void> {
  const result = await pipeline.conservation(inputs, {
    timeoutMs: 300_000,
    onProgress: throttled(log),
  });
  log(JSON.stringify(result.figures));
  expect(result.problems).toEqual([]);

  // Every killed key's tombstone is due KILL_TOMBSTONE_AFTER_MS after its kill was published.
  const killed = chains.filter((c) => c.expected.role === "kill");
  const current = await pipeline.read("current");
  await current.waitFor(
    (m) => {
      const keys = byKey(m);
      return killed.every((c) => keys.get(c.storyKey)?.at(-1)?.value === null);
    },
    KILL_TOMBSTONE_AFTER_MS + 60_000,
    `the tombstones of ${killed.length} killed keys`,
  );
  await sleep(2_000);
  const admin = await pipeline.admin();
  const normalized = await pipeline.read("normalized");
  const changelog = await pipeline.read("currentState");
  await Promise.all(
    [current, normalized, changelog].map((reader) => reader.readToEnd(admin, 60_000)),
  );

  const currentByKey = byKey(current.messages);
  const arrivalsByKey = byKey(normalized.messages);
  const stateByKey = byKey(changelog.messages);
  expect(currentByKey.size).toBe(chains.length);
  let reordered = 0;
  for (const chain of chains) {
    const arrivals = arrivalsByKey.get(chain.storyKey) ?? [];
    expect(arrivals, chain.name).toHaveLength(chain.versions.length);
    const records = currentByKey.get(chain.storyKey) ?? [];
    const actual = records.map((r) => (r.value === null ? null : storyOf(r).id));
    const killedChain = chain.expected.role === "kill";
    // Nothing lost, nothing twice: exactly the current changes the arrival order calls for.
    expect(actual, chain.name).toEqual(expectedCurrent(arrivals, killedChain));
    const lastStory = records
      .filter((r) => r.value !== null)
      .map((r) => storyOf(r))
      .at(-1);
    // The right story: the chain's last version (or its re-send, which may have come first).
    expect(lastStory?.lifecycle.version, chain.name).toBe(chain.expected.version);
    expect(lastStory?.lifecycle.pubStatus, chain.name).toBe(chain.expected.pubStatus);
    expect(lastStory?.paragraphs, chain.name).toEqual(chain.expected.story.paragraphs);
    const state = stateOf(stateByKey, chain.storyKey);
    expect(state?.current.id, chain.name).toBe(lastStory?.id);
    expect(state?.tombstoned, chain.name).toBe(killedChain);
    const first = normalizedStorySchema.parse(JSON.parse(String(arrivals[0]?.value)));
    if (first.lifecycle.version !== 1) reordered += 1;
  }
  log(`${reordered} chains arrived out of order, ${killed.length} killed`);
  expect(reordered).toBeGreaterThan(0);
  expect(pipeline.crashed()).toEqual([]);
}

const chainsFor = (pipeline: Pipeline, seed: number) =>
  storyChains(CHAINS, {
    runTag: pipeline.id,
    seed,
    maxVersions: 4,
    killShare: 0.25,
    resendShare: 0.2,
  });

const serviceEnv = {
  enricher: { CURRENT_KILL_TOMBSTONE_AFTER_MS: String(KILL_TOMBSTONE_AFTER_MS) },
};

describe("stories.current through crashes and rebalances of the enricher", () => {
  it("kill -9 of the enricher mid-chain four times: exactly the right current story for every key, nothing lost or duplicated on stories.enriched or stories.current", async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const pipeline = await startPipeline({ name: "faults-current", serviceEnv });
    log(`seed ${seed}, logs ${pipeline.logDir}`);
    const chains = chainsFor(pipeline, seed);
    const inputs = stream(chains, seed).map((v) => v.input);
    log(`${inputs.length} versions of ${chains.length} chains`);
    const random = seededRandom(seed + 1);
    const enricher = pipeline.services.enricher;
    const started = Date.now();
    await streamWith(pipeline, inputs, KILLS, random, async (_k, out) => {
      const exit = await enricher.kill9();
      const downMs = 300 + random() * 2_200;
      log(
        `kill -9 enricher at ${Date.now() - started} ms with ${out} stories out (${exit.signal}); back in ${Math.round(downMs)} ms`,
      );
      await sleep(downMs);
      await enricher.start();
    });
    await verifyCurrent(pipeline, chains, inputs);
    expect(enricher.exits.filter((e) => e.signal === "SIGKILL")).toHaveLength(KILLS);
    // Every start restored state: the first and the last all 6 partitions, the ones between at
    // least one before the next kill (a kill may land while restores are still running).
    expect(enricher.logged("joined consumer group")).toHaveLength(KILLS + 1);
    expect(enricher.logged("state restored").length).toBeGreaterThanOrEqual(2 * 6 + KILLS - 1);
  });

  it("a second enricher joining and leaving mid-chain, twice: partitions move with their state, and every key is still exactly right", async () => {
    const seed = Math.floor(Math.random() * 2 ** 31);
    const pipeline = await startPipeline({ name: "faults-current-rebalance", serviceEnv });
    log(`seed ${seed}, logs ${pipeline.logDir}`);
    const chains = chainsFor(pipeline, seed);
    const inputs = stream(chains, seed).map((v) => v.input);
    const random = seededRandom(seed + 1);
    const replica = pipeline.addReplica("enricher", "1");
    await streamWith(pipeline, inputs, 4, random, async (k, out) => {
      if (k % 2 === 0) {
        await replica.start();
        await replica.waitReady();
        log(`replica joined with ${out} stories out`);
      } else {
        const exit = await replica.terminate();
        log(`replica left (exit ${exit.code}) with ${out} stories out`);
        expect(exit.code).toBe(0);
      }
    });
    await verifyCurrent(pipeline, chains, inputs);
    // Partitions moved both ways: the replica restored state, and the first instance restored
    // the partitions it got back.
    expect(replica.logged("state restored").length).toBeGreaterThan(0);
    expect(pipeline.services.enricher.logged("state restored").length).toBeGreaterThan(6);
  });
});
