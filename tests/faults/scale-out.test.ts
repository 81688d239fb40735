import { spawnSync } from "node:child_process";
import { HEADERS } from "@newswire/schemas";
import { beforeAll, describe, expect, it } from "vitest";
import { checkArchive } from "../support/conservation.js";
import { byKey, stateOf, storyOf } from "../support/current-topics.js";
import {
  describeGroup,
  describeLine,
  type GroupView,
  settled,
  transactionDiagnostics,
} from "../support/kafka-group.js";
import { type KcatRecord, kcatRead } from "../support/kcat.js";
import { label, type Pipeline } from "../support/pipeline.js";
import { PrivateStack } from "../support/private-stack.js";
import { registerCleanup, startPipeline } from "../support/resources.js";
import { isS3ProxyPartialUpload, listKeys, readObjects } from "../support/s3-objects.js";
import type { ServiceName, ServiceProcess } from "../support/service-process.js";
import { testLog, throttled } from "../support/test-log.js";
import { seededRandom, type WireInput, WireInputFactory } from "../support/wire-inputs.js";
import { connectWireProducer, sendInputs } from "../support/wire-producer.js";

const log = testLog("faults:scale-out");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const PARTITIONS = 6;
/**
 * A short group session, so a killed or paused replica leaves its group in seconds (the broker's
 * group.min.session.timeout.ms is 6 s); users may set the same variables.
 */
const SESSION_TIMEOUT_MS = 8_000;
const CONSUMER_ENV = {
  KAFKA_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
  KAFKA_HEARTBEAT_INTERVAL_MS: "1000",
};
const FENCED =
  "producer fenced: another instance owns this partition now; its work here is dropped";
const JOINED = "joined consumer group";
const RATE_PER_SEC = 50;

