import { z } from "zod";
import { envInt } from "./load-config.js";

/** A configured feed and how long it may stay quiet before the feed-quiet alert fires. */
export interface FeedWindow {
  name: string;
  quietWindowSeconds: number;
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
const DURATION = /^(\d{1,6})(s|m|h|d)$/;
const FEED_NAME = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

/** `90s`, `15m`, `2h`, `1d` in seconds, or undefined. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  return seconds > 0 ? seconds : undefined;
}

/**
 * `FEEDS=reuters:15m,afp:30m,webdesk:2h`: the feeds (`wire-source` values) the normalizer
 * watches, each with the longest silence that is normal for it. Their names are always metric
 * labels; their windows are exported as newswire_feed_quiet_window_seconds, which the
 * NewswireFeedQuiet rule compares with the time since the feed was last seen.
 */
export const feedsSchema = z
  .string()
  .max(8_192, "must be at most 8192 characters")
  .transform((value, context) => {
    const feeds: FeedWindow[] = [];
    const seen = new Set<string>();
    const entries = value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    entries.forEach((entry, index) => {
      const colon = entry.lastIndexOf(":");
      const name = colon > 0 ? entry.slice(0, colon) : "";
      const seconds = colon > 0 ? parseDuration(entry.slice(colon + 1)) : undefined;
      if (!FEED_NAME.test(name) || seconds === undefined) {
        context.addIssue({
          code: "custom",
          message: `entry ${index + 1} is not <feed>:<window> (a feed name of letters, digits, ".", "_", ":" or "-", a window such as 90s, 15m, 2h or 1d)`,
        });
        return;
      }
      if (seen.has(name)) {
        context.addIssue({ code: "custom", message: `feed ${name} is listed twice` });
        return;
      }
      seen.add(name);
      feeds.push({ name, quietWindowSeconds: seconds });
    });
    return feeds;
  });

/** The normalizer's feed settings (README, Configuration). */
export const feedsEnvSchema = z.object({
  FEEDS: feedsSchema.default([]),
  /** Distinct feeds outside FEEDS kept as metric labels before the rest count as `other`. */
  FEED_LABEL_LIMIT: envInt(0, 1_000).default(20),
});
export type FeedsEnv = z.output<typeof feedsEnvSchema>;
