import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./load-config.js";

export type { Logger } from "pino";

/**
 * Field names whose values never reach a log, at any depth and in any case (`sasl` blanks the
 * whole SASL block). Checked on the finished line (redactSecrets), not by pino's path redaction:
 * wildcard paths cost about 23 µs per line, five times the line itself, and a per-record line
 * paid it for every story.
 */
export const REDACTED_KEYS = [
  "AWS_SECRET_ACCESS_KEY",
  "KAFKA_SASL_PASSWORD",
  "password",
  "secretAccessKey",
  "authorization",
  "sasl",
] as const;

const CENSOR = "[redacted]";
const SECRET_NAMES = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
/** A member named like a secret, as JSON writes one; a name inside a string has its quotes escaped. */
const SECRET_MEMBER = new RegExp(`"(?:${REDACTED_KEYS.join("|")})"\\s*:`, "i");

/**
 * One finished JSON log line with every secret-named member's value replaced. A line without
 * such a name (nearly every line) is returned as it is after one regex test.
 */
export function redactSecrets(line: string): string {
  if (!SECRET_MEMBER.test(line)) return line;
  const end = line.endsWith("\n") ? "\n" : "";
  try {
    const censored: unknown = JSON.parse(line, (key, value: unknown) =>
      SECRET_NAMES.has(key.toLowerCase()) ? CENSOR : value,
    );
    return `${JSON.stringify(censored)}${end}`;
  } catch {
    // Not JSON (it always is from pino): withhold the line rather than guess where values end.
    return `${JSON.stringify({ level: "error", msg: "log line withheld: it named a secret field and was not JSON" })}${end}`;
  }
}

export interface LoggerOptions {
  service: string;
  /** INSTANCE_ID: which replica of the service wrote the line. */
  instance?: string;
  level?: LogLevel;
  /** Where lines go; default stdout (pretty when stdout is a terminal). Tests pass a stream. */
  destination?: DestinationStream;
  pretty?: boolean;
}

/** One JSON line per event; pino-pretty only when a person is watching a terminal. */
export function createLogger(options: LoggerOptions): Logger {
  const base = {
    level: options.level ?? "info",
    base: {
      service: options.service,
      ...(options.instance === undefined ? {} : { instance: options.instance }),
    },
    timestamp: pino.stdTimeFunctions.isoTime,
    hooks: { streamWrite: redactSecrets },
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (options.destination) return pino(base, options.destination);
  const pretty = options.pretty ?? (process.stdout.isTTY === true && process.env.NO_PRETTY !== "1");
  if (pretty) {
    return pino({
      ...base,
      formatters: {},
      transport: {
        target: "pino-pretty",
        options: { colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname" },
      },
    });
  }
  return pino(base);
}