/** Polls `condition` until it holds; on timeout throws with `what` and the diagnostics line. */
async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  diagnose: () => string | Promise<string> = () => "",
): Promise<number> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${await diagnose()}`);
    }
    await sleep(250);
  }
  return Date.now() - started;
}

const inputTopic = (pipeline: Pipeline, service: ServiceName) =>
  service === "enricher" ? pipeline.topics.normalized : pipeline.topics.raw;

async function group(pipeline: Pipeline, service: ServiceName): Promise<GroupView> {
  return describeGroup(
    await pipeline.admin(),
    pipeline.groups[service],
    inputTopic(pipeline, service),
  );
}

/** The member ids of the service's group now, for `waitGroup`'s `replacing`. */
async function memberIds(pipeline: Pipeline, service: ServiceName): Promise<Set<string>> {
  return new Set((await group(pipeline, service)).members.map((m) => m.memberId));
}

/**
 * Waits until the service's group is stable with `members` members holding every partition.
 * With `replacing` (the member ids before a kill -9), one member must be new: a killed member
 * stays in the group until its session expires, so the old generation would otherwise pass for
 * the settled new one before the replacement has even joined.
 */
async function waitGroup(
  pipeline: Pipeline,
  service: ServiceName,
  members: number,
  replacing?: ReadonlySet<string>,
): Promise<void> {
  let last: GroupView | undefined;
  const ms = await waitUntil(
    async () => {
      last = await group(pipeline, service).catch(() => undefined);
      return (
        last !== undefined &&
        settled(last, members, PARTITIONS) &&
        (replacing === undefined || last.members.some((m) => !replacing.has(m.memberId)))
      );
    },
    120_000,
    `the ${service} group stable with ${members} members`,
    async () =>
      `${last ? describeLine(last) : "no answer"}; lag ${JSON.stringify(await pipeline.lag())}`,
  );
  log(`${service} group: ${members} members, every partition held (${ms} ms)`);
}

/**
 * A stream sent continuously while the faults happen, at most up to the share `allow` let
 * through: the fault script lets the next slice go once a fault is done, so on a slow machine the
 * stream waits for the faults rather than running ahead of them, and records still flow after
 * the last one.
 */
function startStream(
  pipeline: Pipeline,
  inputs: readonly WireInput[],
  ratePerSec: number,
  firstShare: number,
): { sent: () => number; allow: (share: number) => void; done: Promise<void> } {
  let sent = 0;
  let limit = inputs.length * firstShare;
  let wake: () => void = () => undefined;
  const done = (async () => {
    const producer = await connectWireProducer(pipeline.kafka);
    try {
      await sendInputs(producer, pipeline.topics.raw, inputs, {
        ratePerSec,
        batchSize: 10,
        gate: async () => {
          while (sent >= limit) {
            await new Promise<void>((resolve) => {
              wake = resolve;
            });
          }
        },
        onSent: () => {
          sent += 1;
        },
      });
    } finally {
      await producer.disconnect();
    }
  })();
  return {
    sent: () => sent,
    allow: (share) => {
      limit = Math.max(limit, inputs.length * share);
      wake();
    },
    done,
  };
}

/**
 * The classic zombie: SIGSTOP past the session timeout, until the group has given the paused
 * member's partitions to the others and they made progress, then SIGCONT. Its late work must be
 * fenced (a transaction it had open was aborted by the new owner's InitProducerId; a commit it
 * tries now fails with the old epoch); it then rejoins. Returns how many fences it logged.
 *
 * `moved` runs once the group has settled without the victim and must let more input through:
 * the progress looked for is progress on records sent after the move, which the stream's gate
 * would otherwise hold back (by the time a slow group settles, the others may already have
 * drained everything sent before it).
 */
async function zombie(
  pipeline: Pipeline,
  victim: ServiceProcess,
  live: number,
  progress: () => number | Promise<number>,
  moved: () => void,
): Promise<number> {
  const service = victim.service;
  const joinsBefore = victim.logged(JOINED).length;
  const fencesBefore = victim.logged(FENCED).length;
  victim.pause();
  const pausedAt = Date.now();
  log(`SIGSTOP ${label(victim)}`);
  try {
    await waitGroup(pipeline, service, live - 1);
    const before = await progress();
    moved();
    await waitUntil(
      async () => (await progress()) >= before + 20,
      120_000,
      `progress after the ${service} group moved ${label(victim)}'s partitions`,
      async () => `progress ${await progress()} (was ${before})`,
    );
  } finally {
    victim.resume();
  }
  log(`SIGCONT ${label(victim)} after ${Date.now() - pausedAt} ms paused`);
  await waitUntil(
    () => victim.logged(JOINED).length > joinsBefore,
    120_000,
    `${label(victim)} rejoining after SIGCONT`,
    () => victim.log().split("\n").slice(-5).join("\n"),
  );
  await waitGroup(pipeline, service, live);
  const fences = victim.logged(FENCED).length - fencesBefore;
  log(`${label(victim)} rejoined; ${fences} late commit(s) fenced`);
  return fences;
}

/**
 * The independent count (kcat, librdkafka, read_committed): every input exactly once on
 * stories.enriched (by the story's source.sha256) or wire.dlq (by its wire-id header), nothing
 * else on either topic.
 */
function kcatProblems(
  inputs: readonly WireInput[],
  stories: readonly KcatRecord[],
  dlq: readonly KcatRecord[],
): string[] {
  const problems: string[] = [];
  const bySha = new Map(inputs.map((i) => [i.sha256, i]));
  const byWireId = new Map(inputs.map((i) => [i.headers[HEADERS.wireId], i]));
  const seen = new Map<WireInput, string[]>();
  const count = (input: WireInput, where: string) =>
    seen.set(input, [...(seen.get(input) ?? []), where]);
  for (const r of stories) {
    let sha: unknown;
    try {
      sha = (JSON.parse(r.payload ?? "null") as { source?: { sha256?: unknown } }).source?.sha256;
    } catch {
      problems.push(`kcat: stories ${r.partition}/${r.offset} is no JSON`);
      continue;
    }
    const input = typeof sha === "string" ? bySha.get(sha) : undefined;
    if (input) count(input, `stories ${r.partition}/${r.offset}`);
    else problems.push(`kcat: stories ${r.partition}/${r.offset} is from no input sent`);
  }
  for (const r of dlq) {
    const input = byWireId.get(r.headers[HEADERS.wireId]);
    if (input) count(input, `dlq ${r.partition}/${r.offset} ${r.headers[HEADERS.errorCode]}`);
    else problems.push(`kcat: dlq ${r.partition}/${r.offset} is from no input sent`);
  }
  for (const input of inputs) {
    const where = seen.get(input) ?? [];
    if (where.length !== 1) {
      problems.push(
        `kcat: ${input.kind} ${input.headers[HEADERS.wireId]} ${where.length === 0 ? "missing" : `${where.length} times: ${where.join(", ")}`}`,
      );
    }
  }
  return problems.slice(0, 30);
}

