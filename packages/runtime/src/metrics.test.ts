import { describe, expect, it } from "vitest";
import { BoundedLabel, createServiceMetrics, METRIC_DEFINITIONS, OTHER_LABEL } from "./metrics.js";
import { feedsEnvSchema, parseDuration } from "./metrics-feeds.js";
import { StageStats } from "./stage-stats.js";

/** `name{labels} value` lines of an exposition, for exact look-ups. */
function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const at = line.lastIndexOf(" ");
    out.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return out;
}

const record = (overrides: Partial<{ published: boolean; timestampMs: number }> = {}) => ({
  published: true,
  timestampMs: 1_700_000_000_000,
  ...overrides,
});

describe("BoundedLabel", () => {
  it("keeps known values, then `limit` others, then folds the rest into other", () => {
    const label = new BoundedLabel(["reuters"], 2);
    expect(label.of("reuters")).toBe("reuters");
    expect(label.of("a")).toBe("a");
    expect(label.of("b")).toBe("b");
    expect(label.of("c")).toBe(OTHER_LABEL);
    expect(label.of("a")).toBe("a");
  });

  it("never lets markup, spaces or a 1 KB value through as a label", () => {
    const label = new BoundedLabel([], 100);
    for (const hostile of ["<script>", "a b", "x".repeat(1024), "", "\u0000a", "é"]) {
      expect(label.of(hostile)).toBe(OTHER_LABEL);
    }
  });
});

