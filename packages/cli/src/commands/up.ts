import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createArchive, createS3Client, s3SettingsFromEnv } from "@newswire/archive";
import {
  backoffDelay,
  createKafka,
  createLogger,
  createPrettyLogLine,
  ensureConfiguredTopics,
  envInt,
  kafkaEnvSchema,
  loadConfig,
  s3EnvSchema,
  sleep,
  TOPIC_VARIABLES,
  topicsEnvSchema,
} from "@newswire/runtime";
import { z } from "zod";
import { type Command, type CommandIo, EXIT } from "../command.js";
import type { Env } from "./send.js";

export const UP_USAGE = `newswire up [--keep-stack]

Runs the pipeline: normalizer, enricher and archiver as three child processes with their logs.
GROUP_ID, when set, is a prefix: the services' groups are <GROUP_ID>-<service> (default
newswire-<service>).
Without KAFKA_BROKERS in the environment it first starts the local stack (bash infra/stack.sh
start: Kafka + S3Proxy) and points the services at it. Topics and the bucket are created.
Ctrl-C stops the services cleanly; a local stack that this command started is stopped too,
unless --keep-stack (a stack that was already running is always left running).
Each service serves /metrics, /healthz and /readyz on a port of its own: normalizer 9464,
enricher 9465, archiver 9466, or NORMALIZER_HEALTH_PORT, ENRICHER_HEALTH_PORT,
ARCHIVER_HEALTH_PORT (0 turns a service's server off).
Needs a build first (npm run build); npm start does both.`;

export const SERVICES = ["normalizer", "enricher", "archiver"] as const;

/** Each service's /metrics, /healthz and /readyz port under `up` (Prometheus exporter range). */
export const HEALTH_PORTS = { normalizer: 9464, enricher: 9465, archiver: 9466 } as const;

const portSchema = envInt(0, 65_535);
const configSchema = z.object({
  ...kafkaEnvSchema.shape,
  ...topicsEnvSchema.shape,
  ...s3EnvSchema.shape,
  NORMALIZER_HEALTH_PORT: portSchema.default(HEALTH_PORTS.normalizer),
  ENRICHER_HEALTH_PORT: portSchema.default(HEALTH_PORTS.enricher),
  ARCHIVER_HEALTH_PORT: portSchema.default(HEALTH_PORTS.archiver),
});

/** Whether nothing listens on the port yet (the services bind every interface). */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "0.0.0.0", () => probe.close(() => resolve(true)));
  });
}

/** The repo root: this file sits at packages/cli/{src,dist}/commands/. */
export function repoRoot(): string {
  return fileURLToPath(new URL("../../../../", import.meta.url));
}

function stackEnv(root: string): Record<string, string> {
  const result = spawnSync("bash", ["infra/stack.sh", "env"], { cwd: root, encoding: "utf8" });
  const env: Record<string, string> = {};
  for (const line of result.stdout.split("\n")) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    // `${S3_REGION:-us-east-1}` style defaults: keep the default.
    env[match[1]] = match[2].replace(/^\$\{[A-Z0-9_]+:-(.*)\}$/, "$1");
  }
  return env;
}

const COLORS = ["\x1b[36m", "\x1b[35m", "\x1b[33m"] as const;

export const command: Command = (argv, io) => runUp(argv, io, process.env);

