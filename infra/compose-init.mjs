// One-shot init for docker-compose (and any fresh cluster): creates the topics declared in
// infra/topics.json (missing ones only; replication capped at the broker count) and the archive
// bucket. Runs inside the newswire image, so it uses the image's kafkajs and AWS SDK.
//   node infra/compose-init.mjs        (reads the shared configuration names from the env)
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// kafkajs and the AWS SDK are dependencies of the runtime and archive packages; resolve them
// from there so this works in the pruned production image and in a checkout alike.
const requireFrom = (pkg) =>
  createRequire(fileURLToPath(new URL(`../packages/${pkg}/package.json`, import.meta.url)));
const { Kafka, logLevel } = requireFrom("runtime")("kafkajs");
const { S3Client, HeadBucketCommand, CreateBucketCommand } =
  requireFrom("archive")("@aws-sdk/client-s3");

const env = process.env;
const topicsFile = env.TOPICS_FILE ?? fileURLToPath(new URL("./topics.json", import.meta.url));
const { topics } = JSON.parse(readFileSync(topicsFile, "utf8"));
const names = {
  "wire.raw": env.TOPIC_RAW,
  "wire.normalized": env.TOPIC_NORMALIZED,
  "stories.enriched": env.TOPIC_STORIES,
  "wire.dlq": env.TOPIC_DLQ,
  "stories.current": env.TOPIC_CURRENT,
  "stories.current.state": env.TOPIC_CURRENT_STATE,
};

async function retry(label, fn, attempts = 60) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      console.log(`${label}: not ready (${error.message}); retrying`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

const kafka = new Kafka({
  clientId: `${env.KAFKA_CLIENT_ID ?? "newswire"}-init`,
  brokers: (env.KAFKA_BROKERS ?? "127.0.0.1:9092").split(",").map((b) => b.trim()),
  logLevel: logLevel.WARN,
});
const admin = kafka.admin();
await retry("kafka", () => admin.connect());
const { brokers } = await admin.describeCluster();
const existing = new Set(await admin.listTopics());
const wanted = topics.map((t) => ({ ...t, name: names[t.name] ?? t.name }));
const missing = wanted.filter((t) => !existing.has(t.name));
if (missing.length > 0) {
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions,
      replicationFactor: Math.min(t.replicationFactor ?? 1, brokers.length),
      configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({
        name,
        value: String(value),
      })),
    })),
  });
}
console.log(`topics ready: ${wanted.map((t) => t.name).join(", ")} (created ${missing.length})`);
await admin.disconnect();

const bucket = env.S3_BUCKET ?? "newswire-archive";
const s3 = new S3Client({
  endpoint: env.S3_ENDPOINT,
  region: env.S3_REGION ?? "us-east-1",
  forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? "true") === "true",
});
await retry("s3", async () => {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (error?.$metadata?.httpStatusCode !== 404) throw error;
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
});
console.log(`bucket ready: ${bucket}`);
s3.destroy();
