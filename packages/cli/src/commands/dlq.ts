import { parseArgs } from "node:util";
import {
  createKafka,
  createLogger,
  envInt,
  errorMessage,
  kafkaEnvSchema,
  loadConfig,
  topicsEnvSchema,
} from "@newswire/runtime";
import type { Admin, Kafka } from "kafkajs";
import { z } from "zod";
import { type Command, type CommandIo, EXIT } from "../command.js";
import {
  deadLetterInfo,
  firstLine,
  parseCoordinates,
  printable,
  readTopicRange,
  type Selection,
  selects,
  startOffsets,
  type TopicRecord,
} from "./dlq-read.js";
import { ledgerTopicOf, readLedger, redrive } from "./dlq-redrive.js";
import type { Env } from "./send.js";

export const DLQ_USAGE = `newswire dlq list [--code C[,C...]] [--stage S] [--since T] [--until T] [--max N] [--json]
newswire dlq show PARTITION:OFFSET [--raw]
newswire dlq redrive (PARTITION:OFFSET... | --code C | --stage S | --since T) [--until T] [--dry-run]

Reads the dead-letter topic (TOPIC_DLQ, read_committed, from the start or --since).
  list      one line per dead letter: partition:offset, time, error-code, failed-stage, where it
            came from (original topic partition:offset), size, redrive state and first line
  show      one dead letter in full: why, where, every header, the key and the value
            (--raw: the value's bytes only, unchanged, for a file or a pipe)
  redrive   sends the chosen dead letters back to their original topic, after a fix, each at
            most once: a Kafka transaction writes the record and its entry in the ledger topic
            <TOPIC_DLQ>.redriven (compacted) together, and a dead letter already in the ledger
            is skipped. The record goes back as it came (key, value, headers, received-at) with
            redriven-from: <dlq topic>:<partition>:<offset>; a redriven record that fails again
            carries it into the DLQ, and redrive refuses it, so nothing loops.
T is an ISO time or a duration back from now (30m, 6h, 2d).`;

