import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { isRejection, processWire, toNinjs, toNinjs3 } from "@newswire/core";
import type { Story } from "@newswire/schemas";
import { type Command, type CommandIo, EXIT } from "../command.js";

/** What `--format` prints: the Story itself, or one of its IPTC ninjs projections. */
const OUTPUTS = {
  story: (story: Story): unknown => story,
  ninjs: toNinjs,
  ninjs3: toNinjs3,
} as const;
type Output = keyof typeof OUTPUTS;
const OUTPUT_NAMES = Object.keys(OUTPUTS) as Output[];

function isOutput(name: string): name is Output {
  return Object.hasOwn(OUTPUTS, name);
}

const USAGE = `usage: newswire process FILE|- [--content-type T] [--received-at ISO] [--feed NAME] [--format ${OUTPUT_NAMES.join("|")}]

Normalizes one piece of wire copy and prints the Story as JSON on stdout; --format ninjs prints
it as IPTC ninjs 2.x, --format ninjs3 as ninjs 3.x.
A rejected input prints {"error":{"code":...,"message":...}} on stderr and exits 1.
`;

async function readAll(stream: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function usageError(io: CommandIo, message: string): number {
  io.stderr.write(`newswire process: ${message}\n\n${USAGE}`);
  return EXIT.usage;
}

export const command: Command = async (argv, io) => {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    return usageError(io, err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(USAGE);
    return EXIT.ok;
  }
  if (positionals.length !== 1) return usageError(io, "expected exactly one FILE (or - for stdin)");
  const format = values.format ?? "story";
  if (!isOutput(format))
    return usageError(io, `--format must be one of ${OUTPUT_NAMES.join(", ")}, not "${format}"`);
  const receivedAt = values["received-at"];
  if (receivedAt !== undefined && Number.isNaN(Date.parse(receivedAt))) {
    return usageError(io, `--received-at must be an ISO 8601 time, not "${receivedAt}"`);
  }

  const source = positionals[0] as string;
  let bytes: Uint8Array;
  try {
    bytes = source === "-" ? await readAll(io.stdin) : await readFile(resolve(io.cwd, source));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "EIO";
    return usageError(io, `cannot read ${source} (${code})`);
  }

  const result = processWire(bytes, {
    contentType: values["content-type"] ?? null,
    feed: values.feed ?? null,
    receivedAt: receivedAt ? new Date(receivedAt).toISOString() : io.now().toISOString(),
  });
  if (isRejection(result)) {
    io.stderr.write(
      `${JSON.stringify({ error: { code: result.code, message: result.message } })}\n`,
    );
    return EXIT.failed;
  }
  io.stdout.write(`${JSON.stringify(OUTPUTS[format](result), null, 2)}\n`);
  return EXIT.ok;
};

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      "content-type": { type: "string" },
      "received-at": { type: "string" },
      feed: { type: "string" },
      format: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}
