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

export const TAIL_USAGE = `newswire tail [--json] [--from-beginning] [--max N] [--timeout-ms T]

Prints stories from stories.enriched (TOPIC_STORIES) as they are committed (read_committed):
one line per story (headline, agencies with roles, feed), or the full Story JSON with --json.
--max N stops after N stories; --timeout-ms T stops after T ms (exit 1 if --max was not reached).`;

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

export const command: Command = (argv, io) => runTail(argv, io, process.env);

export async function runTail(argv: readonly string[], io: CommandIo, env: Env): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
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
    io.stderr.write(`tailing ${config.TOPIC_STORIES} (read_committed); Ctrl-C stops\n`);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({
      topics: [config.TOPIC_STORIES],
      fromBeginning: values["from-beginning"],
    });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (max !== undefined && seen >= max) return;
        const text = message.value?.toString("utf8") ?? "";
        if (values.json) {
          io.stdout.write(`${text}\n`);
        } else {
          try {
            io.stdout.write(`${storySummary(JSON.parse(text) as Story)}\n`);
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
