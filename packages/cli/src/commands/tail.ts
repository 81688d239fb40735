import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import {
  createKafka,
  createLogger,
  envInt,
  kafkaEnvSchema,
  loadConfig,
  topicsEnvSchema,
} from "@newswire/runtime";
import type { Story } from "@newswire/schemas";
import { z } from "zod";
import { type Command, type CommandIo, EXIT } from "../command.js";
import type { Env } from "./send.js";

export const TAIL_USAGE = `newswire tail [--current] [--json] [--from-beginning] [--max N] [--timeout-ms T]

Prints stories from stories.enriched (TOPIC_STORIES) as they are committed (read_committed):
one line per story (headline, agencies with roles, feed), or the full Story JSON with --json.
--current reads stories.current (TOPIC_CURRENT) instead, the one version to show per story key:
each line starts with the key, the version and its pubStatus and signal; a tombstone (the key
removed) prints as "<key> removed", or {"storyKey":...,"removed":true} with --json.
--max N stops after N records; --timeout-ms T stops after T ms (exit 1 if --max was not reached).`;

const configSchema = z.object({ ...kafkaEnvSchema.shape, ...topicsEnvSchema.shape });
const countSchema = envInt(1, Number.MAX_SAFE_INTEGER);

/** `Headline — reuters (origin, photo), ap (cited) — feed webdesk`. */
export function storySummary(story: {
  headline: Story["headline"];
  agencies: readonly Pick<Story["agencies"][number], "id" | "roles">[];
  source: Pick<Story["source"], "feed">;
}): string {
  const agencies =
    story.agencies.length === 0
      ? "no agency"
      : story.agencies.map((a) => `${a.id} (${a.roles.join(", ")})`).join(", ");
  return `${story.headline} — ${agencies} — feed ${story.source.feed}`;
}

/** `slug|ap|bc-us-fed|06-12 v3 canceled kill — Headline — ap (origin) — feed ap`. */
export function currentSummary(
  key: string,
  story:
    | (Parameters<typeof storySummary>[0] & {
        lifecycle: Pick<Story["lifecycle"], "version" | "pubStatus" | "signal">;
      })
    | null,
): string {
  if (story === null) return `${key} removed`;
  const { version, pubStatus, signal } = story.lifecycle;
  return `${key} ${version === null ? "v?" : `v${version}`} ${pubStatus} ${signal} — ${storySummary(story)}`;
}

export const command: Command = (argv, io) => runTail(argv, io, process.env);

export async function runTail(argv: readonly string[], io: CommandIo, env: Env): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      current: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
      "from-beginning": { type: "boolean", default: false },
      max: { type: "string" },
      "timeout-ms": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stderr.write(`${TAIL_USAGE}\n`);
    return EXIT.ok;
  }
  const max = values.max === undefined ? undefined : countSchema.parse(values.max);
  const timeoutMs =
    values["timeout-ms"] === undefined ? undefined : countSchema.parse(values["timeout-ms"]);
  const config = loadConfig(configSchema, env);
  const logger = createLogger({ service: "cli", level: "warn", destination: io.stderr });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-tail`);
  const topic = values.current ? config.TOPIC_CURRENT : config.TOPIC_STORIES;
  const consumer = kafka.consumer({
    groupId: `newswire-tail-${randomUUID()}`,
    readUncommitted: false,
  });

  let seen = 0;
  let finish: (code: number) => void = () => undefined;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const onSignal = () => finish(EXIT.ok);
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => finish(max === undefined ? EXIT.ok : EXIT.failed), timeoutMs);

  let announced = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (announced) return;
    announced = true;
    io.stderr.write(`tailing ${topic} (read_committed); Ctrl-C stops\n`);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: [topic],
      fromBeginning: values["from-beginning"],
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (max !== undefined && seen >= max) return;
        const key = message.key?.toString("utf8") ?? "";
        if (message.value === null) {
          // a tombstone: only stories.current has them (the key's story is removed)
          io.stdout.write(
            values.json
              ? `${JSON.stringify({ storyKey: key, removed: true })}\n`
              : `${currentSummary(key, null)}\n`,
          );
        } else if (values.json) {
          io.stdout.write(`${message.value.toString("utf8")}\n`);
        } else {
          try {
            const story = JSON.parse(message.value.toString("utf8")) as Story;
            io.stdout.write(
              `${values.current ? currentSummary(key, story) : storySummary(story)}\n`,
            );
          } catch {
            io.stdout.write(`(unreadable record at offset ${message.offset})\n`);
          }
        }
        seen += 1;
        if (max !== undefined && seen >= max) finish(EXIT.ok);
      },
    });
    return await finished;
  } finally {
    if (timer) clearTimeout(timer);
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    await consumer.disconnect();
  }
}
