import { parseArgs } from "node:util";
import {
  ARCHIVE_METADATA,
  type ArchiveWriter,
  createArchive,
  createS3Client,
  s3SettingsFromEnv,
} from "@newswire/archive";
import { archiveKey, archiveKeyFor, sha256Hex } from "@newswire/core";
import {
  createKafka,
  createLogger,
  envInt,
  errorMessage,
  kafkaEnvSchema,
  loadConfig,
  s3EnvSchema,
  sleep,
  topicsEnvSchema,
} from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import { SingleBar } from "cli-progress";
import type { IHeaders, Message, Producer } from "kafkajs";
import { z } from "zod";
import { type Command, type CommandIo, EXIT } from "../command.js";
import { connectRawProducer } from "./raw-producer.js";
import type { Env } from "./send.js";

export const REPLAY_USAGE = `newswire replay (--prefix P | --from DATE [--to DATE]) [--feed NAME] [--rate N] [--dry-run]

Re-sends archived originals from S3 (S3_BUCKET) to wire.raw (TOPIC_RAW), byte for byte, with
the headers they came with (wire-source, received-at, content-type, wire-id, and their key),
plus replay-of: <object key>. The same bytes and headers give the same story ids and the same
archive keys, so a replay overwrites what it replays and never duplicates a story downstream.

  --prefix P      object keys under P (e.g. originals/2024/05/17/reuters/)
  --from DATE     YYYY-MM-DD (from that day) or an ISO time (received-at from then on)
  --to DATE       YYYY-MM-DD (to the end of that day) or an ISO time (before it); default: --from's day
  --feed NAME     only the feed's originals (its archive key segment)
  --rate N        records per second at most (default 50)
  --dry-run       list what would be sent, send nothing

An object whose stored headers were cut to fit S3's metadata limit, whose bytes do not match
its sha256, or whose headers would name another archive key is skipped with the reason. On a
terminal a progress bar shows on stderr; otherwise one line per object on stdout. A summary line
ends the run; exit 1 when anything was skipped or failed.`;

const configSchema = z.object({
  ...kafkaEnvSchema.shape,
  ...topicsEnvSchema.shape,
  ...s3EnvSchema.shape,
});
const rateSchema = envInt(1, 100_000);
const DAY_MS = 86_400_000;
/** A replay names at most this many days: each is one listing. */
const MAX_DAYS = 400;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** At most this many objects fetched at once and records per Kafka send. */
const MAX_BATCH = 20;
const FETCH_CONCURRENCY = 8;

export const command: Command = (argv, io) => runReplay(argv, io, process.env);

interface Range {
  /** Inclusive, ms. */
  from: number;
  /** Exclusive, ms. */
  to: number;
}

/** `--from` / `--to` as an instant range; a date alone covers its whole UTC day. */
export function replayRange(from: string, to: string | undefined): Range | string {
  const start = Date.parse(DATE_ONLY.test(from) ? `${from}T00:00:00Z` : from);
  if (!Number.isFinite(start)) return `--from ${JSON.stringify(from)} is not a date or ISO time`;
  const endText = to ?? (DATE_ONLY.test(from) ? from : undefined);
  let end = start + DAY_MS;
  if (endText !== undefined) {
    const parsed = Date.parse(DATE_ONLY.test(endText) ? `${endText}T00:00:00Z` : endText);
    if (!Number.isFinite(parsed))
      return `--to ${JSON.stringify(endText)} is not a date or ISO time`;
    end = DATE_ONLY.test(endText) ? parsed + DAY_MS : parsed;
  }
  if (end <= start) return "--to is not after --from";
  if (end - start > MAX_DAYS * DAY_MS) return `a replay spans at most ${MAX_DAYS} days`;
  return { from: start, to: end };
}

/** The archive's own spelling of a feed name in keys (lower case, unsafe characters folded). */
export function feedSegment(feed: string): string {
  return archiveKey({ receivedAt: null, feed, id: "x", ext: "bin" }).split("/")[2] ?? "unknown";
}

/** The key prefixes to list: one per day of the range, or the given prefix. */
export function replayPrefixes(options: {
  prefix?: string | undefined;
  range?: Range | undefined;
  feed?: string | undefined;
}): string[] {
  const feed = options.feed === undefined ? "" : `${feedSegment(options.feed)}/`;
  if (!options.range) return [options.prefix ?? "originals/"];
  const prefixes: string[] = [];
  for (let day = Math.floor(options.range.from / DAY_MS); day * DAY_MS < options.range.to; day++) {
    const iso = new Date(day * DAY_MS).toISOString();
    prefixes.push(`originals/${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${feed}`);
  }
  return prefixes;
}

