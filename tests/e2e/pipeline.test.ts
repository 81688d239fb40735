import { isRejection, processWire } from "@newswire/core";
import { HEADERS, STORY_SCHEMA_VERSION, type Story, storySchema } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import {
  attributionMismatches,
  corpusFixtures,
  type Fixture,
  feedFixtures,
  fieldMismatches,
} from "../support/fixture-expectations.js";
import { startPipeline } from "../support/resources.js";
import { readObjectsWhenFilled } from "../support/s3-objects.js";
import { header } from "../support/topic-reader.js";
import { sha256, type WireInput, wireInput } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

const DEFAULT_RECEIVED_AT = "2024-05-17T06:00:00Z";

/**
 * Every sample with expectations (the corpus and the real-shaped feeds), once each by bytes,
 * with the outcome core itself gives for the same bytes and transport headers: the pipeline
 * must give the same one.
 */
function fixtureInputs() {
  const seen = new Set<string>();
  const out: { fixture: Fixture; input: WireInput; result: ReturnType<typeof processWire> }[] = [];
  for (const fixture of [...corpusFixtures(), ...feedFixtures()]) {
    const value = Buffer.from(fixture.bytes);
    const receivedAt = fixture.want.receivedAt ?? DEFAULT_RECEIVED_AT;
    const contentType = fixture.want.contentType;
    const result = processWire(value, { feed: "e2e-corpus", receivedAt, contentType });
    const input = wireInput({
      kind: fixture.name,
      value,
      feed: "e2e-corpus",
      receivedAt,
      ...(contentType === undefined ? {} : { contentType }),
      expect: isRejection(result) ? "dlq" : "story",
    });
    if (seen.has(input.sha256)) continue;
    seen.add(input.sha256);
    out.push({ fixture, input, result });
  }
  return out;
}

/** A plain-text wire story no other test sends: distinct bytes, so a distinct story id. */
function generatedStory(run: string, n: number): WireInput {
  const text = [
    `Harbour authority ${run} approves dredging plan number ${n}`,
    "",
    `ROTTERDAM, May 17 (Reuters) - The port authority approved plan ${n} on Friday to deepen the main shipping channel, officials said, after months of talks with shipping lines.`,
    "",
    `The work on section ${n} is due to start in the autumn and take two years, the authority said in a statement.`,
    "",
  ].join("\n");
  return wireInput({
    kind: `generated-${n}`,
    value: Buffer.from(text),
    feed: "e2e-stream",
    receivedAt: DEFAULT_RECEIVED_AT,
    expect: "story",
  });
}

const storyOf = (value: Buffer | null): Story => storySchema.parse(JSON.parse(String(value)));

