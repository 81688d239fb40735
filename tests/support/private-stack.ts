import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { freePort } from "./free-port.js";
import { repoRoot } from "./paths.js";
import { type StackConnection, stackScript } from "./stack.js";

const IDENTITY = "newswire";
const CREDENTIAL = "newswire-local-secret";

/**
 * A local stack (infra/stack.sh) of its own, on free ports and its own STACK_DIR, for the
 * outage tests (they stop the broker and the S3 server, which must not hit other tests using
 * the shared stack) and for `npm start` on a machine with no stack running. One component is "stopped" by killing the process in its pid file; `start`
 * (idempotent: it reuses whatever still runs) brings exactly that one back.
 */
export class PrivateStack {
  readonly dir = `${repoRoot}.stack/faults-stack`;
  #env: Record<string, string> = {};
  #connection: StackConnection | undefined;

  get connection(): StackConnection {
    if (!this.#connection) throw new Error("private stack not started");
    return this.#connection;
  }

  /**
   * The stack.sh settings of this stack (STACK_DIR, ports, credentials): for a command that
   * starts the stack itself, as `npm start` does when no KAFKA_BROKERS is set.
   */
  get env(): Readonly<Record<string, string>> {
    if (!this.#connection) throw new Error("private stack not prepared");
    return this.#env;
  }

  /** Starts both components on fresh ports and data; `prepare()` alone leaves them stopped. */
  async start(): Promise<void> {
    await this.prepare();
    await this.#script("start");
  }

  /** Picks free ports, clears the data and readies the directory; starts nothing. */
  async prepare(): Promise<void> {
    const [kafkaPort, controllerPort, s3Port] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    // Fresh data each run; the resolved classpaths of the shared stack are reused when present,
    // so Maven does not run again.
    rmSync(`${this.dir}/kafka`, { recursive: true, force: true });
    rmSync(`${this.dir}/s3proxy`, { recursive: true, force: true });
    rmSync(`${this.dir}/run`, { recursive: true, force: true });
    mkdirSync(`${this.dir}/lib`, { recursive: true });
    mkdirSync(`${this.dir}/logs`, { recursive: true });
    const sharedLib = `${repoRoot}.stack/lib`;
    if (existsSync(sharedLib)) {
      for (const file of readdirSync(sharedLib)) {
        if (file.endsWith(".classpath"))
          copyFileSync(`${sharedLib}/${file}`, `${this.dir}/lib/${file}`);
      }
    }
    this.#env = {
      STACK_DIR: this.dir,
      KAFKA_PORT: String(kafkaPort),
      KAFKA_CONTROLLER_PORT: String(controllerPort),
      S3_PORT: String(s3Port),
      STACK_REUSE_FOREIGN: "0",
      STACK_S3_IDENTITY: IDENTITY,
      STACK_S3_CREDENTIAL: CREDENTIAL,
      KAFKA_HEAP_OPTS: "-Xms256m -Xmx768m",
    };
    this.#connection = {
      source: "local-stack",
      kafkaBrokers: [`127.0.0.1:${kafkaPort}`],
      s3: {
        endpoint: `http://127.0.0.1:${s3Port}`,
        region: "us-east-1",
        forcePathStyle: true,
        accessKeyId: IDENTITY,
        secretAccessKey: CREDENTIAL,
      },
    };
  }

  /**
   * Stops one component by its pid file: SIGKILL (a crash) or SIGTERM (a stop, as stack.sh stop
   * does). Returns the pid, to wait for it to be gone.
   */
  kill(component: "kafka" | "s3proxy", signal: NodeJS.Signals = "SIGKILL"): number {
    const pidFile = `${this.dir}/run/${component}.pid`;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    process.kill(pid, signal);
    return pid;
  }

  /** Resolves when the component accepts TCP connections again (its own readiness comes later). */
  async waitListening(component: "kafka" | "s3proxy", timeoutMs = 300_000): Promise<void> {
    const url = new URL(
      component === "kafka"
        ? `tcp://${this.connection.kafkaBrokers[0]}`
        : this.connection.s3.endpoint,
    );
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: url.hostname, port: Number(url.port) });
        socket.once("connect", () => {
          socket.destroy();
          resolve(true);
        });
        socket.once("error", () => resolve(false));
      });
      if (open) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${component} not listening after ${timeoutMs} ms`);
  }

  /** Waits until the killed pid is gone. */
  async waitGone(pid: number, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`pid ${pid} still alive`);
  }

  /** Whether both components run and answer (stack.sh status). */
  async isRunning(): Promise<boolean> {
    return (await stackScript(["status"], this.#env, 60_000)).ok;
  }

  /** Starts whatever is not running (stack.sh start reuses the rest) and waits until ready. */
  async restart(): Promise<void> {
    await this.#script("start");
  }

  async stop(): Promise<void> {
    await this.#script("stop").catch(() => undefined);
    rmSync(`${this.dir}/kafka`, { recursive: true, force: true });
    rmSync(`${this.dir}/s3proxy`, { recursive: true, force: true });
  }

  async #script(command: string): Promise<void> {
    const result = await stackScript([command], this.#env, 300_000);
    if (!result.ok) throw new Error(`stack.sh ${command} failed: ${result.output}`);
  }
}
