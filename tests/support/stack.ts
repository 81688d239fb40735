import { execFile } from "node:child_process";
import { freePort } from "./free-port.js";
import { repoRoot } from "./paths.js";

/** Where the tests' Kafka and S3 live; passed from global setup to tests with `inject("stack")`. */
export interface StackConnection {
  /** Which resolution step produced it. */
  readonly source: "env" | "testcontainers" | "local-stack";
  readonly kafkaBrokers: readonly string[];
  readonly s3: S3Connection;
}

export interface S3Connection {
  readonly endpoint: string;
  readonly region: string;
  readonly forcePathStyle: boolean;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface Stack extends StackConnection {
  /** Stops what getStack() started; a no-op for a stack it found running or was given. */
  stop(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

const LOCAL_IDENTITY = "newswire";
const LOCAL_CREDENTIAL = "newswire-local-secret";

/**
 * One way for tests to get a real Kafka broker and S3 server, in this order:
 * 1. `KAFKA_BROKERS` and `S3_ENDPOINT` set: use them (credentials from `AWS_ACCESS_KEY_ID` /
 *    `AWS_SECRET_ACCESS_KEY`, defaulting to the local stack's).
 * 2. A reachable Docker engine: testcontainers (apache/kafka in KRaft mode, MinIO).
 * 3. Otherwise the embedded stack: `bash infra/stack.sh start` (reused if already running; stopped
 *    again at teardown only if this call started it and `STACK_KEEP` is not `1`).
 */
export async function getStack(env: Env = process.env): Promise<Stack> {
  const brokers = env.KAFKA_BROKERS?.trim();
  const endpoint = env.S3_ENDPOINT?.trim();
  if (brokers && endpoint) {
    return {
      source: "env",
      kafkaBrokers: splitBrokers(brokers),
      s3: s3FromEnv(env, endpoint),
      stop: async () => {},
    };
  }
  if (env.STACK_NO_DOCKER !== "1" && (await dockerReachable())) return startContainers(env);
  return startLocalStack(env);
}

/** The shared configuration names (see .env.example) for a connection, for child processes. */
export function stackEnv(conn: StackConnection): Record<string, string> {
  return {
    KAFKA_BROKERS: conn.kafkaBrokers.join(","),
    S3_ENDPOINT: conn.s3.endpoint,
    S3_REGION: conn.s3.region,
    S3_FORCE_PATH_STYLE: String(conn.s3.forcePathStyle),
    AWS_ACCESS_KEY_ID: conn.s3.accessKeyId,
    AWS_SECRET_ACCESS_KEY: conn.s3.secretAccessKey,
  };
}

function splitBrokers(list: string): string[] {
  return list
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

function s3FromEnv(env: Env, endpoint: string): S3Connection {
  return {
    endpoint,
    region: env.S3_REGION ?? "us-east-1",
    forcePathStyle: (env.S3_FORCE_PATH_STYLE ?? "true") !== "false",
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? LOCAL_IDENTITY,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? LOCAL_CREDENTIAL,
  };
}

async function dockerReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function startContainers(env: Env): Promise<Stack> {
  const { GenericContainer, Wait } = await import("testcontainers");
  const { MinioContainer } = await import("@testcontainers/minio");

  // apache/kafka advertises the listener it is told; the host port must be known before start,
  // so bind a free host port explicitly instead of a random mapping.
  const kafkaPort = await freePort();
  const kafkaImage = env.KAFKA_IMAGE ?? "apache/kafka:4.1.1";
  const minioImage = env.MINIO_IMAGE ?? "minio/minio:RELEASE.2025-09-07T16-13-09Z";
  const [kafka, minio] = await Promise.all([
    new GenericContainer(kafkaImage)
      .withExposedPorts({ container: 9092, host: kafkaPort })
      .withEnvironment({
        KAFKA_NODE_ID: "1",
        KAFKA_PROCESS_ROLES: "broker,controller",
        KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
        KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${kafkaPort}`,
        KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        KAFKA_CONTROLLER_QUORUM_VOTERS: "1@localhost:9093",
        KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "1",
        KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS: "10",
        KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "1",
        KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "1",
        KAFKA_TRANSACTION_STATE_LOG_NUM_PARTITIONS: "10",
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR: "1",
        KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR: "1",
        KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
        KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
      })
      .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
      .withStartupTimeout(180_000)
      .start(),
    new MinioContainer(minioImage)
      .withUsername(LOCAL_IDENTITY)
      .withPassword(LOCAL_CREDENTIAL)
      .start(),
  ]);
  return {
    source: "testcontainers",
    kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
    s3: {
      endpoint: minio.getConnectionUrl(),
      region: "us-east-1",
      forcePathStyle: true,
      accessKeyId: minio.getUsername(),
      secretAccessKey: minio.getPassword(),
    },
    stop: async () => {
      await Promise.all([kafka.stop(), minio.stop()]);
    },
  };
}

async function startLocalStack(env: Env): Promise<Stack> {
  const wasRunning = (await stackScript(["status"], env)).ok;
  const started = await stackScript(["start"], env);
  if (!started.ok) {
    throw new Error(`bash infra/stack.sh start failed:\n${started.output}`);
  }
  const host = env.STACK_HOST ?? "127.0.0.1";
  return {
    source: "local-stack",
    kafkaBrokers: [`${host}:${env.KAFKA_PORT ?? "9092"}`],
    s3: {
      endpoint: `http://${host}:${env.S3_PORT ?? "9000"}`,
      region: env.S3_REGION ?? "us-east-1",
      forcePathStyle: true,
      accessKeyId: env.STACK_S3_IDENTITY ?? LOCAL_IDENTITY,
      secretAccessKey: env.STACK_S3_CREDENTIAL ?? LOCAL_CREDENTIAL,
    },
    stop: async () => {
      if (wasRunning || env.STACK_KEEP === "1") return;
      const stopped = await stackScript(["stop"], env);
      if (!stopped.ok) throw new Error(`bash infra/stack.sh stop failed:\n${stopped.output}`);
    },
  };
}

/** Runs `bash infra/stack.sh ARGS` with `env` over the process's own; never throws. */
export function stackScript(
  args: readonly string[],
  env: Env,
  timeoutMs = 600_000,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["infra/stack.sh", ...args],
      { cwd: repoRoot, env: { ...process.env, ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => resolve({ ok: error === null, output: `${stdout}${stderr}` }),
    );
  });
}
