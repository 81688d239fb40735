import { readdirSync, readFileSync } from "node:fs";
import { isRejection, processWire } from "@newswire/core";
import { type Story, storySchema } from "@newswire/schemas";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deleteBucket, testKafka, testS3 } from "../support/resources.js";
import {
  buildOnce,
  header,
  Pipeline,
  ROOT,
  readBucketWhenFilled,
  sendWire,
  sha256,
  type WireInput,
} from "./pipeline-harness.js";

const CORPUS = `${ROOT}tests/fixtures/corpus/`;

interface Expected {
  receivedAt?: string;
  headline?: string;
  reject?: boolean;
  agencies?: Record<string, string[]>;
  notAgencies?: string[];
}
const expected: Record<string, Expected> = JSON.parse(
  readFileSync(`${CORPUS}expected.json`, "utf8"),
);

/** The corpus README's comparison: typographic quotes and dashes folded to ASCII. */
const fold = (text: string) =>
  text
    .replace(/[\u2018\u2019\u201a\u201b]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f]/g, '"')
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/\s+/g, " ")
    .trim();

function corpusInputs(): WireInput[] {
  const names = [
    ...readdirSync(CORPUS).filter(
      (n) => !n.endsWith(".md") && n !== "expected.json" && n !== "bad",
    ),
    ...readdirSync(`${CORPUS}bad`).map((n) => `bad/${n}`),
  ];
  return names.map((name) => ({
    name,
    bytes: readFileSync(`${CORPUS}${name}`),
    feed: "e2e-corpus",
    receivedAt: expected[name]?.receivedAt ?? "2024-05-17T06:00:00Z",
  }));
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
  return {
    name: `generated-${n}`,
    bytes: Buffer.from(text),
    feed: "e2e-stream",
    receivedAt: "2024-05-17T06:00:00Z",
  };
}

const kafka = testKafka("newswire-e2e");
const s3 = testS3();
const running: Pipeline[] = [];
const startPipeline = () => Pipeline.start(kafka, running);

beforeAll(() => {
  buildOnce();
});

afterEach(async () => {
  for (const pipeline of running.splice(0))
    await pipeline.stop(kafka, (bucket) => deleteBucket(s3, bucket));
});

afterAll(() => {
  s3.destroy();
});

const storyOf = (value: Buffer | null): Story => storySchema.parse(JSON.parse(String(value)));

