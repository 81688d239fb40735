import { errorMessage, type Logger, producerConfig } from "@newswire/runtime";
import { HEADERS } from "@newswire/schemas";
import type { Admin, IHeaders, Kafka, Message } from "kafkajs";
import { type CommandIo, EXIT } from "../command.js";
import {
  DEAD_LETTER_HEADERS,
  deadLetterInfo,
  readTopicRange,
  type Selection,
  selects,
  startOffsets,
  type TopicRecord,
} from "./dlq-read.js";

/** The ledger of redriven dead letters: a compacted topic beside the DLQ. */
export function ledgerTopicOf(dlqTopic: string): string {
  return `${dlqTopic}.redriven`;
}

/** The ledger key of a dead letter: where it sits on the DLQ. */
export function ledgerKey(dlqTopic: string, partition: number, offset: string): string {
  return `${dlqTopic}:${partition}:${offset}`;
}

export interface LedgerEntry {
  redrivenAt: string;
  topic: string;
  code: string;
}

/** Records per redrive transaction. */
const REDRIVE_BATCH = 100;

async function ensureLedger(admin: Admin, topic: string): Promise<void> {
  const existing = await admin.listTopics();
  if (existing.includes(topic)) return;
  await admin
    .createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: 1,
          configEntries: [
            // Keyed by DLQ position, one entry each: compaction keeps every entry for ever.
            { name: "cleanup.policy", value: "compact" },
          ],
        },
      ],
    })
    .catch((error: unknown) => {
      // Another redrive created it first.
      if (!/already exists/i.test(errorMessage(error))) throw error;
    });
}

/**
 * Every ledger entry (read_committed, so only redrives whose transaction committed). A ledger
 * that does not exist yet is empty; `create` makes it first.
 */
export async function readLedger(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  options: { create: boolean },
): Promise<Map<string, LedgerEntry>> {
  const entries = new Map<string, LedgerEntry>();
  if (options.create) await ensureLedger(admin, topic);
  else if (!(await admin.listTopics()).includes(topic)) return entries;
  await readTopicRange(kafka, admin, topic, {
    onRecord: (record) => {
      const key = record.key?.toString("utf8");
      if (key === undefined || record.value === null) return true;
      try {
        entries.set(key, JSON.parse(record.value.toString("utf8")) as LedgerEntry);
      } catch {
        // Not ours: a ledger entry is JSON written by redrive.
      }
      return true;
    },
  });
  return entries;
}

/** The record a dead letter came from: its key, value and headers, without the DLQ's own. */
export function redrivenMessage(dlqTopic: string, rawTopic: string, record: TopicRecord): Message {
  const info = deadLetterInfo(record);
  const headers: IHeaders = {};
  for (const [name, value] of Object.entries(record.rawHeaders)) {
    if (!DEAD_LETTER_HEADERS.has(name) && value !== undefined) headers[name] = value;
  }
  // wire.raw without received-at: the time was the original record's timestamp; keep it, so
  // the story and its archive key come out as they would have the first time.
  if (
    info.originalTopic === rawTopic &&
    record.headers[HEADERS.receivedAt] === undefined &&
    info.originalTimestamp !== undefined &&
    Number.isFinite(Number(info.originalTimestamp))
  ) {
    headers[HEADERS.receivedAt] = new Date(Number(info.originalTimestamp)).toISOString();
  }
  headers[HEADERS.redrivenFrom] = ledgerKey(dlqTopic, record.partition, record.offset);
  return { key: record.key, value: record.value, headers };
}

export interface RedriveOptions {
  kafka: Kafka;
  admin: Admin;
  io: CommandIo;
  dlqTopic: string;
  rawTopic: string;
  selection: Selection;
  dryRun: boolean;
  logger: Logger;
}

/**
 * Redrive, each dead letter at most once. One transactional producer (id
 * `newswire-dlq-redrive:<dlq topic>`) writes the records to their original topics and their
 * ledger entries in the same transactions. Initialising the id first fences any other redrive
 * of this DLQ still running (its open transaction is aborted, it can commit nothing more); the
 * ledger is read only after that, so it holds every redrive that can ever commit.
 */
export async function redrive(options: RedriveOptions): Promise<number> {
  const { kafka, admin, io, dlqTopic, selection } = options;
  const ledgerTopic = ledgerTopicOf(dlqTopic);
  const out = (line: string) => io.stdout.write(`${line}\n`);
  const producer = kafka.producer(
    producerConfig({ transactionalId: `newswire-dlq-redrive:${dlqTopic}` }),
  );
  if (!options.dryRun) await ensureLedger(admin, ledgerTopic);
  await producer.connect();
  try {
    if (!options.dryRun) {
      const fence = await producer.transaction();
      await fence.abort();
    }
    const ledger = await readLedger(kafka, admin, ledgerTopic, { create: false });
    const chosen: TopicRecord[] = [];
    const counts = { redriven: 0, already: 0, refused: 0 };
    await readTopicRange(kafka, admin, dlqTopic, {
      ...(await startOffsets(admin, dlqTopic, selection)),
      onRecord: (record) => {
        if (!selects(selection, record)) return true;
        const at = `${record.partition}:${record.offset}`;
        const info = deadLetterInfo(record);
        const entry = ledger.get(ledgerKey(dlqTopic, record.partition, record.offset));
        if (entry) {
          counts.already += 1;
          out(`already redriven ${at} (${info.code}) at ${entry.redrivenAt} to ${entry.topic}`);
        } else if (info.redrivenFrom !== undefined) {
          counts.refused += 1;
          out(
            `refused ${at} (${info.code}): it failed again after the redrive of ${info.redrivenFrom}; fix it and send it anew`,
          );
        } else if (info.originalTopic === undefined) {
          counts.refused += 1;
          out(`refused ${at}: no original-topic header to send it back to`);
        } else chosen.push(record);
        return true;
      },
    });
    for (let i = 0; i < chosen.length; i += REDRIVE_BATCH) {
      const batch = chosen.slice(i, i + REDRIVE_BATCH);
      if (!options.dryRun) {
        const byTopic = new Map<string, Message[]>();
        const entries: Message[] = [];
        const now = new Date().toISOString();
        for (const record of batch) {
          const info = deadLetterInfo(record);
          const topic = info.originalTopic as string;
          const list = byTopic.get(topic) ?? [];
          list.push(redrivenMessage(dlqTopic, options.rawTopic, record));
          byTopic.set(topic, list);
          const entry: LedgerEntry = { redrivenAt: now, topic, code: info.code };
          entries.push({
            key: ledgerKey(dlqTopic, record.partition, record.offset),
            value: JSON.stringify(entry),
          });
        }
        const transaction = await producer.transaction();
        try {
          await transaction.sendBatch({
            acks: -1,
            topicMessages: [
              ...[...byTopic].map(([topic, messages]) => ({ topic, messages })),
              { topic: ledgerTopic, messages: entries },
            ],
          });
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw new Error(
            `redrive transaction aborted, nothing of it was sent (${counts.redriven} sent before): ${errorMessage(error)}`,
          );
        }
      }
      for (const record of batch) {
        const info = deadLetterInfo(record);
        counts.redriven += 1;
        out(
          `${options.dryRun ? "would redrive" : "redriven"} ${record.partition}:${record.offset} (${info.code}) to ${info.originalTopic}`,
        );
      }
    }
    out(
      `redrive: ${counts.redriven} ${options.dryRun ? "to redrive" : "redriven"}, ${counts.already} already redriven, ${counts.refused} refused`,
    );
    return EXIT.ok;
  } finally {
    await producer.disconnect();
  }
}
