import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  createKafka,
  createLogger,
  kafkaEnvSchema,
  loadConfig,
  topicsEnvSchema,
} from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import type { IHeaders } from "kafkajs";
import { z } from "zod";
import { type Command, type CommandIo, EXIT } from "../command.js";
import { connectRawProducer } from "./raw-producer.js";

export const SEND_USAGE = `newswire send FILE... [--feed NAME] [--content-type TYPE] [--wire-id ID]

Publishes each file, byte for byte, to wire.raw (TOPIC_RAW) with the headers wire-source
(--feed, default "cli"), received-at (now), and content-type / wire-id when given (the
normalizer sniffs the format when content-type is absent).`;

const configSchema = z.object({ ...kafkaEnvSchema.shape, ...topicsEnvSchema.shape });

export type Env = Readonly<Record<string, string | undefined>>;

export const command: Command = (argv, io) => runSend(argv, io, process.env);

export async function runSend(argv: readonly string[], io: CommandIo, env: Env): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      feed: { type: "string", default: "cli" },
      "content-type": { type: "string" },
      "wire-id": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    io.stderr.write(`${SEND_USAGE}\n`);
    return values.help ? EXIT.ok : EXIT.usage;
  }
  const config = loadConfig(configSchema, env);
  const logger = createLogger({ service: "cli", level: "warn", destination: io.stderr });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-send`);
  const producer = await connectRawProducer(kafka, config, logger);
  try {
    for (const file of positionals) {
      const value = await readFile(resolve(io.cwd, file));
      const headers: IHeaders = {
        [HEADERS.wireSource]: values.feed,
        [HEADERS.receivedAt]: io.now().toISOString(),
      };
      if (values["content-type"]) headers[HEADERS.contentType] = values["content-type"];
      if (values["wire-id"]) headers[HEADERS.wireId] = values["wire-id"];
      const [meta] = await producer.send({
        topic: config.TOPIC_RAW,
        acks: -1,
        messages: [{ key: values["wire-id"] ?? null, value, headers }],
      });
      io.stdout.write(
        `sent ${basename(file)} (${value.byteLength} bytes) to ${config.TOPIC_RAW} partition ${meta?.partition} offset ${meta?.baseOffset}\n`,
      );
    }
  } finally {
    await producer.disconnect();
  }
  return EXIT.ok;
}