describe("pipeline end to end (services as processes, real Kafka and S3)", () => {
  it("publishes every good corpus file once, dead-letters every bad one once, and archives every original byte for byte", async () => {
    const pipeline = await startPipeline();
    const inputs = corpusInputs();
    const outcomes = inputs.map((input) => ({
      input,
      result: processWire(input.bytes, { feed: input.feed, receivedAt: input.receivedAt }),
    }));
    const good = outcomes.filter((o) => !isRejection(o.result));
    const bad = outcomes.filter((o) => isRejection(o.result));
    for (const [name, entry] of Object.entries(expected)) {
      if (entry.reject)
        expect(
          bad.map((b) => b.input.name),
          name,
        ).toContain(name);
    }

    await sendWire(kafka, pipeline.names.topics.raw, inputs);
    await pipeline.stories.waitFor(
      (m) => m.length >= good.length,
      60_000,
      `${good.length} stories`,
    );
    await pipeline.dlq.waitFor((m) => m.length >= bad.length, 60_000, `${bad.length} DLQ records`);

    // Replay of the seed's bytes, timed from send to arrival on stories.enriched.
    const seed = inputs.find((i) => i.name === "01-webdesk-xi-putin.txt");
    if (!seed) throw new Error("seed story missing from the corpus");
    const sentAt = Date.now();
    await sendWire(kafka, pipeline.names.topics.raw, [seed]);
    await pipeline.stories.waitFor(
      (m) => m.length >= good.length + 1,
      30_000,
      "the replayed seed story",
    );
    const latencyMs = Date.now() - sentAt;
    console.info(`[e2e] send -> stories.enriched latency for the seed story: ${latencyMs} ms`);

    // Let anything extra (a duplicate) arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const stories = pipeline.stories.messages.map((m) => ({ message: m, story: storyOf(m.value) }));
    expect(stories).toHaveLength(good.length + 1);
    const seedId = stories.find((s) => s.story.source.sha256 === sha256(seed.bytes))?.story.id;
    for (const { input, result } of good) {
      if (isRejection(result)) continue;
      const copies = stories.filter((s) => s.story.id === result.id);
      expect(copies.length, input.name).toBe(input === seed ? 2 : 1);
      const [first] = copies;
      if (!first) continue;
      const { story, message } = first;
      expect(message.key?.toString()).toBe(story.id);
      expect(header(message, "schema-version")).toBe("1");
      expect(header(message, "content-type")).toBe("application/json");
      expect(story.source.sha256).toBe(sha256(input.bytes));
      expect(story.source.kafka?.topic).toBe(pipeline.names.topics.raw);
      expect(story.headline).toBe(result.headline);
      expect(story.agencies).toEqual(result.agencies);
      const want = expected[input.name];
      if (want?.headline) expect(fold(story.headline), input.name).toBe(fold(want.headline));
      if (want?.agencies) {
        expect(story.agencies.map((a) => a.id).sort(), input.name).toEqual(
          Object.keys(want.agencies).sort(),
        );
        for (const [agency, roles] of Object.entries(want.agencies)) {
          const found = story.agencies.find((a) => a.id === agency);
          for (const role of roles) expect(found?.roles, `${input.name} ${agency}`).toContain(role);
        }
      }
    }
    expect(new Set(stories.map((s) => s.story.id)).size).toBe(good.length);
    expect(seedId).toBeDefined();

    const dead = pipeline.dlq.messages;
    expect(dead).toHaveLength(bad.length);
    for (const { input, result } of bad) {
      if (!isRejection(result)) continue;
      const copies = dead.filter((m) => sha256(m.value ?? Buffer.alloc(0)) === sha256(input.bytes));
      expect(copies.length, input.name).toBe(1);
      const [record] = copies;
      if (!record) continue;
      expect(header(record, "error-code"), input.name).toBe(result.code);
      expect(header(record, "failed-stage")).toBe("normalizer");
      expect(header(record, "original-topic")).toBe(pipeline.names.topics.raw);
      expect(header(record, "original-offset")).toMatch(/^\d+$/);
      expect(header(record, "wire-source")).toBe("e2e-corpus");
    }

    // Archiver: one object per distinct input (the replay overwrote the same key), same bytes.
    const distinct = new Set(inputs.map((i) => sha256(i.bytes)));
    const objects = await readBucketWhenFilled(s3, pipeline.names.bucket, distinct.size, 30_000);
    expect(objects.size).toBe(distinct.size);
    expect(new Set([...objects.values()].map((o) => o.sha256))).toEqual(distinct);
    for (const [key, object] of objects) {
      expect(object.metadata.sha256, key).toBe(object.sha256);
      expect(key).toMatch(/^originals\/\d{4}\/\d{2}\/\d{2}\/e2e-corpus\/[a-z0-9]+\.[a-z]+$/);
    }
    for (const { story } of stories)
      expect(objects.has(story.source.archiveKey), story.source.archiveKey).toBe(true);
    expect(pipeline.services.archiver.logged("rejected")).toHaveLength(0);
  });

  it("loses and duplicates nothing when each service is stopped with SIGTERM mid-stream and restarted", async () => {
    const pipeline = await startPipeline();
    const total = 1500;
    const inputs = Array.from({ length: total }, (_, n) => generatedStory(pipeline.names.id, n));
    let sent = 0;
    const sending = (async () => {
      for (let i = 0; i < total; i += 25) {
        await sendWire(kafka, pipeline.names.topics.raw, inputs.slice(i, i + 25));
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
      const { code, ms } = await pipeline.services[name].stop();
      expect(code, `${name} exit code`).toBe(0);
      expect(ms, `${name} shutdown ms`).toBeLessThan(10_000);
      const [stopped] = pipeline.services[name].logged("stopped");
      expect(Number(stopped?.processed), `${name} was stopped mid-stream`).toBeLessThan(total);
      pipeline.services[name].start();
    }
    await sending;
    await pipeline.stories.waitFor((m) => m.length >= total, 120_000, `${total} stories`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const ids = pipeline.stories.messages.map((m) => storyOf(m.value).id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(pipeline.dlq.messages).toHaveLength(0);

    const objects = await readBucketWhenFilled(s3, pipeline.names.bucket, total, 60_000);
    expect(new Set([...objects.values()].map((o) => o.sha256))).toEqual(
      new Set(inputs.map((i) => sha256(i.bytes))),
    );
  });
});
