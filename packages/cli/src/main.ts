import { type CommandEntry, type CommandIo, EXIT } from "./command.js";

// One line per command; modules load lazily so `process` never pulls in Kafka clients.
const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  process: {
    summary: "normalize one wire file (or - for stdin) and print the Story JSON",
    load: () => import("./commands/process.js"),
  },
  send: { summary: "publish wire files to wire.raw", load: () => import("./commands/send.js") },
  replay: {
    summary: "re-send archived originals from S3 to wire.raw (prefix, dates, feed)",
    load: () => import("./commands/replay.js"),
  },
  dlq: {
    summary: "list, show and redrive dead letters (wire.dlq)",
    load: () => import("./commands/dlq.js"),
  },
  tail: {
    summary: "print stories from stories.enriched",
    load: () => import("./commands/tail.js"),
  },
  up: {
    summary: "run the pipeline (local stack when KAFKA_BROKERS is unset)",
    load: () => import("./commands/up.js"),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, entry]) => `  ${name.padEnd(10)} ${entry.summary}`,
  );
  return `usage: newswire <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun newswire <command> --help for a command's options.\n`;
}

export function defaultIo(): CommandIo {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    now: () => new Date(),
    cwd: process.cwd(),
  };
}

/** Dispatches `argv` (without node and script) to a subcommand; resolves to the exit code. */
export async function run(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    io.stderr.write(`newswire: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  const { command } = await entry.load();
  return command(rest, io);
}