export async function runUp(
  argv: readonly string[],
  io: CommandIo,
  environment: Env,
): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      "keep-stack": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stderr.write(`${UP_USAGE}\n`);
    return EXIT.ok;
  }
  const root = repoRoot();
  const say = (text: string) => io.stderr.write(`[up] ${text}\n`);
  const missing = SERVICES.filter((s) => !existsSync(`${root}services/${s}/dist/main.js`));
  if (missing.length > 0) {
    say(`not built: ${missing.join(", ")}. Run \`npm run build\` first (or \`npm start\`).`);
    return EXIT.failed;
  }

  const env: Record<string, string | undefined> = { ...environment };
  let startedStack = false;
  if (!env.KAFKA_BROKERS) {
    const wasRunning =
      spawnSync("bash", ["infra/stack.sh", "status"], { cwd: root, stdio: "ignore" }).status === 0;
    say(
      wasRunning
        ? "reusing the running local stack"
        : "starting the local stack (Kafka + S3Proxy) ...",
    );
    const started = spawnSync("bash", ["infra/stack.sh", "start"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
    if (started.status !== 0) {
      say("the local stack did not start; see `bash infra/stack.sh logs`");
      return EXIT.failed;
    }
    startedStack = !wasRunning;
    for (const [name, value] of Object.entries(stackEnv(root))) env[name] ??= value;
  }

  const config = loadConfig(configSchema, env);
  const ports: Record<(typeof SERVICES)[number], number> = {
    normalizer: config.NORMALIZER_HEALTH_PORT,
    enricher: config.ENRICHER_HEALTH_PORT,
    archiver: config.ARCHIVER_HEALTH_PORT,
  };
  for (const service of SERVICES) {
    const port = ports[service];
    if (port !== 0 && !(await portFree(port))) {
      say(
        `port ${port} (the ${service}'s /metrics) is in use: stop what holds it, or set ${service.toUpperCase()}_HEALTH_PORT`,
      );
      if (startedStack)
        spawnSync("bash", ["infra/stack.sh", "stop"], { cwd: root, stdio: "ignore" });
      return EXIT.failed;
    }
  }
  const logger = createLogger({ service: "up", level: "warn", destination: io.stderr });
  const kafka = createKafka(config, logger, `${config.KAFKA_CLIENT_ID}-up`);
  await ensureConfiguredTopics(kafka, config, logger, TOPIC_VARIABLES);
  const client = createS3Client(s3SettingsFromEnv(config));
  await createArchive({ client, bucket: config.S3_BUCKET }).ensureBucket({ retry: true });
  client.destroy();
  say(
    `topics ${TOPIC_VARIABLES.map((v) => config[v]).join(", ")} and bucket ${config.S3_BUCKET} ready`,
  );

  const colorize = (io.stdout as { isTTY?: boolean }).isTTY === true;
  const pretty = createPrettyLogLine({ colorize });
  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const stopped = new AbortController();

  const groupPrefix = env.GROUP_ID ?? "newswire";
  const quickExits = new Map<string, number>();
  const launch = (service: (typeof SERVICES)[number], index: number) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [`${root}services/${service}/dist/main.js`], {
      cwd: root,
      // JSON lines for the pretty printer. One GROUP_ID for all three would put the normalizer
      // and the archiver, both readers of wire.raw, in one consumer group, and each would get
      // only part of its partitions: under `up` it is a prefix, the service name is added.
      env: {
        ...env,
        NO_PRETTY: "1",
        GROUP_ID: `${groupPrefix}-${service}`,
        HEALTH_PORT: String(ports[service]),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.set(service, child);
    const prefix = colorize
      ? `${COLORS[index]}${service.padEnd(10)}\x1b[0m| `
      : `${service.padEnd(10)}| `;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on("line", (line) =>
        io.stdout.write(`${prefix}${pretty(line)}\n`),
      );
    }
    child.once("exit", (code, signal) => {
      children.delete(service);
      if (stopping) return;
      // A service that keeps dying at start (bad config, no broker) is retried ever more slowly.
      const quick = Date.now() - startedAt < 30_000 ? (quickExits.get(service) ?? 0) + 1 : 0;
      quickExits.set(service, quick);
      const delayMs = backoffDelay(quick + 1, { initialMs: 1_000, maxMs: 30_000, jitter: 0 });
      say(
        `${service} exited (${signal ?? `code ${code}`}); restarting in ${Math.round(delayMs / 1000)} s`,
      );
      void sleep(delayMs, stopped.signal).then(() => {
        if (!stopping) launch(service, index);
      });
    });
  };
  SERVICES.forEach(launch);
  const addresses = SERVICES.filter((s) => ports[s] !== 0).map(
    (s) => `${s} http://127.0.0.1:${ports[s]}/metrics`,
  );
  say(
    addresses.length > 0
      ? `metrics (with /healthz and /readyz beside them): ${addresses.join(", ")}`
      : "metrics: off (every *_HEALTH_PORT is 0)",
  );
  say(
    "pipeline running: `npx newswire send examples/wire/01-webdesk-xi-putin.txt`, `npx newswire tail`. Ctrl-C stops.",
  );

  // Not `once`: under `npm start` one Ctrl-C arrives twice (from the terminal, and forwarded by
  // npm), and a second signal with no listener left would kill `up` before its services stop.
  // Every SIGINT/SIGTERM is the same request to stop; the stop itself is bounded below.
  await new Promise<void>((resolve) => {
    process.on("SIGINT", () => resolve());
    process.on("SIGTERM", () => resolve());
  });
  stopping = true;
  stopped.abort();
  say("stopping services ...");
  const exits = [...children.values()].map(
    (child) => new Promise<void>((resolve) => child.once("exit", () => resolve())),
  );
  for (const child of children.values()) child.kill("SIGTERM");
  const deadline = new AbortController();
  const timedOut = await Promise.race([
    Promise.all(exits).then(() => false),
    sleep(15_000, deadline.signal).then(() => !deadline.signal.aborted),
  ]);
  deadline.abort();
  if (timedOut) {
    say("services did not stop within 15 s; killing them");
    for (const child of children.values()) child.kill("SIGKILL");
  }
  if (startedStack && !values["keep-stack"]) {
    say("stopping the local stack this command started (keep it with --keep-stack)");
    spawnSync("bash", ["infra/stack.sh", "stop"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  return timedOut ? EXIT.failed : EXIT.ok;
}
