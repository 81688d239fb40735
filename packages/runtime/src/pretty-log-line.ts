import { prettyFactory } from "pino-pretty";

/**
 * Formats one JSON log line for a person (used by `newswire up` for its children, whose stdout is
 * a pipe and so carries JSON). A line that is not JSON comes back unchanged.
 */
export function createPrettyLogLine(
  options: { colorize?: boolean } = {},
): (line: string) => string {
  const pretty = prettyFactory({
    colorize: options.colorize ?? false,
    translateTime: "HH:MM:ss.l",
    ignore: "pid,hostname,service",
    singleLine: true,
  });
  return (line) => {
    if (!line.startsWith("{")) return line;
    try {
      return pretty(JSON.parse(line)).trimEnd();
    } catch {
      return line;
    }
  };
}
