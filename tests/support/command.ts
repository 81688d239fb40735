import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { repoRoot } from "./paths.js";

export interface CommandExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface OutputLine {
  at: number;
  stream: "stdout" | "stderr";
  line: string;
}

/** A command a user types (`npx newswire ...`, `npm start`), run from the repo root. */
export interface CommandRun {
  readonly child: ChildProcess;
  readonly lines: readonly OutputLine[];
  readonly exit: Promise<CommandExit>;
  stdout(): string;
  stderr(): string;
  /** The first output line matching `pattern`, waiting up to `timeoutMs` for it. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<OutputLine>;
}

export interface CommandOptions {
  /** The whole environment of the command (not merged with the test's). */
  env: Readonly<Record<string, string | undefined>>;
  /** Its own process group (pgid = pid), as a shell's foreground job: Ctrl-C reaches all of it. */
  detached?: boolean;
}

export function runCommand(
  command: string,
  args: readonly string[],
  options: CommandOptions,
): CommandRun {
  const child = spawn(command, [...args], {
    cwd: repoRoot,
    env: options.env,
    detached: options.detached ?? false,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks = { stdout: "", stderr: "" };
  const pending = { stdout: "", stderr: "" };
  const lines: OutputLine[] = [];
  const waiters = new Set<(line: OutputLine) => void>();
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream].on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      chunks[stream] += text;
      const parts = (pending[stream] + text).split("\n");
      pending[stream] = parts.pop() ?? "";
      for (const line of parts) {
        const entry = { at: Date.now(), stream, line };
        lines.push(entry);
        for (const waiter of waiters) waiter(entry);
      }
    });
  }
  const exit = new Promise<CommandExit>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const commandLine = [command, ...args].join(" ");
  return {
    child,
    lines,
    exit,
    stdout: () => chunks.stdout,
    stderr: () => chunks.stderr,
    waitForLine(pattern, timeoutMs) {
      const found = lines.find((l) => pattern.test(l.line));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(
            new Error(
              `\`${commandLine}\` printed no line matching ${pattern} in ${timeoutMs} ms; output:\n${chunks.stdout}${chunks.stderr}`,
            ),
          );
        }, timeoutMs);
        const waiter = (line: OutputLine) => {
          if (!pattern.test(line.line)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(line);
        };
        waiters.add(waiter);
        void exit.then(() => {
          if (!waiters.has(waiter)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          reject(
            new Error(`\`${commandLine}\` exited before printing ${pattern}:\n${chunks.stderr}`),
          );
        });
      });
    },
  };
}

/** `npx --no-install newswire ARGS`: the README's command, resolved from this repo only. */
export function runNewswire(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): CommandRun {
  return runCommand("npx", ["--no-install", "newswire", ...args], {
    env: { ...process.env, ...env },
  });
}

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  state: string;
  /** Start time in clock ticks since boot: with the pid, names one process even after pid reuse. */
  startTime: string;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: split after its end.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      pid,
      state: fields[0] ?? "?",
      ppid: Number(fields[1]),
      pgrp: Number(fields[2]),
      startTime: fields[19] ?? "",
    };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcStat[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => readStat(Number(name)) ?? []);
}

/** A process as seen now (pid and start time), to ask later whether it is still there. */
export type ProcessIdentity = Pick<ProcStat, "pid" | "startTime">;

/** Every living descendant of `pid` (children, their children ...), from /proc. */
export function descendants(pid: number): ProcessIdentity[] {
  const all = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of all) {
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(p);
    else children.set(p.ppid, [p]);
  }
  const out: ProcessIdentity[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.shift() as number;
    for (const child of children.get(parent) ?? []) {
      out.push({ pid: child.pid, startTime: child.startTime });
      queue.push(child.pid);
    }
  }
  return out;
}

/** Living (not zombie) processes whose process group is `pgid`. */
export function processGroup(pgid: number): ProcessIdentity[] {
  return allProcesses()
    .filter((p) => p.pgrp === pgid && p.state !== "Z")
    .map((p) => ({ pid: p.pid, startTime: p.startTime }));
}

/** Whether that very process (not a later one with its pid) still runs; a zombie does not. */
export function stillRunning(process: ProcessIdentity): boolean {
  const stat = readStat(process.pid);
  return stat !== undefined && stat.startTime === process.startTime && stat.state !== "Z";
}