const configSchema = z.object({ ...kafkaEnvSchema.shape, ...topicsEnvSchema.shape });
const countSchema = envInt(1, 1_000_000);
const AGO = /^(\d{1,6})(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export const command: Command = (argv, io) => runDlq(argv, io, process.env);

/** An ISO time or `30m` / `6h` / `2d` before `now`, as ms; undefined when not one. */
export function parseWhen(text: string, now: Date): number | undefined {
  const ago = AGO.exec(text.trim());
  if (ago?.[1] && ago[2]) {
    return now.getTime() - Number(ago[1]) * UNIT_MS[ago[2] as keyof typeof UNIT_MS];
  }
  const at = Date.parse(text);
  return Number.isFinite(at) ? at : undefined;
}

function listLine(record: TopicRecord, redrivenAt: string | undefined): string {
  const info = deadLetterInfo(record);
  const origin =
    info.originalTopic === undefined
      ? "?"
      : `${info.originalTopic} ${info.originalPartition ?? "?"}:${info.originalOffset ?? "?"}`;
  const state = redrivenAt
    ? ` redriven ${redrivenAt}`
    : info.redrivenFrom
      ? ` failed again after redrive of ${info.redrivenFrom}`
      : "";
  return [
    `${record.partition}:${record.offset}`,
    new Date(record.timestamp).toISOString(),
    printable(info.code),
    printable(info.stage),
    `from ${printable(origin)}`,
    `${record.value?.byteLength ?? 0} B${state}`,
    JSON.stringify(firstLine(record.value)),
  ].join("  ");
}

function listJson(record: TopicRecord, redrivenAt: string | undefined): string {
  const info = deadLetterInfo(record);
  return JSON.stringify({
    partition: record.partition,
    offset: record.offset,
    timestamp: new Date(record.timestamp).toISOString(),
    code: info.code,
    stage: info.stage,
    reason: info.message,
    original: {
      topic: info.originalTopic ?? null,
      partition: info.originalPartition === undefined ? null : Number(info.originalPartition),
      offset: info.originalOffset ?? null,
    },
    size: record.value?.byteLength ?? 0,
    firstLine: firstLine(record.value),
    redrivenAt: redrivenAt ?? null,
    redrivenFrom: info.redrivenFrom ?? null,
  });
}

function showRecord(topic: string, record: TopicRecord, redrivenAt: string | undefined): string {
  const info = deadLetterInfo(record);
  const lines = [
    `${topic} ${record.partition}:${record.offset}  ${new Date(record.timestamp).toISOString()}`,
    `error-code:    ${printable(info.code)}`,
    `failed-stage:  ${printable(info.stage)}`,
    `error-message: ${printable(info.message)}`,
    `original:      ${printable(info.originalTopic ?? "?")} ${printable(info.originalPartition ?? "?")}:${printable(info.originalOffset ?? "?")}${info.originalTimestamp ? ` at ${new Date(Number(info.originalTimestamp)).toISOString()}` : ""}`,
    `redrive:       ${redrivenAt ? `redriven ${redrivenAt}` : info.redrivenFrom ? `refused: it failed again after the redrive of ${printable(info.redrivenFrom)}` : "not redriven"}`,
    "headers:",
    ...Object.entries(record.headers).map(
      ([name, value]) => `  ${printable(name)}: ${printable(value)}`,
    ),
    `key: ${record.key === null ? "(none)" : printable(record.key.toString("utf8"))}`,
    `value: ${record.value?.byteLength ?? 0} bytes${record.value?.subarray(0, 4096).includes(0) ? " (binary: --raw writes them out)" : ""}`,
  ];
  const text = record.value ? printable(record.value.toString("utf8")) : "";
  return `${lines.join("\n")}\n${text}${text.endsWith("\n") || text === "" ? "" : "\n"}`;
}

export async function runDlq(argv: readonly string[], io: CommandIo, env: Env): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "-h" || verb === "help") {
    io.stderr.write(`${DLQ_USAGE}\n`);
    return verb === undefined ? EXIT.usage : EXIT.ok;
  }
  if (verb !== "list" && verb !== "show" && verb !== "redrive") {
    io.stderr.write(`newswire dlq: unknown verb "${verb}"\n\n${DLQ_USAGE}\n`);
    return EXIT.usage;
  }
  let options: ReturnType<typeof parseDlqArgs>;
  try {
    options = parseDlqArgs(verb, rest, io.now());
  } catch (error) {
    io.stderr.write(`newswire dlq ${verb}: ${errorMessage(error)}\n\n${DLQ_USAGE}\n`);
    return EXIT.usage;
  }
  const config = loadConfig(configSchema, env);
  const logger = createLogger({ service: "cli", level: "warn", destination: io.stderr });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-dlq`);
  const admin = kafka.admin();
  try {
    await admin.connect();
    const dlq = config.TOPIC_DLQ;
    if (verb === "redrive") {
      return await redrive({
        kafka,
        admin,
        io,
        dlqTopic: dlq,
        rawTopic: config.TOPIC_RAW,
        selection: options.selection,
        dryRun: options.dryRun,
        logger,
      });
    }
    const ledger = await readLedger(kafka, admin, ledgerTopicOf(dlq), { create: false });
    return await listOrShow(kafka, admin, io, dlq, verb, options, ledger);
  } catch (error) {
    io.stderr.write(`newswire dlq ${verb}: ${errorMessage(error)}\n`);
    return EXIT.failed;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function listOrShow(
  kafka: Kafka,
  admin: Admin,
  io: CommandIo,
  dlq: string,
  verb: "list" | "show",
  options: ReturnType<typeof parseDlqArgs>,
  ledger: ReadonlyMap<string, { redrivenAt: string }>,
): Promise<number> {
  const { selection } = options;
  const range = await startOffsets(admin, dlq, selection);
  const redrivenAt = (record: TopicRecord) =>
    ledger.get(`${dlq}:${record.partition}:${record.offset}`)?.redrivenAt;
  let shown = 0;
  await readTopicRange(kafka, admin, dlq, {
    ...range,
    onRecord: (record) => {
      if (!selects(selection, record)) return true;
      shown += 1;
      if (verb === "show") {
        if (options.raw) {
          // The bytes as they are: process.stdout takes a Buffer (CommandIo is typed for text).
          (io.stdout as unknown as { write(chunk: Uint8Array): unknown }).write(
            record.value ?? Buffer.alloc(0),
          );
        } else io.stdout.write(showRecord(dlq, record, redrivenAt(record)));
        return false;
      }
      io.stdout.write(
        `${options.json ? listJson(record, redrivenAt(record)) : listLine(record, redrivenAt(record))}\n`,
      );
      return options.max === undefined || shown < options.max;
    },
  });
  if (verb === "show" && shown === 0) {
    const at = selection.at[0];
    io.stderr.write(
      `newswire dlq show: no dead letter at ${at?.partition}:${at?.offset} of ${dlq}\n`,
    );
    return EXIT.failed;
  }
  if (verb === "list" && !options.json) io.stderr.write(`${shown} dead letter(s) in ${dlq}\n`);
  return EXIT.ok;
}

function parseDlqArgs(verb: "list" | "show" | "redrive", argv: readonly string[], now: Date) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      code: { type: "string" },
      stage: { type: "string" },
      since: { type: "string" },
      until: { type: "string" },
      max: { type: "string" },
      json: { type: "boolean", default: false },
      raw: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
    },
  });
  const when = (name: "since" | "until") => {
    const text = values[name];
    if (text === undefined) return undefined;
    const at = parseWhen(text, now);
    if (at === undefined)
      throw new Error(`--${name} ${JSON.stringify(text)} is not an ISO time or 30m/6h/2d`);
    return at;
  };
  const at = positionals.map((text) => {
    const coordinates = parseCoordinates(text);
    if (!coordinates) throw new Error(`${JSON.stringify(text)} is not PARTITION:OFFSET`);
    return coordinates;
  });
  if (verb === "show" && at.length !== 1) throw new Error("show takes one PARTITION:OFFSET");
  if (verb === "list" && at.length > 0)
    throw new Error("list takes no PARTITION:OFFSET (use show)");
  const selection: Selection = {
    codes:
      values.code === undefined
        ? undefined
        : new Set(
            values.code
              .split(",")
              .map((c) => c.trim())
              .filter((c) => c.length > 0),
          ),
    stage: values.stage,
    since: when("since"),
    until: when("until"),
    at,
  };
  if (
    verb === "redrive" &&
    at.length === 0 &&
    selection.codes === undefined &&
    selection.stage === undefined &&
    selection.since === undefined
  ) {
    throw new Error("say which dead letters: PARTITION:OFFSET..., --code, --stage or --since");
  }
  const max = values.max === undefined ? undefined : countSchema.safeParse(values.max);
  if (max && !max.success) throw new Error("--max must be a positive integer");
  return {
    selection,
    max: max?.data,
    json: values.json,
    raw: values.raw,
    dryRun: values["dry-run"],
  };
}
