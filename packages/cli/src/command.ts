/** Where a command reads and writes; tests pass their own to run commands in-process. */
export interface CommandIo {
  stdin: AsyncIterable<Uint8Array | string>;
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  /** Injected so commands stay testable; defaults to the wall clock. */
  now: () => Date;
  /** Resolves relative paths. */
  cwd: string;
}

/** A subcommand: gets its own argv (after the command name), returns the exit code. */
export type Command = (argv: string[], io: CommandIo) => Promise<number>;

export interface CommandEntry {
  summary: string;
  load: () => Promise<{ command: Command }>;
}

/** Exit codes: 0 ok, 1 input rejected or runtime failure, 2 bad usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
