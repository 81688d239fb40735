import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { byKey, currentStory, stateOf, storyOf } from "../support/current-topics.js";
import { repoRoot } from "../support/paths.js";
import { Pipeline } from "../support/pipeline.js";
import { registerCleanup, stackConnection, startPipeline } from "../support/resources.js";
import {
  type ChainVersion,
  type StoryChain,
  shuffled,
  storyChains,
} from "../support/story-chains.js";
import { testLog } from "../support/test-log.js";
import type { ReadRecord, TopicReader } from "../support/topic-reader.js";
import { sendOnce } from "../support/wire-producer.js";

const KILL_TOMBSTONE_AFTER_MS = 6_000;
const log = testLog("e2e:current");

/**
 * stories.current end to end: the normalizer and the enricher as processes on the real broker,
 * the topics read back with read_committed as a subscriber reads them.
 */
describe("stories.current: one current story per key (services as processes, real Kafka)", () => {
  let pipeline: Pipeline;
  let stories: TopicReader;
  let current: TopicReader;
  let changelog: TopicReader;

  beforeAll(async () => {
    pipeline = await startPipeline({
      name: "e2e-current",
      services: ["normalizer", "enricher"],
      serviceEnv: {
        enricher: { CURRENT_KILL_TOMBSTONE_AFTER_MS: String(KILL_TOMBSTONE_AFTER_MS) },
      },
    });
    stories = await pipeline.read("stories");
    current = await pipeline.read("current");
    changelog = await pipeline.read("currentState");
    log(`logs in ${pipeline.logDir}`);
  });

  /** Sends versions (each chain's on one raw partition, in the order given) and waits until the
   * enricher has published all of them on stories.enriched and committed past them. */
  async function send(versions: readonly ChainVersion[]): Promise<void> {
    const before = stories.messages.length;
    await sendOnce(
      pipeline.kafka,
      pipeline.topics.raw,
      versions.map((v) => v.input),
    );
    await stories.waitFor(
      (m) => m.length >= before + versions.length,
      90_000,
      `${versions.length} more stories`,
    );
    const admin = await pipeline.admin();
    for (;;) {
      const lag = await pipeline.lag();
      if (lag.normalizer === 0 && lag.enricher === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await Promise.all([current.readToEnd(admin, 30_000), changelog.readToEnd(admin, 30_000)]);
  }

  const enrichedOf = (id: string): ReadRecord[] => stories.messages.filter((m) => m.key === id);

  it("gives the same stories.current for chains sent in order and shuffled, kills included", async () => {
    // Twin sets: the same chains (same texts, versions, kills, re-sends) under other guids.
    const spec = { seed: 11, maxVersions: 4, killShare: 0.3, resendShare: 0.3 };
    const inOrder = storyChains(10, { ...spec, runTag: `${pipeline.id}-a` });
    const mixed = storyChains(10, { ...spec, runTag: `${pipeline.id}-b` });
    const interleave = (lists: ChainVersion[][]) => {
      const out: ChainVersion[] = [];
      for (let i = 0; lists.some((l) => i < l.length); i++) {
        for (const list of lists) if (list[i]) out.push(list[i] as ChainVersion);
      }
      return out;
    };
    const sent = [
      ...interleave(inOrder.map((c) => c.versions)),
      ...interleave(mixed.map((c, i) => shuffled(c.versions, 100 + i))),
    ];
    expect(mixed.some((c, i) => shuffled(c.versions, 100 + i)[0] !== c.versions[0])).toBe(true);
    await send(sent);

    const currentByKey = byKey(current.messages);
    const stateByKey = byKey(changelog.messages);
    const kills = inOrder.filter((c) => c.expected.role === "kill").length;
    log(`${sent.length} versions of ${inOrder.length * 2} chains (${kills * 2} killed)`);
    inOrder.forEach((a, i) => {
      const b = mixed[i] as StoryChain;
      const records = currentByKey.get(a.storyKey) ?? [];
      const stories = records.map((r) => (r.value === null ? null : storyOf(r)));
      // In order: every version became current in turn, each superseding the one before; a
      // re-send never did. The last story is the expected version.
      const originals = a.versions.filter((v) => v.role !== "resend");
      const published = stories.filter((s) => s !== null);
      expect(
        published.map((s) => s.id),
        a.name,
      ).toEqual(originals.map((v) => v.story.id));
      published.forEach((s, k) => {
        expect(s.lifecycle.supersedes, a.name).toBe(k === 0 ? null : published[k - 1]?.id);
        expect(s.lifecycle.duplicateOf, a.name).toBeNull();
      });
      const last = published.at(-1);
      const other = (currentByKey.get(b.storyKey) ?? [])
        .filter((r) => r.value !== null)
        .map((r) => storyOf(r))
        .at(-1);
      // Shuffled: the same current story (a re-send of it may stand in: same version and text).
      expect(other?.lifecycle.version, b.name).toBe(last?.lifecycle.version);
      expect(other?.lifecycle.pubStatus, b.name).toBe(last?.lifecycle.pubStatus);
      expect(other?.headline, b.name).toBe(last?.headline);
      expect(other?.paragraphs, b.name).toEqual(last?.paragraphs);
      const standIns = b.versions
        .filter((v) => v.version === b.expected.version && v.pubStatus === b.expected.pubStatus)
        .map((v) => v.story.id);
      expect(standIns, b.name).toContain(other?.id);
      // The changelog holds the same current version as stories.current.
      expect(stateOf(stateByKey, a.storyKey)?.current.id, a.name).toBe(last?.id);
      expect(stateOf(stateByKey, b.storyKey)?.current.id, b.name).toBe(other?.id);
      // Every version of both sets is on stories.enriched; re-sends marked as duplicates.
      for (const v of a.versions) {
        const [enriched] = enrichedOf(v.story.id);
        expect(enriched, v.input.kind).toBeDefined();
        const lifecycle = storyOf(enriched).lifecycle;
        if (v.role === "resend") {
          expect(lifecycle.duplicateOf, v.input.kind).toBe(
            a.versions.find((o) => o.role === "version" && o.version === v.version)?.story.id,
          );
        } else expect(lifecycle.duplicateOf, v.input.kind).toBeNull();
      }
    });
    // A killed key's current story is the kill, as a subscriber first sees it.
    for (const chain of [...inOrder, ...mixed].filter((c) => c.expected.role === "kill")) {
      const killRecord = (currentByKey.get(chain.storyKey) ?? []).find(
        (r) => r.value !== null && storyOf(r).lifecycle.pubStatus === "canceled",
      );
      expect(killRecord, chain.name).toBeDefined();
      expect(storyOf(killRecord).lifecycle.signal, chain.name).toBe("kill");
    }
  });

  it("publishes a kill with pubStatus canceled, tombstones the key after the retention, and a late older version cannot resurrect it", async () => {
    const [chain] = storyChains(1, {
      runTag: `${pipeline.id}-kill`,
      seed: 5,
      maxVersions: 1,
      killShare: 1,
      resendShare: 0,
    });
    if (!chain) throw new Error("no chain");
    const [v1, kill] = chain.versions;
    if (!v1 || kill?.role !== "kill") throw new Error("the chain has no version and kill");
    await send([kill]);
    const key = chain.storyKey;
    const killAt = Date.now();
    const killStory = currentStory(byKey(current.messages), key);
    expect(killStory?.id).toBe(kill.story.id);
    expect(killStory?.lifecycle).toMatchObject({ pubStatus: "canceled", signal: "kill" });

    await current.waitFor(
      (m) => byKey(m).get(key)?.at(-1)?.value === null,
      KILL_TOMBSTONE_AFTER_MS + 30_000,
      "the kill's tombstone",
    );
    const records = byKey(current.messages).get(key) ?? [];
    expect(records.map((r) => r.value === null)).toEqual([false, true]);
    const [kept, tombstone] = records;
    expect(Number(tombstone?.timestamp) - Number(kept?.timestamp)).toBeGreaterThanOrEqual(
      KILL_TOMBSTONE_AFTER_MS - 1_000,
    );
    log(`tombstone ${Date.now() - killAt} ms after the kill was published`);
    const admin = await pipeline.admin();
    await changelog.readToEnd(admin, 30_000);
    expect(stateOf(byKey(changelog.messages), key)).toMatchObject({
      tombstoned: true,
      current: { id: kill.story.id, pubStatus: "canceled" },
    });

    // The version the kill withdrew arrives late: stories.enriched gets it, stories.current not.
    await send([v1]);
    expect(byKey(current.messages).get(key)).toHaveLength(2);
    expect(currentStory(byKey(current.messages), key)).toBeNull();
    expect(storyOf(enrichedOf(v1.story.id)[0]).lifecycle).toMatchObject({
      supersedes: null,
      duplicateOf: null,
    });
    expect(stateOf(byKey(changelog.messages), key)).toMatchObject({
      tombstoned: true,
      current: { id: kill.story.id },
      earlier: [{ id: v1.story.id }],
    });
  });

  it("changes nothing for a replay of the same bytes, keeps a newer version against a late older one, and marks a re-send duplicateOf", async () => {
    // Three versions and a re-send of each, of one story.
    const [full] = storyChains(1, {
      runTag: `${pipeline.id}-replay`,
      versions: 3,
      killShare: 0,
      resendShare: 1,
    });
    if (!full) throw new Error("no chain");
    const versions = full.versions.filter((v) => v.role === "version");
    const v3 = versions.find((v) => v.version === 3);
    const v1 = versions.find((v) => v.version === 1);
    const v2 = versions.find((v) => v.version === 2);
    const resend = full.versions.find((v) => v.role === "resend" && v.version === 3);
    if (!v1 || !v2 || !v3 || !resend) throw new Error("the chain lacks versions 1-3 or a re-send");
    const key = full.storyKey;

    await send([v1, v3]);
    const before = {
      current: byKey(current.messages).get(key)?.length,
      state: byKey(changelog.messages).get(key)?.length,
    };
    expect(before.current).toBe(2);
    expect(currentStory(byKey(current.messages), key)?.id).toBe(v3.story.id);

    // The late v2: no current change; the state remembers it (one changelog record).
    await send([v2]);
    expect(byKey(current.messages).get(key)).toHaveLength(2);
    expect(currentStory(byKey(current.messages), key)?.id).toBe(v3.story.id);
    expect(byKey(changelog.messages).get(key)).toHaveLength((before.state ?? 0) + 1);
    expect(storyOf(enrichedOf(v2.story.id)[0]).lifecycle).toMatchObject({
      supersedes: null,
      duplicateOf: null,
    });

    // The same bytes of v3 again, and v3 re-sent in other bytes: nothing changes on
    // stories.current or the changelog; the replay is published as the first time, the re-send
    // marked duplicateOf v3.
    await send([v3, resend]);
    expect(byKey(current.messages).get(key)).toHaveLength(2);
    expect(byKey(changelog.messages).get(key)).toHaveLength((before.state ?? 0) + 1);
    const copies = enrichedOf(v3.story.id).map((r) => storyOf(r).lifecycle);
    expect(copies).toHaveLength(2);
    expect(copies[1]).toEqual(copies[0]);
    expect(copies[0]).toMatchObject({ supersedes: v1.story.id, duplicateOf: null });
    expect(storyOf(enrichedOf(resend.story.id)[0]).lifecycle).toMatchObject({
      duplicateOf: v3.story.id,
    });
    // The enricher's log says what it made of each (its lines follow the commit).
    const outcomes = () =>
      pipeline.services.enricher
        .logged("published")
        .filter((line) => line.storyKey === key)
        .map((line) => line.current);
    for (let i = 0; i < 50 && outcomes().length < 5; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(outcomes()).toEqual(["current", "current", "late", "replay", "duplicate"]);
  });

  it("refuses to start the enricher when the changelog's partition count differs from wire.normalized's, naming the variables", async () => {
    const declared = JSON.parse(readFileSync(`${repoRoot}infra/topics.json`, "utf8")) as {
      topics: { name: string; partitions: number }[];
    };
    for (const topic of declared.topics) {
      if (topic.name === "stories.current.state") topic.partitions = 3;
    }
    const dir = `${repoRoot}.stack/runs/e2e-current-copartition`;
    mkdirSync(dir, { recursive: true });
    const topicsFile = `${dir}/topics-${pipeline.id}.json`;
    writeFileSync(topicsFile, JSON.stringify(declared));
    const mismatched = new Pipeline({
      stack: stackConnection(),
      name: "e2e-current-copartition",
      topicsFile,
      services: ["enricher"],
    });
    registerCleanup(() => mismatched.destroy());
    await mismatched.create();
    const enricher = mismatched.services.enricher;
    await enricher.start();
    const exit = await enricher.waitExit(60_000);
    expect(exit?.code).toBe(1);
    const [fatal] = enricher.logged("fatal error");
    expect(JSON.stringify(fatal)).toMatch(
      /TOPIC_NORMALIZED \(\S+\) has 6, TOPIC_CURRENT \(\S+\) has 6, TOPIC_CURRENT_STATE \(\S+\) has 3/,
    );
  });
});
