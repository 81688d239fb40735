import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { type Admin, AssignerProtocol } from "kafkajs";
import { kcatRead, perPartition } from "./kcat.js";
import { repoRoot } from "./paths.js";

export interface GroupMemberView {
  memberId: string;
  clientId: string;
  /** The member's partitions of `topic` in the group's current generation. */
  partitions: number[];
}

export interface GroupView {
  state: string;
  members: GroupMemberView[];
}

/** A consumer group as the coordinator sees it (DescribeGroups): its state and who holds what. */
export async function describeGroup(
  admin: Admin,
  groupId: string,
  topic: string,
): Promise<GroupView> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group) return { state: "Unknown", members: [] };
  return {
    state: group.state,
    members: group.members.map((m) => {
      const decoded =
        m.memberAssignment.length > 0
          ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment)
          : null;
      return {
        memberId: m.memberId,
        clientId: m.clientId,
        partitions: [...(decoded?.assignment[topic] ?? [])].sort((a, b) => a - b),
      };
    }),
  };
}

/** True when the group is stable with `members` members and every one of `partitions` assigned. */
export function settled(view: GroupView, members: number, partitions: number): boolean {
  const assigned = new Set(view.members.flatMap((m) => m.partitions));
  return view.state === "Stable" && view.members.length === members && assigned.size === partitions;
}

/** One line for logs: state and each member's partitions. */
export function describeLine(view: GroupView): string {
  return `${view.state} [${view.members.map((m) => `${m.memberId.slice(-8)}:${m.partitions.join(",")}`).join(" ")}]`;
}

/**
 * Kafka's own transactions tool (org.apache.kafka.tools.TransactionsCommand, the class behind
 * kafka-transactions.sh) on the classpath the local stack resolved: `list`, `describe
 * --transactional-id <id>`, `find-hanging --broker-id 1`. For diagnostics: an open transaction
 * holds a partition's last stable offset, and read_committed readers stop there.
 */
export async function kafkaTransactions(
  brokers: readonly string[],
  args: readonly string[],
  libDir = `${repoRoot}.stack/lib`,
): Promise<string> {
  const file = existsSync(libDir)
    ? readdirSync(libDir).find((f) => f.startsWith("kafka-") && f.endsWith(".classpath"))
    : undefined;
  if (file === undefined) return `(no Kafka classpath under ${libDir})`;
  const classpath = readFileSync(`${libDir}/${file}`, "utf8").trim();
  return new Promise((resolve) => {
    execFile(
      "java",
      [
        "-cp",
        classpath,
        "org.apache.kafka.tools.TransactionsCommand",
        "--bootstrap-server",
        brokers.join(","),
        ...args,
      ],
      { encoding: "utf8", timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, out, err) => resolve(error ? `${out}${err}${error.message}` : out),
    );
  });
}

/**
 * For a failure message when read_committed readers miss records: per topic, what kcat reads
 * with read_committed against read_uncommitted, partition by partition (fewer committed records
 * than uncommitted ones on a partition, with nothing in flight, is an open transaction holding
 * its last stable offset), and what Kafka's transactions tool lists and finds hanging.
 */
export async function transactionDiagnostics(
  brokers: readonly string[],
  topics: readonly string[],
  libDir?: string,
): Promise<string> {
  const lines: string[] = [];
  for (const topic of topics) {
    try {
      const [committed, uncommitted] = await Promise.all([
        kcatRead(brokers, topic, "read_committed", 60_000),
        kcatRead(brokers, topic, "read_uncommitted", 60_000),
      ]);
      lines.push(
        `${topic}: read_committed ${JSON.stringify(perPartition(committed))}, read_uncommitted ${JSON.stringify(perPartition(uncommitted))}`,
      );
    } catch (error) {
      lines.push(`${topic}: kcat failed (${String(error).slice(0, 200)})`);
    }
  }
  lines.push(`transactions: ${await kafkaTransactions(brokers, ["list"], libDir)}`);
  lines.push(
    `hanging: ${await kafkaTransactions(brokers, ["find-hanging", "--broker-id", "1"], libDir)}`,
  );
  return lines.join("\n");
}