/** The feed segment of an archive key (`originals/YYYY/MM/DD/<feed>/...`, or undated). */
function keyFeed(key: string): string | undefined {
  const parts = key.split("/");
  return parts[1] === "undated" ? parts[2] : parts[4];
}

type Outcome =
  | { kind: "replayed"; key: string; message: Message }
  | { kind: "skipped"; key: string; reason: string }
  | { kind: "out-of-range"; key: string };

/**
 * What to send for one archived original, or why not: its headers from the object's metadata,
 * checked to give back the same archive key (so the replay overwrites, never adds).
 */
export async function replayMessage(
  archive: ArchiveWriter,
  key: string,
  range: Range | undefined,
): Promise<Outcome> {
  const object = await archive.read(key);
  const meta = object.metadata;
  const receivedAt = meta[ARCHIVE_METADATA.receivedAt];
  if (range) {
    const at = receivedAt === undefined ? Number.NaN : Date.parse(receivedAt);
    if (!(at >= range.from && at < range.to)) return { kind: "out-of-range", key };
  }
  const stored = meta[ARCHIVE_METADATA.sha256];
  if (stored !== undefined && stored !== sha256Hex(object.body)) {
    return { kind: "skipped", key, reason: "its bytes do not match the sha256 stored with them" };
  }
  const sent = [
    ARCHIVE_METADATA.feed,
    ARCHIVE_METADATA.receivedAt,
    ARCHIVE_METADATA.contentType,
    ARCHIVE_METADATA.wireId,
  ];
  const cut = (meta[ARCHIVE_METADATA.cut] ?? "")
    .split(",")
    .filter((n) => sent.includes(n as never));
  if (cut.length > 0) {
    return {
      kind: "skipped",
      key,
      reason: `${cut.join(", ")} did not fit in the object's metadata; the original headers are lost`,
    };
  }
  const headers: IHeaders = { [HEADERS.replayOf]: key };
  const feed = meta[ARCHIVE_METADATA.feed];
  const contentType = meta[ARCHIVE_METADATA.contentType];
  const wireId = meta[ARCHIVE_METADATA.wireId];
  if (feed !== undefined) headers[HEADERS.wireSource] = feed;
  if (receivedAt !== undefined) headers[HEADERS.receivedAt] = receivedAt;
  if (contentType !== undefined) headers[HEADERS.contentType] = contentType;
  if (wireId !== undefined) headers[HEADERS.wireId] = wireId;
  const again = archiveKeyFor(object.body, {
    feed: feed ?? null,
    receivedAt: receivedAt ?? null,
    contentType: contentType ?? null,
  });
  if (again !== key) {
    return {
      kind: "skipped",
      key,
      reason: `its stored headers name another archive key (${again}); archived before replay metadata?`,
    };
  }
  const recordKey = meta[ARCHIVE_METADATA.kafkaKey] ?? null;
  return {
    kind: "replayed",
    key,
    message: { key: recordKey, value: Buffer.from(object.body), headers },
  };
}

