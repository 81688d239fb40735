import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./load-config.js";

export type { Logger } from "pino";

/** Paths pino blanks wherever they appear in a log line, so secrets never reach a log. */
export const REDACTED_PATHS = [
  "AWS_SECRET_ACCESS_KEY",
  "*.AWS_SECRET_ACCESS_KEY",
  "KAFKA_SASL_PASSWORD",
  "*.KAFKA_SASL_PASSWORD",
  "password",
  "*.password",
  "*.*.password",
  "secretAccessKey",
  "*.secretAccessKey",
  "*.*.secretAccessKey",
  "authorization",
  "*.authorization",
  "*.*.authorization",
  'headers["authorization"]',
  "sasl",
  "*.sasl",
];

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
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
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
