import kafkajs, { type Admin, Partitioners, type PartitionMetadata } from "kafkajs";
import { RuntimeError } from "./runtime-error.js";

// Node's ESM loader finds only some of kafkajs' CommonJS exports by name; this one it does not.
const { ConfigResourceTypes } = kafkajs;

/** A topic as the configuration names it: the variable (for the message) and its value. */
export interface NamedTopic {
  variable: string;
  name: string;
}

/**
 * Co-partitioning, the precondition of partition-local state (Kafka Streams checks the same for
 * a join): the input, the state changelog and any output keyed the same way must have the same
 * partition count, so the default partitioner (murmur2 of the key) puts one key in partition p of
 * each, and partition p's state is all a task needs. A changelog must also be compacted, or
 * retention would delete state that is still current. Returns the common partition count;
 * throws TOPICS_INVALID (fatal) naming the variables otherwise.
 */
export async function assertCopartitioned(
  admin: Admin,
  topics: readonly NamedTopic[],
  compacted: readonly NamedTopic[] = [],
): Promise<number> {
  const { topics: metadata } = await admin.fetchTopicMetadata({
    topics: [...new Set(topics.map((t) => t.name))],
  });
  const counts = topics.map((topic) => ({
    ...topic,
    partitions: metadata.find((m) => m.name === topic.name)?.partitions.length ?? 0,
  }));
  const [first] = counts;
  if (!first) throw new RuntimeError("TOPICS_INVALID", "no topics to check for co-partitioning");
  if (counts.some((c) => c.partitions !== first.partitions)) {
    throw new RuntimeError(
      "TOPICS_INVALID",
      `co-partitioned topics must have the same partition count (the state of partition p is kept in partition p of each): ${counts
        .map((c) => `${c.variable} (${c.name}) has ${c.partitions}`)
        .join(", ")}`,
    );
  }
  if (compacted.length > 0) {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: compacted.map((t) => ({
        type: ConfigResourceTypes.TOPIC,
        name: t.name,
        configNames: ["cleanup.policy"],
      })),
    });
    for (const topic of compacted) {
      const policy = resources
        .find((r) => r.resourceName === topic.name)
        ?.configEntries.find((e) => e.configName === "cleanup.policy")?.configValue;
      if (!policy?.split(",").includes("compact")) {
        throw new RuntimeError(
          "TOPICS_INVALID",
          `${topic.variable} (${topic.name}) must be compacted (cleanup.policy=compact), not ${policy ?? "unknown"}: its records are state`,
        );
      }
    }
  }
  return first.partitions;
}

const partitioner = Partitioners.DefaultPartitioner();
const metadataByCount = new Map<number, PartitionMetadata[]>();

/**
 * The partition a producer with the default partitioner sends `key` to among `partitions`: the
 * Java client's murmur2, as kafkajs' DefaultPartitioner (which every newswire producer uses).
 */
export function partitionOfKey(key: string, partitions: number): number {
  let partitionMetadata = metadataByCount.get(partitions);
  if (!partitionMetadata) {
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      replicas: [0],
      isr: [0],
      offlineReplicas: [],
      partitionErrorCode: 0,
    }));
    metadataByCount.set(partitions, partitionMetadata);
  }
  return partitioner({ topic: "", partitionMetadata, message: { key, value: null } });
}
