import type { Admin } from "kafkajs";
import { expect } from "vitest";
import { type CommandRun, type ProcessIdentity, stillRunning } from "./command.js";
import { freePort } from "./free-port.js";
import type { Pipeline } from "./pipeline.js";
import { readObjectsWhenFilled } from "./s3-objects.js";
import { SERVICES } from "./service-process.js";
import { wireInput } from "./wire-inputs.js";
import { sendOnce } from "./wire-producer.js";

// Checks on `newswire up` (`npm start`) run as a user runs it: a command in a terminal.

/**
 * The environment `up` gets: PATH and HOME, the pipeline's topic names and bucket, and GROUP_ID
 * as the prefix `up` turns into the pipeline's group names. `connection` adds the pipeline's
 * stack settings (KAFKA_BROKERS ...): with them `up` starts no stack; without them it starts
 * (or reuses) the local one described by `stackSettings`.
 */
export function upEnv(
  pipeline: Pipeline,
  options: {
    connection: boolean;
    stackSettings?: Readonly<Record<string, string>>;
    /** Each service's /metrics port; without them the servers are off (0), so runs never collide. */
    ports?: Readonly<Record<(typeof SERVICES)[number], number>>;
  },
): NodeJS.ProcessEnv {
  const names = {
    TOPIC_RAW: pipeline.topics.raw,
    TOPIC_NORMALIZED: pipeline.topics.normalized,
    TOPIC_STORIES: pipeline.topics.stories,
    TOPIC_DLQ: pipeline.topics.dlq,
    TOPIC_CURRENT: pipeline.topics.current,
    TOPIC_CURRENT_STATE: pipeline.topics.currentState,
    S3_BUCKET: pipeline.bucket,
  };
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...(options.connection ? pipeline.env : names),
    ...options.stackSettings,
    // `up` names each service's group <GROUP_ID>-<service>: the pipeline's own group names.
    GROUP_ID: pipeline.groupPrefix,
    LOG_LEVEL: "info",
    NORMALIZER_HEALTH_PORT: String(options.ports?.normalizer ?? 0),
    ENRICHER_HEALTH_PORT: String(options.ports?.enricher ?? 0),
    ARCHIVER_HEALTH_PORT: String(options.ports?.archiver ?? 0),
  };
}

/** Free ports for the three services' /metrics under `up`. */
export async function upPorts(): Promise<Record<(typeof SERVICES)[number], number>> {
  return {
    normalizer: await freePort(),
    enricher: await freePort(),
    archiver: await freePort(),
  };
}

/** Every service's consumer group is Stable with one member: the three are in, nothing moves. */
export async function waitForServices(
  pipeline: Pipeline,
  up: CommandRun,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void up.exit.then(() => {
    exited = true;
  });
  let admin: Admin | undefined;
  for (;;) {
    if (exited) throw new Error(`newswire up exited early:\n${up.stdout()}${up.stderr()}`);
    // The broker may not be up yet when `up` starts the stack itself.
    admin ??= await pipeline.admin().catch(() => undefined);
    const groups = admin
      ? (await admin.describeGroups(SERVICES.map((s) => pipeline.groups[s])).catch(() => undefined))
          ?.groups
      : undefined;
    if (groups?.every((g) => g.state === "Stable" && g.members.length === 1)) return;
    if (Date.now() > deadline) {
      const states = groups?.map((g) => `${g.groupId} ${g.state} ${g.members.length}`).join(", ");
      throw new Error(`services not in their groups in time (${states}):\n${up.stdout()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A story in, the story out on stories.enriched and its original in the bucket. */
export async function checkAStoryFlows(pipeline: Pipeline): Promise<void> {
  const stories = await pipeline.read("stories");
  const story = wireInput({
    kind: "up",
    value: Buffer.from(
      `Tide gauges ${pipeline.id} record highest spring level in a decade\n\nLISBON, March 3 (Reuters) - Tide gauges along the river recorded the highest spring level in ten years on Monday, the port authority said.\n`,
    ),
    feed: "up-test",
    receivedAt: "2026-03-03T08:00:00Z",
    expect: "story",
  });
  await sendOnce(pipeline.kafka, pipeline.topics.raw, [story]);
  await stories.waitFor((m) => m.length >= 1, 60_000, "the story");
  const published = JSON.parse(String(stories.messages[0]?.value)) as {
    source: { sha256: string };
  };
  expect(published.source.sha256).toBe(story.sha256);
  const objects = await readObjectsWhenFilled(pipeline.s3, pipeline.bucket, 1, 30_000);
  expect(objects.map((o) => o.sha256)).toEqual([story.sha256]);
}

/**
 * Exit code 0 within `timeoutMs`, every service logged that it stopped, and every process seen
 * while it ran (npm, up, the three services) is gone.
 */
export async function expectCleanStop(
  up: CommandRun,
  processes: readonly ProcessIdentity[],
  timeoutMs = 30_000,
): Promise<void> {
  const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), timeoutMs));
  const exit = await Promise.race([up.exit, timeout]);
  if (exit === "timeout") throw new Error(`newswire up did not exit in time:\n${up.stdout()}`);
  expect(exit, up.stderr()).toEqual({ code: 0, signal: null });
  for (const service of SERVICES) {
    expect(
      up.lines.some((l) => l.line.startsWith(service) && /\bstopped\b/.test(l.line)),
      `${service} logged that it stopped:\n${up.stdout()}`,
    ).toBe(true);
  }
  expect(processes.length).toBeGreaterThanOrEqual(SERVICES.length);
  await expect
    .poll(() => processes.filter(stillRunning).map((p) => p.pid), { timeout: 5_000 })
    .toEqual([]);
}

/**
 * No deprecation notice in what a user reads: on the supported Node lines the AWS SDK says
 * nothing (below Node 22 it prints NodeVersionSupportWarning), and no dependency prints a
 * DeprecationWarning.
 */
export function expectNoDeprecationNotice(up: CommandRun): void {
  const notices = up.lines.filter((l) =>
    /NodeVersionSupportWarning|DeprecationWarning/.test(l.line),
  );
  expect(notices).toEqual([]);
}
