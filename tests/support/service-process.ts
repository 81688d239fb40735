import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort } from "./free-port.js";
import { repoRoot } from "./paths.js";

export const SERVICES = ["normalizer", "enricher", "archiver"] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Children still running when the harness process exits are killed with it. */
const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of live) child.kill("SIGKILL");
});

let built = false;

/**
 * Brings every package's dist/ up to date (tsc -b is incremental), so the processes run the
 * current sources, as production runs them. flock keeps test files that start at once from
 * writing the same dist/ together; a process builds once.
 */
export function buildServices(): void {
  if (built) return;
  execFileSync(
    "flock",
    [
      join(tmpdir(), "newswire-build.lock"),
      process.execPath,
      `${repoRoot}node_modules/typescript/bin/tsc`,
      "-b",
    ],
    { cwd: repoRoot, stdio: "inherit" },
  );
  built = true;
}

/** The built entry point of a service. */
export function serviceEntry(service: ServiceName): string {
  const entry = `${repoRoot}services/${service}/dist/main.js`;
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`npm run build\` first`);
  }
  return entry;
}

export interface ExitRecord {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when the harness asked for it (kill -9, SIGTERM); false is a crash. */
  requested: boolean;
  at: number;
}

export interface ServiceProcessOptions {
  service: ServiceName;
  env: Readonly<Record<string, string>>;
  /** stdout and stderr of every start are appended here. */
  logFile: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: readonly string[];
}

/**
 * One service as its own OS process (`node services/<s>/dist/main.js`), configured by env only
 * (nothing of the test's own environment leaks in but PATH and HOME), its logs appended to a
 * file by the child itself (so they survive kill -9 and a busy parent). Readiness is the
 * service's own /readyz on a port of its own. Every exit is recorded; an exit the harness did
 * not ask for is a crash.
 */
export class ServiceProcess {
  readonly service: ServiceName;
  readonly logFile: string;
  readonly exits: ExitRecord[] = [];
  starts = 0;
  #env: Record<string, string>;
  #nodeArgs: readonly string[];
  #child: ChildProcess | undefined;
  #exited: Promise<ExitRecord> | undefined;
  #expectExit = false;
  #healthPort = 0;

  constructor(options: ServiceProcessOptions) {
    this.service = options.service;
    this.logFile = options.logFile;
    this.#env = { ...options.env };
    this.#nodeArgs = options.nodeArgs ?? [];
  }

  /** INSTANCE_ID of this replica ("0" unless the pipeline added replicas). */
  get instanceId(): string {
    return this.#env.INSTANCE_ID ?? "0";
  }

  /** Changes its environment for the next start (a fix deployed: a setting changed). */
  setEnv(overrides: Readonly<Record<string, string>>): void {
    this.#env = { ...this.#env, ...overrides };
  }

  /** Where its /metrics, /healthz and /readyz answer (once started). */
  get healthUrl(): string {
    return `http://127.0.0.1:${this.#healthPort}`;
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get running(): boolean {
    return (
      this.#child !== undefined && this.#child.exitCode === null && this.#child.signalCode === null
    );
  }

  /** Exits nobody asked for. */
  get crashes(): ExitRecord[] {
    return this.exits.filter((e) => !e.requested);
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.service} is already running`);
    if (this.#healthPort === 0) this.#healthPort = await freePort();
    mkdirSync(dirname(this.logFile), { recursive: true });
    const fd = openSync(this.logFile, "a");
    const child = spawn(process.execPath, [...this.#nodeArgs, serviceEntry(this.service)], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? "/tmp",
        NO_PRETTY: "1",
        HEALTH_PORT: String(this.#healthPort),
        ...this.#env,
      },
      stdio: ["ignore", fd, fd],
    });
    closeSync(fd);
    live.add(child);
    this.starts += 1;
    this.#expectExit = false;
    this.#child = child;
    this.#exited = new Promise<ExitRecord>((resolve) => {
      child.once("exit", (code, signal) => {
        live.delete(child);
        const record = { code, signal, requested: this.#expectExit, at: Date.now() };
        this.exits.push(record);
        resolve(record);
      });
    });
  }

  /** Polls /readyz (the consumer joined its group) until it answers 200. */
  async waitReady(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(`${this.service} exited before it was ready; see ${this.logFile}`);
      }
      try {
        const response = await fetch(`http://127.0.0.1:${this.#healthPort}/readyz`, {
          signal: AbortSignal.timeout(1_000),
        });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.service} not ready after ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** kill -9: no shutdown hook runs, the transaction in flight is left to the broker. */
  async kill9(): Promise<ExitRecord> {
    return this.#signal("SIGKILL", 10_000);
  }

  /**
   * SIGTERM and wait; the service has SHUTDOWN_TIMEOUT_MS to stop. Past `timeoutMs` it is
   * killed, and the record says so (signal SIGKILL).
   */
  async terminate(timeoutMs = 20_000): Promise<ExitRecord> {
    return this.#signal("SIGTERM", timeoutMs);
  }

  /** SIGSTOP / SIGCONT: a paused process keeps its sockets but answers nothing (a zombie). */
  pause(): void {
    this.#child?.kill("SIGSTOP");
  }

  resume(): void {
    this.#child?.kill("SIGCONT");
  }

  async restart(): Promise<void> {
    if (this.running) await this.kill9();
    await this.start();
  }

  /** Peak resident set of the running process (VmHWM), in MB; undefined when not running. */
  peakRssMb(): number | undefined {
    const pid = this.pid;
    if (pid === undefined || !this.running) return undefined;
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      return match?.[1] === undefined ? undefined : Number(match[1]) / 1024;
    } catch {
      return undefined;
    }
  }

  /** The captured log so far, every start. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, "utf8") : "";
  }

  /** The JSON log lines (every start) whose `msg` is `msg`. */
  logged(msg: string): Record<string, unknown>[] {
    return this.log()
      .split("\n")
      .flatMap((line) => {
        if (!line.startsWith("{")) return [];
        try {
          const parsed = JSON.parse(line) as Record<string, unknown>;
          return parsed.msg === msg ? [parsed] : [];
        } catch {
          return [];
        }
      });
  }

  /** Waits for an exit the process makes on its own (a config error, say); undefined on timeout. */
  async waitExit(timeoutMs: number): Promise<ExitRecord | undefined> {
    const exited = this.#exited;
    if (!exited) throw new Error(`${this.service} was never started`);
    return raceTimeout(exited, timeoutMs);
  }

  async #signal(signal: NodeJS.Signals, timeoutMs: number): Promise<ExitRecord> {
    const child = this.#child;
    const exited = this.#exited;
    if (!child || !exited) throw new Error(`${this.service} was never started`);
    if (!this.running) return exited;
    this.#expectExit = true;
    child.kill(signal);
    const outcome = await raceTimeout(exited, timeoutMs);
    if (outcome === undefined) {
      child.kill("SIGKILL");
      return exited;
    }
    return outcome;
  }
}

/** `promise`, or undefined once `timeoutMs` passed first. */
export async function raceTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
