import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import {
  createKafka,
  createLogger,
  ensureTopics,
  kafkaEnvSchema,
  loadConfig,
  resolveTopics,
  topicsEnvSchema,
} from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import type { IHeaders } from "kafkajs";
import { Partitioners } from "kafkajs";
import { z } from "zod";

export const SEND_USAGE = `newswire send FILE... [--feed NAME] [--content-type TYPE] [--wire-id ID]

Publishes each file, byte for byte, to wire.raw (TOPIC_RAW) with the headers wire-source
(--feed, default "cli"), received-at (now), and content-type / wire-id when given (the
normalizer sniffs the format when content-type is absent).`;

const configSchema = z.object({ ...kafkaEnvSchema.shape, ...topicsEnvSchema.shape });

export interface CommandIo {
  env: Readonly<Record<string, string | undefined>>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export async function runSend(argv: readonly string[], io: CommandIo): Promise<number> {
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
    return values.help ? 0 : 2;
  }
  const config = loadConfig(configSchema, io.env);
  const logger = createLogger({ service: "cli", level: "warn", destination: io.stderr });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-send`);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopics(admin, resolveTopics(config, ["TOPIC_RAW"]), logger, {
      create: config.TOPICS_CREATE,
    });
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (const file of positionals) {
      const value = await readFile(file);
      const headers: IHeaders = {
        [HEADERS.wireSource]: values.feed,
        [HEADERS.receivedAt]: new Date().toISOString(),
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
  return 0;
}