/** Runs `fn` over `items`, `limit` at a time, results in order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function runReplay(argv: readonly string[], io: CommandIo, env: Env): Promise<number> {
  let parsed: ReturnType<typeof parseReplayArgs>;
  try {
    parsed = parseReplayArgs(argv);
  } catch (error) {
    io.stderr.write(`newswire replay: ${errorMessage(error)}\n\n${REPLAY_USAGE}\n`);
    return EXIT.usage;
  }
  if (parsed === "help") {
    io.stderr.write(`${REPLAY_USAGE}\n`);
    return EXIT.ok;
  }
  const { prefixes, range, feed, rate, dryRun } = parsed;
  const config = loadConfig(configSchema, env);
  const logger = createLogger({ service: "cli", level: "warn", destination: io.stderr });
  const client = createS3Client(s3SettingsFromEnv(config));
  const archive = createArchive({ client, bucket: config.S3_BUCKET });
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const started = Date.now();

  let producer: Producer | undefined;
  try {
    const keys: string[] = [];
    for (const prefix of prefixes) {
      for await (const entry of archive.list(prefix)) {
        const segment = keyFeed(entry.key);
        if (feed !== undefined && segment !== feedSegment(feed)) continue;
        keys.push(entry.key);
      }
    }
    if (!dryRun) {
      const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-replay`);
      producer = await connectRawProducer(kafka, config, logger);
    }

    const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
    const bar = tty
      ? new SingleBar({
          stream: io.stderr as NodeJS.WritableStream,
          format:
            "replay [{bar}] {percentage}% | {value}/{total} objects | {speed}/s | skipped {skipped}",
          hideCursor: true,
          clearOnComplete: false,
          etaBuffer: 50,
        })
      : undefined;
    const counts = { replayed: 0, skipped: 0, outOfRange: 0, failed: 0 };
    const skippedLines: string[] = [];
    const report = (line: string, skipped: boolean) => {
      if (!bar) out(line);
      else if (skipped) skippedLines.push(line);
    };
    bar?.start(keys.length, 0, { speed: "0", skipped: 0 });
    let sent = 0;
    // A tenth of a second's worth per send, so no second carries much more than `rate`.
    const batch = Math.min(MAX_BATCH, Math.ceil(rate / 10));
    for (let i = 0; i < keys.length; i += batch) {
      const slice = keys.slice(i, i + batch);
      const outcomes = await mapLimit(slice, FETCH_CONCURRENCY, (key) =>
        replayMessage(archive, key, range).catch(
          (error: unknown): Outcome => ({ kind: "skipped", key, reason: errorMessage(error) }),
        ),
      );
      const ready = outcomes.filter((o) => o.kind === "replayed");
      // Paced over the whole run: the n-th record goes no earlier than n / rate seconds in.
      const due = started + (sent * 1000) / rate;
      if (ready.length > 0 && due > Date.now()) await sleep(due - Date.now());
      if (producer && ready.length > 0) {
        try {
          await producer.send({
            topic: config.TOPIC_RAW,
            acks: -1,
            messages: ready.map((o) => o.message),
          });
        } catch (error) {
          counts.failed += ready.length;
          for (const o of ready) report(`failed ${o.key}: ${errorMessage(error)}`, true);
          bar?.increment(slice.length, { skipped: counts.skipped + counts.failed });
          continue;
        }
      }
      sent += ready.length;
      for (const outcome of outcomes) {
        if (outcome.kind === "replayed") {
          counts.replayed += 1;
          const size = (outcome.message.value as Buffer).byteLength;
          report(
            `${dryRun ? "would replay" : "replayed"} ${outcome.key} (${size} bytes)${dryRun ? "" : ` to ${config.TOPIC_RAW}`}`,
            false,
          );
        } else if (outcome.kind === "skipped") {
          counts.skipped += 1;
          report(`skipped ${outcome.key}: ${outcome.reason}`, true);
        } else counts.outOfRange += 1;
      }
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar?.increment(slice.length, {
        speed: (sent / seconds).toFixed(1),
        skipped: counts.skipped + counts.failed,
      });
    }
    bar?.stop();
    for (const line of skippedLines) out(line);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out(
      `replay: ${counts.replayed} ${dryRun ? "to replay" : "replayed"}, ${counts.skipped} skipped, ${counts.failed} failed, ${counts.outOfRange} outside the range, of ${keys.length} objects under ${prefixes.join(" ")} in ${seconds} s`,
    );
    return counts.skipped + counts.failed > 0 ? EXIT.failed : EXIT.ok;
  } catch (error) {
    io.stderr.write(`newswire replay: ${errorMessage(error)}\n`);
    return EXIT.failed;
  } finally {
    await producer?.disconnect();
    client.destroy();
  }
}

function parseReplayArgs(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      prefix: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      feed: { type: "string" },
      rate: { type: "string", default: "50" },
      "dry-run": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) return "help" as const;
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}`);
  if (values.prefix !== undefined && values.from !== undefined) {
    throw new Error("give --prefix or --from/--to, not both");
  }
  if (values.to !== undefined && values.from === undefined) throw new Error("--to needs --from");
  if (values.prefix === undefined && values.from === undefined && values.feed === undefined) {
    throw new Error("say what to replay: --prefix, --from (and --to), or --feed");
  }
  const rate = rateSchema.safeParse(values.rate);
  if (!rate.success) throw new Error("--rate must be an integer from 1 to 100000");
  let range: Range | undefined;
  if (values.from !== undefined) {
    const result = replayRange(values.from, values.to);
    if (typeof result === "string") throw new Error(result);
    range = result;
  }
  return {
    prefixes: replayPrefixes({ prefix: values.prefix, range, feed: values.feed }),
    range,
    feed: values.feed,
    rate: rate.data,
    dryRun: values["dry-run"],
  };
}