describe("pipeline end to end (services as processes, real Kafka and S3)", () => {
  it("publishes every good sample once, dead-letters every bad one once, and archives every original byte for byte", async () => {
    const pipeline = await startPipeline({ name: "e2e-samples" });
    const stories = await pipeline.read("stories");
    const dlq = await pipeline.read("dlq");
    const samples = fixtureInputs();
    const good = samples.filter((s) => !isRejection(s.result));
    const bad = samples.filter((s) => isRejection(s.result));
    for (const { fixture, result } of samples) {
      if (fixture.want.reject) expect(isRejection(result), fixture.name).toBe(true);
    }

    await sendOnce(
      pipeline.kafka,
      pipeline.topics.raw,
      samples.map((s) => s.input),
    );
    await stories.waitFor((m) => m.length >= good.length, 90_000, `${good.length} stories`);
    await dlq.waitFor((m) => m.length >= bad.length, 60_000, `${bad.length} DLQ records`);

    // Replay of one good sample's bytes, timed from send to arrival on stories.enriched.
    const seed = good[0]?.input;
    if (!seed) throw new Error("no good sample to replay");
    const sentAt = Date.now();
    await sendOnce(pipeline.kafka, pipeline.topics.raw, [seed]);
    await stories.waitFor((m) => m.length >= good.length + 1, 30_000, "the replayed sample");
    console.info(
      `[e2e] send -> stories.enriched latency for a replayed sample: ${Date.now() - sentAt} ms`,
    );

    // Let anything extra (a duplicate) arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const published = stories.messages.map((m) => ({ message: m, story: storyOf(m.value) }));
    expect(published).toHaveLength(good.length + 1);
    for (const { fixture, input, result } of good) {
      if (isRejection(result)) continue;
      const copies = published.filter((s) => s.story.id === result.id);
      expect(copies.length, fixture.name).toBe(input === seed ? 2 : 1);
      const [first] = copies;
      if (!first) continue;
      const { story, message } = first;
      expect(message.key).toBe(story.id);
      expect(header(message, "schema-version")).toBe(STORY_SCHEMA_VERSION);
      expect(header(message, HEADERS.contentType)).toBe("application/json");
      expect(story.source.sha256).toBe(input.sha256);
      expect(story.source.kafka?.topic).toBe(pipeline.topics.raw);
      expect(story.headline, fixture.name).toBe(result.headline);
      expect(story.agencies, fixture.name).toEqual(result.agencies);
      expect(fieldMismatches(story, fixture.want), fixture.name).toEqual([]);
      expect(attributionMismatches(story, fixture.want), fixture.name).toEqual([]);
    }
    expect(new Set(published.map((s) => s.story.id)).size).toBe(good.length);

    expect(dlq.messages).toHaveLength(bad.length);
    for (const { fixture, input, result } of bad) {
      if (!isRejection(result)) continue;
      const copies = dlq.messages.filter(
        (m) => sha256(m.value ?? Buffer.alloc(0)) === input.sha256,
      );
      expect(copies.length, fixture.name).toBe(1);
      const [record] = copies;
      if (!record) continue;
      expect(header(record, HEADERS.errorCode), fixture.name).toBe(result.code);
      expect(header(record, HEADERS.failedStage)).toBe("normalizer");
      expect(header(record, HEADERS.originalTopic)).toBe(pipeline.topics.raw);
      expect(header(record, HEADERS.originalOffset)).toMatch(/^\d+$/);
      expect(header(record, HEADERS.wireSource)).toBe("e2e-corpus");
    }

    // Archiver: one object per distinct input (the replay overwrote the same key), same bytes.
    const objects = await readObjectsWhenFilled(
      pipeline.s3,
      pipeline.bucket,
      samples.length,
      30_000,
    );
    expect(objects).toHaveLength(samples.length);
    expect(new Set(objects.map((o) => o.sha256))).toEqual(
      new Set(samples.map((s) => s.input.sha256)),
    );
    for (const object of objects) {
      expect(object.metadata.sha256, object.key).toBe(object.sha256);
      expect(object.key).toMatch(
        /^originals\/\d{4}\/\d{2}\/\d{2}\/e2e-corpus\/[a-z0-9]+\.[a-z0-9]+$/,
      );
    }
    const keys = new Set(objects.map((o) => o.key));
    for (const { story } of published)
      expect(keys.has(story.source.archiveKey), story.source.archiveKey).toBe(true);
    expect(pipeline.services.archiver.logged("rejected")).toHaveLength(0);
  });

  it("loses and duplicates nothing when each service is stopped with SIGTERM mid-stream and restarted", async () => {
    const pipeline = await startPipeline({ name: "e2e-sigterm" });
    const stories = await pipeline.read("stories");
    const dlq = await pipeline.read("dlq");
    const total = 1500;
    const inputs = Array.from({ length: total }, (_, n) => generatedStory(pipeline.id, n));
    let sent = 0;
    const sending = (async () => {
      for (let i = 0; i < total; i += 25) {
        await sendOnce(pipeline.kafka, pipeline.topics.raw, inputs.slice(i, i + 25));
        sent = i + 25;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    // Each service is stopped while the stream is still flowing, and started again at once.
    for (const [name, share] of [
      ["normalizer", 0.2],
      ["enricher", 0.45],
      ["archiver", 0.7],
    ] as const) {
      while (sent < total * share) await new Promise((resolve) => setTimeout(resolve, 20));
      const service = pipeline.services[name];
      const signalledAt = Date.now();
      const exit = await service.terminate();
      expect(exit.code, `${name} exit code`).toBe(0);
      expect(exit.at - signalledAt, `${name} shutdown ms`).toBeLessThan(10_000);
      const [stopped] = service.logged("stopped");
      expect(Number(stopped?.processed), `${name} was stopped mid-stream`).toBeLessThan(total);
      await service.start();
    }
    await sending;
    await stories.waitFor((m) => m.length >= total, 120_000, `${total} stories`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const ids = stories.messages.map((m) => storyOf(m.value).id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(dlq.messages).toHaveLength(0);
    expect(pipeline.crashed()).toEqual([]);

    const objects = await readObjectsWhenFilled(pipeline.s3, pipeline.bucket, total, 60_000);
    expect(new Set(objects.map((o) => o.sha256))).toEqual(new Set(inputs.map((i) => i.sha256)));
  });
});