describe("scale-out on the real broker: replicas killed, replaced, added, stopped and paused mid-stream", () => {
  const stack = new PrivateStack();

  beforeAll(async () => {
    // The independent count needs kcat (Debian's package kcat); no silent skip without it.
    const kcat = spawnSync("kcat", ["-V"], { encoding: "utf8" });
    if (kcat.error) throw new Error(`kcat is not on PATH (apt-get install kcat): ${kcat.error}`);
    registerCleanup(() => stack.stop());
    await stack.start();
    log(`private stack ${stack.dir} on ${stack.connection.kafkaBrokers.join(",")}`);
  });

  it("3 normalizers and 2 enrichers on 6 partitions: kill -9, replacements (same and new id), one added, one SIGTERM, two zombies (SIGSTOP past the session); every input exactly once on stories.enriched or wire.dlq, counted by the harness and by kcat; stories.current consistent", async () => {
    const factory = new WireInputFactory();
    const random = seededRandom(factory.seed + 7);
    const pipeline = await startPipeline({
      stack: stack.connection,
      name: "faults-scale",
      partitions: PARTITIONS,
      env: CONSUMER_ENV,
      // The archiver has a test of its own below; here the stages get the cores.
      services: ["normalizer", "enricher"],
    });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}`);
    const n0 = pipeline.services.normalizer;
    const n1 = pipeline.addReplica("normalizer", "1");
    const n2 = pipeline.addReplica("normalizer", "2");
    const e1 = pipeline.addReplica("enricher", "1");
    await pipeline.startAll();
    await Promise.all([waitGroup(pipeline, "normalizer", 3), waitGroup(pipeline, "enricher", 2)]);

    const inputs = factory.mix({ valid: 3_000, invalid: 150, maxOversize: 2 });
    const stories = await pipeline.read("stories");
    const started = Date.now();
    const stream = startStream(pipeline, inputs, RATE_PER_SEC, 0.3);
    const at = (share: number) =>
      waitUntil(
        () => stream.sent() >= inputs.length * share,
        300_000,
        `${Math.round(share * 100)}% of the stream sent`,
        () => `${stream.sent()} sent`,
      ).then(() =>
        log(
          `${stream.sent()} sent, ${stories.messages.length} stories out at ${Date.now() - started} ms`,
        ),
      );

    // 1. kill -9 a normalizer and an enricher at once; the normalizer comes back with its
    // instance id, the enricher's replacement has a new one.
    await at(0.1);
    const [nBefore, eBefore] = await Promise.all([
      memberIds(pipeline, "normalizer"),
      memberIds(pipeline, "enricher"),
    ]);
    const [n1Exit, e1Exit] = await Promise.all([n1.kill9(), e1.kill9()]);
    log(`kill -9 ${label(n1)} (${n1Exit.signal}) and ${label(e1)} (${e1Exit.signal})`);
    await sleep(300 + random() * 1_500);
    const e2 = pipeline.addReplica("enricher", "2");
    await Promise.all([n1.start(), e2.start()]);
    await Promise.all([n1.waitReady(120_000), e2.waitReady(120_000)]);
    await Promise.all([
      waitGroup(pipeline, "normalizer", 3, nBefore),
      waitGroup(pipeline, "enricher", 2, eBefore),
    ]);
    stream.allow(0.45);

    // 2. One more normalizer.
    await at(0.3);
    const n3 = pipeline.addReplica("normalizer", "3");
    await n3.start();
    await n3.waitReady(120_000);
    await waitGroup(pipeline, "normalizer", 4);
    stream.allow(0.6);

    // 3. One normalizer stopped gracefully: its chunk in flight commits, exit 0.
    await at(0.45);
    const n2Exit = await n2.terminate(30_000);
    log(`SIGTERM ${label(n2)}: exit ${n2Exit.code} ${n2Exit.signal ?? ""}`);
    await waitGroup(pipeline, "normalizer", 3);
    stream.allow(0.7);

    // 4. Zombies: the first normalizer and the first enricher (a stateful task per partition)
    // paused past the session timeout at once; the rest of the stream goes once a group moved.
    await at(0.6);
    const e0 = pipeline.services.enricher;
    const rest = () => stream.allow(1);
    const fences = (
      await Promise.all([
        zombie(pipeline, n0, 3, () => stories.messages.length, rest),
        zombie(pipeline, e0, 2, () => stories.messages.length, rest),
      ])
    ).reduce((a, b) => a + b, 0);
    await stream.done;
    log(`stream of ${inputs.length} sent in ${Date.now() - started} ms; draining`);

    const result = await pipeline.conservation(inputs, {
      timeoutMs: 300_000,
      onProgress: throttled(log),
    });
    log(`harness: ${JSON.stringify(result.figures)}`);

    // The same count with another client: kcat (librdkafka), read_committed.
    const brokers = stack.connection.kafkaBrokers;
    const [kStories, kDlq, kCurrent] = await Promise.all([
      kcatRead(brokers, pipeline.topics.stories),
      kcatRead(brokers, pipeline.topics.dlq),
      kcatRead(brokers, pipeline.topics.current),
    ]);
    const kcat = kcatProblems(inputs, kStories, kDlq);
    log(`kcat: stories ${kStories.length}, dlq ${kDlq.length}, current ${kCurrent.length}`);
    if (result.problems.length > 0 || kcat.length > 0) {
      log(
        await transactionDiagnostics(
          stack.connection.kafkaBrokers,
          [pipeline.topics.normalized, pipeline.topics.stories, pipeline.topics.dlq],
          `${stack.dir}/lib`,
        ),
      );
    }
    expect(result.problems).toEqual([]);
    expect(kcat).toEqual([]);
    expect(kStories.length).toBe(result.figures.stories);
    expect(kDlq.length).toBe(result.figures.dlq);

    // stories.current: one current per key at a time, from stories that were published, and the
    // changelog agreeing with its last record.
    const [current, changelog] = [
      await pipeline.read("current"),
      await pipeline.read("currentState"),
    ];
    const admin = await pipeline.admin();
    await Promise.all([current.readToEnd(admin, 60_000), changelog.readToEnd(admin, 60_000)]);
    const published = new Map<string, string>();
    const keys = new Set<string>();
    for (const r of kStories) {
      const story = JSON.parse(r.payload ?? "null") as {
        id: string;
        lifecycle: { storyKey: string };
      };
      published.set(story.id, story.lifecycle.storyKey);
      keys.add(story.lifecycle.storyKey);
    }
    const currentByKey = byKey(current.messages);
    const stateByKey = byKey(changelog.messages);
    const currentProblems: string[] = [];
    for (const key of keys) {
      const records = currentByKey.get(key) ?? [];
      const ids = records.filter((r) => r.value !== null).map((r) => storyOf(r).id);
      if (ids.length === 0) currentProblems.push(`no current story for ${key}`);
      if (new Set(ids).size !== ids.length) currentProblems.push(`${key}: current twice ${ids}`);
      for (const id of ids) {
        if (published.get(id) !== key)
          currentProblems.push(`${key}: current ${id} never published`);
      }
      if (stateOf(stateByKey, key)?.current.id !== ids.at(-1)) {
        currentProblems.push(`${key}: the changelog's current is not the last current record`);
      }
    }
    for (const key of currentByKey.keys()) {
      if (!keys.has(key)) currentProblems.push(`${key} is on stories.current but has no story`);
    }
    log(`stories.current: ${currentByKey.size} keys, ${current.messages.length} records`);
    expect(currentProblems.slice(0, 20)).toEqual([]);
    expect(new Set(kCurrent.map((r) => r.key)).size).toBe(currentByKey.size);
    expect(kCurrent.length).toBe(current.messages.length);

    // Every fault happened as planned, and nothing exited on its own.
    expect(n1Exit.signal).toBe("SIGKILL");
    expect(e1Exit.signal).toBe("SIGKILL");
    expect(n2Exit.code).toBe(0);
    expect(n1.starts).toBe(2);
    expect(pipeline.crashed()).toEqual([]);
    for (const p of [n0, n1, n3, e0, e2]) expect(p.running).toBe(true);
    log(`zombie fenced ${fences} time(s); ${Date.now() - started} ms in all`);
  });

  it("3 archivers on 6 partitions: kill -9 (same id back), a zombie (SIGSTOP past the session), kill -9 with a new replica; every original exactly once in S3, byte-identical", async () => {
    const factory = new WireInputFactory();
    const random = seededRandom(factory.seed + 11);
    const pipeline = await startPipeline({
      stack: stack.connection,
      name: "faults-scale-archive",
      partitions: PARTITIONS,
      env: CONSUMER_ENV,
      services: ["archiver"],
    });
    log(`seed ${factory.seed}, logs ${pipeline.logDir}`);
    const a0 = pipeline.services.archiver;
    const a1 = pipeline.addReplica("archiver", "1");
    const a2 = pipeline.addReplica("archiver", "2");
    await pipeline.startAll();
    await waitGroup(pipeline, "archiver", 3);

    const inputs = factory.mix({ valid: 1_500, invalid: 100, maxOversize: 2 });
    const objectCount = async () =>
      (await listKeys(pipeline.s3, pipeline.bucket).catch(() => [])).filter(
        (k) => !isS3ProxyPartialUpload(k),
      ).length;
    const started = Date.now();
    const stream = startStream(pipeline, inputs, RATE_PER_SEC, 0.4);
    const at = (share: number) =>
      waitUntil(
        () => stream.sent() >= inputs.length * share,
        300_000,
        `${Math.round(share * 100)}% of the stream sent`,
      ).then(() => log(`${stream.sent()} sent at ${Date.now() - started} ms`));

    await at(0.15);
    const beforeA1 = await memberIds(pipeline, "archiver");
    const a1Exit = await a1.kill9();
    log(`kill -9 ${label(a1)} (${a1Exit.signal})`);
    await sleep(300 + random() * 1_500);
    await a1.start();
    await a1.waitReady(120_000);
    await waitGroup(pipeline, "archiver", 3, beforeA1);
    stream.allow(0.6);

    await at(0.4);
    await zombie(pipeline, a2, 3, objectCount, () => stream.allow(0.85));

    await at(0.6);
    const beforeA0 = await memberIds(pipeline, "archiver");
    const a0Exit = await a0.kill9();
    log(`kill -9 ${label(a0)} (${a0Exit.signal}); a new replica takes its place`);
    const a3 = pipeline.addReplica("archiver", "3");
    await a3.start();
    await a3.waitReady(120_000);
    await waitGroup(pipeline, "archiver", 3, beforeA0);
    stream.allow(1);
    await stream.done;
    log(`stream of ${inputs.length} sent in ${Date.now() - started} ms; draining`);

    await waitUntil(
      async () => (await pipeline.lag()).archiver === 0 && (await objectCount()) >= inputs.length,
      300_000,
      "the archiver group through wire.raw and every original in S3",
      async () =>
        `lag ${JSON.stringify(await pipeline.lag())}, objects ${await objectCount()}/${inputs.length}`,
    );
    await sleep(3_000);
    const objects = await readObjects(pipeline.s3, pipeline.bucket);
    const archive = checkArchive(inputs, objects, isS3ProxyPartialUpload);
    log(
      `archive: ${archive.objects} objects for ${inputs.length} inputs (${archive.ignoredObjects} partial uploads of S3Proxy left out)`,
    );
    expect(archive.problems).toEqual([]);
    expect(archive.objects).toBe(inputs.length);
    // Nothing the archiver could not write: no dead letters at all.
    expect(await kcatRead(stack.connection.kafkaBrokers, pipeline.topics.dlq)).toEqual([]);
    expect(a1Exit.signal).toBe("SIGKILL");
    expect(a0Exit.signal).toBe("SIGKILL");
    expect(pipeline.crashed()).toEqual([]);
    for (const p of [a1, a2, a3]) expect(p.running).toBe(true);
  });
});