describe("ServiceMetrics", () => {
  it("names every metric newswire_ and gives each service and stage labels", () => {
    for (const definition of Object.values(METRIC_DEFINITIONS)) {
      expect(definition.name).toMatch(/^newswire_[a-z0-9_]+$/);
      expect(definition.labels[0]).toBe("stage");
    }
  });

  it("counts a committed chunk in the metrics and the stats line alike", async () => {
    const metrics = createServiceMetrics({ service: "normalizer", processMetrics: false });
    const stage = metrics.stage("normalizer");
    const stats = new StageStats(stage);
    stage.committed({
      records: [record(), record(), record({ published: false })],
      outputTopic: "wire.normalized",
      outputs: 2,
      dlqTopic: "wire.dlq",
      deadLetterCodes: ["BINARY"],
    });
    stage.retried("HANDLER_TIMEOUT");
    stage.transaction("committed");
    stage.transaction("aborted");
    stage.setLag(
      "wire.raw",
      new Map([
        [0, 3],
        [1, 4],
      ]),
    );
    const text = await metrics.text();
    const values = samples(text);
    const at = (name: string, labels: string) =>
      values.get(`${name}{${labels}service="normalizer"}`);
    expect(at("newswire_records_in_total", 'stage="normalizer",')).toBe(3);
    expect(at("newswire_records_out_total", 'stage="normalizer",topic="wire.normalized",')).toBe(2);
    expect(at("newswire_records_out_total", 'stage="normalizer",topic="wire.dlq",')).toBe(1);
    expect(at("newswire_dead_letters_total", 'stage="normalizer",code="BINARY",')).toBe(1);
    expect(at("newswire_dead_letters_total", 'stage="normalizer",code="EMPTY",')).toBe(0);
    expect(at("newswire_retries_total", 'stage="normalizer",reason="HANDLER_TIMEOUT",')).toBe(1);
    expect(at("newswire_transactions_total", 'stage="normalizer",outcome="aborted",')).toBe(1);
    expect(at("newswire_consumer_lag", 'stage="normalizer",topic="wire.raw",partition="1",')).toBe(
      4,
    );
    const line = stats.snapshot();
    expect(line).toMatchObject({ processed: 3, rejected: 1, retried: 1, restarts: 0, lag: 7 });
  });

  it("zeroes only the dead-letter codes the stage can emit", async () => {
    const metrics = createServiceMetrics({ service: "archiver", processMetrics: false });
    metrics.stage("archiver");
    const text = await metrics.text();
    expect(text).toContain('code="ARCHIVE_REJECTED"');
    expect(text).not.toContain('code="NO_HEADLINE"');
  });

  it("watches configured feeds from the start and folds unknown feeds past the limit", async () => {
    let now = 1_000_000;
    const metrics = createServiceMetrics({
      service: "normalizer",
      processMetrics: false,
      feeds: [{ name: "reuters", quietWindowSeconds: 900 }],
      feedLabelLimit: 1,
      now: () => now,
    });
    const stage = metrics.stage("normalizer");
    stage.watchFeeds();
    now = 2_000_000;
    const chunk = (feed: string, timestampMs: number, format?: string) => ({
      records: [{ ...record({ timestampMs }), observe: { feed, ...(format ? { format } : {}) } }],
      outputs: 1,
      outputTopic: "wire.normalized",
      dlqTopic: "wire.dlq",
      deadLetterCodes: [],
    });
    stage.committed(chunk("afp", 1_500_000, "nitf"));
    stage.committed(chunk("spam-1", 1_600_000, "plain"));
    stage.committed(chunk("spam-2", 1_700_000, "no-such-format"));
    const values = samples(await metrics.text());
    const get = (name: string, labels: string) =>
      values.get(`${name}{stage="normalizer",${labels}service="normalizer"}`);
    expect(get("newswire_feed_quiet_window_seconds", 'feed="reuters",')).toBe(900);
    expect(get("newswire_feed_last_seen_timestamp_seconds", 'feed="reuters",')).toBe(1000);
    expect(get("newswire_feed_last_seen_timestamp_seconds", 'feed="afp",')).toBe(1500);
    expect(get("newswire_feed_last_seen_timestamp_seconds", 'feed="other",')).toBe(1700);
    expect(get("newswire_feed_stories_total", 'feed="afp",format="nitf",')).toBe(1);
    expect(get("newswire_feed_stories_total", 'feed="other",format="plain",')).toBe(1);
    expect(get("newswire_feed_stories_total", 'feed="other",format="other",')).toBe(1);
  });

  it("counts agencies by registry id and role only", async () => {
    const metrics = createServiceMetrics({
      service: "enricher",
      processMetrics: false,
      agencyIds: ["reuters", "ap"],
    });
    metrics.stage("enricher").committed({
      records: [
        {
          ...record(),
          observe: {
            agencies: [
              { id: "reuters", roles: ["origin", "photo"] },
              { id: "made-up", roles: ["cited", "invented-role"] },
            ],
          },
        },
      ],
      outputs: 1,
      outputTopic: "stories.enriched",
      dlqTopic: "wire.dlq",
      deadLetterCodes: [],
    });
    const values = samples(await metrics.text());
    const get = (labels: string) =>
      values.get(`newswire_agency_stories_total{stage="enricher",${labels}service="enricher"}`);
    expect(get('agency="reuters",role="origin",')).toBe(1);
    expect(get('agency="reuters",role="photo",')).toBe(1);
    expect(get('agency="other",role="cited",')).toBe(1);
    expect(get('agency="other",role="other",')).toBe(1);
  });

  it("observes end-to-end latency from the raw timestamp at commit", async () => {
    const metrics = createServiceMetrics({
      service: "enricher",
      processMetrics: false,
      now: () => 10_000,
    });
    metrics.stage("enricher").committed({
      records: [{ ...record(), endToEndFromMs: 7_500 }],
      outputs: 1,
      outputTopic: "stories.enriched",
      dlqTopic: "wire.dlq",
      deadLetterCodes: [],
    });
    const values = samples(await metrics.text());
    expect(values.get('newswire_end_to_end_seconds_sum{service="enricher",stage="enricher"}')).toBe(
      2.5,
    );
  });

  it("exports newswire_ready as the readiness check answers at scrape time", async () => {
    const metrics = createServiceMetrics({ service: "enricher", processMetrics: false });
    let ready = false;
    metrics.watchReadiness("enricher", () => ready);
    const key = 'newswire_ready{stage="enricher",service="enricher"}';
    expect(samples(await metrics.text()).get(key)).toBe(0);
    ready = true;
    expect(samples(await metrics.text()).get(key)).toBe(1);
  });

  it("exports the process metrics under the newswire_ prefix", async () => {
    const metrics = createServiceMetrics({ service: "enricher" });
    const text = await metrics.text();
    expect(text).toContain("newswire_process_cpu_seconds_total");
    expect(text).toContain("newswire_process_resident_memory_bytes");
  });
});

describe("FEEDS", () => {
  it("reads feed:window pairs", () => {
    const parsed = feedsEnvSchema.parse({ FEEDS: "reuters:15m, afp:2h,webdesk:90s" });
    expect(parsed.FEEDS).toEqual([
      { name: "reuters", quietWindowSeconds: 900 },
      { name: "afp", quietWindowSeconds: 7200 },
      { name: "webdesk", quietWindowSeconds: 90 },
    ]);
    expect(parsed.FEED_LABEL_LIMIT).toBe(20);
    expect(feedsEnvSchema.parse({}).FEEDS).toEqual([]);
  });

  it.each(["reuters", "reuters:", "reuters:15", "reuters:0m", "a b:1h", "x:1h,x:2h", ":1h"])(
    "refuses %j with the entry named",
    (value) => {
      const result = feedsEnvSchema.safeParse({ FEEDS: value });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/entry 1|listed twice/);
    },
  );

  it("parses durations", () => {
    expect(parseDuration("1d")).toBe(86_400);
    expect(parseDuration("10x")).toBeUndefined();
  });
});
