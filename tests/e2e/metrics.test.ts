import { isRejection, processWire } from "@newswire/core";
import { HEADERS } from "@newswire/schemas";
import { describe, expect, it } from "vitest";
import { scrape, total } from "../support/metrics-scrape.js";
import { startPipeline } from "../support/resources.js";
import { type WireInput, WireInputFactory } from "../support/wire-inputs.js";
import { sendOnce } from "../support/wire-producer.js";

const FEEDS = ["metrics-a", "metrics-b", "metrics-unlisted"] as const;

/** What core makes of an input with its own headers: the outcome the services must count. */
function outcomeOf(input: WireInput): { code: string | null; format: string | null } {
  const result = processWire(input.value, {
    feed: input.headers[HEADERS.wireSource] ?? null,
    receivedAt: input.headers[HEADERS.receivedAt] ?? null,
    contentType: input.headers[HEADERS.contentType] ?? null,
  });
  return isRejection(result)
    ? { code: result.code, format: null }
    : { code: null, format: result.source.format };
}

describe("metrics on the real stack", () => {
  it("count what was sent, in every service, and the lag falls to 0 after the drain", async () => {
    const pipeline = await startPipeline({
      name: "e2e-metrics",
      env: { STATS_INTERVAL_MS: "1000" },
      serviceEnv: { normalizer: { FEEDS: "metrics-a:1h,metrics-b:30m" } },
    });
    const factory = new WireInputFactory({ seed: 1207 });
    const inputs: WireInput[] = [];
    for (let i = 0; i < 24; i++) inputs.push(factory.valid(FEEDS[i % FEEDS.length]));
    for (let i = 0; i < 4; i++) inputs.push(factory.invalid("corpus-bad", "metrics-a"));
    for (let i = 0; i < 3; i++) inputs.push(factory.invalid("random-bytes", "metrics-b"));
    const outcomes = inputs.map(outcomeOf);
    const stories = outcomes.filter((o) => o.code === null).length;
    const byCode = new Map<string, number>();
    for (const { code } of outcomes) {
      if (code !== null) byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
    expect(stories).toBe(24);
    const sentAt = Date.now() / 1000;

    await sendOnce(pipeline.kafka, pipeline.topics.raw, inputs);
    const drained = await pipeline.drain(inputs, { timeoutMs: 120_000, settleMs: 1_000 });
    expect(drained.stories).toHaveLength(stories);

    const { normalizer, enricher, archiver } = pipeline.services;
    const normalized = await scrape(normalizer.healthUrl);
    expect(total(normalized, "newswire_records_in_total")).toBe(inputs.length);
    expect(
      total(normalized, "newswire_records_out_total", { topic: pipeline.topics.normalized }),
    ).toBe(stories);
    expect(total(normalized, "newswire_records_out_total", { topic: pipeline.topics.dlq })).toBe(
      inputs.length - stories,
    );
    for (const [code, count] of byCode) {
      expect(total(normalized, "newswire_dead_letters_total", { code }), code).toBe(count);
    }
    expect(total(normalized, "newswire_dead_letters_total")).toBe(inputs.length - stories);
    expect(
      total(normalized, "newswire_transactions_total", { outcome: "committed" }),
    ).toBeGreaterThan(0);
    expect(total(normalized, "newswire_processing_seconds_count")).toBe(inputs.length);
    // Feeds: the configured ones with their windows, each story under its feed and format.
    expect(total(normalized, "newswire_feed_quiet_window_seconds", { feed: "metrics-a" })).toBe(
      3600,
    );
    expect(total(normalized, "newswire_feed_quiet_window_seconds", { feed: "metrics-b" })).toBe(
      1800,
    );
    for (const feed of FEEDS) {
      const want = inputs.filter(
        (input, i) => input.headers[HEADERS.wireSource] === feed && outcomes[i]?.code === null,
      ).length;
      expect(total(normalized, "newswire_feed_stories_total", { feed }), feed).toBe(want);
      const seen = total(normalized, "newswire_feed_last_seen_timestamp_seconds", { feed });
      expect(seen, feed).toBeGreaterThanOrEqual(Math.floor(sentAt) - 1);
    }
    const formats = new Map<string, number>();
    for (const { format } of outcomes)
      if (format) formats.set(format, (formats.get(format) ?? 0) + 1);
    for (const [format, count] of formats) {
      expect(total(normalized, "newswire_feed_stories_total", { format }), format).toBe(count);
    }

    const enriched = await scrape(enricher.healthUrl);
    expect(total(enriched, "newswire_records_in_total")).toBe(stories);
    expect(total(enriched, "newswire_records_out_total", { topic: pipeline.topics.stories })).toBe(
      stories,
    );
    expect(total(enriched, "newswire_dead_letters_total")).toBe(0);
    expect(total(enriched, "newswire_end_to_end_seconds_count")).toBe(stories);
    const agencyRoles = drained.stories.reduce((n, record) => {
      const story = JSON.parse(String(record.value)) as { agencies: { roles: string[] }[] };
      return n + story.agencies.reduce((m, a) => m + a.roles.length, 0);
    }, 0);
    expect(agencyRoles).toBeGreaterThan(0);
    expect(total(enriched, "newswire_agency_stories_total")).toBe(agencyRoles);

    const archived = await scrape(archiver.healthUrl);
    expect(total(archived, "newswire_records_in_total")).toBe(inputs.length);
    expect(total(archived, "newswire_archive_bytes_total")).toBe(
      inputs.reduce((n, input) => n + input.value.byteLength, 0),
    );
    expect(total(archived, "newswire_s3_put_seconds_count")).toBe(inputs.length);
    expect(total(archived, "newswire_s3_errors_total")).toBe(0);

    // The lag monitor reads the group's committed offsets every 5 s: after the drain, 0 in all.
    for (const service of [normalizer, enricher, archiver]) {
      await expect
        .poll(async () => total(await scrape(service.healthUrl), "newswire_consumer_lag"), {
          timeout: 20_000,
          interval: 500,
        })
        .toBe(0);
      const ready = await scrape(service.healthUrl);
      expect(total(ready, "newswire_ready"), service.service).toBe(1);
      expect((await fetch(`${service.healthUrl}/readyz`)).status).toBe(200);
    }

    // The stats line carries the figures /metrics has: one source.
    await pipeline.stopAll();
    const stopped = normalizer.logged("stopped").at(-1);
    expect(stopped).toMatchObject({
      processed: inputs.length,
      rejected: inputs.length - stories,
      lag: 0,
    });
    expect(enricher.logged("stopped").at(-1)).toMatchObject({ processed: stories, rejected: 0 });
  });
});
